"""What changes in the generated SDK's public API: classes, methods, arguments, attributes, members.

This side of ``diff`` looks at the names code written against the SDK uses, not at the
wire: a class, method, keyword argument, attribute or enum member that is renamed breaks
such code even when the HTTP traffic is the same. Things are matched by what they stand
for, never by their Python name, so a new name is seen as a rename:

* a class by the place of its schema (an inline schema of an operation whose operationId
  changed stays at the same place under another name), then by name, then by the engine's
  finding that the same property now refers to a differently named class;
* a method by its operation (method + path), an argument by its parameter (location and
  wire name; path parameters by position) or body property, an attribute by its property's
  wire name, an enum member by its value.

What is left unmatched on both sides under one Python name is still that name: an
argument or attribute whose wire name (or parameter location) changed is listed as
*changed* ("sent as query parameter `ignore_nbf`", "JSON name `room_name`"), never as
removed and added, since code using it needs no edit (``to_dict`` keys and the request
do change, which the detail says).

Method signatures are spelled as :mod:`generator.emit.views` spells them (a test compares the
two), with class names of renamed classes mapped first, so a renamed class is reported
once and not again in every annotation that mentions it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from ..diagnostics import SpecLocation
from ..emit.model_views import field_annotation
from ..emit.signatures import method_signature
from ..model.ir import (
    Api,
    BodyField,
    Enum,
    EnumType,
    Field,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    TypeRef,
    UnionType,
)
from ..model.pytypes import referenced_names
from .engine import OperationPair, operation_label, parameter_key
from .result import Change, SdkAction, SdkChange, SdkKind, Side
from .rules import level_of
from .support import Notes, header_spelling, same_enum, same_model, take_pairs


@dataclass(frozen=True)
class Argument:
    """One argument of a generated method, as its signature spells it."""

    key: tuple[str, ...]
    """What it stands for: ``("param", location, wire name)``, ``("body", wire name)``, ``("body",)``."""
    name: str
    annotation: str
    default: str
    positional: bool
    sent_as: str = ""
    """How its value goes on the wire: ``query parameter `ignoreNbf```, ``body property `room_name```."""


def signature(operation: Operation, renames: Mapping[str, str] | None = None) -> tuple[Argument, ...]:
    """The method's arguments in order, as the emitter declares them (``method_signature``)."""
    declared = method_signature(_renamed_operation(operation, renames or {}))
    return tuple(
        Argument(
            _argument_key(a.source, operation.path),
            a.name,
            a.annotation,
            a.default,
            a.positional,
            _sent_as(a.source),
        )
        for a in declared.arguments
    )


def returns(operation: Operation, renames: Mapping[str, str] | None = None) -> str:
    """The method's return annotation, as the emitter declares it."""
    return method_signature(_renamed_operation(operation, renames or {})).returns.flat()


def _argument_key(source: Parameter | BodyField | RequestBody, path: str) -> tuple[str, ...]:
    if isinstance(source, Parameter):
        return ("param", *parameter_key(source, path))
    if isinstance(source, BodyField):
        return ("body", source.field.wire_name)
    return ("body",)


def _sent_as(source: Parameter | BodyField | RequestBody) -> str:
    if isinstance(source, Parameter):
        return f"{source.location} parameter `{source.wire_name}`"
    if isinstance(source, BodyField):
        return f"body property `{source.field.wire_name}`"
    return "the request body"


def _header_spelling(argument: Argument) -> tuple[str, str] | None:
    return header_spelling(*argument.key[1:3]) if argument.key[0] == "param" else None


def _renamed_operation(operation: Operation, mapping: Mapping[str, str]) -> Operation:
    """``operation`` with old class names replaced by their new ones in every type it uses."""
    if not mapping:
        return operation
    body = operation.body
    if body is not None:
        body = replace(
            body,
            type=_renamed(body.type, mapping),
            fields=tuple(
                replace(bf, field=_with_type(bf.field, _renamed(bf.field.type, mapping)))
                for bf in body.fields
            ),
        )
    return replace(
        operation,
        parameters=tuple(replace(p, type=_renamed(p.type, mapping)) for p in operation.parameters),
        body=body,
        responses=tuple(
            replace(r, type=_renamed(r.type, mapping)) if r.type is not None else r
            for r in operation.responses
        ),
    )


