"""An OpenAPI 3.0/3.1 → typed Python SDK generator.

The pipeline runs one way: :mod:`~generator.spec.source` (load) → :mod:`~generator.spec.validate`
→ :mod:`~generator.spec.refs` (resolve) → :mod:`~generator.model.build` (intermediate model,
:mod:`~generator.model.ir`) → :mod:`~generator.emit.render` (Jinja templates, and the
copied :mod:`~generator.runtime`; the views break long lines where they know the brackets,
:mod:`~generator.emit.brackets`) → :mod:`~generator.emit.writer` (atomic write).
"""

__version__ = "0.1.0"
