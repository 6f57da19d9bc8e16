"""Upstream tooling: fetching specs (local HTTP server only, never the internet), Markdown
extraction, merging, deterministic YAML, ``update`` all-or-nothing, and the CI workflows.

The spec diff itself is :mod:`generator.drift.diff` (tested in ``test_diff.py``); here it is
used as ``update`` and ``fetch-upstream`` use it.
"""

from __future__ import annotations

import copy
import gzip
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.drift.upstream as upstream
from generator.cli import main
from generator.config import Settings, load_settings
from generator.diagnostics import SpecError
from generator.drift import cli as drift_cli
from generator.drift.upstream import (
    Bump,
    dump_yaml,
    extract_openapi,
    fetch_text,
    fetch_upstream,
    next_version,
    prepend_changelog_entry,
    update,
)
from generator.drift.version_setting import with_version
from generator.spec.source import parse_text, read_document

from support.corpus import corpus_root
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.paths import FIXTURES

FIXTURE = FIXTURES / "upstream" / "tokens.yaml"
"""The tests' own vendored spec (never the repository's spec/, which follows upstream)."""
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")
PAGE_PATH = "/reference/rest-api/meeting-tokens/create-meeting-token.md"
TODAY = date(2026, 5, 9)
NEW_PROPERTY = "enable_noise_cancellation_ui"
_TOOL_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def _load(text: str) -> Any:
    return parse_text(text, Path("x.yaml"), "x")


def _seed_page() -> str:
    """A docs page for the fixture spec, in the shape Daily publishes its pages.

    A title, a summary quote and the document in a four-backtick fence whose info string
    names the endpoint (``../shared/seed/create-meeting-token.md`` is such a page).
    """
    return (
        "> ## Documentation Index\n"
        "> Fetch the complete documentation index at: https://docs.daily.co/llms.txt\n\n"
        "# Create Meeting Token\n\n> Create a meeting token\n\n\n\n## OpenAPI\n\n"
        f"````yaml POST /meeting-tokens\n{FIXTURE_TEXT}````\n"
    )


def _markdown(response: str, status: int = 200, *, delay: float = 0.0) -> ScriptedResponse:
    return ScriptedResponse(
        status=status,
        headers=(("Content-Type", "text/markdown; charset=utf-8"),),
        body=response.encode("utf-8"),
        delay=delay,
    )


def _page(document: str, info: str = "yaml GET /rooms", fence: str = "````") -> str:
    return f"# Some endpoint\n\n> A summary.\n\n## OpenAPI\n\n{fence}{info}\n{document}{fence}\n"


def _changed_seed_page() -> str:
    """The page with a new optional property and the ``lang`` value ``no`` removed."""
    page = _seed_page()
    assert page.count("            - 'no'\n") == 1
    page = page.replace("            - 'no'\n", "")
    anchor = "        permissions:\n          $ref: '#/components/schemas/permissions'\n"
    assert page.count(anchor) == 1
    addition = (
        f"        {NEW_PROPERTY}:\n"
        "          type: boolean\n"
        "          description: Shows the noise cancellation button in the call tray.\n"
    )
    return page.replace(anchor, anchor + addition)


def _settings(tmp_path: Path, *upstream_sources: str, specs: tuple[Path, ...] = ()) -> Settings:
    return Settings(
        specs=specs or (tmp_path / "spec" / "tokens.yaml",),
        output=tmp_path / "out",
        package="tokens_api",
        distribution="tokens-api",
        client_class="TokensClient",
        api_key_env="TOKENS_API_KEY",
        upstream=tuple(upstream_sources),
    )


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the local server must not go through a proxy from the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


# --------------------------------------------------------------------------- fetching


