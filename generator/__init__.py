"""An OpenAPI 3.0/3.1 → typed Python SDK generator.

The pipeline runs one way: :mod:`~generator.source` (load) → :mod:`~generator.validate`
→ :mod:`~generator.refs` (resolve) → :mod:`~generator.build` (intermediate model,
:mod:`~generator.ir`) → :mod:`~generator.render` (Jinja templates) →
:mod:`~generator.formatting` (black) → :mod:`~generator.writer` (atomic write).
"""

__version__ = "0.1.0"
