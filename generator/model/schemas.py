"""JSON Schemas (as OpenAPI uses them) → types, models and enums of the intermediate model.

Rules, in the order they are applied to a schema:

* ``$ref`` → the referenced schema, built once and named after its component key
  (or the name override from the configuration).
* ``allOf`` with a single member and nothing else → that member; otherwise the members'
  properties are merged into one model. A property defined by several members takes
  the last definition; when those definitions have different types a warning names it.
* ``oneOf``/``anyOf`` → a union of the variants (nested unions flattened, duplicates
  removed, ``null`` variants turned into nullability); a ``discriminator`` is kept.
* ``const`` → a literal; ``enum`` → an enum class (a ``null`` value makes it nullable).
* ``type`` lists (3.1) → a union, ``null`` again meaning nullable; ``nullable: true`` (3.0) too.
* objects with ``properties`` → a model; objects without → ``dict[str, T]`` with ``T``
  from ``additionalProperties`` (``Any`` when absent or ``true``).
* arrays → ``list[T]``; scalars by ``type`` (``format: binary`` → bytes); no type → ``Any``.

Inline objects and enums are named from where they stand: the request body of
``CreateMeetingToken`` is ``CreateMeetingTokenRequest``, the ``lang`` property of
``MeetingTokenProperties`` is ``MeetingTokenPropertiesLang``. Names that depend only on
the path to a schema stay stable when unrelated schemas are added.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..diagnostics import Report, SpecLocation
from ..spec.refs import Node, Workspace
from .defaults import default_problem
from .discriminators import implicit_value, mapping_references
from .ir import (
    ANY,
    Discriminator,
    Enum,
    EnumMember,
    EnumType,
    Field,
    JsonValue,
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
from .naming import NameAllocator, attribute_name, class_name, constant_name, module_name
from .schema_shapes import (
    ARRAY_BOUNDS,
    SCALAR_BOUNDS,
    becomes_a_class,
    constraints,
    enum_value_kind,
    is_ref,
    may_name_a_class,
    required_names,
    scalar_all_of,
)
from .sent_read_only import SentReadOnly
from .text import spec_text

_SCALAR_TYPES = {"string", "integer", "number", "boolean", "null"}
_COMBINATORS: tuple[Literal["oneOf", "anyOf"], ...] = ("oneOf", "anyOf")

MALFORMED = (TypeError, ValueError, KeyError, IndexError, AttributeError)
"""What reading a spec value of an unexpected shape raises (as opposed to a SpecError)."""
# Names a model's class body uses (its methods, and the module-level names its field
# table refers to): a property with one of these names gets a trailing underscore.
MODEL_RESERVED_ATTRIBUTES = ("additional_properties", "to_dict", "from_dict", "codec", "dataclasses")


@dataclass(frozen=True)
class InlineContext:
    """Where an inline schema that became a class stands."""

    title: str | None
    """The schema's ``title``."""
    label: str | None
    """The property or parameter it is the value of (of a union variant or array item too);
    ``None`` for a whole request or response body."""


