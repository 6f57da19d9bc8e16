"""Values built for a union respect its keyword: a ``oneOf`` needs a value only one variant
accepts (``null`` where none exists and null is allowed), an ``anyOf`` takes any variant's
value, as several may match it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.emit.brackets import flat
from generator.emit.values import Values
from generator.model.ir import Api, ModelType

from support.specs import build, minimal

# Neither requires anything: the value built for one is accepted by the other.
_CAT = {"type": "object", "properties": {"name": {"type": "string"}}}
_DOG = {"type": "object", "properties": {"name": {"type": "string"}, "barks": {"type": "boolean"}}}
_PETS = [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]


def _api(tmp_path: Path, properties: dict[str, Any]) -> Api:
    schemas = {"Cat": _CAT, "Dog": _DOG, "Owner": {"type": "object", "properties": properties}}
    api, _ = build(tmp_path, minimal(schemas=schemas, version="3.1.0"))
    return api


def _type(api: Api, wire: str) -> Any:
    owner = next(m for m in api.models if m.name == "Owner")
    return next(f.type for f in owner.fields if f.wire_name == wire)


def test_a_nullable_any_of_of_objects_gets_a_value_where_a_one_of_gets_null(tmp_path: Path) -> None:
    api = _api(
        tmp_path,
        {
            "one": {"oneOf": [*_PETS, {"type": "null"}]},
            "any": {"anyOf": [*_PETS, {"type": "null"}]},
        },
    )
    values = Values(api)
    assert values.ambiguous(_type(api, "one"))
    assert not values.ambiguous(_type(api, "any"))
    assert flat(values.value(_type(api, "one"), 0, set())) == "None"
    imports: set[str] = set()
    assert flat(values.value(_type(api, "any"), 0, imports)).startswith("Cat(")
    assert imports == {"Cat"}


def test_an_any_of_takes_its_variants_in_the_spec_order(tmp_path: Path) -> None:
    """``Walker`` requires ``barks``; ``Cat`` requires nothing, so it accepts a walker's value
    too. A ``oneOf`` must take the cat (no walker rejects it); an ``anyOf`` takes the first."""
    walker = {"type": "object", "required": ["barks"], "properties": {"barks": {"type": "boolean"}}}
    ordered = [walker, {"$ref": "#/components/schemas/Cat"}]
    api = _api(tmp_path, {"one": {"oneOf": ordered}, "any": {"anyOf": ordered}})
    values = Values(api)
    assert flat(values.value(_type(api, "one"), 0, set())).startswith("Cat(")
    assert flat(values.value(_type(api, "any"), 0, set())).endswith("(barks=True)")  # the walker


def test_the_model_of_an_optional_any_of_field_is_filled_in(tmp_path: Path) -> None:
    """The "every argument" value of a model leaves out an ambiguous ``oneOf`` field, never an
    ``anyOf`` one."""
    api = _api(tmp_path, {"one": {"oneOf": _PETS}, "any": {"anyOf": _PETS}})
    built = flat(Values(api).value(ModelType("Owner"), 0, set(), complete=True))
    assert "any=Cat(" in built
    assert "one=" not in built
