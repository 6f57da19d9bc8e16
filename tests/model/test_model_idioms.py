"""Spec idioms the model turns into the types a user would write: Stripe's ``""`` for "unset",
the one class of a union taking the union's name, and the empty body some specs declare on
GETs (dropped, with a note)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.cache import Cache
from generator.diagnostics import Report, Severity
from generator.model.fidelity import check_fidelity
from generator.model.ir import Api, LiteralType, ModelType, NullableType, Operation, ScalarType, UnionType
from generator.pipeline import load

from support.specs import build, minimal, settings_for

ADDRESS = {
    "type": "object",
    "properties": {"city": {"type": "string"}, "line1": {"type": "string"}},
}
EMPTY_STRING = {"type": "string", "enum": [""]}


def _operation(api: Api, method: str, path: str) -> Operation:
    return next(op for op, _ in api.operations if op.http_method == method and op.path == path)


def _customer_spec(address: dict[str, Any]) -> dict[str, Any]:
    body = {"type": "object", "properties": {"address": address}}
    return minimal(
        {
            "/customers": {
                "post": {
                    "operationId": "PostCustomers",
                    "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": body}}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )


def test_an_empty_string_enum_is_a_literal_and_the_address_takes_the_name(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _customer_spec({"anyOf": [ADDRESS, EMPTY_STRING]}))
    body = _operation(api, "POST", "/customers").body
    assert body is not None and body.model is not None
    address = next(f for f in api.models if f.name == body.model).fields[0]
    assert address.type == UnionType((ModelType("PostCustomersRequestAddress"), LiteralType("")))
    assert api.enums == ()
    assert [m.name for m in api.models] == ["PostCustomersRequest", "PostCustomersRequestAddress"]


def test_a_nullable_empty_string_enum_is_a_nullable_literal(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _customer_spec({"enum": ["", None]}))
    field = api.models[0].fields[0]
    assert field.type == NullableType(LiteralType(""))


def test_a_component_enum_of_the_empty_string_keeps_its_class(tmp_path: Path) -> None:
    """A component's name is the spec author's API: it stays a class."""
    document = minimal(schemas={"Blank": EMPTY_STRING})
    api, _ = build(tmp_path, document)
    assert [e.name for e in api.enums] == ["Blank"]


def test_union_variants_are_numbered_when_two_need_a_class(tmp_path: Path) -> None:
    other = {"type": "object", "properties": {"country": {"type": "string"}}}
    api, _ = build(tmp_path, _customer_spec({"anyOf": [ADDRESS, other, {"type": "integer"}]}))
    names = sorted(m.name for m in api.models)
    assert names == [
        "PostCustomersRequest",
        "PostCustomersRequestAddressVariant1",
        "PostCustomersRequestAddressVariant2",
    ]


def test_the_items_of_the_one_array_variant_take_the_union_name(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _customer_spec({"anyOf": [{"type": "array", "items": ADDRESS}, EMPTY_STRING]}))
    assert sorted(m.name for m in api.models) == ["PostCustomersRequest", "PostCustomersRequestAddressItem"]


# ------------------------------------------------------------------------ empty bodies


def _list_spec(method: str, schema: dict[str, Any] | None) -> dict[str, Any]:
    media: dict[str, Any] = {} if schema is None else {"schema": schema}
    return minimal(
        {
            "/things": {
                method: {
                    "operationId": "ListThings",
                    "parameters": [{"name": "limit", "in": "query", "schema": {"type": "integer"}}],
                    "requestBody": {"content": {"application/x-www-form-urlencoded": media}},
                    "responses": {"200": {"description": "ok"}},
                }
            }
        }
    )


EMPTY_SCHEMAS = [
    {"type": "object", "properties": {}, "additionalProperties": False},
    {"type": "object", "properties": {}},
    {"type": "object", "description": "nothing", "x-stripe": True},
    {},
    None,
]


def test_an_empty_body_on_a_get_head_or_delete_is_dropped_with_a_note(tmp_path: Path) -> None:
    for index, schema in enumerate(EMPTY_SCHEMAS):
        for method in ("get", "head", "delete"):
            folder = tmp_path / f"{method}{index}"
            folder.mkdir()
            api, report = build(folder, _list_spec(method, schema))
            operation = _operation(api, method.upper(), "/things")
            assert operation.body is None, (method, schema)
            assert [p.name for p in operation.parameters] == ["limit"]
            notes = [d for d in report.diagnostics if d.severity is Severity.NOTE]
            assert [n.location.pointer for n in notes if n.location] == [
                f"/paths/~1things/{method}/requestBody"
            ]
            assert "dropped" in notes[0].message and method.upper() in notes[0].message
            # The fidelity check knows the drop is deliberate.
            assert check_fidelity_losses(folder, api) == []


def check_fidelity_losses(folder: Path, api: Api) -> list[str]:
    report = Report()
    workspace = load(settings_for(folder / "openapi.yaml"), report, Cache(None), run_validator=False)
    return [loss.what for loss in check_fidelity(workspace, api, report).losses]


def test_a_body_that_says_something_is_kept(tmp_path: Path) -> None:
    kept = [
        ("get", {"type": "object", "properties": {"expand": {"type": "array", "items": {"type": "string"}}}}),
        ("get", {"type": "object", "additionalProperties": {"type": "string"}}),
        ("get", {"type": "object", "required": ["x"]}),
        ("get", {"type": "array", "items": {"type": "string"}}),
        ("get", {"type": "object", "properties": {}, "allOf": [{"$ref": "#/components/schemas/Thing"}]}),
        ("post", {"type": "object", "properties": {}}),
    ]
    for index, (method, schema) in enumerate(kept):
        folder = tmp_path / str(index)
        folder.mkdir()
        document = _list_spec(method, schema)
        document["components"] = {"schemas": {"Thing": ADDRESS}}
        api, report = build(folder, document)
        assert _operation(api, method.upper(), "/things").body is not None, schema
        assert not any("dropped" in d.message for d in report.diagnostics)


def test_a_kept_get_body_with_properties_becomes_keyword_arguments(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"expand": {"type": "string"}}}
    api, _ = build(tmp_path, _list_spec("get", schema))
    body = _operation(api, "GET", "/things").body
    assert body is not None and [f.argument for f in body.fields] == ["expand"]
    assert body.fields[0].field.type == ScalarType("string")
