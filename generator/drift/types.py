"""Comparing types, models and enums of two intermediate models, for ``diff``.

Types are compared as trees: a :class:`~generator.model.ir.ModelType` is followed into each
side's model, so a schema is compared the way an operation reaches it, and the direction
(sent in a request, or received in a response) decides the level of what changed inside.
Each (old class, new class, direction) pair is compared once, which also ends cycles.
A class reached at the same place under another name, where neither name exists on the
other side, is a rename (recorded in ``class_renames``); otherwise another name is a
type change. Properties are matched by wire name, then the ones left over by Python
attribute name: a property whose JSON name changed but whose attribute did not is one
property renamed on the wire, compared as one (a type change is reported too).
"""

from __future__ import annotations

from collections.abc import Callable

from ..diagnostics import SpecLocation
from ..emit.spelling import annotation
from ..model.ir import (
    ANY,
    Api,
    EnumType,
    Field,
    ListType,
    LiteralType,
    MapType,
    Model,
    ModelType,
    NullableType,
    ScalarType,
    TypeRef,
    UnionType,
)
from .result import Side
from .support import (
    Direction,
    Notes,
    Owner,
    PairKey,
    Raw,
    Where,
    canonical,
    category,
    is_specialization,
    json_text,
    names_classes,
    names_models,
    same_enum,
    same_model,
    take_pairs,
    value_key,
    variant_key,
)


