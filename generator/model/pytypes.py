"""What Python names an intermediate-model type needs: the classes it mentions, and whether
it needs ``Any`` or ``Literal``.

How a type is spelled (annotations, literals) is the output's business:
:mod:`generator.emit.spelling`.
"""

from __future__ import annotations

from collections.abc import Iterator

from .ir import (
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


def class_references(t: TypeRef) -> Iterator[ModelType | EnumType]:
    """The model and enum classes ``t`` mentions (discriminator targets included)."""
    if isinstance(t, (ModelType, EnumType)):
        yield t
    elif isinstance(t, ListType):
        yield from class_references(t.items)
    elif isinstance(t, MapType):
        yield from class_references(t.values)
    elif isinstance(t, UnionType):
        for variant in t.variants:
            yield from class_references(variant)
        if t.discriminator is not None:
            yield from (ModelType(name) for _, name in t.discriminator.mapping)
    elif isinstance(t, NullableType):
        yield from class_references(t.inner)


def referenced_names(t: TypeRef) -> Iterator[str]:
    """Model and enum class names ``t`` mentions."""
    return (reference.name for reference in class_references(t))


def _parts(t: TypeRef) -> Iterator[TypeRef]:
    """``t`` and every type inside it."""
    yield t
    if isinstance(t, ListType):
        yield from _parts(t.items)
    elif isinstance(t, MapType):
        yield from _parts(t.values)
    elif isinstance(t, UnionType):
        for variant in t.variants:
            yield from _parts(variant)
    elif isinstance(t, NullableType):
        yield from _parts(t.inner)


def uses_any(t: TypeRef) -> bool:
    """Whether the annotation of ``t`` names ``Any``."""
    return any(isinstance(part, ScalarType) and part.kind == "any" for part in _parts(t))


def uses_literal(t: TypeRef) -> bool:
    """Whether the annotation of ``t`` names ``Literal`` (a constant other than ``null``)."""
    return any(isinstance(part, LiteralType) and part.value is not None for part in _parts(t))


def uses_binary(t: TypeRef) -> bool:
    """Whether the annotation of ``t`` names ``FileContent`` (binary content)."""
    return any(isinstance(part, ScalarType) and part.kind == "binary" for part in _parts(t))


def annotated_names(t: TypeRef) -> Iterator[str]:
    """The model and enum class names the annotation of ``t`` spells (not a discriminator's
    targets, which only its codec names)."""
    return (part.name for part in _parts(t) if isinstance(part, (ModelType, EnumType)))
