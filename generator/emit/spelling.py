"""How intermediate-model types and JSON values are spelled in Python: annotations (as
:class:`~generator.emit.brackets.Hint` data, so that a long one is broken where its brackets
are known) and literals.

Pure functions of the intermediate model; they decide nothing about the API, only Python syntax.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model.ir import (
    EnumType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    ScalarType,
    TypeRef,
    UnionType,
)
from .brackets import Hint, Subscript

_SCALAR_ANNOTATIONS = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "Any",
    "null": "None",
    "binary": "FileContent",
}

VALUE_TYPES = {"date-time": "datetime.datetime", "date": "datetime.date", "uuid": "uuid.UUID"}
"""The Python class of a string of each ``format`` the SDK reads into a value (see the runtime's
``codec.DATE_TIME``): qualified by module, so that no field name can shadow it."""


VALUE_MODULES = frozenset(name.split(".")[0] for name in VALUE_TYPES.values())
"""The standard modules of the value classes (example code imports them, not from ``models``)."""


def value_type(t: ScalarType) -> str | None:
    """The class a string of ``t`` is read into (``None``: it stays a ``str``)."""
    return VALUE_TYPES.get(t.format or "") if t.kind == "string" else None


def value_modules(hints: Iterable[Hint]) -> tuple[str, ...]:
    """The standard modules (``datetime``, ``uuid``) the value classes in ``hints`` need, sorted."""
    spelled = set().union(*(h.names() for h in hints))
    return tuple(sorted({name.split(".")[0] for name in VALUE_TYPES.values() if name in spelled}))


# An enum field also accepts the plain value (and keeps values the SDK does not know yet).
_ENUM_VALUES = {
    "string": ("str",),
    "integer": ("int",),
    "number": ("float",),
    "mixed": ("str", "int", "float", "bool"),
}

NONE = Hint(("None",))
ANY = Hint(("Any",))


def hint(t: TypeRef, *, text: bool = False) -> Hint:
    """The annotation for values of ``t``; enums also accept their plain values.

    A ``date-time``, ``date`` or ``uuid`` string is its value class (``datetime.datetime`` ...);
    with ``text`` (a parameter, sent as text anyway) its string is accepted too.
    """
    if isinstance(t, ScalarType):
        value = value_type(t)
        if value is not None:
            return Hint((value, "str")) if text else Hint((value,))
        return Hint((_SCALAR_ANNOTATIONS[t.kind],))
    if isinstance(t, ListType):
        return Hint((Subscript("list", (hint(t.items, text=text),)),))
    if isinstance(t, MapType):
        return Hint((Subscript("dict", (Hint(("str",)), hint(t.values, text=text))),))
    if isinstance(t, ModelType):
        return Hint((t.name,))
    if isinstance(t, EnumType):
        return Hint((t.name, *_ENUM_VALUES[t.value_kind]))
    if isinstance(t, LiteralType):
        return NONE if t.value is None else Hint((Subscript("Literal", (Hint((python_literal(t.value),)),)),))
    if isinstance(t, UnionType):
        return _union(hint(v, text=text) for v in t.variants)
    if isinstance(t, NullableType):
        inner = hint(t.inner, text=text)
        return inner if inner in (ANY, NONE) else Hint((*inner.members, "None"))
    raise TypeError(f"unknown type {t!r}")


def _union(hints: Iterable[Hint]) -> Hint:
    """The members of ``hints`` in order, each once (no reordering: a union keeps the spec's order)."""
    return Hint(tuple(dict.fromkeys(member for h in hints for member in h.members)))


def annotation(t: TypeRef) -> str:
    """The annotation for values of ``t``, on one line."""
    return hint(t).flat()


def qualified(h: Hint, shadowed: frozenset[str]) -> Hint:
    """``h`` with the builtin types in ``shadowed`` spelled ``builtins.list`` (a method named
    ``list`` shadows the builtin inside its class body)."""
    if not shadowed:
        return h

    def member(m: str | Subscript) -> str | Subscript:
        if isinstance(m, str):
            return f"builtins.{m}" if m in shadowed else m
        head = f"builtins.{m.head}" if m.head in shadowed else m.head
        return Subscript(head, tuple(qualified(arg, shadowed) for arg in m.args))

    return Hint(tuple(member(m) for m in h.members))


def python_literal(value: object) -> str:
    """A Python literal for a JSON value (arrays and objects included).

    Strings are escaped by ``repr`` (so any text is safe) and then written with double
    quotes where that needs no extra escapes: the form black would choose itself, at
    every depth (``repr`` of a list would quote its strings with single quotes).
    """
    if isinstance(value, list):
        return "[" + ", ".join(python_literal(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{python_literal(k)}: {python_literal(v)}" for k, v in value.items()) + "}"
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return f"float({str(value)!r})"
    text = repr(value)
    if isinstance(value, str) and text.startswith("'") and '"' not in value:
        return '"' + text[1:-1] + '"'  # no quote of either kind inside needs escaping
    return text
