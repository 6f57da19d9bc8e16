"""``diff``: every classification rule on a pair of specs, and what a rule reports.

``CASES`` holds one (or more) spec pairs per rule of ``RULES`` with the level the rule
must have, written out here independently of the table: a test checks that every rule
has a case and that both agree, so the documented table is what the engine does.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.diagnostics import unescape_token
from generator.drift.diff import RULES, Level, exit_code

from support.diff_specs import (
    ENUM_A,
    ENUM_AB,
    INT,
    NUM,
    STR,
    THING,
    B,
    N,
    P,
    answers,
    component,
    diff_pair,
    get,
    obj,
    operation,
    path_param,
    post,
    query,
    returns_json,
    secured,
    sends,
    served,
    spec,
    takes,
)


@dataclass(frozen=True)
class Case:
    rule: str
    level: Level
    old: dict[str, Any]
    new: dict[str, Any]


CASES = [
    # operations
    Case(
        "operation-added",
        N,
        get(),
        spec({"/things": {"get": operation()}, "/other": {"get": operation("GetOther")}}),
    ),
    Case(
        "operation-removed",
        B,
        spec({"/things": {"get": operation()}, "/other": {"get": operation("GetOther")}}),
        get(),
    ),
    Case("operation-deprecated", N, get(), get(deprecated=True)),
    Case("sdk-method-renamed", B, get(), get(operation_id="FindThing")),
    Case("sdk-method-renamed", B, get(), get(tags=["items"])),
    # parameters
    Case("parameter-added-required", B, get(), get(parameters=[query(required=True)])),
    Case("parameter-added-optional", N, get(), get(parameters=[query()])),
    Case("parameter-removed", B, get(parameters=[query()]), get()),
    Case("parameter-became-required", B, get(parameters=[query()]), get(parameters=[query(required=True)])),
    Case("parameter-became-optional", N, get(parameters=[query(required=True)]), get(parameters=[query()])),
    Case(
        "parameter-location-changed",
        B,
        get(parameters=[query("x")]),
        get(parameters=[{"name": "x", "in": "header", "schema": STR}]),
    ),
    Case(
        "parameter-serialization-changed",
        B,
        get(parameters=[query("ids", schema={"type": "array", "items": STR})]),
        get(parameters=[query("ids", schema={"type": "array", "items": STR}, explode=False)]),
    ),
    Case(
        "parameter-wire-name-changed",
        B,
        get(parameters=[query("ignoreNbf")]),
        get(parameters=[query("ignore_nbf")]),
    ),
    Case(
        "parameter-wire-name-changed",
        B,
        get(parameters=[{"name": "X-Trace-Id", "in": "header", "schema": STR}]),
        get(parameters=[{"name": "x_trace_id", "in": "header", "schema": STR}]),
    ),
    Case("parameter-deprecated", N, get(parameters=[query()]), get(parameters=[query(deprecated=True)])),
    Case(
        "request-default-changed",
        P,
        get(parameters=[query("limit", schema={"type": "integer", "default": 10})]),
        get(parameters=[query("limit", schema={"type": "integer", "default": 20})]),
    ),
    Case(
        "request-default-changed",
        P,
        sends(obj({"size": {"type": "integer", "default": 1}})),
        sends(obj({"size": {"type": "integer", "default": 2}})),
    ),
    Case(
        "sdk-argument-renamed",
        B,
        get("/things/{id}", parameters=[path_param("id")]),
        get("/things/{thing_id}", parameters=[path_param("thing_id")]),
    ),
    Case(
        "sdk-positional-arguments-reordered",
        B,
        get("/a/{x}/b/{y}", parameters=[path_param("x"), path_param("y")]),
        get("/a/{x}/b/{y}", parameters=[path_param("y"), path_param("x")]),
    ),
    # request bodies
    Case("request-body-added-required", B, post(), post(requestBody=takes(obj({"a": STR})))),
    Case("request-body-added-optional", N, post(), post(requestBody=takes(obj({"a": STR}), required=False))),
    Case("request-body-removed", B, post(requestBody=takes(obj({"a": STR}))), post()),
    Case(
        "request-body-became-required",
        B,
        post(requestBody=takes(obj({"a": STR}), required=False)),
        post(requestBody=takes(obj({"a": STR}))),
    ),
    Case(
        "request-body-became-optional",
        N,
        post(requestBody=takes(obj({"a": STR}))),
        post(requestBody=takes(obj({"a": STR}), required=False)),
    ),
    Case(
        "request-body-media-type-changed",
        B,
        post(requestBody=takes(obj({"a": STR}))),
        post(requestBody={"content": {"application/x-www-form-urlencoded": {"schema": obj({"a": STR})}}}),
    ),
    Case(
        "request-property-added-required", B, sends(obj({"a": STR})), sends(obj({"a": STR, "b": STR}, ("b",)))
    ),
    Case("request-property-added-optional", N, sends(obj({"a": STR})), sends(obj({"a": STR, "b": STR}))),
    Case("request-property-removed", B, sends(obj({"a": STR, "b": STR})), sends(obj({"a": STR}))),
    Case(
        "request-property-removed",
        B,
        sends(obj({"a": STR, "b": STR}, ("a", "b"))),
        sends(obj({"a": STR}, ("a",))),
    ),
    Case(
        "request-property-removed",
        B,
        sends(obj({"a": STR, "b": STR})),
        sends(obj({"a": STR, "b": {"type": "string", "readOnly": True}})),
    ),
    Case("request-property-became-required", B, sends(obj({"a": STR})), sends(obj({"a": STR}, ("a",)))),
    Case("request-property-became-optional", N, sends(obj({"a": STR}, ("a",))), sends(obj({"a": STR}))),
    Case("property-deprecated", N, sends(obj({"a": STR})), sends(obj({"a": {**STR, "deprecated": True}}))),
    Case("property-wire-name-changed", B, sends(obj({"roomName": STR})), sends(obj({"room_name": STR}))),
    Case("property-wire-name-changed", B, answers(obj({"roomName": STR})), answers(obj({"room_name": STR}))),
    # responses
    Case(
        "response-success-status-added",
        N,
        answers(obj({"a": STR})),
        get(responses={**returns_json(obj({"a": STR})), "201": {"description": "created"}}),
    ),
    Case(
        "response-success-status-removed",
        B,
        get(responses={**returns_json(obj({"a": STR})), "201": {"description": "created"}}),
        answers(obj({"a": STR})),
    ),
    Case(
        "response-error-status-added",
        N,
        get(),
        get(responses={"200": {"description": "ok"}, "404": {"description": "missing"}}),
    ),
    Case(
        "response-error-status-removed",
        N,
        get(responses={"200": {"description": "ok"}, "404": {"description": "missing"}}),
        get(),
    ),
    Case(
        "response-media-type-changed",
        B,
        answers(obj({"a": STR})),
        get(responses={"200": {"description": "ok", "content": {"text/plain": {"schema": STR}}}}),
    ),
    Case("response-body-added", N, get(), answers(obj({"a": STR}))),
    Case("response-body-removed", B, answers(obj({"a": STR})), get()),
    Case("response-property-added", N, answers(obj({"a": STR})), answers(obj({"a": STR, "b": INT}))),
    Case("response-property-removed", B, answers(obj({"a": STR, "b": INT})), answers(obj({"a": STR}))),
    Case(
        "response-property-removed",
        B,
        answers(obj({"a": STR, "b": INT}, ("a", "b"))),
        answers(obj({"a": STR}, ("a",))),
    ),
    Case(
        "response-property-removed",
        B,
        answers(obj({"a": STR, "b": INT})),
        answers(obj({"a": STR, "b": {**INT, "writeOnly": True}})),
    ),
    Case("response-property-became-optional", B, answers(obj({"a": STR}, ("a",))), answers(obj({"a": STR}))),
    Case("response-property-became-required", N, answers(obj({"a": STR})), answers(obj({"a": STR}, ("a",)))),
    # types
    Case("type-changed", B, answers(obj({"a": STR})), answers(obj({"a": INT}))),
    Case("type-changed", B, sends(obj({"a": STR})), sends(obj({"a": {"type": "array", "items": STR}}))),
    Case("type-changed", B, answers(obj({"a": STR})), answers(STR)),
    Case("format-changed", P, answers(obj({"a": STR})), answers(obj({"a": {**STR, "format": "date-time"}}))),
    Case("request-type-widened", N, sends(obj({"a": INT})), sends(obj({"a": NUM}))),
    Case("request-type-widened", N, sends(obj({"a": ENUM_A})), sends(obj({"a": STR}))),
    Case("request-type-narrowed", B, sends(obj({"a": NUM})), sends(obj({"a": INT}))),
    Case("request-type-narrowed", B, sends(obj({"a": {"oneOf": [STR, INT]}})), sends(obj({"a": STR}))),
    Case("response-type-widened", P, answers(obj({"a": STR})), answers(obj({"a": {"oneOf": [STR, INT]}}))),
    Case("response-type-narrowed", N, answers(obj({"a": {"oneOf": [STR, INT]}})), answers(obj({"a": STR}))),
    Case("request-became-nullable", N, sends(obj({"a": STR})), sends(obj({"a": {**STR, "nullable": True}}))),
    Case(
        "request-became-not-nullable", B, sends(obj({"a": {**STR, "nullable": True}})), sends(obj({"a": STR}))
    ),
    Case(
        "response-became-nullable",
        P,
        answers(obj({"a": STR})),
        answers(obj({"a": {**STR, "nullable": True}})),
    ),
    Case(
        "response-became-not-nullable",
        N,
        answers(obj({"a": {**STR, "nullable": True}})),
        answers(obj({"a": STR})),
    ),
    # enums
    Case("request-enum-value-added", N, sends(obj({"e": ENUM_A})), sends(obj({"e": ENUM_AB}))),
    Case("request-enum-value-removed", B, sends(obj({"e": ENUM_AB})), sends(obj({"e": ENUM_A}))),
    Case(
        "request-enum-value-removed",
        B,
        get(parameters=[query("e", schema=ENUM_AB)]),
        get(parameters=[query("e", schema=ENUM_A)]),
    ),
    Case("response-enum-value-added", P, answers(obj({"e": ENUM_A})), answers(obj({"e": ENUM_AB}))),
    Case("response-enum-value-removed", N, answers(obj({"e": ENUM_AB})), answers(obj({"e": ENUM_A}))),
    Case(
        "sdk-enum-member-renamed",
        B,
        answers(obj({"e": {"type": "string", "enum": ["a_b"]}})),
        answers(obj({"e": {"type": "string", "enum": ["a-b", "a_b"]}})),
    ),
    # classes
    Case("sdk-class-renamed", B, component({"Thing": THING}), component({"Item": THING}, "Item")),
    Case("sdk-class-removed", B, component({"Thing": THING, "Extra": THING}), component({"Thing": THING})),
    Case(
        "sdk-attribute-renamed",
        B,
        answers(obj({"foo_bar": STR})),
        answers(obj({"fooBar": STR, "foo_bar": STR})),
    ),
    # security
    Case("security-requirement-added", P, secured(None), secured([{"bearer": []}])),
    Case("security-requirement-removed", N, secured([{"bearer": []}]), secured(None)),
    Case("security-requirement-removed", N, secured([{"bearer": []}]), secured([{"bearer": []}, {}])),
    Case("security-alternative-added", N, secured([{"bearer": []}]), secured([{"bearer": []}, {"key": []}])),
    Case(
        "security-alternative-removed", P, secured([{"bearer": []}, {"key": []}]), secured([{"bearer": []}])
    ),
    Case("security-requirement-changed", B, secured([{"bearer": []}]), secured([{"key": []}])),
    Case(
        "security-scheme-changed",
        B,
        secured([{"key": []}], key={"type": "apiKey", "in": "header", "name": "X-Key"}),
        secured([{"key": []}], key={"type": "apiKey", "in": "query", "name": "key"}),
    ),
    # servers
    Case("server-url-changed", P, served("https://a.example.com"), served("https://b.example.com")),
    Case(
        "server-added",
        N,
        served("https://a.example.com"),
        served("https://a.example.com", "https://b.example.com"),
    ),
    Case(
        "server-removed",
        P,
        served("https://a.example.com", "https://b.example.com"),
        served("https://a.example.com"),
    ),
]


def resolves(document: Any, pointer: str) -> bool:
    """Whether everything above the pointer's last token exists (the IR keeps no finer place for some)."""
    node = document
    for token in [unescape_token(t) for t in pointer.split("/")[1:]][:-1]:
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            return False
    return True


