"""``diff``: every classification rule on a pair of specs, Daily's examples, outputs, exit codes, loading.

``CASES`` holds one (or more) spec pairs per rule of ``RULES`` with the level the rule
must have, written out here independently of the table: a test checks that every rule
has a case and that both agree, so the documented table is what the engine does.
"""

from __future__ import annotations

import copy
import inspect
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.drift.load as diff_load
import generator.spec.source as source
from generator.cache import Cache
from generator.config import load_settings
from generator.diagnostics import unescape_token
from generator.drift.diff import (
    RULES,
    DiffResult,
    Level,
    build_pair,
    diff_apis,
    diff_specs,
    exit_code,
    render_json,
    render_markdown,
    render_text,
    rules_markdown,
)
from generator.drift.sdk import returns, signature
from generator.drift.support import take_pairs
from generator.pipeline import build_model
from generator.spec import yaml_chunks
from generator.spec.source import SpecLoader, parse_text, read_document

from support.paths import DAILY_FIXTURE_SPEC, ROOT
from support.specs import build, import_sdk, minimal, settings_for, write_spec

B, P, N = Level.BREAKING, Level.POSSIBLY_BREAKING, Level.NON_BREAKING
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NUM: dict[str, Any] = {"type": "number"}
DAILY = DAILY_FIXTURE_SPEC
"""The frozen copy of Daily's spec: an upstream release of spec/daily.yaml cannot move these tests."""
DAILY_NAMES = {"schema_names": {"properties": "MeetingTokenProperties"}}

# ------------------------------------------------------------------- spec builders


