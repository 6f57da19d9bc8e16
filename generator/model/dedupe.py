"""Structurally identical inline types become one class, named after what their uses share.

Specs repeat inline schemas: Stripe spells its ``created`` range filter out in 43 list
operations (``{gt, gte, lt, lte}``, titled ``range_query_specs``), which the builder
names ``Created``, ``Created2``... by where each stands. After the build, inline models
and enums (never a component schema or another ``$ref`` target: those names are the spec
author's API) that are identical are merged into one class:

* **Identical** means the same fields (attribute and property names, types, required,
  nullability, defaults, read/write-only, deprecation and the fields' descriptions, which
  the class documents) and the same additional-properties type, or for an enum the same
  values. Types are compared through the classes they mention, so two parents whose
  children merge are merged too (refined until nothing splits, cycles included). The
  description of the whole schema may differ (it usually describes the use, and each
  use keeps it on its field or parameter): the class keeps it when all agree.
* **The name** comes from the uses' context (:class:`~generator.model.schemas.InlineContext`):
  the property name when every use has the same one (``address`` → ``Address``), else the
  most common ``title`` (``RangeQuerySpecs``), else the most common property name; ties go
  to the alphabetically first. The next candidate is taken when one is taken, then a
  number (groups that want one name take it largest first). A group with no context
  (whole request or response bodies without a title) stays as it is: a name from one
  operation would mislead the others' readers.
* **Stability**: the name depends only on the group's own uses (not on their order) and on
  the names component schemas hold: an unmerged inline class that holds a name a group
  wants gives it up and is numbered instead, so a new inline schema elsewhere never
  renames a merged type, and a group that wants another group's name only takes it from a
  smaller one.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, replace

from .ir import (
    Enum,
    EnumType,
    Field,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    Operation,
    RequestBody,
    Resource,
    Response,
    TypeRef,
    UnionType,
)
from .naming import NameAllocator, class_name, module_name
from .schemas import InlineContext


@dataclass(frozen=True)
class MergedGroup:
    """Inline classes that became one."""

    name: str
    members: tuple[str, ...]
    """The names they were built with, in the order of their places in the spec."""


@dataclass(frozen=True)
class Deduplicated:
    models: dict[str, Model]
    enums: dict[str, Enum]
    resources: tuple[Resource, ...]
    groups: tuple[MergedGroup, ...]
    """Largest first."""


def merge_identical_types(
    models: Mapping[str, Model],
    enums: Mapping[str, Enum],
    resources: tuple[Resource, ...],
    contexts: Mapping[str, InlineContext],
    spec_named: frozenset[str],
    class_names: NameAllocator,
    module_names: NameAllocator,
) -> Deduplicated:
    """Merge the identical inline models and enums; every reference follows the new names."""
    candidates = sorted(n for n in (*models, *enums) if n in contexts and n not in spec_named)
    classes = _partition(candidates, models, enums)
    by_class: dict[int, list[str]] = {}
    for name in candidates:
        by_class.setdefault(classes[name], []).append(name)

    planned: list[tuple[tuple[str, ...], tuple[str, ...]]] = []  # (name candidates, members)
    for same in by_class.values():
        if len(same) < 2:
            continue
        ordered = tuple(sorted(same, key=lambda n: _place(_entity(n, models, enums))))
        names = _name_candidates([contexts[n] for n in ordered])
        if names:
            planned.append((names, ordered))
    for _, members in planned:
        for member in members:
            class_names.release(member)
            module_names.release(_entity(member, models, enums).module)
    # An unmerged inline class that holds a name a group wants gives it up (and is named
    # again after the groups): a new inline schema elsewhere never renames a merged type.
    wanted = {name.casefold() for names, _ in planned for name in names}
    grouped = {member for _, members in planned for member in members}
    displaced = sorted(
        (n for n in candidates if n not in grouped and n.casefold() in wanted),
        key=lambda n: _place(_entity(n, models, enums)),
    )
    for name in displaced:
        class_names.release(name)
        module_names.release(_entity(name, models, enums).module)

    # A group's new name may be one a member of another group had: drop every member first.
    renames: dict[str, str] = dict.fromkeys(displaced, "")
    for _, members in planned:
        renames.update(dict.fromkeys(members, ""))
    new_models = {name: model for name, model in models.items() if name not in renames}
    new_enums = {name: enum for name, enum in enums.items() if name not in renames}
    groups: list[MergedGroup] = []
    # Groups that want the same name: the largest takes it (then the first in the spec).
    for names, members in sorted(
        planned, key=lambda plan: (plan[0][0], -len(plan[1]), _place(_entity(plan[1][0], models, enums)))
    ):
        name = class_names.claim(*names)
        module = module_names.claim(module_name(name))
        renames.update((member, name) for member in members)
        groups.append(MergedGroup(name, members))
        if members[0] in models:
            new_models[name] = _merged_model([models[m] for m in members], name, module)
        else:
            new_enums[name] = _merged_enum([enums[m] for m in members], name, module)
    for old in displaced:
        name = class_names.claim(old)
        renames[old] = name
        entity = _entity(old, models, enums)
        moved = replace(entity, name=name, module=module_names.claim(module_name(name)))
        if isinstance(moved, Model):
            new_models[name] = moved
        else:
            new_enums[name] = moved
    if renames:
        new_models = {name: _renamed_model(model, renames) for name, model in new_models.items()}
        resources = tuple(_renamed_resource(resource, renames) for resource in resources)
    groups.sort(key=lambda group: (-len(group.members), group.name))
    return Deduplicated(new_models, new_enums, resources, tuple(groups))


# ----------------------------------------------------------------------- identity


def _partition(
    candidates: list[str], models: Mapping[str, Model], enums: Mapping[str, Enum]
) -> dict[str, int]:
    """Candidate → class number; equal numbers are identical types (the coarsest partition in
    which members' references to other candidates point into equal classes)."""
    classes = dict.fromkeys(candidates, 0)
    count = 1
    while True:
        numbers: dict[Hashable, int] = {}
        refined = {
            name: numbers.setdefault(_signature(name, models, enums, classes), len(numbers))
            for name in candidates
        }
        if len(numbers) == count:
            return refined
        classes, count = refined, len(numbers)


def _signature(
    name: str, models: Mapping[str, Model], enums: Mapping[str, Enum], classes: Mapping[str, int]
) -> Hashable:
    if name in enums:
        enum = enums[name]
        return (
            "enum",
            enum.value_kind,
            tuple((type(m.value).__name__, m.value, m.name) for m in enum.members),
        )
    model = models[name]
    return (
        "model",
        tuple(_field_signature(f, classes) for f in model.fields),
        _shape(model.additional, classes),
        model.deprecated,
    )


def _field_signature(f: Field, classes: Mapping[str, int]) -> Hashable:
    return (
        f.name,
        f.wire_name,
        _shape(f.type, classes),
        f.required,
        f.description,
        json.dumps(f.default, sort_keys=True, default=repr),
        f.has_default,
        f.read_only,
        f.write_only,
        f.deprecated,
    )


def _shape(t: TypeRef, classes: Mapping[str, int]) -> Hashable:
    """``t`` with each candidate class replaced by its class number."""
    if isinstance(t, ModelType):
        return ("model", classes[t.name]) if t.name in classes else t
    if isinstance(t, EnumType):
        return ("enum", classes[t.name], t.value_kind) if t.name in classes else t
    if isinstance(t, ListType):
        return ("list", _shape(t.items, classes))
    if isinstance(t, MapType):
        return ("map", _shape(t.values, classes))
    if isinstance(t, NullableType):
        return ("nullable", _shape(t.inner, classes))
    if isinstance(t, UnionType):
        discriminator = None
        if t.discriminator is not None:
            mapping = tuple((k, _shape(ModelType(v), classes)) for k, v in t.discriminator.mapping)
            discriminator = (t.discriminator.property, mapping)
        return ("union", tuple(_shape(v, classes) for v in t.variants), discriminator, t.combinator)
    return t


# ------------------------------------------------------------------------ merging


def _name_candidates(contexts: list[InlineContext]) -> tuple[str, ...]:
    labels = [class_name(c.label, fallback="Type") for c in contexts if c.label]
    titles = [class_name(c.title, fallback="Type") for c in contexts if c.title]
    found: list[str] = []
    if len(labels) == len(contexts) and len(set(labels)) == 1:
        found.append(labels[0])
    found += _most_common(titles) + _most_common(labels)
    return tuple(dict.fromkeys(found))


def _most_common(names: Iterable[str]) -> list[str]:
    counted = Counter(names)
    return sorted(counted, key=lambda n: (-counted[n], n))[:1]


def _merged_model(members: list[Model], name: str, module: str) -> Model:
    first = members[0]
    descriptions = {m.description for m in members}
    examples = tuple(dict.fromkeys(e for m in members for e in m.examples if _hashable(e)))
    return replace(
        first,
        name=name,
        module=module,
        description=first.description if len(descriptions) == 1 else None,
        examples=examples or first.examples,
    )


def _merged_enum(members: list[Enum], name: str, module: str) -> Enum:
    first = members[0]
    descriptions = {e.description for e in members}
    return replace(
        first, name=name, module=module, description=first.description if len(descriptions) == 1 else None
    )


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _place(entity: Model | Enum) -> tuple[str, str]:
    return (entity.source.file, entity.source.pointer)


def _entity(name: str, models: Mapping[str, Model], enums: Mapping[str, Enum]) -> Model | Enum:
    return models.get(name) or enums[name]


# ------------------------------------------------------------------------ renaming


def renamed(t: TypeRef, names: Mapping[str, str]) -> TypeRef:
    """``t`` with the classes in ``names`` (old → new) renamed."""
    if isinstance(t, ModelType):
        return ModelType(names.get(t.name, t.name))
    if isinstance(t, EnumType):
        return replace(t, name=names.get(t.name, t.name))
    if isinstance(t, ListType):
        return replace(t, items=renamed(t.items, names))
    if isinstance(t, MapType):
        return replace(t, values=renamed(t.values, names))
    if isinstance(t, NullableType):
        return NullableType(renamed(t.inner, names))
    if isinstance(t, UnionType):
        discriminator = t.discriminator
        if discriminator is not None:
            mapping = tuple((k, names.get(v, v)) for k, v in discriminator.mapping)
            discriminator = replace(discriminator, mapping=mapping)
        # Variants that were merged into one class are one variant.
        variants = tuple(dict.fromkeys(renamed(v, names) for v in t.variants))
        if len(variants) == 1 and discriminator is None:
            return variants[0]
        return UnionType(variants, discriminator, t.combinator)
    return t


def _renamed_field(f: Field, names: Mapping[str, str]) -> Field:
    return replace(f, type=renamed(f.type, names))


def _renamed_model(model: Model, names: Mapping[str, str]) -> Model:
    return replace(
        model,
        fields=tuple(_renamed_field(f, names) for f in model.fields),
        additional=renamed(model.additional, names),
    )


def _renamed_body(body: RequestBody, names: Mapping[str, str]) -> RequestBody:
    return replace(
        body,
        type=renamed(body.type, names),
        model=names.get(body.model, body.model) if body.model is not None else None,
        fields=tuple(replace(b, field=_renamed_field(b.field, names)) for b in body.fields),
    )


def _renamed_response(response: Response, names: Mapping[str, str]) -> Response:
    return replace(
        response,
        type=renamed(response.type, names) if response.type is not None else None,
        event_type=renamed(response.event_type, names) if response.event_type is not None else None,
    )


def _renamed_operation(operation: Operation, names: Mapping[str, str]) -> Operation:
    return replace(
        operation,
        parameters=tuple(replace(p, type=renamed(p.type, names)) for p in operation.parameters),
        body=_renamed_body(operation.body, names) if operation.body is not None else None,
        responses=tuple(_renamed_response(r, names) for r in operation.responses),
    )


def _renamed_resource(resource: Resource, names: Mapping[str, str]) -> Resource:
    return replace(
        resource,
        operations=tuple(_renamed_operation(o, names) for o in resource.operations),
        resources=tuple(_renamed_resource(r, names) for r in resource.resources),
    )