def test_markdown_page_from_http_gives_the_yaml_block(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(_markdown(_seed_page()))
    url = scripted_server.url + PAGE_PATH
    text = fetch_text(url, timeout=5)
    assert text == _seed_page()
    document = extract_openapi(text, url)
    # The vendored spec is exactly the page's block.
    assert document == FIXTURE_TEXT
    request = scripted_server.last_request
    assert request.method == "GET" and request.path == PAGE_PATH
    assert (request.header("User-Agent") or "").startswith("openapi-sdk-generator/")


def test_fetch_upstream_keeps_a_single_yaml_source_verbatim(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    scripted_server.enqueue(_markdown(_seed_page()))
    url = scripted_server.url + PAGE_PATH
    document = fetch_upstream(_settings(tmp_path, url), timeout=5)
    assert document.display == url
    assert document.text == FIXTURE_TEXT
    assert document.data == _load(FIXTURE_TEXT)
    assert document.path == (tmp_path / "spec" / "tokens.yaml").resolve()


def test_local_files_and_file_urls(tmp_path: Path) -> None:
    seed = tmp_path / "create-meeting-token.md"
    seed.write_text(_seed_page(), encoding="utf-8")
    assert extract_openapi(fetch_text(str(seed)), str(seed)) == FIXTURE_TEXT
    assert fetch_text(seed.as_uri()) == _seed_page()
    with pytest.raises(SpecError, match=r"cannot read the upstream file: No such file"):
        fetch_text(str(tmp_path / "missing.md"))
    with pytest.raises(SpecError, match=r"cannot fetch a ftp: URL"):
        fetch_text("ftp://example.invalid/spec.yaml")


@pytest.mark.parametrize("suffix", [".json", ".yaml", ""])
def test_json_and_yaml_sources(scripted_server: ScriptedHTTPServer, tmp_path: Path, suffix: str) -> None:
    data = _load(FIXTURE_TEXT)
    if suffix == ".json":
        scripted_server.enqueue(ScriptedResponse.of_json(data))
    else:
        scripted_server.enqueue(ScriptedResponse.of_text(FIXTURE_TEXT))
    url = f"{scripted_server.url}/openapi{suffix}"
    document = fetch_upstream(_settings(tmp_path, url), timeout=5)
    assert document.data == data
    # Whatever the source format, the document's text is YAML that reads back equal.
    assert not document.text.lstrip().startswith("{")
    assert _load(document.text) == data


def test_json_answer_without_extension_is_sniffed(scripted_server: ScriptedHTTPServer) -> None:
    body = json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}})
    scripted_server.enqueue(ScriptedResponse.of_text(body))
    url = scripted_server.url + "/api"
    assert extract_openapi(fetch_text(url, timeout=5), url) == body


def test_gzip_answers_are_decompressed(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse(
            headers=(("Content-Type", "text/markdown"), ("Content-Encoding", "gzip")),
            body=gzip.compress(_seed_page().encode("utf-8")),
        )
    )
    assert fetch_text(scripted_server.url + PAGE_PATH, timeout=5) == _seed_page()


# --------------------------------------------------------------------------- Markdown extraction

_SMALL = "openapi: 3.1.0\ninfo:\n  title: Small\n  version: '1'\npaths: {}\n"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(_page(_SMALL, "yaml GET /rooms"), _SMALL, id="four-backticks-with-info"),
        pytest.param(_page(_SMALL, "yaml", fence="```"), _SMALL, id="three-backticks"),
        pytest.param(_page(_SMALL, "", fence="~~~~~"), _SMALL, id="tildes-no-info"),
        pytest.param(
            "Intro\n\n```sh\ncurl https://api.example.com\n```\n\n" + _page(_SMALL) + "\n```json\n{}\n```\n",
            _SMALL,
            id="other-blocks-ignored",
        ),
        pytest.param(
            "````yaml\n" + _SMALL + "x-example: |\n  ```\n  not a fence end\n  ```\n````\n",
            _SMALL + "x-example: |\n  ```\n  not a fence end\n  ```\n",
            id="shorter-inner-fence-is-content",
        ),
        pytest.param(
            "  ```yaml\n  openapi: 3.0.3\n  info: {title: T, version: '1'}\n  paths: {}\n  ```\n",
            "openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\n",
            id="indented-fence",
        ),
        pytest.param(
            "Same document twice (YAML and JSON tabs):\n\n```yaml\n" + _SMALL + "```\n\n```json\n"
            '{"openapi": "3.1.0", "info": {"title": "Small", "version": "1"}, "paths": {}}\n```\n',
            _SMALL,
            id="equal-duplicates-are-one-document",
        ),
        pytest.param(
            "# Page\r\n\r\n```yaml\r\nopenapi: 3.1.0\r\npaths: {}\r\n```\r\n",
            "openapi: 3.1.0\npaths: {}\n",
            id="crlf",
        ),
    ],
)
def test_extracts_the_fenced_openapi_block(page: str, expected: str) -> None:
    assert extract_openapi(page, "https://docs.example.com/page.md") == expected


@pytest.mark.parametrize(
    ("page", "message"),
    [
        pytest.param(
            "# Nothing here\n\nJust text.\n", r"no OpenAPI document found: .*fenced code block", id="none"
        ),
        pytest.param(
            "```yaml\ntitle: not openapi\n```\n",
            r"none of the page's 1 fenced code block\(s\) \(line\(s\) 1\) holds",
            id="no-openapi-key",
        ),
        pytest.param(
            _page(_SMALL, "yaml GET /a") + _page(_SMALL.replace("Small", "Other"), "yaml GET /b"),
            r"2 different OpenAPI documents in fenced code blocks "
            r"\(line 7 \(yaml GET /a\); line 20 \(yaml GET /b\)\)",
            id="two-documents",
        ),
        pytest.param(
            "# Page\n\n```yaml\nopenapi: 3.0.3\ninfo: [unclosed\n```\n",
            r"page.md:6:1: error: could not parse YAML: .*\(in the fenced code block opened at line 3\)",
            id="broken-yaml-block",
        ),
        pytest.param(
            "# Truncated\n\n````yaml\n" + _SMALL,
            r"opened at line 3 is never closed; the page may be truncated",
            id="unclosed",
        ),
        pytest.param("   \n", r"the upstream document is empty", id="empty"),
    ],
)
def test_extraction_errors_are_clear(page: str, message: str) -> None:
    with pytest.raises(SpecError, match=message) as caught:
        extract_openapi(page, "https://docs.example.com/page.md")
    assert str(caught.value).startswith("https://docs.example.com/page.md")
    assert "\n" not in str(caught.value)


