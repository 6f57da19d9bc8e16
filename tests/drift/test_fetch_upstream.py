"""Fetching upstream specs (from a local HTTP server only, never the internet): Markdown
extraction, merging several sources, network failures, and the deterministic YAML written.

The spec diff itself is :mod:`generator.drift.diff` (``test_diff_*.py``); ``update`` is
``test_update.py``, the command line ``test_drift_commands.py``.
"""

from __future__ import annotations

import copy
import gzip
import json
import socket
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import SpecError
from generator.drift.upstream import (
    dump_yaml,
    extract_openapi,
    fetch_text,
    fetch_upstream,
)
from generator.spec.source import read_document

from support.corpus import corpus_root
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.upstream_pages import (
    FIXTURE_TEXT,
    PAGE_PATH,
    docs_page,
    load_yaml,
    markdown_answer,
    seed_page,
    tokens_settings,
)

# --------------------------------------------------------------------------- fetching


def test_markdown_page_from_http_gives_the_yaml_block(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(markdown_answer(seed_page()))
    url = scripted_server.url + PAGE_PATH
    text = fetch_text(url, timeout=5)
    assert text == seed_page()
    document = extract_openapi(text, url)
    # The vendored spec is exactly the page's block.
    assert document == FIXTURE_TEXT
    request = scripted_server.last_request
    assert request.method == "GET" and request.path == PAGE_PATH
    assert (request.header("User-Agent") or "").startswith("openapi-sdk-generator/")


def test_fetch_upstream_keeps_a_single_yaml_source_verbatim(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    scripted_server.enqueue(markdown_answer(seed_page()))
    url = scripted_server.url + PAGE_PATH
    document = fetch_upstream(tokens_settings(tmp_path, url), timeout=5)
    assert document.display == url
    assert document.text == FIXTURE_TEXT
    assert document.data == load_yaml(FIXTURE_TEXT)
    assert document.path == (tmp_path / "spec" / "tokens.yaml").resolve()


def test_local_files_and_file_urls(tmp_path: Path) -> None:
    seed = tmp_path / "create-meeting-token.md"
    seed.write_text(seed_page(), encoding="utf-8")
    assert extract_openapi(fetch_text(str(seed)), str(seed)) == FIXTURE_TEXT
    assert fetch_text(seed.as_uri()) == seed_page()
    with pytest.raises(SpecError, match=r"cannot read the upstream file: No such file"):
        fetch_text(str(tmp_path / "missing.md"))
    with pytest.raises(SpecError, match=r"cannot fetch a ftp: URL"):
        fetch_text("ftp://example.invalid/spec.yaml")


@pytest.mark.parametrize("suffix", [".json", ".yaml", ""])
def test_json_and_yaml_sources(scripted_server: ScriptedHTTPServer, tmp_path: Path, suffix: str) -> None:
    data = load_yaml(FIXTURE_TEXT)
    if suffix == ".json":
        scripted_server.enqueue(ScriptedResponse.of_json(data))
    else:
        scripted_server.enqueue(ScriptedResponse.of_text(FIXTURE_TEXT))
    url = f"{scripted_server.url}/openapi{suffix}"
    document = fetch_upstream(tokens_settings(tmp_path, url), timeout=5)
    assert document.data == data
    # Whatever the source format, the document's text is YAML that reads back equal.
    assert not document.text.lstrip().startswith("{")
    assert load_yaml(document.text) == data


def test_json_answer_without_extension_is_sniffed(scripted_server: ScriptedHTTPServer) -> None:
    body = json.dumps({"openapi": "3.1.0", "info": {"title": "T", "version": "1"}, "paths": {}})
    scripted_server.enqueue(ScriptedResponse.of_text(body))
    url = scripted_server.url + "/api"
    assert extract_openapi(fetch_text(url, timeout=5), url) == body


def test_gzip_answers_are_decompressed(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse(
            headers=(("Content-Type", "text/markdown"), ("Content-Encoding", "gzip")),
            body=gzip.compress(seed_page().encode("utf-8")),
        )
    )
    assert fetch_text(scripted_server.url + PAGE_PATH, timeout=5) == seed_page()


# --------------------------------------------------------------------------- Markdown extraction

_SMALL = "openapi: 3.1.0\ninfo:\n  title: Small\n  version: '1'\npaths: {}\n"


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(docs_page(_SMALL, "yaml GET /rooms"), _SMALL, id="four-backticks-with-info"),
        pytest.param(docs_page(_SMALL, "yaml", fence="```"), _SMALL, id="three-backticks"),
        pytest.param(docs_page(_SMALL, "", fence="~~~~~"), _SMALL, id="tildes-no-info"),
        pytest.param(
            "Intro\n\n```sh\ncurl https://api.example.com\n```\n\n"
            + docs_page(_SMALL)
            + "\n```json\n{}\n```\n",
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
            docs_page(_SMALL, "yaml GET /a") + docs_page(_SMALL.replace("Small", "Other"), "yaml GET /b"),
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
    scripted_server.enqueue(markdown_answer(seed_page()), markdown_answer(docs_page(_ROOMS)))
    first = scripted_server.url + PAGE_PATH
    second = scripted_server.url + "/reference/rest-api/rooms/list-rooms.md"
    settings = tokens_settings(tmp_path, first, second)
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
    assert load_yaml(document.text) == document.data
    assert "'no'" in document.text  # YAML 1.1 readers would take a bare `no` for false
    # Deterministic: the same sources give the same bytes.
    scripted_server.enqueue(markdown_answer(seed_page()), markdown_answer(docs_page(_ROOMS)))
    assert fetch_upstream(settings, timeout=5).text == document.text


def test_a_conflicting_component_names_both_sources(
    scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    conflicting = _ROOMS + "    permissions:\n      type: string\n"
    scripted_server.enqueue(markdown_answer(seed_page()), markdown_answer(docs_page(conflicting)))
    first = scripted_server.url + PAGE_PATH
    second = scripted_server.url + "/rooms.md"
    with pytest.raises(SpecError) as caught:
        fetch_upstream(tokens_settings(tmp_path, first, second), timeout=5)
    message = str(caught.value)
    assert f"{second} and {first} define #/components/schemas/permissions differently" in message


# --------------------------------------------------------------------------- network failures


def test_http_errors(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(markdown_answer("not here", 404), markdown_answer("boom", 500))
    url = scripted_server.url + PAGE_PATH
    with pytest.raises(SpecError, match=r"error: could not fetch the upstream document: HTTP 404 Not Found$"):
        fetch_text(url, timeout=5)
    with pytest.raises(SpecError, match=r"HTTP 500 Internal Server Error$"):
        fetch_text(url, timeout=5)


def test_timeout(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(markdown_answer(seed_page(), delay=10))
    with pytest.raises(
        SpecError, match=r"no complete answer from 127\.0\.0\.1:\d+ within 0\.3s \(timed out\)"
    ):
        fetch_text(scripted_server.url + PAGE_PATH, timeout=0.3)


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
        ScriptedResponse(status=301, headers=(("Location", PAGE_PATH),)), markdown_answer(seed_page())
    )
    assert fetch_text(scripted_server.url + "/old-location.md", timeout=5) == seed_page()
    assert [r.path for r in scripted_server.requests] == ["/old-location.md", PAGE_PATH]


def test_non_utf8_body(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse(headers=(("Content-Type", "text/markdown"),), body=b"# Caf\xe9\n")
    )
    with pytest.raises(SpecError, match=r"not UTF-8 text \(invalid continuation byte at byte 5\)"):
        fetch_text(scripted_server.url + PAGE_PATH, timeout=5)


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
    data = load_yaml(FIXTURE_TEXT)
    text = dump_yaml(data)
    assert _same_in_order(load_yaml(text), data)
    assert dump_yaml(copy.deepcopy(data)) == text  # deterministic
    assert "            - 'no'\n" in text
    assert "\n  - url: https://api.tokens.example/v1\n" in text  # sequences indented under their key
    assert "⚠️" in text  # unicode as is
    assert "description: >-\n" in text  # long text folded


def test_dump_yaml_round_trips_tricky_values() -> None:
    text = dump_yaml(TRICKY)
    assert _same_in_order(load_yaml(text), TRICKY)
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
    assert load_yaml(text) == {"a": {"type": "string"}, "b": {"type": "string"}}


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
        assert _same_in_order(load_yaml(dump_yaml(data)), data), path
        checked += 1
    assert checked > 10
