"""``update``: an upstream release taken in all or nothing (spec, SDK, version, changelog),
the version bump that follows the diff, and the minimal edits of the version setting and the
changelog.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

import generator.drift.upstream as upstream
from generator.config import Settings, load_settings
from generator.diagnostics import SpecError
from generator.drift.upstream import (
    Bump,
    extract_openapi,
    next_version,
    prepend_changelog_entry,
    update,
)
from generator.drift.version_setting import with_version

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.upstream_pages import (
    FIXTURE,
    FIXTURE_TEXT,
    NEW_PROPERTY,
    PAGE_PATH,
    PROJECT_TABLE,
    TODAY,
    changed_seed_page,
    changelog_section,
    check_project,
    docs_page,
    load_yaml,
    markdown_answer,
    project_versions,
    seed_page,
    snapshot_project,
    tokens_project,
    tokens_settings,
)


def test_update_with_a_changed_upstream_releases_everything(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    url = scripted_server.url + PAGE_PATH
    pyproject = tokens_project(tmp_path, url)
    assert check_project(pyproject)[0] == 0  # the project starts consistent
    assert project_versions(tmp_path) == (None, "1.1.1", "1.1.1", [])
    settings = load_settings(pyproject=pyproject, use_cache=False)
    changed_page = changed_seed_page()
    scripted_server.enqueue(markdown_answer(changed_page))

    outcome = update(settings, config=pyproject, today=TODAY, timeout=5)

    assert outcome.changed
    assert outcome.bump is outcome.suggested is Bump.MAJOR  # a request enum value was removed
    assert (outcome.previous_version, outcome.version) == ("1.1.1", "2.0.0")
    # The version, the SDK and the CHANGELOG agree.
    assert project_versions(tmp_path) == ("2.0.0", "2.0.0", "2.0.0", ["2.0.0"])
    spec = tmp_path / "spec" / "tokens.yaml"
    assert spec.read_text(encoding="utf-8") == extract_openapi(changed_page, url)
    models = tmp_path / "generated" / "tokens_api" / "models"
    assert NEW_PROPERTY in (models / "token_properties.py").read_text(encoding="utf-8")
    assert 'NO = "no"' not in (models / "token_properties_lang.py").read_text(encoding="utf-8")
    assert {spec, pyproject, models / "token_properties.py"} <= set(outcome.written)

    changelog = tmp_path / "generated" / "CHANGELOG.md"
    assert changelog in outcome.written
    text = changelog.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "## [2.0.0] - 2026-05-09" in text
    assert "Version bump: major (breaking or possibly breaking changes)." in text
    breaking = changelog_section(text, "Breaking") + changelog_section(text, "Possibly breaking")
    non_breaking = changelog_section(text, "Non-breaking")
    assert "enum `TokenPropertiesLang` lost the value 'no'" in breaking
    assert NEW_PROPERTY in non_breaking
    assert text.index("### Non-breaking") > min(
        text.index(h) for h in ("### Breaking", "### Possibly breaking") if h in text
    )
    assert outcome.diff.sdk_changes  # the enum member NO is gone from the SDK
    assert "### SDK API" in text
    # Only the version line was added to the maintainers' pyproject: comments and order stay.
    assert pyproject.read_text(encoding="utf-8") == PROJECT_TABLE.format(
        upstream=json.dumps([url]), version='version = "2.0.0"\n'
    )

    # The regenerated SDK is exactly what `check` expects, run as a user would.
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--config", str(pyproject), "--no-cache"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is up to date" in result.stdout

    # A second update from the same upstream finds nothing to do: no second entry, no new version.
    before = snapshot_project(tmp_path)
    scripted_server.enqueue(markdown_answer(changed_page))
    again = update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert not again.changed and again.version == "2.0.0"
    assert snapshot_project(tmp_path) == before


def test_successive_releases_follow_the_version_setting(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    """Each update starts from [tool.generator] version, so two releases give two versions, in order."""
    url = scripted_server.url + PAGE_PATH
    pyproject = tokens_project(tmp_path, url, version="3.4.0")
    first = FIXTURE_TEXT.replace("            - pt\n", "            - pt\n            - pt-PT\n")
    second = first.replace("            - de\n", "")
    for page in (first, second):
        scripted_server.enqueue(markdown_answer(docs_page(page)))
        update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert project_versions(tmp_path) == ("4.0.0", "4.0.0", "4.0.0", ["4.0.0", "3.5.0"])
    text = pyproject.read_text(encoding="utf-8")
    assert 'version = "4.0.0"  # the SDK version\n' in text  # edited in place, its comment kept
    assert check_project(pyproject)[0] == 0


def test_calendar_versions_take_the_upstream_date(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    """A spec versioned by date: the SDK is 2023.8.16, then the new date, then a further component."""
    url = scripted_server.url + PAGE_PATH
    dated = FIXTURE_TEXT.replace("  version: 1.1.1\n", "  version: '2023-08-16'\n")
    pyproject = tokens_project(tmp_path, url, spec=dated)
    assert project_versions(tmp_path)[1:3] == ("2023.8.16", "2023.8.16")
    later = dated.replace("'2023-08-16'", "'2023-09-01'").replace("            - de\n", "")
    same_day = later.replace("            - pt\n", "            - pt\n            - pt-PT\n")
    for page in (later, same_day):
        scripted_server.enqueue(markdown_answer(docs_page(page)))
        update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert project_versions(tmp_path) == (
        "2023.9.1.1",
        "2023.9.1.1",
        "2023.9.1.1",
        ["2023.9.1.1", "2023.9.1"],
    )
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "The API's version (info.version) went from 2023-08-16 to 2023-09-01." in changelog
    docs = (tmp_path / "generated" / "README.md").read_text(encoding="utf-8")
    assert "(API version 2023-09-01)" in docs  # the API's own version, as the spec writes it


def test_update_with_an_unchanged_upstream_changes_nothing(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    pyproject = tokens_project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    scripted_server.enqueue(markdown_answer(seed_page()))
    outcome = update(settings, config=pyproject, today=TODAY, timeout=5, bump=Bump.MAJOR)
    assert not outcome.changed
    assert outcome.bump is None and outcome.written == () and outcome.changelog_entry is None
    assert outcome.version == outcome.previous_version == "1.1.1"
    assert list(outcome.diff.changes) == []
    assert snapshot_project(tmp_path) == before
    assert "is up to date with upstream" in outcome.summary()


def test_a_reformatted_upstream_is_not_a_change(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """Same data, different text (JSON): nothing is rewritten."""
    pyproject = tokens_project(tmp_path, scripted_server.url + "/openapi.json")
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    scripted_server.enqueue(ScriptedResponse.of_json(load_yaml(FIXTURE_TEXT)))
    assert not update(settings, config=pyproject, today=TODAY, timeout=5).changed
    assert snapshot_project(tmp_path) == before


@pytest.mark.parametrize(
    ("page", "bump", "section"),
    [
        pytest.param(
            lambda: seed_page().replace("            - pt\n", "            - pt\n            - pt-PT\n", 1),
            Bump.MINOR,
            "Non-breaking",
            id="request-enum-value-added",
        ),
        pytest.param(
            lambda: seed_page().replace("Create a meeting token\n", "Create a meeting token (JWT)\n"),
            Bump.PATCH,
            None,
            id="description-only",
        ),
    ],
)
def test_the_bump_follows_the_diff(
    scripted_server: ScriptedHTTPServer,
    tmp_path: Path,
    page: Any,
    bump: Bump,
    section: str | None,
) -> None:
    text = page()
    assert text != seed_page()
    (tmp_path / "spec").mkdir()
    shutil.copy(FIXTURE, tmp_path / "spec" / "tokens.yaml")
    settings = tokens_settings(tmp_path, scripted_server.url + PAGE_PATH)
    scripted_server.enqueue(markdown_answer(text))
    found = upstream.diff_upstream(settings, timeout=5)
    assert found.differs
    assert upstream.suggest_bump(found.result) is bump
    version = next_version("1.1.1", bump)
    entry = upstream.changelog_entry(found.result, version=version, today=TODAY, bump=bump, source="page")
    assert entry.startswith(f"## [{version}] - 2026-05-09\n")
    if section is not None:
        assert changelog_section(entry, section).strip()
    else:
        assert "### Breaking" not in entry and "### Non-breaking" not in entry


@pytest.mark.parametrize(
    ("response", "message"),
    [
        pytest.param(markdown_answer("gone", 404), r"HTTP 404 Not Found", id="404"),
        pytest.param(markdown_answer("boom", 500), r"HTTP 500 Internal Server Error", id="500"),
        pytest.param(markdown_answer("slow", delay=10), r"timed out", id="timeout"),
        pytest.param(
            markdown_answer("# No spec on this page\n"), r"no OpenAPI document found", id="no-document"
        ),
        pytest.param(
            markdown_answer(seed_page().replace("openapi: 3.0.3", "openapi: 2.5.0")),
            r"OpenAPI version '2\.5\.0' is not supported",
            id="wrong-version",
        ),
    ],
)
def test_update_writes_nothing_when_upstream_fails(
    scripted_server: ScriptedHTTPServer,
    tmp_path: Path,
    response: ScriptedResponse,
    message: str,
) -> None:
    pyproject = tokens_project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    scripted_server.enqueue(response)
    with pytest.raises(SpecError, match=message):
        update(settings, config=pyproject, today=TODAY, timeout=0.5)
    assert snapshot_project(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_update_when_connection_is_refused_writes_nothing(tmp_path: Path, refused_url: str) -> None:
    pyproject = tokens_project(tmp_path, refused_url)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    with pytest.raises(SpecError, match=r"connection refused"):
        update(settings, config=pyproject, today=TODAY, timeout=5)
    assert snapshot_project(tmp_path) == before


def _fail_generation(settings: Settings) -> Any:
    raise SpecError.at("the spec nests schemas too deeply to build")


def _fail_write(output: Path, files: Any, changes: Any = None) -> Any:
    raise OSError(28, "No space left on device")


def _fail_changelog_rename(real: Any) -> Any:
    """``os.replace`` that fails for the CHANGELOG, after the spec and the SDK were written."""

    def replace(source: Any, target: Any) -> None:
        if Path(target).name == "CHANGELOG.md":
            raise OSError(5, "Input/output error")
        real(source, target)

    return replace


@pytest.mark.parametrize(
    ("target", "replacement", "message"),
    [
        pytest.param("draft", _fail_generation, r"nests schemas too deeply", id="generation-fails"),
        pytest.param(
            "write",
            _fail_write,
            r"could not write the SDK into .*No space left on device.*were restored",
            id="write-fails",
        ),
        pytest.param(
            "os.replace",
            _fail_changelog_rename(os.replace),
            r"Input/output error; the spec, the SDK, the pyproject and the CHANGELOG were restored",
            id="changelog-fails-after-the-sdk-was-written",
        ),
    ],
)
def test_a_failing_release_restores_everything(
    scripted_server: ScriptedHTTPServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    replacement: Any,
    message: str,
) -> None:
    pyproject = tokens_project(tmp_path, scripted_server.url + PAGE_PATH)
    (tmp_path / "generated" / "CHANGELOG.md").write_text("# Changelog\n\n## [1.1.1] - 2026-01-01\n")
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    monkeypatch.setattr(f"{upstream.__name__}.{target}", replacement)
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    with pytest.raises(SpecError, match=message):
        update(settings, config=pyproject, today=TODAY, timeout=5)
    monkeypatch.undo()
    assert snapshot_project(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_update_refuses_several_spec_files(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    specs = (tmp_path / "a.yaml", tmp_path / "b.yaml")
    settings = tokens_settings(tmp_path, scripted_server.url + PAGE_PATH, specs=specs)
    with pytest.raises(
        SpecError, match=r"the upstream document goes into one spec file, but 2 are configured"
    ):
        update(settings, config=tmp_path / "pyproject.toml", today=TODAY)
    assert scripted_server.requests == []


def test_update_needs_the_pyproject_it_writes_the_version_to(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    pyproject = tokens_project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = snapshot_project(tmp_path)
    scripted_server.enqueue(markdown_answer(changed_seed_page()))
    with pytest.raises(SpecError, match=r"missing.toml: error: cannot read the pyproject.toml that holds"):
        update(settings, config=tmp_path / "missing.toml", today=TODAY, timeout=5)
    assert snapshot_project(tmp_path) == before


def test_update_needs_an_upstream(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"no upstream source configured"):
        update(tokens_settings(tmp_path), config=tmp_path / "pyproject.toml", today=TODAY)


# ------------------------------------------------------------- the version setting and the changelog


@pytest.mark.parametrize(
    ("before", "after"),
    [
        pytest.param(
            '[tool.generator]\nspec = "a.yaml"  # the spec\n\n# names\n[tool.generator.names.schemas]\n',
            '[tool.generator]\nspec = "a.yaml"  # the spec\nversion = "2.0.0"\n\n# names\n'
            "[tool.generator.names.schemas]\n",
            id="added-after-the-last-setting",
        ),
        pytest.param(
            "[tool.generator]\r\nspec = [\r\n  'a.yaml',\r\n]\r\n",
            "[tool.generator]\r\nspec = [\r\n  'a.yaml',\r\n]\r\nversion = \"2.0.0\"\r\n",
            id="after-a-multi-line-array-crlf",
        ),
        pytest.param(
            "[tool.generator]\nversion = '1.0'   # released by update\nspec = 'a.yaml'\n",
            "[tool.generator]\nversion = \"2.0.0\"   # released by update\nspec = 'a.yaml'\n",
            id="replaced-in-place",
        ),
        pytest.param(
            '[other]\nversion = "9"\n[tool.generator]\nspec = "a.yaml"',
            '[other]\nversion = "9"\n[tool.generator]\nspec = "a.yaml"\nversion = "2.0.0"\n',
            id="other-tables-untouched",
        ),
    ],
)
def test_the_version_setting_is_a_minimal_edit(before: str, after: str) -> None:
    assert with_version(before, "2.0.0", Path("pyproject.toml")) == after
    assert tomllib.loads(after)["tool"]["generator"]["version"] == "2.0.0"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('tool.generator.spec = "a.yaml"\n', id="no-table-header"),
        pytest.param('[tool.generator]\nversion = """1.0"""\n', id="multi-line-string"),
    ],
)
def test_the_version_setting_refuses_what_it_cannot_edit(text: str) -> None:
    with pytest.raises(SpecError, match=r'set version = "2.0.0" in \[tool.generator\] by hand'):
        with_version(text, "2.0.0", Path("pyproject.toml"))


def test_changelog_entries_go_before_the_newest() -> None:
    title = "# Changelog\n\nIntro."
    first = prepend_changelog_entry(None, "## [1.0.1] - 2026-01-01\n\n- a\n", title=title)
    assert first == "# Changelog\n\nIntro.\n\n## [1.0.1] - 2026-01-01\n\n- a\n"
    second = prepend_changelog_entry(first, "## [2.0.0] - 2026-02-01\n\n- b\n", title=title)
    assert second == (
        "# Changelog\n\nIntro.\n\n## [2.0.0] - 2026-02-01\n\n- b\n\n## [1.0.1] - 2026-01-01\n\n- a\n"
    )