def spec(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    document = minimal(paths or {}, schemas)
    document.update(top)
    return document


def operation(operation_id: str = "GetThing", **fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "operationId": operation_id,
        "tags": ["things"],
        "responses": {"200": {"description": "ok"}},
    }
    document.update(fields)
    return document


def get(path: str = "/things", operation_id: str = "GetThing", **fields: Any) -> dict[str, Any]:
    return spec({path: {"get": operation(operation_id, **fields)}})


def post(path: str = "/things", operation_id: str = "CreateThing", **fields: Any) -> dict[str, Any]:
    return spec({path: {"post": operation(operation_id, **fields)}})


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def returns_json(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": json_content(schema)}}


def takes(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": json_content(schema)}


def obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    document: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        document["required"] = list(required)
    return document


def query(name: str = "q", required: bool = False, schema: dict[str, Any] | None = None, **more: Any) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema or STR, **more}


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STR}


def sends(schema: dict[str, Any]) -> dict[str, Any]:
    """POST /things with a JSON body of ``schema``."""
    return post(requestBody=takes(schema))


def answers(schema: dict[str, Any]) -> dict[str, Any]:
    """GET /things answering ``schema``."""
    return get(responses=returns_json(schema))


def secured(security: list[dict[str, list[str]]] | None, **schemes: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {} if security is None else {"security": security}
    document = get(**fields)
    document["components"] = {
        "securitySchemes": schemes
        or {
            "bearer": {"type": "http", "scheme": "bearer"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        }
    }
    return document


def served(*urls: str) -> dict[str, Any]:
    document = get()
    document["servers"] = [{"url": url} for url in urls]
    return document


def component(schemas: dict[str, Any], reference: str = "Thing") -> dict[str, Any]:
    return spec(
        {
            "/things": {
                "get": operation(responses=returns_json({"$ref": f"#/components/schemas/{reference}"}))
            }
        },
        schemas,
    )


THING = obj({"id": STR})
ENUM_AB = {"type": "string", "enum": ["a", "b"]}
ENUM_A = {"type": "string", "enum": ["a"]}


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


def diff_pair(tmp_path: Path, old: dict[str, Any], new: dict[str, Any], **extra: Any) -> DiffResult:
    for side in ("old", "new"):
        (tmp_path / side).mkdir(exist_ok=True)
    old_api, _ = build(tmp_path / "old", old, **extra)
    new_api, _ = build(tmp_path / "new", new, **extra)
    return diff_apis(old_api, new_api)


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


# ------------------------------------------------------------- renames on the wire


def token_lookup(*parameters: dict[str, Any]) -> dict[str, Any]:
    """The issue's operation: GET /meeting-tokens/{meeting_token}, ``client.meeting_tokens.retrieve``."""
    return spec(
        {
            "/meeting-tokens/{meeting_token}": {
                "get": operation(
                    "GetMeetingToken",
                    tags=["meeting-tokens"],
                    parameters=[path_param("meeting_token"), *parameters],
                )
            }
        }
    )


BOOL: dict[str, Any] = {"type": "boolean"}
RETRIEVE = "client.meeting_tokens.retrieve"


def sdk_triples(result: DiffResult) -> list[tuple[str, str, str]]:
    return [(s.kind, s.action, s.name) for s in result.sdk_changes]


@pytest.fixture(scope="module")
def renamed_query(tmp_path_factory: pytest.TempPathFactory) -> DiffResult:
    """The issue's example: ``ignoreNbf`` → ``ignore_nbf``, one Python name (``ignore_nbf``)."""
    return diff_pair(
        tmp_path_factory.mktemp("renamed-query"),
        token_lookup(query("ignoreNbf", schema=BOOL)),
        token_lookup(query("ignore_nbf", schema=BOOL)),
    )


def test_a_query_parameter_renamed_on_the_wire_is_one_breaking_change(renamed_query: DiffResult) -> None:
    (change,) = renamed_query.changes
    assert (change.rule, change.level, change.side) == ("parameter-wire-name-changed", B, "new")
    assert change.message == (
        "query parameter `ignoreNbf` of GET /meeting-tokens/{meeting_token} is now `ignore_nbf`: "
        "renamed on the wire; SDK callers unaffected (still `ignore_nbf=`)"
    )
    assert change.operations == ("GET /meeting-tokens/{meeting_token}",)
    assert change.pointer == "/paths/~1meeting-tokens~1{meeting_token}/get/parameters"
    assert exit_code(renamed_query) == 2


def test_the_sdk_side_of_a_wire_rename_removes_and_adds_no_name(renamed_query: DiffResult) -> None:
    assert [(s.kind, s.action, s.name, s.detail) for s in renamed_query.sdk_changes] == [
        (
            "parameter",
            "changed",
            f"{RETRIEVE}(ignore_nbf=...)",
            "sent as query parameter `ignore_nbf` (was query parameter `ignoreNbf`); "
            "the argument is unchanged",
        )
    ]


def test_the_changelog_of_a_wire_rename_claims_no_sdk_name_removed_or_added(
    renamed_query: DiffResult,
) -> None:
    from datetime import date

    from generator.drift.changelog import Bump, changelog_entry, suggest_bump

    assert suggest_bump(renamed_query) is Bump.MAJOR  # breaking for raw HTTP clients: see rules.py
    entry = changelog_entry(
        renamed_query, version="2.0.0", today=date(2026, 1, 1), bump=Bump.MAJOR, source="upstream"
    )
    sdk_section = entry.split("### SDK API", 1)[1]
    assert f"- Changed parameter `{RETRIEVE}(ignore_nbf=...)`" in sdk_section
    assert "Removed" not in sdk_section and "Added" not in sdk_section
    assert "renamed on the wire; SDK callers unaffected" in entry.split("### Breaking", 1)[1]


def test_a_wire_rename_in_text_json_and_markdown(renamed_query: DiffResult) -> None:
    message = renamed_query.changes[0].message
    text = render_text(renamed_query)
    assert text.startswith(
        "1 change(s): 1 breaking, 0 possibly-breaking, 0 non-breaking; 1 SDK API change(s)."
    )
    assert text.index("Breaking changes:") < text.index(f"[parameter-wire-name-changed] {message}")
    assert f"  changed  parameter    {RETRIEVE}(ignore_nbf=...) — sent as query parameter" in text
    assert " removed " not in text and " added " not in text
    document = json.loads(render_json(renamed_query))
    assert document["summary"]["breaking"] == 1 and document["summary"]["changes"] == 1
    assert [(c["rule"], c["level"], c["message"]) for c in document["changes"]] == [
        ("parameter-wire-name-changed", "breaking", message)
    ]
    assert [(s["action"], s["name"]) for s in document["sdk_changes"]] == [
        ("changed", f"{RETRIEVE}(ignore_nbf=...)")
    ]
    markdown = render_markdown(renamed_query)
    breaking = markdown.split("#### Breaking (1)", 1)[1].split("####", 1)[0]
    assert (
        f"| {message} | GET /meeting-tokens/{{meeting_token}} | `parameter-wire-name-changed` |" in breaking
    )
    assert f"| changed | parameter | `{RETRIEVE}(ignore_nbf=...)` |" in markdown


@pytest.mark.parametrize(
    ("location", "old_name", "new_name", "argument"),
    [
        ("header", "X-Request-Id", "x_request_id", "x_request_id"),
        ("cookie", "sessionId", "session_id", "session_id"),
    ],
)
def test_header_and_cookie_parameters_renamed_on_the_wire(
    tmp_path: Path, location: str, old_name: str, new_name: str, argument: str
) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup({"name": old_name, "in": location, "schema": STR}),
        token_lookup({"name": new_name, "in": location, "schema": STR}),
    )
    assert [(c.rule, c.level) for c in result.changes] == [("parameter-wire-name-changed", B)]
    assert f"{location} parameter `{old_name}`" in result.changes[0].message
    assert sdk_triples(result) == [("parameter", "changed", f"{RETRIEVE}({argument}=...)")]


def test_a_parameter_moved_and_renamed_is_not_a_wire_rename(tmp_path: Path) -> None:
    """Same Python name, but another location too: the spec side sees two parameters."""
    result = diff_pair(
        tmp_path,
        token_lookup(query("ignoreNbf", schema=BOOL)),
        token_lookup({"name": "Ignore-Nbf", "in": "header", "schema": BOOL}),
    )
    assert {c.rule for c in result.changes} == {"parameter-removed", "parameter-added-optional"}
    # The SDK still takes ignore_nbf=: the argument is the same, only where it goes changed.
    assert sdk_triples(result) == [("parameter", "changed", f"{RETRIEVE}(ignore_nbf=...)")]
    assert result.sdk_changes[0].detail.startswith("sent as header parameter `Ignore-Nbf` (was query")


def test_a_parameter_moved_keeps_its_sdk_argument(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup(query("ignoreNbf", schema=BOOL)),
        token_lookup({"name": "ignoreNbf", "in": "header", "schema": BOOL}),
    )
    assert [c.rule for c in result.changes] == ["parameter-location-changed"]
    assert sdk_triples(result) == [("parameter", "changed", f"{RETRIEVE}(ignore_nbf=...)")]


def test_a_rename_that_changes_the_python_name_is_still_removed_and_added(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup(query("ignoreNbf", schema=BOOL)),
        token_lookup(query("skipNbf", schema=BOOL)),
    )
    assert {(c.rule, c.level) for c in result.changes} == {
        ("parameter-removed", B),
        ("parameter-added-optional", N),
    }
    assert sorted(sdk_triples(result)) == [
        ("parameter", "added", f"{RETRIEVE}(skip_nbf=...)"),
        ("parameter", "removed", f"{RETRIEVE}(ignore_nbf=...)"),
    ]


def test_a_property_rename_that_changes_the_python_name_is_still_removed_and_added(tmp_path: Path) -> None:
    result = diff_pair(tmp_path, answers(obj({"roomName": STR})), answers(obj({"room": STR})))
    assert {(c.rule, c.level) for c in result.changes} == {
        ("response-property-removed", B),
        ("response-property-added", N),
    }
    assert sorted(sdk_triples(result)) == [
        ("field", "added", "GetThingResponse.room"),
        ("field", "removed", "GetThingResponse.room_name"),
    ]


def test_a_wire_rename_with_a_type_change_reports_both(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup(query("ignoreNbf", schema=BOOL)),
        token_lookup(query("ignore_nbf", schema=STR)),
    )
    assert [(c.rule, c.message) for c in result.changes] == [
        (
            "parameter-wire-name-changed",
            "query parameter `ignoreNbf` of GET /meeting-tokens/{meeting_token} is now `ignore_nbf`: "
            "renamed on the wire; SDK callers unaffected (still `ignore_nbf=`)",
        ),
        (
            "type-changed",
            "the type of query parameter `ignore_nbf` of GET /meeting-tokens/{meeting_token} changed "
            "from `bool` to `str`",
        ),
    ]
    assert {(s.action, s.detail) for s in result.sdk_changes} == {
        (
            "changed",
            "sent as query parameter `ignore_nbf` (was query parameter `ignoreNbf`); "
            "the argument is unchanged",
        ),
        ("changed", "`bool | None = None` → `str | None = None`"),
    }


def test_a_property_wire_rename_with_a_type_change_reports_both(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path, answers(obj({"roomName": STR}, ("roomName",))), answers(obj({"room_name": INT}))
    )
    assert {(c.rule, c.level) for c in result.changes} == {
        ("property-wire-name-changed", B),
        ("type-changed", B),
        ("response-property-became-optional", B),
    }
    renamed = next(c for c in result.changes if c.rule == "property-wire-name-changed")
    assert renamed.message == (
        "property `roomName` of `GetThingResponse` is now `room_name`: renamed on the wire; "
        "SDK callers unaffected (still `GetThingResponse.room_name`)"
    )
    assert renamed.pointer.endswith("/schema/properties/room_name")
    assert [(s.kind, s.action, s.name) for s in result.sdk_changes] == [
        ("field", "changed", "GetThingResponse.room_name"),
        ("field", "changed", "GetThingResponse.room_name"),
    ]
    assert {s.detail for s in result.sdk_changes} == {
        "JSON name `room_name` (was `roomName`); the attribute is unchanged",
        "`str` → `int | None = None`",
    }


def test_a_header_respelled_in_case_is_no_change(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup({"name": "X-Request-Id", "in": "header", "schema": STR}),
        token_lookup({"name": "x-request-id", "in": "header", "schema": STR}),
    )
    assert result.changes == () and result.sdk_changes == ()
    assert result.notes == (
        "header `X-Request-Id` of GET /meeting-tokens/{meeting_token} is now spelled `x-request-id` "
        "(header names are case-insensitive)",
    )
    assert exit_code(result) == 1


def test_a_respelled_header_is_still_compared(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup({"name": "X-Request-Id", "in": "header", "schema": STR}),
        token_lookup({"name": "x-request-id", "in": "header", "required": True, "schema": STR}),
    )
    assert [c.rule for c in result.changes] == ["parameter-became-required"]


def test_a_header_respelled_under_another_python_name_is_an_argument_rename(tmp_path: Path) -> None:
    result = diff_pair(
        tmp_path,
        token_lookup({"name": "X-RequestID", "in": "header", "schema": STR}),
        token_lookup({"name": "x-requestid", "in": "header", "schema": STR}),
    )
    (change,) = result.changes
    assert change.rule == "sdk-argument-renamed"
    assert change.message == f"argument `x_request_id` of `{RETRIEVE}` is now `x_requestid`"
    assert sdk_triples(result) == [("parameter", "renamed", f"{RETRIEVE}(x_request_id=...)")]
    assert result.notes[0].startswith("header `X-RequestID` of GET /meeting-tokens/{meeting_token} is now")


def test_take_pairs_pairs_only_names_held_once_on_each_side() -> None:
    removed = {"a": "x", "b": "y", "c": "y", "d": None, "e": "z"}
    added = {"A": "x", "B": "y", "D": None, "E": "z", "F": "z"}
    pairs = take_pairs(removed, added, lambda name: name)
    assert pairs == [("x", "x")]
    assert list(removed) == ["b", "c", "d", "e"] and list(added) == ["B", "D", "E", "F"]


# ------------------------------------------------------------------------ Daily


@pytest.fixture(scope="module")
def daily() -> dict[str, Any]:
    return yaml.load(DAILY.read_text(encoding="utf-8"), Loader=SpecLoader)


def daily_diff(tmp_path: Path, old: dict[str, Any], new: dict[str, Any]) -> DiffResult:
    return diff_pair(tmp_path, old, new, **DAILY_NAMES)


def token_properties(document: dict[str, Any]) -> dict[str, Any]:
    return document["components"]["schemas"]["properties"]  # type: ignore[no-any-return]


def token_response(document: dict[str, Any]) -> dict[str, Any]:
    response = document["paths"]["/meeting-tokens"]["post"]["responses"]["200"]
    return response["content"]["application/json"]["schema"]  # type: ignore[no-any-return]


def test_daily_lang_value_removed_is_breaking(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    token_properties(new)["properties"]["lang"]["enum"].remove("fi")
    result = daily_diff(tmp_path, daily, new)
    (change,) = result.changes
    assert (change.rule, change.level, change.side) == ("request-enum-value-removed", B, "old")
    assert change.operation == "POST /meeting-tokens"
    assert change.pointer == "/components/schemas/properties/properties/lang/enum"
    assert change.message == "enum `MeetingTokenPropertiesLang` lost the value 'fi'"
    assert [(s.kind, s.action, s.name) for s in result.sdk_changes] == [
        ("enum-member", "removed", "MeetingTokenPropertiesLang.FI")
    ]
    assert exit_code(result) == 2


def test_daily_new_optional_token_property_is_non_breaking(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    token_properties(new)["properties"]["enable_chat"] = {"type": "boolean", "description": "Chat."}
    result = daily_diff(tmp_path, daily, new)
    assert [(c.rule, c.level) for c in result.changes] == [("request-property-added-optional", N)]
    assert result.changes[0].pointer == "/components/schemas/properties/properties/enable_chat"
    assert [(s.kind, s.action, s.name) for s in result.sdk_changes] == [
        ("field", "added", "MeetingTokenProperties.enable_chat")
    ]
    assert result.worst is N
    assert exit_code(result) == 1
    assert exit_code(result, N) == 2


def test_daily_new_required_request_field_is_breaking(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    properties = token_properties(new)
    properties["properties"]["tenant"] = {"type": "string"}
    properties["required"] = ["tenant"]
    result = daily_diff(tmp_path, daily, new)
    assert [(c.rule, c.level) for c in result.changes] == [("request-property-added-required", B)]
    assert result.changes[0].message == "property `tenant` of `MeetingTokenProperties` was added (required)"
    assert ("field", "added", "MeetingTokenProperties.tenant") in [
        (s.kind, s.action, s.name) for s in result.sdk_changes
    ]


def test_daily_response_field_removed_is_breaking(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    del token_response(new)["properties"]["token"]
    token_response(new)["properties"]["id"] = {"type": "string"}  # keep an object with properties
    result = daily_diff(tmp_path, daily, new)
    assert {(c.rule, c.level) for c in result.changes} == {
        ("response-property-removed", B),
        ("response-property-added", N),
    }
    removed = next(c for c in result.changes if c.rule == "response-property-removed")
    assert removed.side == "old"
    assert removed.pointer == (
        "/paths/~1meeting-tokens/post/responses/200/content/application~1json/schema/properties/token"
    )
    assert ("field", "removed", "CreateMeetingTokenResponse.token") in [
        (s.kind, s.action, s.name) for s in result.sdk_changes
    ]


def test_daily_property_renamed_on_the_wire(daily: dict[str, Any], tmp_path: Path) -> None:
    """``canSend`` → ``can_send`` keeps ``Permissions.can_send``: one change, in a request."""
    new = copy.deepcopy(daily)
    schema = new["components"]["schemas"]["permissions"]
    schema["properties"] = {("can_send" if k == "canSend" else k): v for k, v in schema["properties"].items()}
    result = daily_diff(tmp_path, daily, new)
    (change,) = result.changes
    assert (change.rule, change.level, change.operation) == (
        "property-wire-name-changed",
        B,
        "POST /meeting-tokens",
    )
    assert change.message == (
        "property `canSend` of `Permissions` is now `can_send`: renamed on the wire; "
        "SDK callers unaffected (still `Permissions.can_send`)"
    )
    assert change.pointer == "/components/schemas/permissions/properties/can_send"
    assert sdk_triples(result) == [("field", "changed", "Permissions.can_send")]
    assert result.notes == ()  # in its place: not "reordered" (the renamed property is matched)


def test_daily_reordering_only_is_reported_as_such(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    properties = token_properties(new)
    properties["properties"] = dict(reversed(list(properties["properties"].items())))
    properties["properties"]["lang"]["enum"].reverse()
    permissions = new["components"]["schemas"]["permissions"]
    permissions["properties"] = dict(reversed(list(permissions["properties"].items())))
    responses = new["paths"]["/meeting-tokens"]["post"]["responses"]
    new["paths"]["/meeting-tokens"]["post"]["responses"] = dict(reversed(list(responses.items())))
    new["components"] = dict(reversed(list(new["components"].items())))
    result = daily_diff(tmp_path, daily, new)
    assert result.changes == ()
    assert result.sdk_changes == ()
    assert set(result.notes) == {"properties reordered in 2 models", "values reordered in 1 enum"}
    assert exit_code(result) == 0  # as the text says: nothing the SDK or the wire sees
    assert render_text(result).startswith("No semantic changes (properties reordered in 2 models;")


def test_daily_description_only_edits_are_reported_as_such(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    new["info"]["description"] = "Another text."
    new["paths"]["/meeting-tokens"]["post"]["description"] = "Create a token (new words)."
    for prop in token_properties(new)["properties"].values():
        if "description" in prop:
            prop["description"] = prop["description"].upper()
    result = daily_diff(tmp_path, daily, new)
    assert result.changes == ()
    assert result.sdk_changes == ()
    assert "descriptions changed on 1 operation" in result.notes
    assert "descriptions changed on 1 API description" in result.notes
    assert any(n.startswith("descriptions changed on ") and n.endswith(" properties") for n in result.notes)
    assert result.worst is None
    assert exit_code(result) == 1
    assert render_text(result).startswith("Documentation changes only (")


def test_daily_against_itself_has_no_differences(daily: dict[str, Any], tmp_path: Path) -> None:
    result = daily_diff(tmp_path, daily, copy.deepcopy(daily))
    assert not result.has_differences
    assert exit_code(result) == 0
    assert render_text(result) == "No differences.\n"
    assert "No differences." in render_markdown(result)
    assert json.loads(render_json(result))["changes"] == []


def test_diff_specs_builds_both_sides_from_settings(daily: dict[str, Any], tmp_path: Path) -> None:
    new = copy.deepcopy(daily)
    token_properties(new)["properties"]["lang"]["enum"].append("ko")
    (tmp_path / "new").mkdir()
    new_spec = write_spec(tmp_path / "new", new)
    project = load_settings(pyproject=ROOT / "pyproject.toml", use_cache=False)  # names, options
    old_settings = replace(project, specs=(DAILY,))
    result = diff_specs(old_settings, replace(old_settings, specs=(new_spec,)))
    assert [(c.rule, c.level) for c in result.changes] == [("request-enum-value-added", N)]
    assert exit_code(result) == 1


# ----------------------------------------------------------------------- output


@pytest.fixture(scope="module")
def mixed(tmp_path_factory: pytest.TempPathFactory) -> DiffResult:
    """A diff with a change of each level and SDK changes."""
    old = spec(
        {
            "/things": {"post": operation("CreateThing", requestBody=takes(obj({"a": STR})))},
            "/others": {"get": operation("ListOthers", responses=returns_json(obj({"e": ENUM_A})))},
        }
    )
    new = spec(
        {
            "/things": {
                "post": operation("CreateThing", requestBody=takes(obj({"a": STR, "b": STR}, ("b",))))
            },
            "/others": {
                "get": operation("ListOthers", responses=returns_json(obj({"e": ENUM_AB, "f": STR})))
            },
        }
    )
    return diff_pair(tmp_path_factory.mktemp("mixed"), old, new)


def test_mixed_has_every_level(mixed: DiffResult) -> None:
    assert [c.level for c in mixed.changes] == [B, P, N]
    assert mixed.worst is B


def test_json_output_parses_and_is_stable(mixed: DiffResult) -> None:
    text = render_json(mixed)
    document = json.loads(text)
    assert json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n" == text
    assert document["summary"] == {
        "worst": "breaking",
        "changes": 3,
        "breaking": 1,
        "possibly-breaking": 1,
        "non-breaking": 1,
        "sdk_changes": len(mixed.sdk_changes),
    }
    first = document["changes"][0]
    assert first["rule"] == "request-property-added-required"
    assert first["level"] == "breaking"
    assert first["operation"] == "POST /things"
    assert first["pointer"].endswith("/properties/b")
    assert set(first) == {"rule", "level", "message", "pointer", "side", "file", "operation", "operations"}
    assert {"kind", "action", "name", "detail"} == set(document["sdk_changes"][0])


def test_markdown_output_has_a_table_per_level_breaking_first(mixed: DiffResult) -> None:
    text = render_markdown(mixed)
    assert text.startswith("### API diff\n\n**1** breaking · **1** possibly-breaking · **1** non-breaking")
    headings = [line for line in text.splitlines() if line.startswith("#### ")]
    assert headings[:3] == ["#### Breaking (1)", "#### Possibly breaking (1)", "#### Non-breaking (1)"]
    assert headings[3].startswith("#### SDK API changes")
    assert text.count("| Change | Operation | Rule | Where |") == 3
    assert "| Action | Kind | Name | Detail |" in text
    assert "`request-property-added-required`" in text


def test_text_output_lists_breaking_first(mixed: DiffResult) -> None:
    text = render_text(mixed)
    assert text.index("Breaking changes:") < text.index("Possibly breaking changes:")
    assert text.index("Possibly breaking changes:") < text.index("Non-breaking changes:")
    assert text.index("Non-breaking changes:") < text.index("SDK API changes:")
    assert (
        "[request-property-added-required] property `b` of `CreateThingRequest` was added (required)" in text
    )


def test_markdown_cells_escape_pipes(tmp_path: Path) -> None:
    result = diff_pair(tmp_path, answers(obj({"a|b": STR, "c": STR})), answers(obj({"c": STR})))
    assert "a\\|b" in render_markdown(result)


# -------------------------------------------------------------------- exit codes


def test_exit_codes_follow_the_threshold(mixed: DiffResult, tmp_path: Path) -> None:
    only = {level: DiffResult(tuple(c for c in mixed.changes if c.level is level), ()) for level in (B, P, N)}
    assert [exit_code(only[level]) for level in (B, P, N)] == [2, 2, 1]
    assert [exit_code(only[level], B) for level in (B, P, N)] == [2, 1, 1]
    assert [exit_code(only[level], N) for level in (B, P, N)] == [2, 2, 2]
    assert exit_code(DiffResult((), ())) == 0
    assert exit_code(DiffResult((), (), ("descriptions changed on 1 property",))) == 1
    assert exit_code(mixed, B) == 2


def test_levels_are_ordered() -> None:
    assert B > P > N
    assert sorted([N, B, P]) == [N, P, B]
    assert max([N, P]) is P
    assert [level.value for level in (B, P, N)] == ["breaking", "possibly-breaking", "non-breaking"]


# -------------------------------------------------------------------------- docs


def test_the_rules_document_is_generated_from_the_table() -> None:
    text = (ROOT / "docs" / "diff-rules.md").read_text(encoding="utf-8")
    command = "python -c 'from generator.drift.diff import rules_markdown; print(rules_markdown(), end=\"\")'"
    assert text == rules_markdown(), f"regenerate it: {command} > docs/diff-rules.md"
    for rule_id, rule in RULES.items():
        assert f"| `{rule_id}` | {rule.level.value} |" in text


# ---------------------------------------------------------------- SDK signatures


def _declared(sdk: Any, resource: str, method: str) -> tuple[list[tuple[str, str, str, bool]], str]:
    """A generated method's real signature: (name, annotation, default, positional) and its return."""
    client = next(
        value
        for name, value in vars(sdk).items()
        if name.endswith("Client") and not name.startswith("Async") and isinstance(value, type)
    )
    options = {"base_url": "http://127.0.0.1:9"}
    if "api_key" in inspect.signature(client).parameters:
        options["api_key"] = "k"
    function = getattr(type(getattr(client(**options), resource)), method)
    found = []
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        if parameter.name in ("extra_headers", "extra_query", "extra_body", "timeout"):
            continue
        default = "" if parameter.default is inspect.Parameter.empty else f" = {parameter.default!r}"
        positional = parameter.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        found.append((parameter.name, str(parameter.annotation), default, positional))
    return found, str(inspect.signature(function).return_annotation)


def test_signatures_are_what_the_generated_methods_declare(tmp_path: Path) -> None:
    """diff compares the signatures the emitter declares: checked against the generated code itself."""
    document = spec(
        {
            "/things/{id}": {
                "post": operation(
                    "UpdateThing",
                    parameters=[
                        path_param("id"),
                        query("q", required=True),
                        query("n", schema={**INT, "nullable": True}),
                    ],
                    requestBody=takes(obj({"a": STR, "b": {**STR, "nullable": True}, "c": ENUM_AB}, ("a",))),
                    responses={**returns_json(obj({"x": STR})), "204": {"description": "no content"}},
                )
            },
            "/files": {
                "put": operation(
                    "Upload",
                    requestBody={
                        "content": {"application/octet-stream": {"schema": {**STR, "format": "binary"}}}
                    },
                    responses={"200": {"description": "ok", "content": {"text/plain": {"schema": STR}}}},
                )
            },
        }
    )
    for package, candidate in (
        ("things_sdk", document),
        ("diff_daily_sdk", yaml.safe_load(DAILY.read_text(encoding="utf-8"))),
    ):
        (tmp_path / package).mkdir()
        api, _ = build(tmp_path / package, candidate)
        sdk = import_sdk(tmp_path / package, candidate, package)
        for resource in api.resources:
            for op in resource.operations:
                ours = [
                    (a.name, a.annotation, a.default.replace("UNSET", "UNSET"), a.positional)
                    for a in signature(op)
                ]
                declared, declared_returns = _declared(sdk, resource.name, op.method_name)
                assert [(n, t, d.replace(" = UNSET", " = UNSET"), p) for n, t, d, p in declared] == [
                    (n, t, d, p) for n, t, d, p in ours
                ]
                assert declared_returns == returns(op)


# ----------------------------------------------------------------------- loading

TRICKY_YAML = """\
# a comment before everything
openapi: 3.0.3
info:
  title: "Quoted: title"
  version: '1.0'
paths:
  /a:
    get:
      tags:
      - compact
      - sequence
      description: |
        A literal block

          with an indented line
        # not a comment
      responses:
        '200':
          description: ok
  "/b/{id}":   # a comment after a key
    get:
      description: >-
        folded
        text
      responses: {"200": {description: ok}}
# a comment between keys
  /c:
    get:
      x-flags: [yes, no, on, off, 2018-02-30T10:00:00Z]
      responses:
        200:
          description: numeric status key

components:
  schemas:
    A:
      type: object
    'B':
      type: string
      enum:
      - 'no'
      - null
"""


def _parse_split(text: str) -> Any | None:
    """The document parsed piece by piece as ``diff`` loads it, or ``None`` when refused."""
    pieces = yaml_chunks.split(text)
    if pieces is None:
        return None
    try:
        return yaml_chunks.assemble(pieces, yaml_chunks.parse_pieces([p.text for p in pieces]))
    except (yaml.YAMLError, yaml_chunks.SplitError):
        return None


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
@pytest.mark.parametrize("threshold", [0, 1 << 30])
def test_yaml_pieces_parse_like_the_whole(
    monkeypatch: pytest.MonkeyPatch, threshold: int, newline: str
) -> None:
    monkeypatch.setattr(yaml_chunks, "SPLIT_BYTES", threshold)
    text = TRICKY_YAML.replace("\n", newline)
    pieces = yaml_chunks.split(text)
    assert pieces is not None and len(pieces) > (5 if threshold == 0 else 3)
    whole = parse_text(text, Path("x.yaml"), "x.yaml")
    parsed = _parse_split(text)
    assert parsed == whole
    assert json.dumps(parsed, default=str) == json.dumps(whole, default=str)  # same key order too


@pytest.mark.parametrize(
    "text",
    [
        "a: &anchor\n  x: 1\nb: *anchor\n",  # an alias into another piece
        "paths:\n  /a: 1\nother: 2\npaths:\n  /b: 2\n",  # a split key repeated
        '{"openapi": "3.0.3"}\n',  # a flow mapping
        "--- \nopenapi: 3.0.3\n",  # a document marker
        "a: 1\n<<: {b: 2}\n",  # a merge key
        "a:\n  b: 1\n c: 2\n",  # an indentation between two levels
    ],
)
def test_yaml_pieces_refuse_what_they_cannot_cut_safely(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    """Each document is refused: not cut, or its pieces do not put back together."""
    monkeypatch.setattr(yaml_chunks, "SPLIT_BYTES", 0)
    assert _parse_split(text) is None


def test_yaml_pieces_parse_the_daily_spec_like_the_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_chunks, "SPLIT_BYTES", 0)
    text = DAILY.read_text(encoding="utf-8")
    assert _parse_split(text) == parse_text(text, DAILY, "daily.yaml")


def big_daily(daily: dict[str, Any], extra: int = 300) -> dict[str, Any]:
    """Daily's spec with many more schemas: over the size where parsing is shared and cached."""
    document = copy.deepcopy(daily)
    schemas = document["components"]["schemas"]
    for index in range(extra):
        # Fresh dicts: a shared one would be dumped as an anchor and aliases (which
        # cannot be parsed piece by piece, so the pieces would not be used at all).
        words = "Some words to make the document bigger. " * 3
        schemas[f"extra_{index}"] = obj(
            {"name": {"type": "string", "description": words}, "size": {"type": "integer"}}
        )
    return document


@pytest.mark.parametrize("parallel", [False, True])
def test_build_pair_builds_what_build_model_builds(
    daily: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel: bool
) -> None:
    answers_from_children: list[bytes | None] = []
    primed: list[object] = []
    monkeypatch.setattr(
        diff_load, "assemble", lambda *args: primed.append(args) or yaml_chunks.assemble(*args)
    )
    if parallel:  # test processes may run other threads; the children here only parse and build
        monkeypatch.setattr(diff_load, "can_fork", lambda: hasattr(diff_load.os, "fork"))
        result_of = diff_load.Forked.result

        def spy(self: diff_load.Forked, timeout: float = 120.0) -> bytes | None:
            answer = result_of(self, timeout)
            answers_from_children.append(answer)
            return answer

        monkeypatch.setattr(diff_load.Forked, "result", spy)
    old_doc = big_daily(daily)
    new_doc = copy.deepcopy(old_doc)
    new_doc["components"]["schemas"]["extra_7"]["properties"]["size"] = STR
    sides = []
    for name, document in (("old", old_doc), ("new", new_doc)):
        (tmp_path / name).mkdir()
        sides.append(settings_for(write_spec(tmp_path / name, document), **DAILY_NAMES))
    assert sides[0].specs[0].stat().st_size > diff_load.PARSE_CACHE_THRESHOLD
    (old_api, _), (new_api, _) = build_pair(sides[0], sides[1], parallel=parallel)
    assert old_api == build_model(sides[0])[0]
    assert new_api == build_model(sides[1])[0]
    assert len(primed) == 2  # both documents were parsed piece by piece
    if parallel:
        assert len(answers_from_children) == 2 and None not in answers_from_children
    result = diff_specs(sides[0], sides[1], parallel=parallel)
    assert result.changes == ()  # the schema is not used by any operation: only its class changed
    assert [(s.kind, s.action, s.name, s.detail) for s in result.sdk_changes] == [
        ("field", "changed", "Extra7.size", "`int | None = None` → `str | None = None`")
    ]


def test_the_primed_parse_cache_is_what_read_document_reads(
    daily: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_spec(tmp_path, big_daily(daily))
    settings = replace(settings_for(path), cache_dir=tmp_path / "cache")
    assert diff_load.prime_parse_cache((settings,)) == 1
    expected = parse_text(path.read_text(encoding="utf-8"), path, "x")

    def refuse(*args: object) -> None:
        raise AssertionError("parsed again: the primed cache entry was not found")

    monkeypatch.setattr(source, "parse_text", refuse)
    monkeypatch.setattr(source, "parse_with_notes", refuse)
    assert read_document(path, Cache(tmp_path / "cache")).data == expected


def test_a_syntax_error_is_reported_as_build_model_reports_it(daily: dict[str, Any], tmp_path: Path) -> None:
    good = write_spec(tmp_path, big_daily(daily))
    (tmp_path / "bad").mkdir()
    bad = tmp_path / "bad" / "openapi.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("paths:\n", "paths:\n  /x: [\n", 1), encoding="utf-8"
    )
    from generator.diagnostics import SpecError

    with pytest.raises(SpecError) as raised:
        build_pair(settings_for(good), settings_for(bad), parallel=False)
    with pytest.raises(SpecError) as expected:
        build_model(settings_for(bad))
    assert str(raised.value) == str(expected.value)
