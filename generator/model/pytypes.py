"""How intermediate-model types are spelled in Python: annotations, literals, imports.

These are pure functions of the intermediate model, used by the renderer to fill
templates; they decide nothing about the API, only about Python syntax.
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

_SCALAR_ANNOTATIONS = {
    "string": "str",
    "integer": "int",
    "number": "float",
    "boolean": "bool",
    "any": "Any",
    "null": "None",
    "binary": "FileContent",
}


def annotation(t: TypeRef) -> str:
    """The annotation for values of ``t``; enums also accept their plain values."""
    return " | ".join(annotation_members(t))


def annotation_members(t: TypeRef) -> tuple[str, ...]:
    """The members of the union that annotates ``t``, at its top level (one for a type that is
    no union): the layout breaks a long annotation between them."""
    if isinstance(t, ScalarType):
        return (_SCALAR_ANNOTATIONS[t.kind],)
    if isinstance(t, ListType):
        return (f"list[{annotation(t.items)}]",)
    if isinstance(t, MapType):
        return (f"dict[str, {annotation(t.values)}]",)
    if isinstance(t, ModelType):
        return (t.name,)
    if isinstance(t, EnumType):
        return (t.name, *_ENUM_VALUES[t.value_kind])
    if isinstance(t, LiteralType):
        return ("None",) if t.value is None else (f"Literal[{python_literal(t.value)}]",)
    if isinstance(t, UnionType):
        return _dedupe(annotation_members(v) for v in t.variants)
    if isinstance(t, NullableType):
        inner = annotation_members(t.inner)
        return inner if inner in (("Any",), ("None",)) else (*inner, "None")
    raise TypeError(f"unknown type {t!r}")


# An enum field also accepts the plain value (and keeps values the SDK does not know yet).
_ENUM_VALUES = {
    "string": ("str",),
    "integer": ("int",),
    "number": ("float",),
    "mixed": ("str", "int", "float", "bool"),
}


def _dedupe(groups: Iterator[tuple[str, ...]]) -> tuple[str, ...]:
    seen: list[str] = []
    for group in groups:
        seen += [member for member in group if member not in seen]
    return tuple(seen)


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


def uses_any(t: TypeRef) -> bool:
    return "Any" in annotation(t).replace("[", " ").replace("]", " ").replace(",", " ").split()


def uses_literal(t: TypeRef) -> bool:
    return "Literal[" in annotation(t)


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
