"""What ``diff`` reports: the text, JSON and Markdown outputs, exit codes by threshold, the
generated rules document, and the SDK signatures it quotes.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.drift.diff import (
    RULES,
    DiffResult,
    exit_code,
    render_json,
    render_markdown,
    render_text,
    rules_markdown,
)
from generator.drift.sdk import returns, signature

from support.diff_specs import (
    DAILY,
    ENUM_A,
    ENUM_AB,
    INT,
    STR,
    B,
    N,
    P,
    answers,
    diff_pair,
    obj,
    operation,
    path_param,
    query,
    returns_json,
    spec,
    takes,
)
from support.paths import ROOT
from support.specs import build, import_sdk

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
