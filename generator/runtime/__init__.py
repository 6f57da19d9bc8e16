"""The generated SDK's fixed modules, as plain Python source.

Each SDK gets an unchanged copy of the modules in :data:`COPIED` (see :func:`runtime_files`);
what depends on the spec or the configuration comes from the small modules the generator
writes beside them (``_constants.py``, ``_version.py``, ``errors.py``). This package holds
stand-ins for those, so that the runtime is linted, type-checked with ``--strict`` and
unit-tested as source (``tests/runtime/``). Nothing here imports ``httpx``: the generator
reads the copied files as text.
"""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

__all__ = [
    "COPIED",
    "RUNTIME_DIR",
    "STAND_INS",
    "exported_classes",
    "exports",
    "public_names",
    "runtime_files",
]

RUNTIME_DIR = Path(__file__).parent
STAND_INS = ("_constants.py", "_version.py")
"""Modules the generator writes for each SDK: the copies here only let the runtime run as source."""
_ALL = re.compile(r"^__all__ = (\[.*?\])$", re.MULTILINE | re.DOTALL)
_CLASS = re.compile(r"^class (\w+)\b", re.MULTILINE)
COPIED = tuple(
    sorted(
        path.name
        for path in RUNTIME_DIR.glob("_*.py")
        if path.name != "__init__.py" and path.name not in STAND_INS
    )
)
"""The modules copied into every SDK's package, byte for byte."""


@functools.cache
def runtime_files() -> tuple[tuple[str, str], ...]:
    """(file name, text) of every copied module."""
    return tuple((name, (RUNTIME_DIR / name).read_text(encoding="utf-8")) for name in COPIED)


@functools.cache
def exports(module: str) -> tuple[str, ...]:
    """The ``__all__`` of the copied module ``module`` (``_exceptions.py``), in its order.

    Read from the text (a literal list of strings, as black prints it): parsing the whole
    runtime would cost a cold run tens of milliseconds.
    """
    found = _ALL.search((RUNTIME_DIR / module).read_text(encoding="utf-8"))
    return tuple(ast.literal_eval(found.group(1))) if found else ()


@functools.cache
def exported_classes(module: str) -> tuple[str, ...]:
    """The classes among :func:`exports` of ``module``, sorted (``errors.py`` re-exports the
    exception classes of ``_exceptions.py``)."""
    classes = set(_CLASS.findall((RUNTIME_DIR / module).read_text(encoding="utf-8")))
    return tuple(sorted(name for name in exports(module) if name in classes))


@functools.cache
def public_names() -> frozenset[str]:
    """Every name in the ``__all__`` of a copied module: what generated code imports from the
    runtime, so no generated class may take one of them."""
    return frozenset(name for module in COPIED for name in exports(module))
