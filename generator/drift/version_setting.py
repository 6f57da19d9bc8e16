"""Writing the SDK's version into ``[tool.generator] version`` of ``pyproject.toml``, as a minimal edit.

``update`` releases: the version it chose lives where ``generate`` reads it. The file is
the maintainers' own, so only the one value changes: comments, order and formatting
stay. An existing ``version = "..."`` line in the ``[tool.generator]`` table keeps its
key spelling and trailing comment; without one, a line is added after the table's last
setting. The result is read back with :mod:`tomllib` and must equal the old document
with only that value changed, else nothing is written and the message says what to do.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from ..diagnostics import SpecError, SpecLocation

_TABLE = re.compile(r"^\s*\[\s*tool\s*\.\s*generator\s*\]\s*(#.*)?$")
_HEADER = re.compile(r"^\s*\[")
_VERSION = re.compile(
    r"""^(?P<key>\s*(?:version|"version"|'version')\s*=\s*)(?P<value>"[^"\\\n]*"|'[^'\n]*')(?P<rest>\s*(?:#.*)?)$"""
)
_CONTENT = re.compile(r"^\s*[^\s#]")
"""A line that is neither blank nor a comment: a setting, or the end of a multi-line one."""


def with_version(text: str, version: str, where: Path) -> str:
    """``text`` (a pyproject.toml) with ``[tool.generator] version`` set to ``version``."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _TABLE.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise _cannot(where, version, "it has no [tool.generator] table header")
    end = next((i for i in range(start + 1, len(lines)) if _HEADER.match(lines[i])), len(lines))
    value = json.dumps(version)
    for index in range(start + 1, end):
        body = lines[index].rstrip("\r\n")
        match = _VERSION.match(body)
        if match is not None:
            newline = lines[index][len(body) :]
            lines[index] = f"{match['key']}{value}{match['rest']}{newline}"
            break
    else:
        last = max((i for i in range(start, end) if _CONTENT.match(lines[i])), default=start)
        newline = "\r\n" if lines[last].endswith("\r\n") else "\n"
        if not lines[last].endswith("\n"):
            lines[last] += newline
        lines.insert(last + 1, f"version = {value}{newline}")
    edited = "".join(lines)
    expected = _with_version(_parse(text, where), version)
    try:
        matches = tomllib.loads(edited) == expected
    except tomllib.TOMLDecodeError:
        matches = False
    if not matches:
        raise _cannot(where, version, "its [tool.generator] version could not be changed as a single line")
    return edited


def _parse(text: str, where: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError.at(f"invalid TOML: {exc}", SpecLocation(str(where))) from None


def _with_version(document: dict[str, Any], version: str) -> dict[str, Any]:
    tool = dict(document.get("tool", {}))
    tool["generator"] = {**tool.get("generator", {}), "version": version}
    return {**document, "tool": tool}


def _cannot(where: Path, version: str, why: str) -> SpecError:
    return SpecError.at(
        f"cannot write the SDK's version into {where.name}: {why}; set version = {json.dumps(version)} "
        "in [tool.generator] by hand, then run update again",
        SpecLocation(str(where), "/tool/generator/version"),
    )
