"""How a reference page lays out the things it documents: fields, parameters, responses.

Each is an :class:`Entry`: one short line of facts (name, type, required or default, where
it is sent) with its description under it, as Stripe's reference lays out a field. The
template macro ``docs/_entries.md.j2`` renders them as a list, so a description is never a
table column pushed off the side of a 980 px page, and one field's long type or name wraps
in its own line instead of widening a column for every row.

Example blocks are kept to lines that fit the same column: in JSON, strings too long for a
line are shortened with ``…`` (:func:`json_block`); in Python, where a value must stay whole,
they are split into adjacent literals that Python joins (:func:`fit_long_strings`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from ..model.ir import Field, JsonValue, Parameter
from .text import code_span

EXAMPLE_LINE_WIDTH = 100
"""The longest line of an example block: what a code block in GitHub's 980 px column shows
without scrolling (its monospace font is about 8 px a character)."""


@dataclass(frozen=True)
class Entry:
    """One documented field, parameter or response (every part already Markdown)."""

    name: str
    facts: tuple[str, ...]
    """Type, required or default, where it is sent: short phrases shown after the name."""
    description: str = ""
    """The spec's description as Markdown blocks (empty when it says nothing)."""


def requirement(f: Field | Parameter) -> str:
    """``required``, ``optional`` or ``optional, default `x```: one short fact."""
    if f.required:
        return "required"
    if f.has_default:
        return f"optional, default {code_span(json.dumps(f.default, ensure_ascii=False, sort_keys=True))}"
    return "optional"


_WHERE = {"path": "in the path", "query": "in the query", "header": "a header", "cookie": "a cookie"}


def location(p: Parameter) -> str:
    """Where a parameter is sent, with its name on the wire where that differs (``a header `X-Key```)."""
    where = _WHERE[p.location]
    return where if p.name == p.wire_name else f"{where} {code_span(p.wire_name)}"


def json_block(value: JsonValue) -> tuple[str, bool]:
    """``value`` as a fenced JSON block whose lines fit the page, and whether a string was shortened.

    The fence is longer than any backtick run inside, so no string can close it.
    """
    shortened = [False]
    text = "\n".join(_json_lines(value, 0, "", "", shortened))
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}json\n{text}\n{fence}", shortened[0]


def _json_lines(value: JsonValue, depth: int, key: str, comma: str, shortened: list[bool]) -> list[str]:
    """``json.dumps(value, indent=2)``'s lines for one member, its strings cut to the line width."""
    pad = "  " * depth
    if isinstance(value, dict) and value:
        items = list(value.items())
        inner = [
            line
            for i, (k, v) in enumerate(items)
            for line in _json_lines(
                v, depth + 1, _dumps(k) + ": ", "," if i < len(items) - 1 else "", shortened
            )
        ]
        return [f"{pad}{key}{{", *inner, f"{pad}}}{comma}"]
    if isinstance(value, list) and value:
        inner = [
            line
            for i, v in enumerate(value)
            for line in _json_lines(v, depth + 1, "", "," if i < len(value) - 1 else "", shortened)
        ]
        return [f"{pad}{key}[", *inner, f"{pad}]{comma}"]
    text = _dumps(value)
    room = EXAMPLE_LINE_WIDTH - len(pad) - len(key) - len(comma)
    if isinstance(value, str) and len(text) > room:
        kept = max(room - 3, 8)  # the quotes and "…"
        while kept > 8 and len(_dumps(value[:kept] + "…")) > room:
            kept -= 1
        text = _dumps(value[:kept] + "…")
        shortened[0] = True
    return [f"{pad}{key}{text}{comma}"]


def _dumps(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False)


_STRING_ARGUMENT = re.compile(
    r'^(?P<indent> *)(?P<name>[A-Za-z_][A-Za-z0-9_]*=)?(?P<text>"(?:[^"\\]|\\.)*")(?P<comma>,?)$'
)
_STRING_UNIT = re.compile(r"\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}|.)|[^\\]")
_BREAK_AFTER = frozenset(" ,;/&?=")


def fit_long_strings(code: str) -> str:
    """``code`` with each string argument too long for a line split into adjacent literals in
    brackets, one a line (black keeps them so), preferably after a space or a comma."""
    out: list[str] = []
    for line in code.splitlines():
        match = _STRING_ARGUMENT.match(line)
        if len(line) <= EXAMPLE_LINE_WIDTH or match is None:
            out.append(line)
            continue
        indent, name, comma = match["indent"], match["name"] or "", match["comma"]
        room = EXAMPLE_LINE_WIDTH - len(indent) - 4 - 2  # the inner indent and the quotes
        out.append(f"{indent}{name}(")
        out += [f'{indent}    "{piece}"' for piece in _pieces(match["text"][1:-1], room)]
        out.append(f"{indent}){comma}")
    return "\n".join(out)


def _pieces(body: str, room: int) -> list[str]:
    """The inside of a string literal cut into runs of at most ``room`` characters, never
    inside an escape, each ending after a space or punctuation where one is near."""
    pieces: list[str] = []
    current: list[str] = []
    for unit in _STRING_UNIT.findall(body):
        if current and sum(map(len, current)) + len(unit) > room:
            cut = max((i + 1 for i, u in enumerate(current) if u in _BREAK_AFTER), default=0)
            cut = cut if cut > len(current) // 2 else len(current)
            pieces.append("".join(current[:cut]))
            current = current[cut:]
        current.append(unit)
    pieces.append("".join(current))
    return pieces
