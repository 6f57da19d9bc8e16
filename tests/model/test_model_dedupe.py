"""Structurally identical inline schemas are one class, named after what their uses share
(:mod:`generator.model.dedupe`); component schemas are never merged, and a merged name does
not change when unrelated schemas are added."""

from __future__ import annotations

import copy
import importlib
import inspect
from pathlib import Path
from typing import Any

from generator.diagnostics import Severity
from generator.model.ir import Api, EnumType, ModelType, ScalarType, UnionType

from support.specs import build, import_sdk, minimal

RANGE = {
    "type": "object",
    "title": "range_query_specs",
    "properties": {name: {"type": "integer"} for name in ("gt", "gte", "lt", "lte")},
}


def _filter(name: str, schema: dict[str, Any] | None = None) -> dict[str, Any]:
    # Copies: YAML would make one object used twice an alias, which is built once anyway.
    variant = copy.deepcopy(schema or RANGE)
    return {"name": name, "in": "query", "schema": {"anyOf": [variant, {"type": "integer"}]}}


def _list(operation_id: str, *parameters: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": operation_id,
            "parameters": list(parameters),
            "responses": {"200": {"description": "ok"}},
        }
    }


def _names(api: Api) -> list[str]:
    return sorted([m.name for m in api.models] + [e.name for e in api.enums])


def _parameter_type(api: Api, path: str, name: str) -> Any:
    operation = next(op for op, _ in api.operations if op.path == path)
    return next(p.type for p in operation.parameters if p.name == name)


def test_the_same_filter_on_every_list_is_one_class_named_after_the_property(tmp_path: Path) -> None:
    paths = {
        f"/{thing}": _list(f"List{thing.title()}", _filter("created"))
        for thing in ("charges", "coupons", "refunds")
    }
    api, report = build(tmp_path, minimal(paths))
    assert _names(api) == ["Created"]
    for path in paths:
        assert _parameter_type(api, path, "created") == UnionType(
            (ModelType("Created"), ScalarType("integer"))
        )
    notes = [d for d in report.diagnostics if d.severity is Severity.NOTE and d.kind == "merged-types"]
    assert [n.message for n in notes] == ["3 identical inline schemas are one class, Created"]
    assert notes[0].location is not None and notes[0].location.pointer.startswith("/paths/~1charges/")


def test_uses_under_different_properties_take_the_title(tmp_path: Path) -> None:
    paths = {
        "/charges": _list("ListCharges", _filter("created")),
        "/payouts": _list("ListPayouts", _filter("created"), _filter("arrival_date")),
    }
    api, _ = build(tmp_path, minimal(paths))
    assert _names(api) == ["RangeQuerySpecs"]
    assert _parameter_type(api, "/payouts", "arrival_date") == _parameter_type(api, "/charges", "created")


def test_without_a_title_the_most_common_property_names_the_class(tmp_path: Path) -> None:
    untitled = {k: v for k, v in RANGE.items() if k != "title"}
    paths = {
        "/charges": _list("ListCharges", _filter("created", untitled)),
        "/payouts": _list("ListPayouts", _filter("created", untitled), _filter("arrival_date", untitled)),
    }
    api, _ = build(tmp_path, minimal(paths))
    assert _names(api) == ["Created"]


def test_a_name_a_component_holds_goes_to_the_next_candidate(tmp_path: Path) -> None:
    paths = {
        f"/{thing}": _list(f"List{thing.title()}", _filter("created")) for thing in ("charges", "coupons")
    }
    api, _ = build(tmp_path, minimal(paths, schemas={"Created": {"type": "string", "enum": ["x"]}}))
    assert _names(api) == ["Created", "RangeQuerySpecs"]
    assert _parameter_type(api, "/coupons", "created").variants[0] == ModelType("RangeQuerySpecs")


def test_component_schemas_are_never_merged(tmp_path: Path) -> None:
    schemas = {
        "Range": RANGE,
        "Window": copy.deepcopy(RANGE),
        "Mode": {"enum": ["a"]},
        "Kind": {"enum": ["a"]},
    }
    api, _ = build(tmp_path, minimal(schemas=schemas))
    assert _names(api) == ["Kind", "Mode", "Range", "Window"]


