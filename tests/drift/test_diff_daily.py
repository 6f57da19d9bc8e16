"""``diff`` on Daily's meeting-token spec (the frozen fixture): the changes Daily really makes, and
the settings that build both sides.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from generator.config import load_settings
from generator.drift.diff import DiffResult, diff_specs, exit_code, render_json, render_markdown, render_text

from support.diff_specs import DAILY, DAILY_NAMES, B, N, diff_pair, sdk_triples
from support.paths import ROOT
from support.specs import write_spec

# ------------------------------------------------------------------------ Daily


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