# ------------------------------------------------------------------------- rules


def test_every_rule_has_a_case_with_its_documented_level() -> None:
    assert {case.rule for case in CASES} == set(RULES)
    for case in CASES:
        assert RULES[case.rule].level is case.level, case.rule


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(CASES)])
def test_rule(case: Case, tmp_path: Path) -> None:
    result = diff_pair(tmp_path, case.old, case.new)
    found = [c for c in result.changes if c.rule == case.rule]
    assert found, f"{case.rule} not reported; got {[c.rule for c in result.changes]}"
    for change in found:
        assert change.level is case.level
        document = case.old if change.side == "old" else case.new
        assert resolves(document, change.pointer), (change.side, change.pointer)
        assert change.message
    assert result.worst is not None and result.worst >= case.level
    assert exit_code(result, case.level) == 2


@pytest.mark.parametrize("case", CASES, ids=[f"{c.rule}-{i}" for i, c in enumerate(CASES)])
def test_the_reversed_pair_of_a_case_is_not_silent(case: Case, tmp_path: Path) -> None:
    """Undoing a change is a change too (a sanity check of matching in both directions)."""
    result = diff_pair(tmp_path, case.new, case.old)
    assert result.has_differences, case.rule


@pytest.mark.parametrize("case", CASES[:10], ids=[f"{c.rule}-{i}" for i, c in enumerate(CASES[:10])])
def test_identical_specs_have_no_differences(case: Case, tmp_path: Path) -> None:
    result = diff_pair(tmp_path, case.old, copy.deepcopy(case.old))
    assert not result.has_differences, result
    assert exit_code(result) == 0


