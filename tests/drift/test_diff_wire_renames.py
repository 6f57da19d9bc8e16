"""``diff`` on names changed on the wire only: a parameter or property renamed where the SDK's
Python name stays is one change (callers unaffected), told apart from renames the SDK sees.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.drift.diff import DiffResult, exit_code, render_json, render_markdown, render_text
from generator.drift.support import take_pairs

from support.diff_specs import (
    INT,
    STR,
    B,
    N,
    answers,
    diff_pair,
    obj,
    operation,
    path_param,
    query,
    sdk_triples,
    spec,
)

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
