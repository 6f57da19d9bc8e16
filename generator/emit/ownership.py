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
from pathlib import PurePosixPath
from typing import Any

from ..diagnostics import SpecError


def default_areas(package: str) -> tuple[str, ...]:
    """The extension areas every SDK has: ``<package>/lib/``, ``examples/`` and ``tests/lib/``."""
    return (package.replace(".", "/") + "/lib/", "examples/", "tests/lib/")


def in_areas(name: str, areas: Iterable[str]) -> bool:
    """Whether the output path ``name`` lies in one of ``areas`` (a folder ends with ``/``)."""
    return any(name.startswith(area) if area.endswith("/") else name == area for area in areas)


def parse_output_paths(value: Any, key: str) -> tuple[str, ...]:
    """``[tool.generator] <key>``: a list of paths relative to the output folder.

    A folder is written with a trailing ``/``; a path may not leave the output folder.
    """
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(item, str) and item for item in value):
        raise SpecError.at(f"{key} must be a list of paths relative to the output folder")
    paths = []
    for item in value:
        path = PurePosixPath(item)
        if path.is_absolute() or ".." in path.parts or "\\" in item:
            raise SpecError.at(f"{key}: {item!r} must be a path inside the output folder, written with /")
        paths.append(path.as_posix() + ("/" if item.endswith("/") else ""))
    return tuple(paths)
