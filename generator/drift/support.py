"""Shared pieces of the ``diff`` comparison: where things are, notes, and type predicates."""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from ..diagnostics import SpecLocation
from ..model.ir import (
    Enum,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    Model,
    ModelType,
    NullableType,
    ScalarType,
    TypeRef,
)
from ..model.pytypes import class_references
from .result import Side

Direction = Literal["request", "response"]
PairKey = tuple[str, str, str, Direction]
"""("model" or "enum", old class name, new class name, direction)."""
Owner = str | PairKey
"""Who reached a change: an operation label, or a model/enum pair."""


@dataclass(frozen=True)
class Raw:
    """A change before it is attributed to the operations that reach it."""

    rule: str
    message: str
    side: Side
    location: SpecLocation


@dataclass(frozen=True)
class Where:
    """The thing being compared: how to name it, and where it is on each side.

    The places are only spelled out when a change is reported: most things compared
    have not changed, and escaping pointer tokens for all of them costs time on big specs.
    """

    subject: str
    old_base: SpecLocation
    new_base: SpecLocation
    tokens: tuple[str, ...] = ()

    @property
    def old(self) -> SpecLocation:
        return self.old_base.child(*self.tokens)

    @property
    def new(self) -> SpecLocation:
        return self.new_base.child(*self.tokens)

    def child(self, subject: str, *tokens: str) -> Where:
        return Where(subject, self.old_base, self.new_base, self.tokens + tokens)


@dataclass
class Notes:
    """Differences that are not changes (descriptions, order, version): counted, then summarized."""

    descriptions: dict[str, set[str]] = field(default_factory=dict)
    reorders: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    undeprecated: dict[str, set[str]] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)

    def description(self, category: str, key: str, old: str | None, new: str | None) -> None:
        """Count ``key`` (of a plural ``category``: "properties") when its text changed."""
        if (old or "").strip() != (new or "").strip():
            self.descriptions.setdefault(category, set()).add(key)

    def deprecation(self, category: str, key: str, old: bool, new: bool) -> None:
        """Count ``key`` when it is no longer deprecated (becoming deprecated is a change)."""
        if old and not new:
            self.undeprecated.setdefault(category, set()).add(key)

    def reorder(self, what: str, within: str, key: str, old: Iterable[object], new: Iterable[object]) -> None:
        """Count ``key`` when the ``what`` both sides share come in another order (``within``: plural)."""
        old_list, new_list = list(old), list(new)
        common = set(old_list) & set(new_list)
        if [x for x in old_list if x in common] != [x for x in new_list if x in common]:
            self.reorders.setdefault((what, within), set()).add(key)

    def sentences(self) -> tuple[str, ...]:
        found = [f"descriptions changed on {_count(len(keys), c)}" for c, keys in self.descriptions.items()]
        found += [f"deprecation withdrawn on {_count(len(keys), c)}" for c, keys in self.undeprecated.items()]
        found += self.order_sentences()
        return tuple(sorted(found)) + tuple(self.other)

    def order_sentences(self) -> tuple[str, ...]:
        """The sentences about reordering alone (a subset of :meth:`sentences`)."""
        return tuple(
            f"{what} reordered" + (f" in {_count(len(keys), within)}" if within else "")
            for (what, within), keys in self.reorders.items()
        )


_SINGULAR = {
    "properties": "property",
    "request bodies": "request body",
    "classes": "class",
    "statuses": "status",
}


def _count(number: int, category: str) -> str:
    """``3 fields``, ``1 property``: categories are plural nouns."""
    if number == 1:
        return f"1 {_SINGULAR.get(category) or category.removesuffix('s')}"
    return f"{number} {category}"


K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def take_pairs(
    removed: dict[K, T], added: dict[K, T], name: Callable[[T], Hashable | None]
) -> list[tuple[T, T]]:
    """(old, new) things that left and came under one ``name``, taken out of ``removed`` and ``added``.

    The spec side of ``diff`` matches parameters and properties by their wire name; what
    is left unmatched on both sides but has the same Python name is one thing renamed on
    the wire, not one removed and one added (code using the SDK still finds it). A name
    held by more than one thing on a side pairs nothing (which became which is a guess);
    ``None`` pairs nothing either. Pairs come in ``removed``'s order.
    """
    old_names: dict[Hashable, list[K]] = {}
    new_names: dict[Hashable, list[K]] = {}
    for keys, things in ((old_names, removed), (new_names, added)):
        for key, thing in things.items():
            found = name(thing)
            if found is not None:
                keys.setdefault(found, []).append(key)
    return [
        (removed.pop(old_keys[0]), added.pop(new_names[found][0]))
        for found, old_keys in old_names.items()
        if len(old_keys) == 1 and len(new_names.get(found, ())) == 1
    ]


def header_spelling(location: str, wire_name: str) -> tuple[str, str] | None:
    """A header's name as HTTP compares it (case-insensitively); ``None`` for other parameters."""
    return (location, wire_name.casefold()) if location == "header" else None


def same_model(old: Model, new: Model) -> bool:
    """Equal but for where they are (the two specs are different files)."""
    return (
        old.name == new.name
        and old.fields == new.fields
        and old.additional == new.additional
        and old.description == new.description
        and old.deprecated == new.deprecated
    )


def same_enum(old: Enum, new: Enum) -> bool:
    return (
        old.name == new.name
        and old.members == new.members
        and old.value_kind == new.value_kind
        and old.description == new.description
    )


def value_key(value: object) -> tuple[str, object]:
    """Enum and literal values compared as JSON does: ``1``, ``1.0``, ``True`` and ``"1"`` differ."""
    return (type(value).__name__, value)


def canonical(value: object) -> str:
    return json_text(value)


def json_text(value: object) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def names_classes(t: TypeRef) -> bool:
    """Whether a type mentions a model or enum class (whose insides may differ between sides)."""
    return any(class_references(t))


def names_models(t: TypeRef) -> bool:
    """Whether a type mentions a model class."""
    return any(isinstance(reference, ModelType) for reference in class_references(t))


def is_specialization(narrow: TypeRef, wide: TypeRef, enums: dict[str, Enum]) -> bool:
    """Whether every value of ``narrow`` is a value of ``wide`` (an enum of strings and ``str``...)."""
    if isinstance(wide, ScalarType):
        if isinstance(narrow, EnumType):
            return narrow.value_kind == wide.kind or (
                narrow.value_kind == "integer" and wide.kind == "number"
            )
        if isinstance(narrow, LiteralType):
            return _scalar_kind(narrow.value) in (wide.kind, "integer" if wide.kind == "number" else "")
    if isinstance(narrow, LiteralType) and isinstance(wide, EnumType):
        enum = enums.get(wide.name)
        return enum is not None and value_key(narrow.value) in [value_key(m.value) for m in enum.members]
    return False


def _scalar_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    return "string"


def variant_key(t: TypeRef) -> tuple[str, ...]:
    """What tells union members apart: their shape, down to the items of lists and values of maps."""
    if isinstance(t, ListType):
        return ("list", *variant_key(t.items))
    if isinstance(t, MapType):
        return ("map", *variant_key(t.values))
    if isinstance(t, ScalarType):
        return ("scalar", t.kind)
    if isinstance(t, ModelType):
        return ("model", t.name)
    if isinstance(t, EnumType):
        return ("enum", t.name)
    if isinstance(t, LiteralType):
        return ("literal", *map(str, value_key(t.value)))
    if isinstance(t, NullableType):
        return variant_key(t.inner)
    return (type(t).__name__,)


def category(t: TypeRef) -> str:
    return variant_key(t)[0]