def test_a_yaml_or_json_file_must_be_openapi() -> None:
    with pytest.raises(SpecError, match=r"spec.yaml: error: not an OpenAPI document: it has no top-level"):
        extract_openapi("title: x\n", "spec.yaml")
    with pytest.raises(SpecError, match=r"spec.json:1:\d+: error: could not parse JSON"):
        extract_openapi("{not json", "spec.json")
    swagger = "swagger: '2.0'\ninfo: {title: T, version: '1'}\npaths: {}\n"
    assert extract_openapi(swagger, "spec.yaml") == swagger  # rejected later, by the version check


# --------------------------------------------------------------------------- merging several sources

_ROOMS = """\
openapi: 3.0.3
info:
  title: Daily API
  version: 1.1.1
paths:
  /rooms:
    get:
      tags: [rooms]
      operationId: ListRooms
      responses:
        '200':
          description: the rooms
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/room'
components:
  schemas:
    room:
      type: object
      properties:
        name: {type: string}
        privacy: {type: string, enum: [public, private, 'no']}
"""


def test_two_pages_are_merged_in_order(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    scripted_server.enqueue(_markdown(_seed_page()), _markdown(_page(_ROOMS)))
    first = scripted_server.url + PAGE_PATH
    second = scripted_server.url + "/reference/rest-api/rooms/list-rooms.md"
    settings = _settings(tmp_path, first, second)
    document = fetch_upstream(settings, timeout=5)
    assert [r.path for r in scripted_server.requests] == [
        PAGE_PATH,
        "/reference/rest-api/rooms/list-rooms.md",
    ]
    assert document.display == f"{first} + {second}"
    assert list(document.data["paths"]) == ["/meeting-tokens", "/rooms"]
    assert list(document.data["components"]["schemas"]) == [
        "properties",
        "enable_terse_logging",
        "permissions",
        "room",
    ]
    assert document.data["info"]["description"].startswith("The Tokens API")  # info from the first
    assert _load(document.text) == document.data
    assert "'no'" in document.text  # YAML 1.1 readers would take a bare `no` for false
    # Deterministic: the same sources give the same bytes.
    scripted_server.enqueue(_markdown(_seed_page()), _markdown(_page(_ROOMS)))
    assert fetch_upstream(settings, timeout=5).text == document.text


def test_a_conflicting_component_names_both_sources(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    conflicting = _ROOMS + "    permissions:\n      type: string\n"
    scripted_server.enqueue(_markdown(_seed_page()), _markdown(_page(conflicting)))
    first = scripted_server.url + PAGE_PATH
    second = scripted_server.url + "/rooms.md"
    with pytest.raises(SpecError) as caught:
        fetch_upstream(_settings(tmp_path, first, second), timeout=5)
    message = str(caught.value)
    assert f"{second} and {first} define #/components/schemas/permissions differently" in message


# --------------------------------------------------------------------------- network failures


def test_http_errors(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(_markdown("not here", 404), _markdown("boom", 500))
    url = scripted_server.url + PAGE_PATH
    with pytest.raises(SpecError, match=r"error: could not fetch the upstream document: HTTP 404 Not Found$"):
        fetch_text(url, timeout=5)
    with pytest.raises(SpecError, match=r"HTTP 500 Internal Server Error$"):
        fetch_text(url, timeout=5)


def test_timeout(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(_markdown(_seed_page(), delay=10))
    with pytest.raises(
        SpecError, match=r"no complete answer from 127\.0\.0\.1:\d+ within 0\.3s \(timed out\)"
    ):
        fetch_text(scripted_server.url + PAGE_PATH, timeout=0.3)


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A URL on a port that is bound but not listening: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}{PAGE_PATH}"


def test_connection_refused(refused_url: str) -> None:
    with pytest.raises(SpecError, match=r"could not fetch the upstream document: connection refused by 127"):
        fetch_text(refused_url, timeout=5)


def test_unknown_host(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_dns(*args: Any, **kwargs: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(SpecError, match=r"cannot resolve the host name 'docs\.example\.invalid'"):
        fetch_text("https://docs.example.invalid/page.md", timeout=5)


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://", r"it names no host"),
        ("http://[::1/spec.yaml", r"Invalid IPv6 URL"),
        ("http://127.0.0.1:99999/spec.yaml", r"Port out of range"),
        ("http://docs.example.com/a page.md", r"contains spaces or control characters"),
    ],
)
def test_malformed_urls(url: str, message: str) -> None:
    with pytest.raises(SpecError, match=rf"error: not a valid URL: .*{message}"):
        fetch_text(url, timeout=1)


def test_redirects_are_followed(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse(status=301, headers=(("Location", PAGE_PATH),)), _markdown(_seed_page())
    )
    assert fetch_text(scripted_server.url + "/old-location.md", timeout=5) == _seed_page()
    assert [r.path for r in scripted_server.requests] == ["/old-location.md", PAGE_PATH]


def test_non_utf8_body(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse(headers=(("Content-Type", "text/markdown"),), body=b"# Caf\xe9\n")
    )
    with pytest.raises(SpecError, match=r"not UTF-8 text \(invalid continuation byte at byte 5\)"):
        fetch_text(scripted_server.url + PAGE_PATH, timeout=5)


# --------------------------------------------------------------------------- update

PROJECT_TABLE = """\
[project]
name = "tokens-project"  # the maintainers' own table: update leaves it as it is

[tool.generator]
# The fixture project: its spec, SDK and CHANGELOG live in the test's folder.
spec = ["spec/tokens.yaml"]
output = "generated"
package = "tokens_api"
distribution = "tokens-api"
client-class = "TokensClient"
upstream = {upstream}
changelog = "generated/CHANGELOG.md"  # written by update
{version}
[tool.generator.names.schemas]
properties = "TokenProperties"
"""


def _project(tmp_path: Path, *sources: str, version: str | None = None, spec: str = FIXTURE_TEXT) -> Path:
    """A project in ``tmp_path``: the fixture spec, a pyproject and the SDK generated from them."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "tokens.yaml").write_text(spec, encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        PROJECT_TABLE.format(
            upstream=json.dumps(list(sources)),
            version=f'version = "{version}"  # the SDK version\n' if version else "",
        ),
        encoding="utf-8",
    )
    code, out, err = _run_cli("generate", "--config", str(pyproject), "--no-cache", "-q")
    assert code == 0, out + err
    return pyproject


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not set(_TOOL_CACHES).intersection(p.parts)
    }


def _check(pyproject: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", "--config", str(pyproject), "--no-cache"], stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def _section(text: str, title: str) -> str:
    """The body of ``### title`` up to the next heading ("" when absent)."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def _versions(project: Path) -> tuple[str | None, str, str, list[str]]:
    """``[tool.generator] version``, the SDK's pyproject and ``_version.py`` versions, CHANGELOG headings."""
    setting = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["generator"]
    sdk = tomllib.loads((project / "generated" / "pyproject.toml").read_text(encoding="utf-8"))
    module = (project / "generated" / "tokens_api" / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "(.*)"$', module, re.MULTILINE)
    assert match is not None
    changelog = project / "generated" / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    headings = re.findall(r"^## \[(.*?)\]", text, re.MULTILINE)
    return setting.get("version"), sdk["project"]["version"], match.group(1), headings


def test_update_with_a_changed_upstream_releases_everything(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    url = scripted_server.url + PAGE_PATH
    pyproject = _project(tmp_path, url)
    assert _check(pyproject)[0] == 0  # the project starts consistent
    assert _versions(tmp_path) == (None, "1.1.1", "1.1.1", [])
    settings = load_settings(pyproject=pyproject, use_cache=False)
    changed_page = _changed_seed_page()
    scripted_server.enqueue(_markdown(changed_page))

    outcome = update(settings, config=pyproject, today=TODAY, timeout=5)

    assert outcome.changed
    assert outcome.bump is outcome.suggested is Bump.MAJOR  # a request enum value was removed
    assert (outcome.previous_version, outcome.version) == ("1.1.1", "2.0.0")
    # The version, the SDK and the CHANGELOG agree.
    assert _versions(tmp_path) == ("2.0.0", "2.0.0", "2.0.0", ["2.0.0"])
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
    breaking = _section(text, "Breaking") + _section(text, "Possibly breaking")
    non_breaking = _section(text, "Non-breaking")
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
    before = _snapshot(tmp_path)
    scripted_server.enqueue(_markdown(changed_page))
    again = update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert not again.changed and again.version == "2.0.0"
    assert _snapshot(tmp_path) == before


def test_successive_releases_follow_the_version_setting(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    """Each update starts from [tool.generator] version, so two releases give two versions, in order."""
    url = scripted_server.url + PAGE_PATH
    pyproject = _project(tmp_path, url, version="3.4.0")
    first = FIXTURE_TEXT.replace("            - pt\n", "            - pt\n            - pt-PT\n")
    second = first.replace("            - de\n", "")
    for page in (first, second):
        scripted_server.enqueue(_markdown(_page(page)))
        update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert _versions(tmp_path) == ("4.0.0", "4.0.0", "4.0.0", ["4.0.0", "3.5.0"])
    text = pyproject.read_text(encoding="utf-8")
    assert 'version = "4.0.0"  # the SDK version\n' in text  # edited in place, its comment kept
    assert _check(pyproject)[0] == 0


def test_calendar_versions_take_the_upstream_date(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    """A spec versioned by date: the SDK is 2023.8.16, then the new date, then a further component."""
    url = scripted_server.url + PAGE_PATH
    dated = FIXTURE_TEXT.replace("  version: 1.1.1\n", "  version: '2023-08-16'\n")
    pyproject = _project(tmp_path, url, spec=dated)
    assert _versions(tmp_path)[1:3] == ("2023.8.16", "2023.8.16")
    later = dated.replace("'2023-08-16'", "'2023-09-01'").replace("            - de\n", "")
    same_day = later.replace("            - pt\n", "            - pt\n            - pt-PT\n")
    for page in (later, same_day):
        scripted_server.enqueue(_markdown(_page(page)))
        update(load_settings(pyproject=pyproject, use_cache=False), config=pyproject, today=TODAY)
    assert _versions(tmp_path) == ("2023.9.1.1", "2023.9.1.1", "2023.9.1.1", ["2023.9.1.1", "2023.9.1"])
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "The API's version (info.version) went from 2023-08-16 to 2023-09-01." in changelog
    docs = (tmp_path / "generated" / "README.md").read_text(encoding="utf-8")
    assert "(API version 2023-09-01)" in docs  # the API's own version, as the spec writes it


def test_update_with_an_unchanged_upstream_changes_nothing(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    pyproject = _project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    scripted_server.enqueue(_markdown(_seed_page()))
    outcome = update(settings, config=pyproject, today=TODAY, timeout=5, bump=Bump.MAJOR)
    assert not outcome.changed
    assert outcome.bump is None and outcome.written == () and outcome.changelog_entry is None
    assert outcome.version == outcome.previous_version == "1.1.1"
    assert list(outcome.diff.changes) == []
    assert _snapshot(tmp_path) == before
    assert "is up to date with upstream" in outcome.summary()


def test_a_reformatted_upstream_is_not_a_change(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """Same data, different text (JSON): nothing is rewritten."""
    pyproject = _project(tmp_path, scripted_server.url + "/openapi.json")
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    scripted_server.enqueue(ScriptedResponse.of_json(_load(FIXTURE_TEXT)))
    assert not update(settings, config=pyproject, today=TODAY, timeout=5).changed
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("page", "bump", "section"),
    [
        pytest.param(
            lambda: _seed_page().replace("            - pt\n", "            - pt\n            - pt-PT\n", 1),
            Bump.MINOR,
            "Non-breaking",
            id="request-enum-value-added",
        ),
        pytest.param(
            lambda: _seed_page().replace("Create a meeting token\n", "Create a meeting token (JWT)\n"),
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
    assert text != _seed_page()
    (tmp_path / "spec").mkdir()
    shutil.copy(FIXTURE, tmp_path / "spec" / "tokens.yaml")
    settings = _settings(tmp_path, scripted_server.url + PAGE_PATH)
    scripted_server.enqueue(_markdown(text))
    found = upstream.diff_upstream(settings, timeout=5)
    assert found.differs
    assert upstream.suggest_bump(found.result) is bump
    version = next_version("1.1.1", bump)
    entry = upstream.changelog_entry(found.result, version=version, today=TODAY, bump=bump, source="page")
    assert entry.startswith(f"## [{version}] - 2026-05-09\n")
    if section is not None:
        assert _section(entry, section).strip()
    else:
        assert "### Breaking" not in entry and "### Non-breaking" not in entry


@pytest.mark.parametrize(
    ("response", "message"),
    [
        pytest.param(_markdown("gone", 404), r"HTTP 404 Not Found", id="404"),
        pytest.param(_markdown("boom", 500), r"HTTP 500 Internal Server Error", id="500"),
        pytest.param(_markdown("slow", delay=10), r"timed out", id="timeout"),
        pytest.param(_markdown("# No spec on this page\n"), r"no OpenAPI document found", id="no-document"),
        pytest.param(
            _markdown(_seed_page().replace("openapi: 3.0.3", "openapi: 2.5.0")),
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
    pyproject = _project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    scripted_server.enqueue(response)
    with pytest.raises(SpecError, match=message):
        update(settings, config=pyproject, today=TODAY, timeout=0.5)
    assert _snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_update_when_connection_is_refused_writes_nothing(tmp_path: Path, refused_url: str) -> None:
    pyproject = _project(tmp_path, refused_url)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    with pytest.raises(SpecError, match=r"connection refused"):
        update(settings, config=pyproject, today=TODAY, timeout=5)
    assert _snapshot(tmp_path) == before


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
        pytest.param("generate_files", _fail_generation, r"nests schemas too deeply", id="generation-fails"),
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
    pyproject = _project(tmp_path, scripted_server.url + PAGE_PATH)
    (tmp_path / "generated" / "CHANGELOG.md").write_text("# Changelog\n\n## [1.1.1] - 2026-01-01\n")
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    monkeypatch.setattr(f"{upstream.__name__}.{target}", replacement)
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    with pytest.raises(SpecError, match=message):
        update(settings, config=pyproject, today=TODAY, timeout=5)
    monkeypatch.undo()
    assert _snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))


def test_update_refuses_several_spec_files(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    specs = (tmp_path / "a.yaml", tmp_path / "b.yaml")
    settings = _settings(tmp_path, scripted_server.url + PAGE_PATH, specs=specs)
    with pytest.raises(
        SpecError, match=r"the upstream document goes into one spec file, but 2 are configured"
    ):
        update(settings, config=tmp_path / "pyproject.toml", today=TODAY)
    assert scripted_server.requests == []


def test_update_needs_the_pyproject_it_writes_the_version_to(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    pyproject = _project(tmp_path, scripted_server.url + PAGE_PATH)
    settings = load_settings(pyproject=pyproject, use_cache=False)
    before = _snapshot(tmp_path)
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    with pytest.raises(SpecError, match=r"missing.toml: error: cannot read the pyproject.toml that holds"):
        update(settings, config=tmp_path / "missing.toml", today=TODAY, timeout=5)
    assert _snapshot(tmp_path) == before


def test_update_needs_an_upstream(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match=r"no upstream source configured"):
        update(_settings(tmp_path), config=tmp_path / "pyproject.toml", today=TODAY)


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


# --------------------------------------------------------------------------- dump_yaml

TRICKY: dict[str, Any] = {
    "no": "no",
    "yes": "yes",
    "on": "off",
    "y": "n",
    "True": "True",
    "null": "null",
    "tilde": "~",
    "empty": "",
    "timestamp": "2018-02-30T10:00:00Z",
    "date": "2024-01-01",
    "int-string": "123",
    "octal-string": "0o17",
    "old-octal": "017",
    "hex-string": "0x1F",
    "float-string": "1.5",
    "exponent-string": "1e3",
    "sexagesimal": "1:20",
    "underscore-number": "1_000",
    "inf": ".inf",
    "merge": "<<",
    "equals": "=",
    "values": [True, False, None, 0, -7, 1.5, 1e20, "x"],
    "unicode": "Olá, 日本語 ⚠️ 🎉",
    "quotes": 'it\'s "quoted": yes # not a comment',
    "leading-specials": [
        "*not an alias",
        "&not-an-anchor",
        "!not-a-tag",
        "%not-a-directive",
        "@at",
        "`tick`",
    ],
    "document-markers": ["---", "...", "- item", "? key", "| pipe", "> gt", "[x]", "{y}"],
    "multi-line": "line 1\nline 2\n",
    "no-final-newline": "line 1\nline 2",
    "many-final-newlines": "x\n\n\n",
    "indented-lines": "  code\n    more\nback",
    "trailing-spaces": "a \nb  \n",
    "long": "word " * 40 + "end",
    "long-paragraphs": ("A long first paragraph " * 8) + "\n\n" + ("and a second one " * 8) + "\n- a list",
    "clean-paragraphs": " ".join(["A long first paragraph"] * 8) + "\n\n" + " ".join(["and more"] * 20),
    "long-no-spaces": "x" * 300,
    "control": "bell\x07 tab\t cr\r nul\x00",
    "line-separators": "a\u2028b\x85c\u2029d",
    "bom": "\ufeffstart",
    "200": {"description": "numeric-looking key"},
    "nested": {"empty-map": {}, "empty-list": [], "list-of-maps": [{"a": 1, "b": [{"c": "no"}]}]},
    "key: with colon": "and # hash",
    "x" * 200: "a very long key",
}


def _same_in_order(a: Any, b: Any) -> bool:
    """Equal, and mappings in the same key order."""
    return json.dumps(a, sort_keys=False) == json.dumps(b, sort_keys=False) and a == b


def test_dump_yaml_round_trips_a_vendored_spec() -> None:
    data = _load(FIXTURE_TEXT)
    text = dump_yaml(data)
    assert _same_in_order(_load(text), data)
    assert dump_yaml(copy.deepcopy(data)) == text  # deterministic
    assert "            - 'no'\n" in text
    assert "\n  - url: https://api.tokens.example/v1\n" in text  # sequences indented under their key
    assert "⚠️" in text  # unicode as is
    assert "description: >-\n" in text  # long text folded


def test_dump_yaml_round_trips_tricky_values() -> None:
    text = dump_yaml(TRICKY)
    assert _same_in_order(_load(text), TRICKY)
    assert _same_in_order(yaml.safe_load(text), TRICKY)  # a plain YAML 1.1 reader agrees
    for quoted in (
        "'no': 'no'",
        "'yes': 'yes'",
        "'on': 'off'",
        "'y': 'n'",
        "date: '2024-01-01'",
        "'0o17'",
        "'1e3'",
    ):
        assert quoted in text, quoted
    assert "'200':" in text
    assert "multi-line: |\n  line 1\n  line 2\n" in text
    assert 'trailing-spaces: "a \\nb  \\n"' in text  # block styles would lose or expose the spaces
    assert "clean-paragraphs: >-\n  A long first paragraph" in text
    assert "long: >-\n" in text
    assert "日本語 ⚠️ 🎉" in text


def test_dump_yaml_writes_shared_objects_out_instead_of_anchors() -> None:
    shared = {"type": "string"}
    text = dump_yaml({"a": shared, "b": shared})
    assert "&" not in text and "*" not in text
    assert _load(text) == {"a": {"type": "string"}, "b": {"type": "string"}}


def _corpus_documents() -> list[Path]:
    root = corpus_root()
    assert root is not None  # corpus tests are collected only when there is one
    return sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml", ".json") and p.is_file())


@pytest.mark.corpus
def test_dump_yaml_round_trips_the_corpus() -> None:
    checked = 0
    for path in _corpus_documents():
        if path.stat().st_size > 1_500_000:
            continue  # the pure-Python emitter takes too long on the few multi-MB specs
        try:
            data = read_document(path).data
        except SpecError:
            continue  # documents_with_errors
        assert _same_in_order(_load(dump_yaml(data)), data), path
        checked += 1
    assert checked > 10


# --------------------------------------------------------------------------- the commands


def _run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_diff_command_reads_urls_and_classifies(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """`diff OLD NEW` with a Markdown page URL on one side: the seed's `lang` removal is breaking."""
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    code, out, err = _run_cli(
        "diff", str(FIXTURE), f"{scripted_server.url}/create-meeting-token.md", "--no-cache"
    )
    assert code == 2, err
    assert "[request-enum-value-removed]" in out and "lost the value 'no'" in out
    assert f"[request-property-added-optional] property `{NEW_PROPERTY}`" in out
    code, out, _ = _run_cli("diff", str(FIXTURE), str(FIXTURE), "--format", "json", "--no-cache")
    assert code == 0
    assert json.loads(out)["changes"] == []


def test_diff_command_thresholds_and_errors(tmp_path: Path) -> None:
    document = _load(FIXTURE_TEXT)
    properties = document["components"]["schemas"]["properties"]["properties"]
    properties["new_flag"] = {"type": "boolean"}
    new = tmp_path / "new.yaml"
    new.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")
    assert _run_cli("diff", str(FIXTURE), str(new), "--no-cache")[0] == 1  # only non-breaking
    assert _run_cli("diff", str(FIXTURE), str(new), "--fail-on", "non-breaking", "--no-cache")[0] == 2
    code, out, err = _run_cli("diff", str(FIXTURE), str(tmp_path / "missing.yaml"), "--no-cache")
    assert code == 3 and out == ""
    assert "cannot read the spec" in err and "Traceback" not in err


def test_fetch_upstream_and_update_commands(scripted_server: ScriptedHTTPServer, tmp_path: Path) -> None:
    """The CI job's view: drift found (exit 2, Markdown), then `update` takes it and `check` is green."""
    url = f"{scripted_server.url}/create-meeting-token.md"
    pyproject = _project(tmp_path, url)
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    before = _snapshot(tmp_path)
    code, out, err = _run_cli(
        "fetch-upstream", "--config", str(pyproject), "--format", "markdown", "--no-cache"
    )
    assert code == 2, err
    assert out.startswith("### API diff") and "#### Breaking (1)" in out
    assert _snapshot(tmp_path) == before  # fetch-upstream writes nothing

    scripted_server.enqueue(_markdown(_changed_seed_page()))
    code, out, err = _run_cli("update", "--config", str(pyproject), "--no-cache")
    assert code == 0, err
    assert out == "" and err.rstrip().splitlines()[-1].startswith("wrote ")  # the status line last
    assert "bump major: SDK 1.1.1 → 2.0.0" in err
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "lost the value 'no'" in changelog
    assert _versions(tmp_path) == ("2.0.0", "2.0.0", "2.0.0", ["2.0.0"])
    assert _check(pyproject)[0] == 0

    scripted_server.enqueue(_markdown(_changed_seed_page()))
    assert _run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")[0] == 0


def test_update_dry_run_prints_the_entry_and_writes_nothing(tmp_path: Path, refused_url: str) -> None:
    pyproject = _project(tmp_path, refused_url)  # --upstream replaces the configured source
    new = tmp_path / "upstream.md"
    new.write_text(_changed_seed_page(), encoding="utf-8")
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    before = _snapshot(tmp_path)
    code, out, err = _run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--dry-run", "--cache-dir", str(cache)
    )
    assert code == 0, err
    assert _snapshot(tmp_path) == before
    entry, summary = out, err.rstrip().splitlines()[-1]  # the entry is the output; the status on stderr
    assert re.match(r"## \[2\.0\.0\] - \d{4}-\d\d-\d\d\n", entry)
    assert "lost the value 'no'" in entry
    assert summary.startswith("dry run: ") and "bump major: SDK 1.1.1 → 2.0.0" in summary
    assert summary.rstrip().endswith("nothing was written")


def test_update_quiet_prints_only_the_entry_of_a_dry_run(tmp_path: Path, refused_url: str) -> None:
    """``-q`` silences the status line and the findings, as for ``generate``; the data stays."""
    pyproject = _project(tmp_path, refused_url)
    new = tmp_path / "upstream.md"
    new.write_text(_changed_seed_page(), encoding="utf-8")
    code, out, err = _run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--dry-run", "-q", "--no-cache"
    )
    assert (code, err) == (0, "")
    assert out.startswith("## [2.0.0] - ")


def test_update_bump_flag_overrides_the_suggestion(tmp_path: Path, refused_url: str) -> None:
    pyproject = _project(tmp_path, refused_url, version="1.4.2")
    new = tmp_path / "upstream.yaml"
    new.write_text(_changed_seed_page().split("````yaml POST /meeting-tokens\n")[1].rstrip("`\n") + "\n")
    code, out, err = _run_cli(
        "update", "--config", str(pyproject), "--upstream", str(new), "--bump", "minor", "--no-cache"
    )
    assert (code, out) == (0, ""), err
    assert "bump minor, suggested major: SDK 1.4.2 → 1.5.0" in err
    assert _versions(tmp_path) == ("1.5.0", "1.5.0", "1.5.0", ["1.5.0"])
    changelog = (tmp_path / "generated" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "Version bump: minor (asked for; the changes suggest major:" in changelog
    with pytest.raises(SystemExit) as caught:  # argparse's usage error
        _run_cli("update", "--config", str(pyproject), "--bump", "huge")
    assert caught.value.code == 2


def _json_places(out: str) -> set[tuple[str, str]]:
    return {(change["side"], change["file"]) for change in json.loads(out)["changes"]}


def test_drift_locations_name_the_sources_never_a_temporary_copy(
    scripted_server: ScriptedHTTPServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The daily report is the same text every day while the specs stay the same."""
    url = f"{scripted_server.url}/create-meeting-token.md"
    pyproject = _project(tmp_path, url)
    monkeypatch.chdir(tmp_path)
    reports = []
    for _ in range(2):
        scripted_server.enqueue(_markdown(_changed_seed_page()))
        code, out, err = _run_cli("fetch-upstream", "--format", "markdown", "--no-cache")
        assert code == 2, err
        reports.append(out)
    assert reports[0] == reports[1]
    assert tempfile.gettempdir() not in reports[0] and "upstream-" not in reports[0]
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    code, out, _ = _run_cli("fetch-upstream", "--config", str(pyproject), "--format", "json", "--no-cache")
    assert _json_places(out) == {("old", "spec/tokens.yaml"), ("new", url)}
    # diff OLD NEW with a URL names the URL too.
    scripted_server.enqueue(_markdown(_changed_seed_page()))
    code, out, _ = _run_cli("diff", "spec/tokens.yaml", url, "--format", "json", "--no-cache")
    assert _json_places(out) == {("old", "spec/tokens.yaml"), ("new", url)}


def test_upstream_flag_on_diff_and_fetch_upstream(tmp_path: Path, refused_url: str) -> None:
    """`--upstream PATH` replaces the configured source; `diff --upstream X` is the project's spec vs X."""
    pyproject = _project(tmp_path, refused_url)
    new = tmp_path / "new-page.md"
    new.write_text(_changed_seed_page(), encoding="utf-8")
    fetch = _run_cli(
        "fetch-upstream", "--config", str(pyproject), "--upstream", str(new), "--format", "json", "--no-cache"
    )
    diff = _run_cli(
        "diff", "--config", str(pyproject), "--upstream", str(new), "--format", "json", "--no-cache"
    )
    assert fetch[0] == diff[0] == 2, fetch[2] + diff[2]
    assert fetch[1] == diff[1]
    assert ("new", str(new)) in _json_places(diff[1])
    # The configured source is still the refused one.
    code, _, err = _run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")
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
        _project(tmp_path, "unused.md")
    code, out, err = _run_cli(*argv, "--no-cache")
    assert code == drift_cli.EXIT_CANNOT_COMPARE == 3 and out == ""
    assert re.search(message, err) and "Traceback" not in err


def test_fetch_upstream_network_failure_exits_3(refused_url: str, tmp_path: Path) -> None:
    pyproject = _project(tmp_path, refused_url)
    code, out, err = _run_cli("fetch-upstream", "--config", str(pyproject), "--no-cache")
    assert code == 3 and out == ""
    assert "the specs were not compared" in err and "Traceback" not in err
