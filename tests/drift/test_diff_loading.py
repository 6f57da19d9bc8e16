"""How ``diff`` loads both sides: YAML cut into pieces parses like the whole, ``build_pair`` builds
what ``build_model`` builds, and the primed parse cache is what ``read_document`` reads.
"""

from __future__ import annotations

import copy
import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml

import generator.drift.load as diff_load
import generator.spec.source as source
from generator.cache import Cache
from generator.drift.diff import build_pair, diff_specs
from generator.pipeline import build_model
from generator.spec import yaml_chunks
from generator.spec.source import parse_text, read_document

from support.diff_specs import DAILY, DAILY_NAMES, STR, obj
from support.specs import settings_for, write_spec

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


def test_build_pair_builds_what_build_model_builds(
    daily: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    primed: list[object] = []
    monkeypatch.setattr(
        diff_load, "assemble", lambda *args: primed.append(args) or yaml_chunks.assemble(*args)
    )
    old_doc = big_daily(daily)
    new_doc = copy.deepcopy(old_doc)
    new_doc["components"]["schemas"]["extra_7"]["properties"]["size"] = STR
    sides = []
    for name, document in (("old", old_doc), ("new", new_doc)):
        (tmp_path / name).mkdir()
        sides.append(settings_for(write_spec(tmp_path / name, document), **DAILY_NAMES))
    assert sides[0].specs[0].stat().st_size > diff_load.PARSE_CACHE_THRESHOLD
    (old_api, _), (new_api, _) = build_pair(sides[0], sides[1])
    assert old_api == build_model(sides[0])[0]
    assert new_api == build_model(sides[1])[0]
    assert len(primed) == 2  # both documents were parsed piece by piece
    result = diff_specs(sides[0], sides[1])
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
        build_pair(settings_for(good), settings_for(bad))
    with pytest.raises(SpecError) as expected:
        build_model(settings_for(bad))
    assert str(raised.value) == str(expected.value)
