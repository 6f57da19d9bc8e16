"""A union records the keyword it came from: ``oneOf`` (exactly one variant) or ``anyOf``
(one or more). Values built for tests and docs, and decoding, read it; a ``type`` list is an
``anyOf`` of its types."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model.ir import ModelType, NullableType, ScalarType, UnionType

from support.specs import build, minimal

_CAT = {"type": "object", "properties": {"name": {"type": "string"}}}
_DOG = {"type": "object", "properties": {"name": {"type": "string"}, "barks": {"type": "boolean"}}}


def _field_types(tmp_path: Path, properties: dict[str, Any], version: str = "3.1.0") -> dict[str, Any]:
    schemas = {"Cat": _CAT, "Dog": _DOG, "Owner": {"type": "object", "properties": properties}}
    api, _ = build(tmp_path, minimal(schemas=schemas, version=version))
    owner = next(m for m in api.models if m.name == "Owner")
    return {f.wire_name: f.type for f in owner.fields}


def test_one_of_and_any_of_are_told_apart(tmp_path: Path) -> None:
    pets = [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]
    types = _field_types(tmp_path, {"one": {"oneOf": pets}, "any": {"anyOf": pets}})
    variants = (ModelType("Cat"), ModelType("Dog"))
    assert types["one"] == UnionType(variants, combinator="oneOf")
    assert types["any"] == UnionType(variants, combinator="anyOf")
    assert types["one"] != types["any"]


def test_a_type_list_is_an_any_of_and_null_stays_nullability(tmp_path: Path) -> None:
    types = _field_types(
        tmp_path,
        {
            "listed": {"type": ["string", "integer"]},
            "nullable_one": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"type": "null"}, _DOG]},
        },
    )
    assert types["listed"] == UnionType((ScalarType("string"), ScalarType("integer")), combinator="anyOf")
    nullable = types["nullable_one"]
    assert isinstance(nullable, NullableType) and isinstance(nullable.inner, UnionType)
    assert nullable.inner.combinator == "oneOf"
