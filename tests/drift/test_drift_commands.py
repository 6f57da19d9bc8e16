"""The drift commands on the command line: ``diff``, ``fetch-upstream`` and ``update``, their
flags, output, locations and exit codes.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
import yaml

from generator.drift import cli as drift_cli

from support.http_server import ScriptedHTTPServer
from support.upstream_pages import (
    FIXTURE,
    FIXTURE_TEXT,
    NEW_PROPERTY,
    changed_seed_page,
    check_project,
    load_yaml,
    markdown_answer,
    project_versions,
    run_cli,
    snapshot_project,
    tokens_project,
)


def test_diff_command_reads_urls_and_classifies(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """`diff OLD NEW` with a Markdown page URL on one side: the seed's `lang` removal is breaking."""
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    code, out, err = run_cli(
        "diff", str(FIXTURE), f"{scripted_server.url}/create-meeting-token.md", "--no-cache"
    )
    assert code == 2, err
    assert "[request-enum-value-removed]" in out and "lost the value 'no'" in out
    assert f"[request-property-added-optional] property `{NEW_PROPERTY}`" in out
    code, out, _ = run_cli("diff", str(FIXTURE), str(FIXTURE), "--format", "json", "--no-cache")
    assert code == 0
    assert json.loads(out)["changes"] == []


def test_diff_command_thresholds_and_errors(tmp_path: Path) -> None:
    document = load_yaml(FIXTURE_TEXT)
    properties = document["components"]["schemas"]["properties"]["properties"]
    properties["new_flag"] = {"type": "boolean"}
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    assert run_cli("diff", str(FIXTURE), str(new), "--no-cache")[0] == 1  # only non-breaking
    assert run_cli("diff", str(FIXTURE), str(new), "--fail-on", "non-breaking", "--no-cache")[0] == 2
    code, out, err = run_cli("diff", str(FIXTURE), str(tmp_path / "missing.yaml"), "--no-cache")
    assert code == 3 and out == ""
    assert "cannot read the spec" in err and "Traceback" not in err


def test_fetch_upstream_and_update_commands(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """The CI job's view: drift found (exit 2, Markdown), then `update` takes it and `check` is green."""
    url = f"{scripted_server.url}/create-meeting-token.md"
    pyproject = tokens_project(tmp_path, url)
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    before = snapshot_project(tmp_path)
    code, out, err = run_cli(
        "fetch-upstream", "--config", str(pyproject), "--format", "markdown", "--no-cache"
    )
    assert code == 2, err
    assert out.startswith("### API diff") and "#### Breaking (1)" in out
    assert snapshot_project(tmp_path) == before  # fetch-upstream writes nothing

    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    code, out, err = run_cli("update", "--config", str(pyproject), "--no-cache")
    assert code == 0, err
    assert out == "" and err.rstrip().splitlines()[-1].startswith("wrote ")  # the status line last
    assert "bump major: SDK 1.1.1 → 2.0.0" in err
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "lost the value 'no'" in changelog
    assert project_versions(tmp_path) == ("2.0.0", "2.0.0", "2.0.0", ["2.0.0"])
    assert check_project(pyproject)[0] == 0

    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    assert run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")[0] == 0


def test_update_dry_run_prints_the_entry_and_writes_nothing(tmp_path: Path, refused_url: str) -> None:
    pyproject = tokens_project(tmp_path, refused_url)  # --upstream replaces the configured source
    new = tmp_path / "upstream.md"
    new.write_text(changed_seed_page(), encoding="utf-8")
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    before = snapshot_project(tmp_path)
    code, out, err = run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--dry-run", "--cache-dir", str(cache)
    )
    assert code == 0, err
    assert snapshot_project(tmp_path) == before
    entry, summary = out, err.rstrip().splitlines()[-1]  # the entry is the output; the status on stderr
    assert re.match(r"## \[2\.0\.0\] - \d{4}-\d\d-\d\d\n", entry)
    assert "lost the value 'no'" in entry
    assert summary.startswith("dry run: ") and "bump major: SDK 1.1.1 → 2.0.0" in summary
    assert summary.rstrip().endswith("nothing was written")


def test_update_quiet_prints_only_the_entry_of_a_dry_run(tmp_path: Path, refused_url: str) -> None:
    """``-q`` silences the status line and the findings, as for ``generate``; the data stays."""
    pyproject = tokens_project(tmp_path, refused_url)
    new = tmp_path / "upstream.md"
    new.write_text(changed_seed_page(), encoding="utf-8")
    code, out, err = run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--dry-run", "-q", "--no-cache"
    )
    assert (code, err) == (0, "")
    assert out.startswith("## [2.0.0] - ")