def test_a_change_to_a_shared_schema_is_one_change_listing_every_operation(tmp_path: Path) -> None:
    schemas = {"Thing": obj({"id": STR, "size": INT})}
    ref = {"$ref": "#/components/schemas/Thing"}
    paths = {
        "/things": {"get": operation("ListThings", responses=returns_json({"type": "array", "items": ref}))},
        "/things/{id}": {
            "get": operation("GetThing", parameters=[path_param("id")], responses=returns_json(ref))
        },
    }
    old = spec(paths, schemas)
    new = copy.deepcopy(old)
    del new["components"]["schemas"]["Thing"]["properties"]["size"]
    result = diff_pair(tmp_path, old, new)
    assert [(c.rule, c.operations) for c in result.changes] == [
        ("response-property-removed", ("GET /things", "GET /things/{id}"))
    ]
    assert result.changes[0].pointer == "/components/schemas/Thing/properties/size"
    assert result.changes[0].side == "old"


def test_a_schema_that_contains_itself_is_compared_once(tmp_path: Path) -> None:
    node = obj({"name": STR, "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}})
    old = component({"Node": node}, "Node")
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Node"]["properties"]["name"] = INT
    result = diff_pair(tmp_path, old, new)
    assert [c.rule for c in result.changes] == ["type-changed"]


def test_a_request_and_response_use_of_one_schema_are_judged_apart(tmp_path: Path) -> None:
    ref = {"$ref": "#/components/schemas/Thing"}
    old = spec(
        {"/things": {"post": operation("CreateThing", requestBody=takes(ref), responses=returns_json(ref))}},
        {"Thing": obj({"id": STR})},
    )
    new = copy.deepcopy(old)
    new["components"]["schemas"]["Thing"]["properties"]["kind"] = ENUM_AB
    new["components"]["schemas"]["Thing"]["required"] = ["kind"]
    result = diff_pair(tmp_path, old, new)
    assert {(c.rule, c.level) for c in result.changes} == {
        ("request-property-added-required", B),
        ("response-property-added", N),
    }


def test_a_path_parameter_renamed_keeps_the_operation(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        get("/things/{id}", parameters=[path_param("id")]),
        get("/things/{thing_id}", parameters=[path_param("thing_id")]),
    )
    assert {c.rule for c in result.changes} == {"sdk-argument-renamed"}
    assert [(s.kind, s.action) for s in result.sdk_changes] == [("parameter", "renamed")]


def test_operation_id_change_renames_method_and_inline_classes(tmp_path: Path) -> None:
    old = post(operation_id="CreateThing", requestBody=takes(obj({"a": STR})))
    new = post(operation_id="MakeThing", requestBody=takes(obj({"a": STR})))
    result = diff_pair(tmp_path, old, new)
    assert {(c.rule, c.message) for c in result.changes} == {
        ("sdk-method-renamed", "`client.things.create` is now `client.things.make`"),
        ("sdk-class-renamed", "class `CreateThingRequest` is now `MakeThingRequest`"),
    }
    assert all(c.level is B for c in result.changes)
    # The renamed class is not reported again in the method's annotations.
    assert not [s for s in result.sdk_changes if s.kind == "parameter"]


def test_an_operation_moving_into_a_sub_resource_is_a_method_rename(tmp_path: Path) -> None:
    path = "/v1/things/{thing}/parts/{id}"
    parameters = [path_param("thing"), path_param("id")]
    old = get(path, operation_id="FindThingPart", parameters=parameters)
    new = get(path, operation_id="GetThingsThingPartsId", parameters=parameters)  # spells method + path
    del new["paths"][path]["get"]["tags"]
    del old["paths"][path]["get"]["tags"]
    result = diff_pair(tmp_path, old, new)
    assert ("sdk-method-renamed", "`client.things.find_part` is now `client.things.parts.retrieve`") in {
        (c.rule, c.message) for c in result.changes
    }
    assert ("class", "added", "client.things.parts") in {
        (s.kind, s.action, s.name) for s in result.sdk_changes
    }
