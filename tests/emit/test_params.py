"""How request objects become typed dicts (:mod:`generator.emit.params`): names, annotations, and
when a typed dict needs ``TypedDict``'s functional syntax."""

from __future__ import annotations

import pytest

from generator.diagnostics import SpecLocation
from generator.emit.params import DEFAULT_PARAMS, param_hint, param_name, param_view
from generator.model.ir import Field, ListType, MapType, Model, ModelType, NullableType, ScalarType

STRING = ScalarType("string")


def _model(*fields: Field) -> Model:
    return Model("Thing", "thing", fields, SpecLocation("openapi.yaml", "/components/schemas/Thing"))


def _field(wire: str, t: ScalarType | ModelType = STRING, required: bool = False) -> Field:
    return Field(wire.strip("_-").replace("-", "_") or "x", wire, t, required)


def test_a_typed_dict_is_named_after_its_model_and_never_takes_a_taken_name() -> None:
    assert param_name("Room") == "RoomParam"
    assert param_name("Room", frozenset({"RoomParam"})) == "RoomParams"
    assert param_name("Room", frozenset({"RoomParam", "RoomParams"})) == "RoomParamDict"
    assert param_name("Room", {"RoomParam", "RoomParams", "RoomParamDict"}) == "RoomParam2"
    assert param_name("CustomerParam") == "CustomerParamDict"  # not CustomerParamParam


def test_a_request_value_takes_the_typed_dict_and_the_model_outside_a_typed_dict_only() -> None:
    room = ModelType("Room")
    assert param_hint(room, DEFAULT_PARAMS).flat() == "RoomParam | Room"
    assert param_hint(room, DEFAULT_PARAMS, models=False).flat() == "RoomParam"
    # Covariant containers where a model is inside: a ``list[Room]`` the caller has still fits.
    assert param_hint(ListType(room), DEFAULT_PARAMS).flat() == "Sequence[RoomParam | Room]"
    assert param_hint(MapType(room), DEFAULT_PARAMS).flat() == "Mapping[str, RoomParam | Room]"
    assert param_hint(ListType(STRING), DEFAULT_PARAMS).flat() == "list[str]"
    assert param_hint(NullableType(room), DEFAULT_PARAMS).flat() == "RoomParam | Room | None"
    when = ScalarType("string", "date-time")
    assert param_hint(when, DEFAULT_PARAMS, text=True).flat() == "datetime.datetime | str"


def test_keys_are_json_names_and_required_ones_say_so() -> None:
    view = param_view(
        _model(_field("roomName", required=True), _field("owner", ModelType("User"))), DEFAULT_PARAMS
    )
    assert [(k.key, k.hint.flat()) for k in view.keys] == [
        ("roomName", "Required[str]"),
        ("owner", "UserParam"),
    ]
    assert not view.functional


@pytest.mark.parametrize(
    "key",
    [
        "user-id",  # no identifier
        "class",  # a keyword
        "__secret",  # name-mangled in a class body
        "str",  # shadows the ``str`` another key's annotation spells
    ],
)
def test_a_key_that_cannot_be_a_class_attribute_takes_the_functional_syntax(key: str) -> None:
    view = param_view(_model(_field(key), _field("name")), DEFAULT_PARAMS)
    assert view.functional
    call = view.functional_call.flat()
    assert call.startswith('TypedDict("ThingParam", {') and f'"{key}": "str"' in call