class SchemaDiffer:
    """Compares types, models and enums, queueing each (old class, new class, direction) pair once.

    The base of :class:`~generator.drift.engine.Engine`: changes are recorded per owner
    (an operation label, or a class pair) and attributed to operations afterwards.
    """

    def __init__(self, old: Api, new: Api, notes: Notes) -> None:
        self.old = old
        self.new = new
        self.notes = notes
        self.old_models = {m.name: m for m in old.models}
        self.new_models = {m.name: m for m in new.models}
        self.old_enums = {e.name: e for e in old.enums}
        self.new_enums = {e.name: e for e in new.enums}
        self.class_renames: dict[str, str] = {}
        """Old class name → new class name, for classes reached at the same place under another name."""
        self._renamed_to: dict[str, str] = {}
        self._raw: dict[Owner, list[Raw]] = {}
        self._parents: dict[PairKey, set[Owner]] = {}
        self._queue: list[PairKey] = []

    def _emit(self, owner: Owner, rule: str, message: str, side: Side, location: SpecLocation) -> None:
        self._raw.setdefault(owner, []).append(Raw(rule, message, side, location))

    def drain(self) -> None:
        """Compare every class pair queued so far (and those they reach)."""
        while self._queue:
            key = self._queue.pop()
            if key[0] == "model":
                self._model_pair(key)
            else:
                self._enum_pair(key)

    def _default(
        self,
        owner: Owner,
        subject: str,
        old_has: bool,
        old_value: object,
        new_has: bool,
        new_value: object,
        place: Where,
    ) -> None:
        if (old_has, canonical(old_value) if old_has else None) == (
            new_has,
            canonical(new_value) if new_has else None,
        ):
            return
        before = json_text(old_value) if old_has else "none"
        after = json_text(new_value) if new_has else "none"
        self._emit(
            owner,
            "request-default-changed",
            f"the default of {subject} changed from {before} to {after}",
            "new",
            place.new,
        )

    # -------------------------------------------------------------------- types

    def types(self, old: TypeRef, new: TypeRef, where: Where, direction: Direction, owner: Owner) -> None:
        """Compare the types of one value; changes inside named classes are queued per class pair."""
        if old == new and not names_classes(old):
            return
        old_null, new_null = isinstance(old, NullableType), isinstance(new, NullableType)
        if old_null != new_null:
            became = "nullable" if new_null else "not-nullable"
            text = "may now be null" if new_null else "may no longer be null"
            self._emit(owner, f"{direction}-became-{became}", f"{where.subject} {text}", "new", where.new)
        old_inner = old.inner if isinstance(old, NullableType) else old
        new_inner = new.inner if isinstance(new, NullableType) else new
        self._shape(old_inner, new_inner, where, direction, owner)

    def _shape(self, old: TypeRef, new: TypeRef, where: Where, direction: Direction, owner: Owner) -> None:
        if old == ANY or new == ANY:
            self._any(old, new, where, direction, owner)
        elif isinstance(old, UnionType) or isinstance(new, UnionType):
            self._union(old, new, where, direction, owner)
        elif isinstance(old, ScalarType) and isinstance(new, ScalarType):
            self._scalar(old, new, where, direction, owner)
        elif isinstance(old, ListType) and isinstance(new, ListType):
            self.types(
                old.items, new.items, where.child(f"the items of {where.subject}", "items"), direction, owner
            )
        elif isinstance(old, MapType) and isinstance(new, MapType):
            values = where.child(f"the values of {where.subject}", "additionalProperties")
            self.types(old.values, new.values, values, direction, owner)
        elif isinstance(old, ModelType) and isinstance(new, ModelType):
            self._class_ref("model", old.name, new.name, where, direction, owner)
        elif isinstance(old, EnumType) and isinstance(new, EnumType):
            self._class_ref("enum", old.name, new.name, where, direction, owner)
        elif isinstance(old, LiteralType) and isinstance(new, LiteralType):
            if value_key(old.value) != value_key(new.value):
                self._type_changed(old, new, where, owner)
        elif is_specialization(old, new, self.old_enums):
            self._widened(where, direction, owner, old, new)
        elif is_specialization(new, old, self.new_enums):
            self._narrowed(where, direction, owner, old, new)
        else:
            self._type_changed(old, new, where, owner)

    def _scalar(
        self, old: ScalarType, new: ScalarType, where: Where, direction: Direction, owner: Owner
    ) -> None:
        if old.kind == new.kind:
            if old.format != new.format:
                self._emit(
                    owner,
                    "format-changed",
                    f"the format of {where.subject} changed "
                    f"from {old.format or 'none'} to {new.format or 'none'}",
                    "new",
                    where.new,
                )
        elif (old.kind, new.kind) == ("integer", "number"):
            self._widened(where, direction, owner, old, new)
        elif (old.kind, new.kind) == ("number", "integer"):
            self._narrowed(where, direction, owner, old, new)
        elif new.kind == "any" or old.kind == "any":
            self._any(old, new, where, direction, owner)
        else:
            self._type_changed(old, new, where, owner)

    def _any(self, old: TypeRef, new: TypeRef, where: Where, direction: Direction, owner: Owner) -> None:
        """``Any`` on one side: wider or narrower, unless the SDK now returns dicts for models or back."""
        if direction == "response" and (names_models(old) or names_models(new)):
            self._type_changed(old, new, where, owner)
        elif new == ANY:
            self._widened(where, direction, owner, old, new)
        else:
            self._narrowed(where, direction, owner, old, new)

    def _widened(self, where: Where, direction: Direction, owner: Owner, old: TypeRef, new: TypeRef) -> None:
        self._emit(
            owner,
            f"{direction}-type-widened",
            f"{where.subject} widened from `{annotation(old)}` to `{annotation(new)}`",
            "new",
            where.new,
        )

    def _narrowed(self, where: Where, direction: Direction, owner: Owner, old: TypeRef, new: TypeRef) -> None:
        self._emit(
            owner,
            f"{direction}-type-narrowed",
            f"{where.subject} narrowed from `{annotation(old)}` to `{annotation(new)}`",
            "new",
            where.new,
        )

    def _type_changed(self, old: TypeRef, new: TypeRef, where: Where, owner: Owner) -> None:
        self._emit(
            owner,
            "type-changed",
            f"the type of {where.subject} changed from `{annotation(old)}` to `{annotation(new)}`",
            "new",
            where.new,
        )

    def _union(self, old: TypeRef, new: TypeRef, where: Where, direction: Direction, owner: Owner) -> None:
        """Members matched by shape (same model, same scalar kind...); the rest widen or narrow."""
        before = list(old.variants) if isinstance(old, UnionType) else [old]
        after = list(new.variants) if isinstance(new, UnionType) else [new]
        old_keys = [variant_key(v) for v in before]
        new_keys = [variant_key(v) for v in after]
        matched: list[tuple[TypeRef, TypeRef]] = []
        free = list(range(len(after)))
        gone: list[TypeRef] = []
        for variant, key in zip(before, old_keys, strict=True):
            index = next((i for i in free if new_keys[i] == key), None)
            if index is None:
                gone.append(variant)
            else:
                free.remove(index)
                matched.append((variant, after[index]))
        came = [after[i] for i in free]
        for kind in {category(v) for v in gone}:
            left = [v for v in gone if category(v) == kind]
            right = [v for v in came if category(v) == kind]
            if len(left) == 1 and len(right) == 1:  # one model for another: renamed or reshaped
                matched.append((left[0], right[0]))
                gone.remove(left[0])
                came.remove(right[0])
        for old_v, new_v in matched:
            self.types(old_v, new_v, where, direction, owner)
        for variant in gone:
            self._emit(
                owner,
                f"{direction}-type-narrowed",
                f"{where.subject} no longer {'accepts' if direction == 'request' else 'returns'} "
                f"`{annotation(variant)}`",
                "new",
                where.new,
            )
        for variant in came:
            self._emit(
                owner,
                f"{direction}-type-widened",
                f"{where.subject} may now {'be' if direction == 'request' else 'return'} "
                f"`{annotation(variant)}`",
                "new",
                where.new,
            )
        if isinstance(old, UnionType) and isinstance(new, UnionType):
            self.notes.reorder("union members", "types", where.subject, old_keys, new_keys)

    def _class_ref(
        self, kind: str, old_name: str, new_name: str, where: Where, direction: Direction, owner: Owner
    ) -> None:
        old_table = self.old_models if kind == "model" else self.old_enums
        new_table = self.new_models if kind == "model" else self.new_enums
        if old_name not in old_table or new_name not in new_table:
            return
        if old_name != new_name:
            still_there = old_name in new_table or new_name in old_table
            known = self.class_renames.get(old_name, new_name)
            claimed = self._renamed_to.get(new_name, old_name)
            if still_there or known != new_name or claimed != old_name:
                old_t: TypeRef = ModelType(old_name) if kind == "model" else EnumType(old_name)
                new_t: TypeRef = ModelType(new_name) if kind == "model" else EnumType(new_name)
                self._type_changed(old_t, new_t, where, owner)
                return
            self.class_renames[old_name] = new_name
            self._renamed_to[new_name] = old_name
        key: PairKey = (kind, old_name, new_name, direction)
        parents = self._parents.get(key)
        if parents is None:
            self._parents[key] = {owner}
            self._queue.append(key)
        else:
            parents.add(owner)

    # ---------------------------------------------------------------- classes

    def _model_pair(self, key: PairKey) -> None:
        _, old_name, new_name, direction = key
        old, new = self.old_models[old_name], self.new_models[new_name]
        if same_model(old, new):  # only the classes it refers to may differ
            for f in old.fields:
                if names_classes(f.type):
                    self.types(f.type, f.type, _field_place(old, new, f.wire_name), direction, key)
            if names_classes(old.additional):
                extra = Where(f"additional properties of `{new.name}`", old.source, new.source)
                self.types(old.additional, new.additional, extra, direction, key)
            return
        visible: Callable[[Field], bool] = (
            (lambda f: not f.read_only) if direction == "request" else (lambda f: not f.write_only)
        )
        before = {f.wire_name: f for f in old.fields if visible(f)}
        after = {f.wire_name: f for f in new.fields if visible(f)}
        removed = {wire: f for wire, f in before.items() if wire not in after}
        added = {wire: f for wire, f in after.items() if wire not in before}
        renamed = take_pairs(removed, added, lambda f: f.name)
        request = direction == "request"
        for wire in removed:
            place = _field_place(old, new, wire)
            self._emit(key, f"{direction}-property-removed", f"{place.subject} was removed", "old", place.old)
        for old_f, new_f in renamed:
            place = _field_place(old, new, new_f.wire_name)
            self._emit(
                key,
                "property-wire-name-changed",
                f"property `{old_f.wire_name}` of `{new.name}` is now `{new_f.wire_name}`: renamed on the "
                f"wire; SDK callers unaffected (still `{new.name}.{new_f.name}`)",
                "new",
                place.new,
            )
        same = [(f, after[wire]) for wire, f in before.items() if wire in after]
        for old_f, new_f in [*same, *renamed]:
            place = _field_place(old, new, new_f.wire_name)
            if old_f.required != new_f.required:
                required = "required" if new_f.required else "optional"
                self._emit(
                    key,
                    f"{direction}-property-became-{required}",
                    f"{place.subject} is now {required}",
                    "new",
                    place.new,
                )
            if new_f.deprecated and not old_f.deprecated:
                self._emit(key, "property-deprecated", f"{place.subject} is now deprecated", "new", place.new)
            self.notes.deprecation("properties", place.subject, old_f.deprecated, new_f.deprecated)
            if request:
                self._default(
                    key,
                    place.subject,
                    old_f.has_default,
                    old_f.default,
                    new_f.has_default,
                    new_f.default,
                    place,
                )
            self.types(old_f.type, new_f.type, place, direction, key)
        for wire, new_f in added.items():
            place = _field_place(old, new, wire)
            if request:
                required = "required" if new_f.required else "optional"
                self._emit(
                    key,
                    f"request-property-added-{required}",
                    f"{place.subject} was added ({required})",
                    "new",
                    place.new,
                )
            else:
                self._emit(key, "response-property-added", f"{place.subject} was added", "new", place.new)
        if old.additional != new.additional or names_classes(old.additional):
            extra = Where(
                f"additional properties of `{new.name}`", old.source, new.source, ("additionalProperties",)
            )
            self.types(old.additional, new.additional, extra, direction, key)

    def _enum_pair(self, key: PairKey) -> None:
        _, old_name, new_name, direction = key
        old, new = self.old_enums[old_name], self.new_enums[new_name]
        if same_enum(old, new):
            return
        before = [value_key(m.value) for m in old.members]
        after = [value_key(m.value) for m in new.members]
        before_set, after_set = set(before), set(after)
        for value in before:
            if value not in after_set:
                self._emit(
                    key,
                    f"{direction}-enum-value-removed",
                    f"enum `{new.name}` lost the value {value[1]!r}",
                    "old",
                    old.source.child("enum"),
                )
        for value in after:
            if value not in before_set:
                self._emit(
                    key,
                    f"{direction}-enum-value-added",
                    f"enum `{new.name}` has a new value {value[1]!r}",
                    "new",
                    new.source.child("enum"),
                )


def _field_place(old: Model, new: Model, wire: str) -> Where:
    return Where(f"property `{wire}` of `{new.name}`", old.source, new.source, ("properties", wire))
