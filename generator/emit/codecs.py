"""Codec expressions: how the SDK reads JSON into a type, as bracketed code the caller lays out.

Models and enums are referenced through ``lambda: Name``, resolved on first use, so models
may refer to each other in cycles and a module is imported only when a value of its type
is read. ``spell`` gives how a class is named where the codec is written (a model module
reaches other modules' classes as ``models.Name``).
"""

from __future__ import annotations

from collections.abc import Callable

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
from .brackets import Code, Group
from .spelling import python_literal

_SCALAR_CODECS = {
    "string": "codec.STRING",
    "integer": "codec.INTEGER",
    "number": "codec.NUMBER",
    "boolean": "codec.BOOLEAN",
    "any": "codec.ANY",
    "null": "codec.NULL",
    "binary": "codec.STRING",
}


_VALUE_CODECS = {"date-time": "codec.DATE_TIME", "date": "codec.DATE", "uuid": "codec.UUID"}


def codec(t: TypeRef, spell: Callable[[str], str] = str) -> Code:
    """A codec expression reading JSON into ``t``."""
    if isinstance(t, ScalarType):
        if t.kind == "string" and t.format in _VALUE_CODECS:
            return _VALUE_CODECS[t.format]
        return _SCALAR_CODECS[t.kind]
    if isinstance(t, ListType):
        return Group("codec.list_of(", (codec(t.items, spell),), ")")
    if isinstance(t, MapType):
        return Group("codec.map_of(", (codec(t.values, spell),), ")")
    if isinstance(t, ModelType):
        return Group("codec.model(", (f"lambda: {spell(t.name)}",), ")")
    if isinstance(t, EnumType):
        return Group("codec.enum(", (f"lambda: {spell(t.name)}",), ")")
    if isinstance(t, LiteralType):
        return Group("codec.literal(", (python_literal(t.value),), ")")
    if isinstance(t, UnionType):
        if t.discriminator is not None:
            targets = tuple(
                f"{python_literal(value)}: lambda: {spell(name)}" for value, name in t.discriminator.mapping
            )
            mapping = Group("{", targets, "}")
            return Group("codec.discriminated(", (python_literal(t.discriminator.property), mapping), ")")
        return Group("codec.union(", tuple(codec(v, spell) for v in t.variants), ")")
    if isinstance(t, NullableType):
        return Group("codec.nullable(", (codec(t.inner, spell),), ")")
    raise TypeError(f"unknown type {t!r}")