@dataclass
class SchemaBuilder:
    """Builds types for schemas, collecting the models and enums they need.

    One builder serves a whole spec: every schema reached through the same place
    (a component, or a ``$ref`` target) is built once and shared.
    """

    workspace: Workspace
    report: Report
    class_names: NameAllocator
    schema_name_overrides: Mapping[str, str] = field(default_factory=dict)
    models: dict[str, Model] = field(default_factory=dict)
    enums: dict[str, Enum] = field(default_factory=dict)
    _by_key: dict[str, TypeRef] = field(default_factory=dict)
    _component_names: dict[str, str] = field(default_factory=dict)
    _enum_by_values: dict[tuple[str, tuple[Any, ...]], str] = field(default_factory=dict)
    _module_names: NameAllocator = field(default_factory=NameAllocator)
    _in_progress: set[str] = field(default_factory=set)
    _first_place: dict[int, str] = field(default_factory=dict)
    """id of an inline schema object → the key of the first place it was met: a schema
    that YAML aliases put in several places is built once ("billion laughs" stay small)."""
    contexts: dict[str, InlineContext] = field(default_factory=dict)
    """Class name of each inline model and enum → where it stands (for
    :mod:`generator.model.dedupe`, which names merged types after it)."""
    _label: str | None = None
    """The property or parameter whose schema is being built (inherited by its variants and items)."""
    sent_read_only: SentReadOnly = field(default_factory=SentReadOnly)
    """The readOnly properties the configuration says requests still send."""

    # ------------------------------------------------------------------ components

    def reserve_component_names(self, components: Node | None) -> None:
        """Give every component schema its class name before any inline schema is named."""
        schemas = components.get("schemas") if components else None
        if schemas is None or not isinstance(schemas.value, dict):
            return
        for key in sorted(schemas.value):
            node = schemas.child(key)
            if not becomes_a_class(node.value) and key not in self.schema_name_overrides:
                continue  # aliases, scalars, arrays and maps are inlined where they are used
            preferred = class_name(self.schema_name_overrides.get(key, key))
            alternatives = () if preferred.endswith("Model") else (preferred + "Model",)
            self._component_names[node.key] = self.class_names.claim(preferred, *alternatives)

    def build_components(self, components: Node | None) -> None:
        """Build a type for every component schema, used or not, in a stable order."""
        schemas = components.get("schemas") if components else None
        if schemas is None or not isinstance(schemas.value, dict):
            return
        for key in sorted(schemas.value):
            node = schemas.child(key)
            name = self._component_names.get(node.key) or class_name(key)
            self.type_of(node, name)

    @property
    def spec_named(self) -> frozenset[str]:
        """Class names the spec gives (component schemas and other ``$ref`` targets): the
        spec author's API, never merged or renamed."""
        return frozenset(self._component_names.values())

    @property
    def module_names(self) -> NameAllocator:
        return self._module_names

    # ----------------------------------------------------------------------- types

    def type_of(
        self, node: Node, hint: str, family: str | None = None, *, label: str | None = None
    ) -> TypeRef:
        """The type of the schema at ``node``; ``hint`` names it if it needs a class.

        ``family`` groups the schemas of one property (its union variants and array
        items), so identical inline enums among them become one class. ``label`` is the
        property or parameter name the schema is the value of (kept as its context).
        """
        if label is not None:
            outer, self._label = self._label, label
            try:
                return self.type_of(node, hint, family)
            finally:
                self._label = outer
        family = family or hint
        if isinstance(node.value, dict) and "$ref" in node.value:
            target = self.workspace.resolve(node)
            if target.key in self._by_key:
                return self._by_key[target.key]
            name = self._component_names.get(target.key)
            if name is None:
                name = self.class_names.claim(class_name(place_name(target) or hint))
                self._component_names[target.key] = name
            return self._build_keyed(target, name, family=name)
        if node.key in self._by_key:
            return self._by_key[node.key]
        if isinstance(node.value, dict):
            first = self._first_place.setdefault(id(node.value), node.key)
            if first != node.key and first in self._by_key:
                return self._by_key[first]
        if node.key in self._component_names:
            return self._build_keyed(node, hint, family=hint)
        result = self._build(node, hint, family)
        self._by_key[node.key] = result
        return result

    def _build_keyed(self, node: Node, name: str, family: str) -> TypeRef:
        """Build a schema that other places may also reach, caching its type by location."""
        if node.key in self._by_key:
            return self._by_key[node.key]
        if node.key in self._in_progress:
            # Objects register themselves before their fields are built, so only a
            # union or array that contains itself without an object in between gets here.
            self.report.warn(
                "a schema that contains itself without an object in between is typed as Any",
                node.location,
            )
            return ANY
        self._in_progress.add(node.key)
        # A referenced schema stands on its own, whichever property reached it first.
        outer, self._label = self._label, None
        try:
            result = self._build(node, name, family, keyed=True)
        finally:
            self._in_progress.discard(node.key)
            self._label = outer
        self._by_key[node.key] = result
        return result

    def _build(self, node: Node, hint: str, family: str, *, keyed: bool = False) -> TypeRef:
        schema = node.value
        if isinstance(schema, bool):
            return ANY
        if not isinstance(schema, dict):
            self.report.warn(
                f"a schema must be an object, found {type(schema).__name__}; typed as Any", node.location
            )
            return ANY
        try:
            base = self._build_inner(node, hint, family, keyed=keyed)
        except MALFORMED as exc:
            # A keyword of the wrong shape (``allOf: 5``): the validator has reported it;
            # this schema degrades to Any (the raw JSON is kept) instead of stopping the run.
            self.report.warn(
                f"this schema is malformed ({_describe(exc)}); it is typed as Any", node.location
            )
            return ANY
        if schema.get("nullable") is True and not isinstance(base, NullableType) and base != ANY:
            return NullableType(base)
        return base

    def _build_inner(self, node: Node, hint: str, family: str, *, keyed: bool) -> TypeRef:
        schema: dict[str, Any] = node.value
        if "allOf" in schema:
            return self._all_of(node, hint, keyed=keyed)
        for combinator in _COMBINATORS:
            if combinator in schema and isinstance(schema[combinator], list):
                return self._union(node, combinator, hint, family)
        if "const" in schema:
            return self._literal(node)
        if "enum" in schema and isinstance(schema["enum"], list):
            return self._enum(node, hint, family, keyed=keyed)
        declared = schema.get("type")
        if isinstance(declared, list):
            return self._type_list(node, declared, hint, family)
        if declared == "array" or (declared is None and "items" in schema):
            items = node.get("items")
            bounds = constraints(schema, ARRAY_BOUNDS)
            if items is None:
                return ListType(ANY, bounds)
            return ListType(self.type_of(items, hint + "Item", family), bounds)
        if declared == "object" or (
            declared is None and ("properties" in schema or "additionalProperties" in schema)
        ):
            return self._object(node, hint, keyed=keyed)
        if declared in _SCALAR_TYPES:
            return self._scalar(declared, schema)
        if declared is not None:
            self.report.warn(f"unknown schema type {declared!r}; typed as Any", node.location.child("type"))
        return ANY

    @staticmethod
    def _scalar(declared: str, schema: dict[str, Any]) -> ScalarType:
        fmt = schema.get("format") if isinstance(schema.get("format"), str) else None
        if declared == "string" and fmt == "binary":
            return ScalarType("binary", fmt)
        return ScalarType(declared, fmt, constraints(schema, SCALAR_BOUNDS))  # type: ignore[arg-type]

    def _type_list(self, node: Node, declared: list[Any], hint: str, family: str) -> TypeRef:
        kinds = [k for k in declared if isinstance(k, str)]
        nullable = "null" in kinds
        variants: list[TypeRef] = []
        for kind in kinds:
            if kind == "null":
                continue
            single = Node({**node.value, "type": kind}, node.document, node.pointer)
            variants.append(self._build_inner(single, hint, family, keyed=False))
        if not variants:
            return ScalarType("null")
        inner = variants[0] if len(variants) == 1 else UnionType(tuple(variants))
        return NullableType(inner) if nullable else inner

    # ---------------------------------------------------------------------- enums

    def _literal(self, node: Node) -> TypeRef:
        value = node.value["const"]
        if isinstance(value, (dict, list)):
            self.report.warn("a non-scalar const is typed as Any", node.location.child("const"))
            return ANY
        return LiteralType(value)

    def _enum(self, node: Node, hint: str, family: str, *, keyed: bool) -> TypeRef:
        raw_values: list[Any] = node.value["enum"]
        nullable = any(v is None for v in raw_values)
        values: list[str | int | float | bool] = []
        for index, value in enumerate(raw_values):
            if value is None:
                continue
            if isinstance(value, (dict, list)):
                self.report.warn(
                    "an enum value that is an object or array is not supported; the enum is typed as Any",
                    node.location.child("enum", index),
                )
                return ANY
            if value not in values:
                values.append(value)
        if not values:
            return ScalarType("null")
        if not keyed and values == [""]:
            # Stripe's "unset" idiom (``anyOf: [{...}, {enum: [""]}]``): a class for it would
            # take the property's name from the real type beside it.
            return NullableType(LiteralType("")) if nullable else LiteralType("")
        kinds = {enum_value_kind(v) for v in values}
        value_kind = kinds.pop() if len(kinds) == 1 else "mixed"
        key = (family, tuple((type(v).__name__, v) for v in values))
        name = None if keyed else self._enum_by_values.get(key)
        if name is None:
            # Inline enums are named after the property they belong to (the family), not
            # after the union variant or array item they sit in.
            name = hint if keyed else self._claim_inline(family, node)
            if not keyed:
                self._enum_by_values[key] = name
            members = NameAllocator(["name", "value"])
            self.enums[name] = Enum(
                name=name,
                module=self._module_names.claim(module_name(name)),
                members=tuple(EnumMember(members.claim(constant_name(v)), v) for v in values),
                value_kind=value_kind,  # type: ignore[arg-type]
                source=node.location,
                description=spec_text(node.value.get("description")),
            )
        result: TypeRef = EnumType(name, self.enums[name].value_kind)
        return NullableType(result) if nullable else result

    # --------------------------------------------------------------------- unions

    def _union(self, node: Node, combinator: Literal["oneOf", "anyOf"], hint: str, family: str) -> TypeRef:
        members = node.child(combinator)
        variants: list[TypeRef] = []
        nullable = False
        named = [index for index, member in enumerate(members.value) if may_name_a_class(member)]
        for index in range(len(members.value)):
            variant_node = members.child(index)
            # The one variant that needs a class takes the union's own name (the address
            # beside Stripe's ``""``, the range beside its integer): no ``Variant1`` to read.
            variant_hint = hint if named == [index] else f"{hint}Variant{index + 1}"
            variant = self.type_of(variant_node, variant_hint, family)
            for part in _flatten(variant):
                if part == ScalarType("null"):
                    nullable = True
                elif isinstance(part, NullableType):
                    nullable = True
                    if part.inner not in variants:
                        variants.append(part.inner)
                elif part not in variants:
                    variants.append(part)
        if not variants:
            return ScalarType("null")
        if ANY in variants:
            inner: TypeRef = ANY
        elif len(variants) == 1:
            inner = variants[0]
        else:
            inner = UnionType(tuple(variants), self._discriminator(node, variants), combinator)
        return NullableType(inner) if nullable and inner != ANY else inner

    def _discriminator(self, node: Node, variants: list[TypeRef]) -> Discriminator | None:
        spec = node.value.get("discriminator")
        if not isinstance(spec, dict) or not isinstance(spec.get("propertyName"), str):
            return None
        mapping: dict[str, str] = {}
        for value, reference in mapping_references(node, self.workspace, self.report):
            resolved = self.type_of(reference, class_name(value))
            if isinstance(resolved, ModelType):
                mapping[value] = resolved.name
        for variant in variants:
            # Without an explicit entry, a variant is chosen by its schema (component) name.
            if isinstance(variant, ModelType) and variant.name not in mapping.values():
                component = next((k for k, v in self._component_names.items() if v == variant.name), None)
                if component is not None:
                    mapping.setdefault(implicit_value(component), variant.name)
        return Discriminator(spec["propertyName"], tuple(mapping.items()))

    # -------------------------------------------------------------------- objects

    def _object(self, node: Node, hint: str, *, keyed: bool) -> TypeRef:
        schema = node.value
        properties = schema.get("properties")
        additional = self._additional(node, hint)
        if not isinstance(properties, dict) or not properties:
            closed = schema.get("additionalProperties") is False and not schema.get("patternProperties")
            return MapType(additional if additional is not None else ANY, closed)
        name = hint if keyed else self._claim_inline(hint, node)
        model_type = ModelType(name)
        self._by_key[node.key] = model_type
        fields = self._fields(node, name, [(node, properties)], set(required_names(schema)))
        self._add_model(node, name, fields, additional)
        return model_type

    def _additional(self, node: Node, hint: str) -> TypeRef | None:
        extra = node.get("additionalProperties")
        if extra is None or isinstance(extra.value, bool):
            return None
        return self.type_of(extra, hint + "Value")

    def _all_of(self, node: Node, hint: str, *, keyed: bool) -> TypeRef:
        schema = node.value
        parts = node.child("allOf")
        own_shape = any(k in schema for k in ("properties", "additionalProperties", "oneOf", "anyOf"))
        if len(parts.value) == 1 and not own_shape:
            result = self.type_of(parts.child(0), hint)
            if schema.get("nullable") is True and not isinstance(result, NullableType):
                return NullableType(result)
            return result
        sources: list[tuple[Node, dict[str, Any]]] = []
        required: set[str] = set(required_names(schema))
        additional: TypeRef | None = None
        for index in range(len(parts.value)):
            self._collect_all_of(parts.child(index), sources, required)
        if isinstance(schema.get("properties"), dict):
            sources.append((node, schema["properties"]))
        if not any(props for _, props in sources):
            # allOf of non-object schemas (e.g. constraints on a string): use the first typed part
            # (only it is built: building a part can name a class).
            for index in range(len(parts.value)):
                part_type = self.type_of(parts.child(index), hint)
                if part_type != ANY:
                    return scalar_all_of(part_type, self._declared_types(parts))
            return ANY
        name = hint if keyed else self._claim_inline(hint, node)
        self._by_key[node.key] = ModelType(name)
        additional = self._additional(node, name)
        fields = self._fields(node, name, sources, required)
        self._add_model(node, name, fields, additional)
        return ModelType(name)

    def _declared_types(self, parts: Node) -> set[str]:
        """The single ``type`` each part of an ``allOf`` declares (``$ref``s followed)."""
        declared: set[str] = set()
        for index in range(len(parts.value)):
            part = self.workspace.resolve(parts.child(index))
            kind = part.value.get("type") if isinstance(part.value, dict) else None
            if isinstance(kind, str):
                declared.add(kind)
        return declared

    def _collect_all_of(
        self, part: Node, sources: list[tuple[Node, dict[str, Any]]], required: set[str]
    ) -> None:
        resolved = self.workspace.resolve(part)
        schema = resolved.value
        if not isinstance(schema, dict):
            return
        if is_ref(part.value) and resolved.document is not self.workspace.root and becomes_a_class(schema):
            # A schema in a file of its own is what a bundler makes a component: a class
            # of its own, as in the bundled form, though only its properties are merged here.
            self.type_of(part, "")
        required.update(required_names(schema))
        for index in range(len(schema.get("allOf", []) or [])):
            self._collect_all_of(resolved.child("allOf", index), sources, required)
        if isinstance(schema.get("properties"), dict):
            sources.append((resolved, schema["properties"]))

    def _fields(
        self,
        owner: Node,
        model_name: str,
        sources: list[tuple[Node, dict[str, Any]]],
        required: set[str],
    ) -> tuple[Field, ...]:
        by_wire: dict[str, Field] = {}
        origin: dict[str, SpecLocation] = {}
        attributes = NameAllocator(MODEL_RESERVED_ATTRIBUTES)
        names: dict[str, str] = {}
        for source, properties in sources:
            for wire in properties:
                prop = source.child("properties", wire)
                built = self.property_field(prop, wire, model_name, wire in required)
                if built.read_only:
                    built = self.sent_read_only.applied(built, owner, source)
                if wire not in names:
                    names[wire] = attributes.claim(attribute_name(wire), attribute_name(wire) + "_")
                built = _with_name(built, names[wire])
                previous = by_wire.get(wire)
                if previous is not None and previous.type != built.type:
                    self.report.warn(
                        f"allOf members define property '{wire}' with different types; "
                        f"the last definition wins (the first is at #{origin[wire].pointer})",
                        prop.location,
                    )
                by_wire[wire] = built
                origin[wire] = prop.location
        return tuple(by_wire.values())

    def property_field(self, prop: Node, wire: str, owner_name: str, required: bool) -> Field:
        """A field for the property schema at ``prop`` (its attribute name is set by the caller)."""
        field_type = self.type_of(prop, owner_name + class_name(wire, fallback="Field"), label=wire)
        target = self.workspace.resolve(prop) if is_ref(prop.value) else prop
        described = prop.value if isinstance(prop.value, dict) else {}
        schema = target.value if isinstance(target.value, dict) else {}
        description = spec_text(described.get("description")) or spec_text(schema.get("description"))
        has_default = "default" in described or "default" in schema
        default = described.get("default", schema.get("default"))
        if has_default:
            self.check_default(schema, default, (prop if "default" in described else target).child("default"))
        return Field(
            name=attribute_name(wire),
            wire_name=wire,
            type=field_type,
            required=required,
            description=description,
            default=default,
            has_default=has_default,
            read_only=bool(described.get("readOnly", schema.get("readOnly", False))),
            write_only=bool(described.get("writeOnly", schema.get("writeOnly", False))),
            deprecated=bool(described.get("deprecated", schema.get("deprecated", False))),
            examples=declared_examples(described) or declared_examples(schema),
        )

    def check_default(self, schema: dict[str, Any], value: Any, where: Node) -> None:
        """Warn about a ``default`` that its own schema does not allow (documented, never sent)."""
        problem = default_problem(schema, value)
        if problem is not None:
            self.report.warn(f"invalid default: {problem}; it is only documented", where.location)

    def _claim_inline(self, preferred: str, node: Node) -> str:
        """A class name for an inline schema, its context noted."""
        name = self.class_names.claim(preferred)
        title = node.value.get("title") if isinstance(node.value, dict) else None
        self.contexts[name] = InlineContext(title if isinstance(title, str) else None, self._label)
        return name

    def _add_model(
        self, node: Node, name: str, fields: tuple[Field, ...], additional: TypeRef | None
    ) -> None:
        schema = node.value
        examples = declared_examples(schema)
        self.models[name] = Model(
            name=name,
            module=self._module_names.claim(module_name(name)),
            fields=fields,
            source=node.location,
            description=spec_text(schema.get("description")),
            additional=additional if additional is not None else ANY,
            deprecated=bool(schema.get("deprecated", False)),
            examples=examples,
        )


def declared_examples(spec: Any) -> tuple[JsonValue, ...]:
    """The examples a spec object declares, in order: ``example``, then ``examples``.

    ``examples`` is a list on 3.1 schemas, and a map of Example Objects (their inline
    ``value``) on parameters and media types. Referenced Example Objects are not followed:
    examples only ever feed the docs.
    """
    if not isinstance(spec, dict):
        return ()
    found: list[JsonValue] = [spec["example"]] if "example" in spec else []
    listed = spec.get("examples")
    if isinstance(listed, list):
        found.extend(listed)
    elif isinstance(listed, dict):
        found.extend(e["value"] for e in listed.values() if isinstance(e, dict) and "value" in e)
    return tuple(found)


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"


def _with_name(f: Field, name: str) -> Field:
    return replace(f, name=name)


def _flatten(t: TypeRef) -> list[TypeRef]:
    if isinstance(t, UnionType) and t.discriminator is None:
        return list(t.variants)
    return [t]


def _last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")


def place_name(node: Node) -> str:
    """What a referenced place is called: the last token of its pointer, or for a whole
    file (``$ref: models/droplet.yml``) the file's stem, as bundlers name it."""
    return _last_token(node.pointer) or (node.document.path.stem if node.document.path.suffix else "")