def _with_type(f: Field, t: TypeRef) -> Field:
    return f if f.type == t else replace(f, type=t)


def _renamed(t: TypeRef, mapping: Mapping[str, str]) -> TypeRef:
    """``t`` with old class names replaced by their new names."""
    if not mapping:
        return t
    if isinstance(t, ModelType):
        return ModelType(mapping.get(t.name, t.name))
    if isinstance(t, EnumType):
        return EnumType(mapping.get(t.name, t.name), t.value_kind)
    if isinstance(t, ListType):
        return ListType(_renamed(t.items, mapping))
    if isinstance(t, MapType):
        return MapType(_renamed(t.values, mapping))
    if isinstance(t, NullableType):
        return NullableType(_renamed(t.inner, mapping))
    if isinstance(t, UnionType):
        return UnionType(tuple(_renamed(v, mapping) for v in t.variants), t.discriminator, t.combinator)
    return t


# ----------------------------------------------------------------------- the diff


@dataclass
class SdkDiff:
    """Collects the SDK's API changes, and the (breaking) changes its renames are."""

    old: Api
    new: Api
    notes: Notes

    def __post_init__(self) -> None:
        self.sdk: list[SdkChange] = []
        self.changes: list[Change] = []
        self.renames: dict[str, str] = {}

    def run(
        self,
        pairs: list[OperationPair],
        removed: list[tuple[Operation, Resource]],
        added: list[tuple[Operation, Resource]],
        class_renames: Mapping[str, str],
    ) -> None:
        self._classes(class_renames)
        self._resources()
        for operation, resource in removed:
            self._add("method", "removed", _method_path(resource, operation))
        for operation, resource in added:
            self._add("method", "added", _method_path(resource, operation))
        for pair in pairs:
            self._method(pair)

    def _add(self, kind: SdkKind, action: SdkAction, name: str, detail: str = "") -> None:
        self.sdk.append(SdkChange(kind, action, name, detail))

    def _change(
        self, rule: str, message: str, side: Side, location: SpecLocation, operation: str | None
    ) -> None:
        self.changes.append(
            Change(
                rule=rule,
                level=level_of(rule),
                message=message,
                pointer=location.pointer,
                side=side,
                operation=operation,
                operations=(operation,) if operation else (),
                file=location.file,
            )
        )

    # ----------------------------------------------------------------- classes

    def _classes(self, class_renames: Mapping[str, str]) -> None:
        old_classes: dict[str, Model | Enum] = {m.name: m for m in self.old.models}
        old_classes.update({e.name: e for e in self.old.enums})
        new_classes: dict[str, Model | Enum] = {m.name: m for m in self.new.models}
        new_classes.update({e.name: e for e in self.new.enums})
        old_root, new_root = _root_file(self.old), _root_file(self.new)

        def place(c: Model | Enum, root: str) -> tuple[str, str, str]:
            return (type(c).__name__, _relative(c.source.file, root), c.source.pointer)

        by_place = {place(c, new_root): c for c in new_classes.values()}
        matched: dict[str, str] = {}
        taken: set[str] = set()
        for name, old_c in old_classes.items():
            found = by_place.get(place(old_c, old_root))
            if found is not None and found.name not in taken:
                matched[name] = found.name
                taken.add(found.name)
        for name, old_c in old_classes.items():
            if name in matched:
                continue
            candidate = new_classes.get(name)
            if candidate is None or candidate.name in taken or type(candidate) is not type(old_c):
                candidate_name = class_renames.get(name)
                candidate = new_classes.get(candidate_name) if candidate_name else None
            if candidate is not None and candidate.name not in taken and type(candidate) is type(old_c):
                matched[name] = candidate.name
                taken.add(candidate.name)
        self.renames = {o: n for o, n in matched.items() if o != n}
        for name in sorted(old_classes):
            old_c = old_classes[name]
            if name not in matched:
                self._add("class", "removed", name)
                self._change("sdk-class-removed", f"class `{name}` was removed", "old", old_c.source, None)
                continue
            new_c = new_classes[matched[name]]
            if new_c.name != name:
                self._add("class", "renamed", name, f"now `{new_c.name}`")
                self._change(
                    "sdk-class-renamed", f"class `{name}` is now `{new_c.name}`", "new", new_c.source, None
                )
            if isinstance(old_c, Model) and isinstance(new_c, Model):
                self._model(old_c, new_c)
            elif isinstance(old_c, Enum) and isinstance(new_c, Enum):
                self._enum(old_c, new_c)
        for name in sorted(set(new_classes) - taken):
            self._add("class", "added", name)

    def _model(self, old: Model, new: Model) -> None:
        if same_model(old, new) and not (self.renames and self._mentions_renamed(old)):
            return  # nothing to tell: same names, same fields, same annotations
        self.notes.description("models", new.name, old.description, new.description)
        before = {f.wire_name: f for f in old.fields}
        after = {f.wire_name: f for f in new.fields}
        removed = {wire: f for wire, f in before.items() if wire not in after}
        added = {wire: f for wire, f in after.items() if wire not in before}
        renamed = take_pairs(removed, added, lambda f: f.name)
        for old_f in removed.values():
            self._add("field", "removed", f"{new.name}.{old_f.name}")
        for old_f, new_f in renamed:
            self._add(
                "field",
                "changed",
                f"{new.name}.{new_f.name}",
                f"JSON name `{new_f.wire_name}` (was `{old_f.wire_name}`); the attribute is unchanged",
            )
        same = [(f, after[wire]) for wire, f in before.items() if wire in after]
        for old_f, new_f in [*same, *renamed]:
            wire = new_f.wire_name
            self.notes.description("properties", f"{new.name}.{wire}", old_f.description, new_f.description)
            if new_f.name != old_f.name:
                self._add("field", "renamed", f"{new.name}.{old_f.name}", f"now `{new.name}.{new_f.name}`")
                self._change(
                    "sdk-attribute-renamed",
                    f"attribute `{new.name}.{old_f.name}` is now `{new.name}.{new_f.name}`",
                    "new",
                    new.source.child("properties", wire),
                    None,
                )
            old_text = "".join(field_annotation(_with_type(old_f, _renamed(old_f.type, self.renames))))
            new_text = "".join(field_annotation(new_f))
            if old_text != new_text:
                self._add("field", "changed", f"{new.name}.{new_f.name}", f"`{old_text}` → `{new_text}`")
        for new_f in added.values():
            self._add("field", "added", f"{new.name}.{new_f.name}")
        new_wires = {o.wire_name: n.wire_name for o, n in renamed}
        self.notes.reorder(
            "properties", "models", new.name, [new_wires.get(w, w) for w in before], list(after)
        )

    def _mentions_renamed(self, model: Model) -> bool:
        names = {n for f in model.fields for n in referenced_names(f.type)}
        return bool(names & self.renames.keys())

    def _enum(self, old: Enum, new: Enum) -> None:
        if same_enum(old, new):
            return
        self.notes.description("enums", new.name, old.description, new.description)
        before = {(type(m.value).__name__, m.value): m for m in old.members}
        after = {(type(m.value).__name__, m.value): m for m in new.members}
        for value, member in before.items():
            if value not in after:
                self._add("enum-member", "removed", f"{new.name}.{member.name}", f"value {value[1]!r}")
            elif after[value].name != member.name:
                renamed = after[value].name
                self._add(
                    "enum-member", "renamed", f"{new.name}.{member.name}", f"now `{new.name}.{renamed}`"
                )
                self._change(
                    "sdk-enum-member-renamed",
                    f"enum member `{new.name}.{member.name}` is now `{new.name}.{renamed}`",
                    "new",
                    new.source.child("enum"),
                    None,
                )
        for value, member in after.items():
            if value not in before:
                self._add("enum-member", "added", f"{new.name}.{member.name}", f"value {value[1]!r}")
        self.notes.reorder("values", "enums", new.name, list(before), list(after))

    def _resources(self) -> None:
        before = {r.access: r for r in self.old.all_resources}
        after = {r.access: r for r in self.new.all_resources}
        for name, resource in before.items():
            if name not in after:
                self._add("class", "removed", f"client.{name}", f"class `{resource.class_name}`")
            elif after[name].class_name != resource.class_name:
                self._add(
                    "class", "renamed", resource.class_name, f"now `{after[name].class_name}` (client.{name})"
                )
            if name in after:
                self.notes.description("resources", name, resource.description, after[name].description)
        for name, resource in after.items():
            if name not in before:
                self._add("class", "added", f"client.{name}", f"class `{resource.class_name}`")

    # ---------------------------------------------------------------- methods

    def _method(self, pair: OperationPair) -> None:
        label = operation_label(pair.new)
        old_path = _method_path(pair.old_resource, pair.old)
        new_path = _method_path(pair.new_resource, pair.new)
        if old_path != new_path:
            self._add("method", "renamed", old_path, f"now `{new_path}`")
            self._change(
                "sdk-method-renamed", f"`{old_path}` is now `{new_path}`", "new", pair.new.source, label
            )
        elif pair.old.operation_id != pair.new.operation_id:
            self.notes.description("operationIds", label, pair.old.operation_id, pair.new.operation_id)
        before = {a.key: a for a in signature(pair.old, self.renames)}
        after = {a.key: a for a in signature(pair.new)}
        removed = {k: a for k, a in before.items() if k not in after}
        added = {k: a for k, a in after.items() if k not in before}
        respelled = take_pairs(removed, added, _header_spelling)
        resent = take_pairs(removed, added, lambda a: a.name)
        for old_a in removed.values():
            self._add("parameter", "removed", f"{new_path}({old_a.name}=...)")
        for old_a, new_a in resent:
            self._add(
                "parameter",
                "changed",
                f"{new_path}({new_a.name}=...)",
                f"sent as {new_a.sent_as} (was {old_a.sent_as}); the argument is unchanged",
            )
        same = [(a, after[k]) for k, a in before.items() if k in after]
        for old_a, new_a in [*same, *respelled, *resent]:
            key = new_a.key
            name = f"{new_path}({old_a.name}=...)"
            if new_a.name != old_a.name:
                self._add("parameter", "renamed", name, f"now `{new_a.name}`")
                self._change(
                    "sdk-argument-renamed",
                    f"argument `{old_a.name}` of `{new_path}` is now `{new_a.name}`",
                    "new",
                    pair.new.source.child("parameters" if key[0] == "param" else "requestBody"),
                    label,
                )
            if (old_a.annotation, old_a.default) != (new_a.annotation, new_a.default):
                self._add(
                    "parameter",
                    "changed",
                    f"{new_path}({new_a.name}=...)",
                    f"`{old_a.annotation}{old_a.default}` → `{new_a.annotation}{new_a.default}`",
                )
        for new_a in added.values():
            self._add("parameter", "added", f"{new_path}({new_a.name}=...)")
        old_order = [k for k, a in before.items() if a.positional and k in after]
        new_order = [k for k, a in after.items() if a.positional and k in before]
        if old_order != new_order:
            old_names = ", ".join(before[k].name for k in old_order)
            new_names = ", ".join(after[k].name for k in new_order)
            self._add("method", "changed", new_path, f"positional arguments ({old_names}) → ({new_names})")
            self._change(
                "sdk-positional-arguments-reordered",
                f"the positional arguments of `{new_path}` are now ({new_names}), were ({old_names})",
                "new",
                pair.new.source.child("parameters"),
                label,
            )
        old_returns, new_returns = returns(pair.old, self.renames), returns(pair.new)
        if old_returns != new_returns:
            self._add("method", "changed", new_path, f"returns `{old_returns}` → `{new_returns}`")


def _method_path(resource: Resource, operation: Operation) -> str:
    return f"client.{resource.access}.{operation.method_name}"


def _root_file(api: Api) -> str:
    """The file operations are in: other files' places are taken relative to its folder."""
    for operation, _ in api.operations:
        return operation.source.file
    files = sorted({m.source.file for m in api.models} | {e.source.file for e in api.enums})
    return files[0] if files else ""


def _relative(file: str, root: str) -> str:
    if file == root:
        return ""
    try:
        return os.path.relpath(file, os.path.dirname(root) or ".")
    except ValueError:  # another drive (Windows)
        return file
