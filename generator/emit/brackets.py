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
    comma: bool = True
    """Exploded items end with a comma (not a call's sole generator argument, ``all(x for x in y)``)."""

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
        # Black's parentheses around a right-hand side: kept even when the atom is still too
        # long inside them, unless it is a single token (a name, a number or a string).
        if target and (fits(atom, inner) or not _single_token(atom)):
            return f"{target}(\n{' ' * inner}{atom}\n{' ' * indent}){after}"
        return one_line
    if isinstance(code, Chain):
        first, *rest = code.operands
        led = "".join(f"\n{' ' * indent}{code.operator} {operand}" for operand in rest)
        return f"{target}{before}{first}{led}{after}"
    opening = f"{before}{code.opening}"
    if target and not fits(target + opening, indent) and fits(opening, inner):
        return f"{target}(\n{' ' * inner}{lay_out(code, inner, before)}\n{' ' * indent}){after}"
    comma = "," if code.comma else ""
    items = "".join(f"\n{' ' * inner}{lay_out(item, inner, after=comma)}" for item in code.items)
    return f"{target}{before}{code.opening}{items}\n{' ' * indent}{code.closing}{after}"


def _single_token(atom: str) -> bool:
    """Whether ``atom`` is one name, number or string literal (black cannot split it)."""
    body = atom.lstrip("bBfFrRuU")
    if body[:1] in ("'", '"'):
        quote = body[:3] if body[:3] in ('"""', "'''") else body[:1]
        return body.endswith(quote) and quote not in body[len(quote) : -len(quote)]
    return atom.replace("_", "a").isalnum()


def import_from(module: str, names: list[str], indent: int = 0) -> str:
    """``from module import names`` at ``indent`` spaces (the first line not indented)."""
    return lay_out(Group(f"from {module} import (", tuple(names), ")", optional=True), indent)


def prefixed(prefix: str, code: Code) -> Code:
    """``code`` preceded by ``prefix`` (a keyword ``name=`` or a dict key ``"key": ``)."""
    if isinstance(code, str):
        return prefix + code
    if isinstance(code, Chain):
        return Chain(code.operator, (prefix + code.operands[0], *code.operands[1:]))
    return Group(prefix + code.opening, code.items, code.closing, code.optional, code.one_tuple, code.comma)


def annotated(name: str, hint: Hint, default: str, indent: int) -> str:
    """``name: A | B = default`` (no ``= ...`` when ``default`` is empty) at ``indent`` spaces, as
    black prints an annotated assignment: on one line when it fits; else the default value in
    parentheses of its own when the line that opens them fits; else a lone name in parentheses
    when it fits there; else the annotation broken by :func:`hint_line`'s rule."""
    assignment = f" = {default}" if default else ""
    one_line = f"{name}: {hint.flat()}{assignment}"
    if fits(one_line, indent):
        return one_line
    inner = " " * (indent + INDENT)
    if default and fits(f"{name}: {hint.flat()} = (", indent):
        return f"{name}: {hint.flat()} = (\n{inner}{default}\n{' ' * indent})"
    member, *others = hint.members
    if not others and isinstance(member, str) and fits(member, indent + INDENT):
        # A statement's annotation has black's optional parentheses, kept for a lone name.
        return f"{name}: (\n{inner}{member}\n{' ' * indent}){assignment}"
    return hint_line(f"{name}: ", hint, assignment, indent)


@dataclass(frozen=True)
class Subscript:
    """A subscripted type, ``head[args]`` (``list[X]``, ``dict[str, X]``, ``Literal["a"]``)."""

    head: str
    args: tuple[Hint, ...]

    def flat(self) -> str:
        return f"{self.head}[{', '.join(arg.flat() for arg in self.args)}]"

    def collect_names(self, found: set[str]) -> None:
        """Add the names it spells to ``found`` (see :meth:`Hint.names`)."""
        found.add(self.head)
        for arg in self.args:
            arg.collect_names(found)