def test_parents_whose_children_merge_are_merged_too(tmp_path: Path) -> None:
    def body(property_name: str) -> dict[str, Any]:
        address = {"type": "object", "properties": {"city": {"type": "string"}}}
        shipping = {"type": "object", "properties": {"name": {"type": "string"}, "address": address}}
        return {"type": "object", "properties": {property_name: shipping}}

    paths = {
        f"/{thing}": {
            "post": {
                "operationId": f"Create{thing}",
                "requestBody": {"content": {"application/json": {"schema": body("shipping")}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
        for thing in ("orders", "customers")
    }
    api, _ = build(tmp_path, minimal(paths))
    # The bodies themselves have no context (a name from one operation would mislead the other).
    assert _names(api) == ["Address", "CreatecustomersRequest", "CreateordersRequest", "Shipping"]
    shipping = next(m for m in api.models if m.name == "Shipping")
    assert shipping.fields[1].type == ModelType("Address")
    for op, _ in api.operations:
        assert op.body is not None and op.body.fields[0].field.type == ModelType("Shipping")


def _with_descriptions(schema_text: str | None, field_text: str | None) -> dict[str, Any]:
    schema: dict[str, Any] = copy.deepcopy(RANGE)
    if schema_text is not None:
        schema["description"] = schema_text
    if field_text is not None:
        schema["properties"]["gt"]["description"] = field_text
    return schema


def test_descriptions_of_the_whole_schema_may_differ_those_of_fields_may_not(tmp_path: Path) -> None:
    cases = {
        "same": (("Filter.", None), ("Filter.", None), 1, "Filter."),
        "schema_differs": (("On created.", None), ("On arrival.", None), 1, None),
        "field_differs": ((None, "After."), (None, "Later than."), 2, None),
    }
    for case, (first, second, classes, description) in cases.items():
        folder = tmp_path / case
        folder.mkdir()
        paths = {
            "/charges": _list("ListCharges", _filter("created", _with_descriptions(*first))),
            "/payouts": _list("ListPayouts", _filter("created", _with_descriptions(*second))),
        }
        api, _ = build(folder, minimal(paths))
        assert len(api.models) == classes, case
        if classes == 1:
            assert api.models[0].description == description, case


def test_identical_inline_enums_are_one_enum(tmp_path: Path) -> None:
    status = {"type": "string", "enum": ["active", "archived"]}
    schemas = {
        name: {
            "type": "object",
            "properties": {"status": copy.deepcopy(status), "other": {"type": "string", "enum": ["x"]}},
        }
        for name in ("Plan", "Price", "Product")
    }
    api, _ = build(tmp_path, minimal(schemas=schemas))
    assert _names(api) == ["Other", "Plan", "Price", "Product", "Status"]
    for model in api.models:
        assert model.fields[0].type == EnumType("Status")


def test_groups_that_want_one_name_give_it_to_the_largest(tmp_path: Path) -> None:
    def holder(values: list[str]) -> dict[str, Any]:
        return {"type": "object", "properties": {"mode": {"type": "string", "enum": values}}}

    schemas = {
        "A": holder(["x"]),
        "B": holder(["x"]),
        "C": holder(["y"]),
        "D": holder(["y"]),
        "E": holder(["y"]),
    }
    api, _ = build(tmp_path, minimal(schemas=schemas))
    by_model = {m.name: m.fields[0].type for m in api.models}
    assert by_model["C"] == by_model["D"] == by_model["E"] == EnumType("Mode")
    assert by_model["A"] == by_model["B"] == EnumType("Mode2")


# --------------------------------------------------------------------------- stability


def _stable_spec(extra_paths: dict[str, Any], extra_schemas: dict[str, Any]) -> dict[str, Any]:
    paths = {
        "/charges": _list("ListCharges", _filter("created")),
        "/refunds": _list("ListRefunds", _filter("created")),
    }
    return minimal({**extra_paths, **paths}, schemas={"Charge": RANGE, **extra_schemas})


def _merged_names(api: Api) -> dict[str, Any]:
    return {
        op.path: _parameter_type(api, op.path, "created")
        for op, _ in api.operations
        if op.path in ("/charges", "/refunds")
    }


def test_a_merged_name_survives_unrelated_additions(tmp_path: Path) -> None:
    (tmp_path / "before").mkdir()
    before, _ = build(tmp_path / "before", _stable_spec({}, {}))
    additions = {
        "/aaa": _list(
            "ListAaa", _filter("created", {"type": "object", "properties": {"since": {"type": "string"}}})
        ),
        "/abc": _list(
            "ListAbc", _filter("created"), _filter("window", {"type": "object", "properties": {"a": {}}})
        ),
        "/abd": _list("ListAbd", _filter("window", {"type": "object", "properties": {"a": {}}})),
    }
    (tmp_path / "after").mkdir()
    after, _ = build(tmp_path / "after", _stable_spec(additions, {"Other": {"enum": ["created"]}}))
    assert _merged_names(before) == _merged_names(after)
    assert _merged_names(after)["/charges"].variants[0] == ModelType("Created")


# ------------------------------------------------------------------------- generated SDK


def test_the_generated_sdk_uses_the_merged_class(tmp_path: Path) -> None:
    paths = {
        f"/{thing}": _list(f"List{thing.title()}", _filter("created")) for thing in ("charges", "coupons")
    }
    import_sdk(tmp_path, minimal(paths), "dedupe_sdk")
    models = importlib.import_module("dedupe_sdk.models")
    created = models.Created.from_dict({"gt": 1, "lte": 5})
    assert created.to_dict() == {"gt": 1, "lte": 5}
    assert not hasattr(models, "Created2")
    for resource in ("Charges", "Coupons"):
        module = importlib.import_module(f"dedupe_sdk.resources.{resource.lower()}")
        for prefix in ("", "Async"):
            method = getattr(module, prefix + resource).list
            assert inspect.signature(method).parameters["created"].annotation == "Created | int | None"


def test_union_variants_that_merge_are_one_variant(tmp_path: Path) -> None:
    first = {"type": "object", "properties": {"accepted_at": {"type": "integer"}}}
    body = {
        "type": "object",
        "properties": {"mandate": {"anyOf": [first, {"type": "string"}, copy.deepcopy(first)]}},
    }
    paths = {
        "/confirm": {
            "post": {
                "operationId": "Confirm",
                "requestBody": {"content": {"application/json": {"schema": body}}},
                "responses": {"200": {"description": "ok"}},
            }
        }
    }
    api, _ = build(tmp_path, minimal(paths))
    operation = api.operations[0][0]
    assert operation.body is not None
    assert operation.body.fields[0].field.type == UnionType((ModelType("Mandate"), ScalarType("string")))
