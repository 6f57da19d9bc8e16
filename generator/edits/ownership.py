"""Which parts of the output belong to the maintainers rather than the generator.

* Extension areas: ``<package>/lib/``, ``examples/`` and ``tests/lib/`` (the tests of ``lib/``,
  which the SDK's pytest collects), plus the paths of ``[tool.generator] hand-written``. The
  generator never writes or removes anything there and ``check`` does not report what they hold.
  ``lib/`` is inside the package, so the wheel ships it and mypy and the SDK's tests see it.
* Kept files: ``[tool.generator] keep`` names generated files the generator must not overwrite
  (nor remove); every run says how the new output differs from them.
"""

from __future__ import annotations

from collections.abc import Iterable


def default_areas(package: str) -> tuple[str, ...]:
    """The extension areas every SDK has: ``<package>/lib/``, ``examples/`` and ``tests/lib/``."""
    return (package.replace(".", "/") + "/lib/", "examples/", "tests/lib/")


def in_areas(name: str, areas: Iterable[str]) -> bool:
    """Whether the output path ``name`` lies in one of ``areas`` (a folder ends with ``/``)."""
    return any(name.startswith(area) if area.endswith("/") else name == area for area in areas)
