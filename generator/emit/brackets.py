"""Bracketed code printed the way black keeps it: on one line when it fits, else one item
per line with a trailing comma.

The views and templates know which brackets they print (a signature, a call, an import
list), so the line breaks are decided there, with black's simplest rule. The exploded
form ends with a trailing comma, which black treats as "magic": it keeps one item per
line, so black leaves the output as printed. An item that is itself a :class:`Group` is
laid out by the same rule at the next indentation; a plain string item that is still too
long (a long string literal) is left as it is, as black leaves it.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

LINE_LENGTH = 100
"""The generated code's line length (black's ``line-length`` in the SDK's pyproject)."""

INDENT = 4


@dataclass(frozen=True)
class Group:
    """``opening`` (the text up to and including an opening bracket), ``items`` separated by
    commas, and ``closing`` (the closing bracket)."""

    opening: str
    items: tuple[Code, ...]
    closing: str
    optional: bool = False
    """The brackets are printed only when the items are one per line (an import's parentheses)."""
    one_tuple: bool = False
    """A tuple display: a single item keeps its comma on one line too (``(item,)``)."""

    def flat(self) -> str:
        """The group on one line."""
        items = ", ".join(flat(item) for item in self.items)
        if self.one_tuple and len(self.items) == 1:
            items += ","
        if self.optional:
            return f"{self.opening[:-1]}{items}{self.closing[1:]}"
        return f"{self.opening}{items}{self.closing}"


@dataclass(frozen=True)
class Chain:
    """Operands joined by a binary operator (``"/v1/items/" + path_segment(id)``), as an item
    inside brackets: on one line when it fits, else one operand per line, each after the
    first led by the operator (black splits at the operator inside brackets)."""

    operator: str
    operands: tuple[str, ...]

    def flat(self) -> str:
        return f" {self.operator} ".join(self.operands)


Code = str | Group | Chain
"""Python source: an atom (text without brackets, never broken), a bracketed :class:`Group`,
or a :class:`Chain`."""


def flat(code: Code) -> str:
    """``code`` on one line."""
    return code if isinstance(code, str) else code.flat()


def str_width(text: str) -> int:
    """Display width as black measures it (East Asian wide characters count twice)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def fits(text: str, indent: int) -> bool:
    """Whether ``text`` (one line) fits in the line length at ``indent`` spaces."""
    return indent + str_width(text) <= LINE_LENGTH


def lay_out(code: Code, indent: int, before: str = "", after: str = "", *, target: str = "") -> str:
    """``target``, ``before``, ``code`` and ``after`` as lines at ``indent`` spaces, the first line
    not indented (the template writes its indentation): one line when it fits, else ``code``'s
    items one per line with a trailing comma, each laid out by the same rule.

    ``target`` is what precedes a right-hand side (``result = ``, ``return ``): when even the line
    that opens the bracket is too long, black puts the right-hand side in parentheses of its own.
    """
    one_line = f"{target}{before}{flat(code)}{after}"
    if fits(one_line, indent):
        return one_line
    inner = indent + INDENT
    if isinstance(code, str) or (isinstance(code, Group) and not code.items):
        atom = before + flat(code)  # nothing to break inside
        if target and fits(atom, inner):  # black's parentheses around a right-hand side
            return f"{target}(\n{' ' * inner}{atom}\n{' ' * indent}){after}"
        return one_line
    if isinstance(code, Chain):
        first, *rest = code.operands
        led = "".join(f"\n{' ' * indent}{code.operator} {operand}" for operand in rest)
        return f"{target}{before}{first}{led}{after}"
    opening = f"{before}{code.opening}"
    if target and not fits(target + opening, indent) and fits(opening, inner):
        return f"{target}(\n{' ' * inner}{lay_out(code, inner, before)}\n{' ' * indent}){after}"
    items = "".join(f"\n{' ' * inner}{lay_out(item, inner, after=',')}" for item in code.items)
    return f"{target}{before}{code.opening}{items}\n{' ' * indent}{code.closing}{after}"


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """``from module import names`` at ``indent`` spaces (the first line not indented)."""
    return lay_out(Group(f"from {module} import (", tuple(names), ")", optional=True), indent)


def prefixed(prefix: str, code: Code) -> Code:
    """``code`` preceded by ``prefix`` (a keyword ``name=`` or a dict key ``"key": ``)."""
    if isinstance(code, str):
        return prefix + code
    if isinstance(code, Chain):
        return Chain(code.operator, (prefix + code.operands[0], *code.operands[1:]))
    return Group(prefix + code.opening, code.items, code.closing, code.optional, code.one_tuple)


def annotated(name: str, members: tuple[str, ...], default: str, indent: int) -> str:
    """``name: A | B = default`` (no ``= ...`` when ``default`` is empty) at ``indent`` spaces, as
    black prints an annotated assignment: on one line when it fits; else the default value in
    parentheses of its own when the line that opens them fits; else the union in parentheses,
    on one line there when it fits, else one member per line, each after the first led by ``|``."""
    union = " | ".join(members)
    assignment = f" = {default}" if default else ""
    if fits(f"{name}: {union}{assignment}", indent):
        return f"{name}: {union}{assignment}"
    inner = " " * (indent + INDENT)
    if default and fits(f"{name}: {union} = (", indent):
        return f"{name}: {union} = (\n{inner}{default}\n{' ' * indent})"
    if len(members) < 2:
        return f"{name}: {union}{assignment}"
    body = union if fits(union, indent + INDENT) else f"\n{inner}| ".join(members)
    return f"{name}: (\n{inner}{body}\n{' ' * indent}){assignment}"