@dataclass(frozen=True)
class Hint:
    """A type annotation: the members of its union (one for a type that is no union), each a
    name or a :class:`Subscript`."""

    members: tuple[str | Subscript, ...]

    def flat(self) -> str:
        return " | ".join(member if isinstance(member, str) else member.flat() for member in self.members)

    def __str__(self) -> str:
        return self.flat()

    def names(self) -> set[str]:
        """Every name it spells (class names, ``list``, ``Literal`` ...), at any depth, literals too."""
        found: set[str] = set()
        self.collect_names(found)
        return found

    def collect_names(self, found: set[str]) -> None:
        """Add :meth:`names` to ``found`` (one set for the whole hint: a ``Literal`` of hundreds
        of values is common in real specs)."""
        for member in self.members:
            if isinstance(member, Subscript):
                member.collect_names(found)
            else:
                found.add(member)

    def __or__(self, other: Hint) -> Hint:
        """The union of both, each member once, ``None`` last (``Any`` absorbs the rest)."""
        members = list(dict.fromkeys((*self.members, *other.members)))
        if "Any" in members:
            return Hint(("Any",))
        return Hint(tuple(sorted(members, key=lambda member: member == "None")))


def hint_line(before: str, hint: Hint, after: str, indent: int) -> str:
    """``before``, ``hint`` and ``after`` as lines at ``indent`` spaces (the first not indented): a
    parameter (``name: `` ... `` = None,``), an annotated name, or a return (``) -> `` ... ``:``).

    Black's rule for an annotation: on one line when it fits; else a union in parentheses of its
    own, one line inside when it fits, else one member per line led by ``|``; a single member
    breaks inside its brackets. A name too long for any line stays as it is.
    """
    one_line = f"{before}{hint.flat()}{after}"
    if fits(one_line, indent):
        return one_line
    if len(hint.members) > 1:
        inner = indent + INDENT
        return f"{before}(\n{' ' * inner}{_hint_body(hint, inner)}\n{' ' * indent}){after}"
    return _member(hint.members[0], indent, before, after)


def _hint_body(hint: Hint, indent: int, after: str = "") -> str:
    """``hint`` as the whole content of brackets: one line, else one member per line."""
    if len(hint.members) == 1:
        return _member(hint.members[0], indent, "", after)
    if fits(hint.flat() + after, indent):
        return hint.flat() + after
    last = len(hint.members) - 1
    return f"\n{' ' * indent}".join(
        _member(member, indent, "| " if index else "", after if index == last else "")
        for index, member in enumerate(hint.members)
    )


def _member(member: str | Subscript, indent: int, before: str, after: str) -> str:
    if isinstance(member, str):
        return f"{before}{member}{after}"
    one_line = f"{before}{member.flat()}{after}"
    if fits(one_line, indent):
        return one_line
    inner = indent + INDENT
    if len(member.args) == 1:
        body = _hint_body(member.args[0], inner)
    elif fits(", ".join(arg.flat() for arg in member.args), inner):
        body = ", ".join(arg.flat() for arg in member.args)
    else:
        body = f"\n{' ' * inner}".join(_hint_body(arg, inner, ",") for arg in member.args)
    return f"{before}{member.head}[\n{' ' * inner}{body}\n{' ' * indent}]{after}"


def def_line(opening: str, parameters: tuple[Code, ...], returns: Hint, indent: int, after: str = ":") -> str:
    """``def name(parameters) -> returns:`` at ``indent`` spaces (``opening`` is ``def name(``):
    one line when it fits, else one parameter per line with a trailing comma and the return
    annotation broken by :func:`hint_line`'s rule (black splits a ``def`` at its parameters first)."""
    one_line = f"{opening}{', '.join(flat(p) for p in parameters)}) -> {returns.flat()}{after}"
    if fits(one_line, indent):
        return one_line
    inner = indent + INDENT
    items = "".join(f"\n{' ' * inner}{lay_out(p, inner, after=',')}" for p in parameters)
    return f"{opening}{items}\n{' ' * indent}{hint_line(') -> ', returns, after, indent)}"
