"""Formatting generated Python with black, in process, with results cached by content.

Black is the slowest step for big APIs, and it gives the same output for the same
input, so formatted files are cached under the hash of (source, black version, mode).
"""

from __future__ import annotations

from importlib.metadata import version

import black
from black import InvalidInput, TargetVersion  # type: ignore[attr-defined]

from .cache import Cache, digest

MODE = black.Mode(target_versions={TargetVersion.PY310}, line_length=100)
_MODE_KEY = f"{version('black')}|{MODE.line_length}|py310"


class FormattingError(Exception):
    """The generator produced Python that black cannot parse: a generator bug."""


def format_python(files: dict[str, str], cache: Cache) -> dict[str, str]:
    """``files`` with every ``.py`` file formatted (other files are returned unchanged)."""
    result: dict[str, str] = {}
    for path, text in files.items():
        if not path.endswith(".py"):
            result[path] = text
            continue
        key = digest(text, _MODE_KEY)
        cached = cache.get("black", key)
        if cached is None:
            try:
                cached = black.format_str(text, mode=MODE)
            except InvalidInput as exc:
                raise FormattingError(f"{path}: generated code does not parse: {exc}") from exc
            cache.put("black", key, cached)
        result[path] = cached
    return result