def test_update_bump_flag_overrides_the_suggestion(tmp_path: Path, refused_url: str) -> None:
    pyproject = tokens_project(tmp_path, refused_url, version="1.4.2")
    new = tmp_path / "upstream.yaml"
    new.write_text(changed_seed_page().split("````yaml POST /meeting-tokens\n")[1].rstrip("`\n") + "\n")
    code, out, err = run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--bump", "minor", "--no-cache"
    )
    assert (code, out) == (0, ""), err
    assert "bump minor, suggested major: SDK 1.4.2 → 1.5.0" in err
    assert project_versions(tmp_path) == ("1.5.0", "1.5.0", "1.5.0", ["1.5.0"])
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Version bump: minor (asked for; the changes suggest major:" in changelog
    with pytest.raises(SystemExit) as caught:  # argparse's usage error
        run_cli("update", "--config", str(pyproject), "--bump", "huge")
    assert caught.value.code == 2


def _json_places(out: str) -> set[tuple[str, str]]:
    return {(change["side"], change["file"]) for change in json.loads(out)["changes"]}


def test_drift_locations_name_the_sources_never_a_temporary_copy(
    scripted_server: ScriptedHTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daily report is the same text every day while the specs stay the same."""
    url = f"{scripted_server.url}/create-meeting-token.md"
    pyproject = tokens_project(tmp_path, url)
    monkeypatch.chdir(tmp_path)
    reports = []
    for _ in range(2):
        scripted_server.enqueue(markdown_answer(changed_seed_page()))
        code, out, err = run_cli("fetch-upstream", "--format", "markdown", "--no-cache")
        assert code == 2, err
        reports.append(out)
    assert reports[0] == reports[1]
    assert tempfile.gettempdir() not in reports[0] and "upstream-" not in reports[0]
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    code, out, _ = run_cli("fetch-upstream", "--config", str(pyproject), "--format", "json", "--no-cache")
    assert _json_places(out) == {("old", "spec/tokens.yaml"), ("new", url)}
    # diff OLD NEW with a URL names the URL too.
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    code, out, _ = run_cli("diff", "spec/tokens.yaml", url, "--format", "json", "--no-cache")
    assert _json_places(out) == {("old", "spec/tokens.yaml"), ("new", url)}


def test_upstream_flag_on_diff_and_fetch_upstream(tmp_path: Path, refused_url: str) -> None:
    """`--upstream PATH` replaces the configured source; `diff --upstream X` is the project's spec vs X."""
    pyproject = tokens_project(tmp_path, refused_url)
    new = tmp_path / "new-page.md"
    new.write_text(changed_seed_page(), encoding="utf-8")
    fetch = run_cli(
        "fetch-upstream", "--config", str(pyproject), "--upstream", str(new), "--format", "json", "--no-cache"
    )
    diff = run_cli(
        "diff", "--config", str(pyproject), "--upstream", str(new), "--format", "json", "--no-cache"
    )
    assert fetch[0] == diff[0] == 2, fetch[2] + diff[2]
    assert fetch[1] == diff[1]
    assert ("new", str(new)) in _json_places(diff[1])
    # The configured source is still the refused one.
    code, _, err = run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")
    assert code == 3 and "connection refused" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        pytest.param(["diff", "a.yaml"], r"diff needs OLD and NEW", id="one-spec"),
        pytest.param(["diff"], r"diff needs OLD and NEW", id="no-spec"),
        pytest.param(["diff", "a.yaml", "b.yaml", "--upstream", "c.yaml"], r"either OLD and NEW", id="both"),
        pytest.param(
            ["fetch-upstream"], r"fetch-upstream needs the project's \[tool.generator\]", id="no-project"
        ),
    ],
)
def test_drift_argument_errors_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if "--upstream" in argv:
        tokens_project(tmp_path, "unused.md")
    code, out, err = run_cli(*argv, "--no-cache")
    assert code == drift_cli.EXIT_CANNOT_COMPARE == 3 and out == ""
    assert re.search(message, err) and "Traceback" not in err


def test_fetch_upstream_network_failure_exits_3(refused_url: str, tmp_path: Path) -> None:
    pyproject = tokens_project(tmp_path, refused_url)
    code, out, err = run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")
    assert code == 3 and out == ""
    assert "the specs were not compared" in err and "Traceback" not in err
