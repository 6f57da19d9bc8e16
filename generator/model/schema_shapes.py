"""What a raw JSON schema is, read without building it: whether it will need a class name,
its bounds, its required names, the kind of its enum values.

Pure functions of spec values, used by :mod:`generator.model.schemas` as it builds types.
"""

from __future__ import annotations

from typing import Any

from .ir import JsonValue, ScalarType, TypeRef

SCALAR_BOUNDS = (
    "exclusiveMaximum",
    "exclusiveMinimum",
    "maxLength",
    "maximum",
    "minLength",
    "minimum",
    "multipleOf",
    "pattern",
)
ARRAY_BOUNDS = ("maxItems", "minItems")


_SCALAR_KINDS = frozenset({"string", "integer", "number", "boolean", "null"})


def scalar_all_of(first: TypeRef, declared: set[str]) -> TypeRef:
    """``first``, an ``allOf``'s first typed part; when its parts declare scalar ``type``s no
    value has at once (a ``string`` and an ``integer``), an ``unsatisfiable`` constraint says so
    (the tests' values then know no valid value exists)."""
    kinds = declared & _SCALAR_KINDS
    if kinds == {"integer", "number"} or len(kinds) < 2 or not isinstance(first, ScalarType):
        return first
    reason = f"an allOf of {' and '.join(sorted(kinds))}: no value is both"
    return ScalarType(first.kind, first.format, (*first.constraints, ("unsatisfiable", reason)))


_SCALAR_VALUES = (bool, int, float, str)


def constraints(schema: dict[str, Any], keywords: tuple[str, ...]) -> tuple[tuple[str, JsonValue], ...]:
    """The bounds of ``schema`` among ``keywords`` that have a scalar value, in keyword order."""
    # (Called for every schema node: only the keywords present are looked at.)
    return tuple((k, schema[k]) for k in keywords if k in schema and isinstance(schema[k], _SCALAR_VALUES))


def becomes_a_class(schema: Any) -> bool:
    """Whether a component schema will be a model or an enum (and so needs a class name)."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    if "enum" in schema or "allOf" in schema:
        return True
    properties = schema.get("properties")
    return isinstance(properties, dict) and bool(properties)


def may_name_a_class(schema: Any) -> bool:
    """Whether an inline union member may claim a class name from the hint it is given (an
    enum, an object with properties, a combination that may hold one, or an array or map of
    such); a ``$ref`` is named by its target and an empty-string enum is a literal."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return False
    if isinstance(schema.get("enum"), list):
        return [v for v in schema["enum"] if v is not None] != [""]
    if any(key in schema for key in ("allOf", "oneOf", "anyOf")):
        return True
    if may_name_a_class(schema.get("items")) or may_name_a_class(schema.get("additionalProperties")):
        return True  # its items (values) are named after it
    properties = schema.get("properties")
    return isinstance(properties, dict) and bool(properties)


def required_names(schema: dict[str, Any]) -> list[str]:
    value = schema.get("required")
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def is_ref(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("$ref"), str)


def enum_value_kind(value: object) -> str:
    if isinstance(value, bool):
        return "mixed"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"
