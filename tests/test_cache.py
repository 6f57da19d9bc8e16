"""The content-addressed caches: a replayed run equals a fresh one, and any change invalidates it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from generator.cache import Cache
from generator.config import Settings
from generator.pipeline import generate_files
from generator.spec.source import read_document

from spec_helpers import minimal, settings_for, write_spec

SPEC = minimal(
    paths={"/a": {"get": {"operationId": "getA", "responses": {"200": {"description": "ok"}}}}},
    schemas={
        "Thing": {"type": "object", "properties": {"x": {"$ref": "parts.yaml#/Part"}}},
        "Bad": {"type": "object", "properties": {"n": {"type": "integer", "default": "nope"}}},
    },
)


def _settings(tmp_path: Path) -> Settings:
    (tmp_path / "parts.yaml").write_text("Part: {type: string}\n", encoding="utf-8")
    spec = write_spec(tmp_path, SPEC)
    return replace(settings_for(spec), cache_dir=tmp_path / "cache")


def test_a_replayed_run_equals_a_fresh_one(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    fresh = generate_files(settings)
    replayed = generate_files(settings)
    assert fresh.api is not None and replayed.api is None  # the second run was replayed
    assert replayed.files == fresh.files
    assert replayed.report.warnings == fresh.report.warnings
    assert any("invalid default" in d.message for d in replayed.report.warnings)
    uncached = generate_files(replace(settings, cache_dir=None))
    assert uncached.files == fresh.files


def test_changing_the_spec_or_a_referenced_file_rebuilds(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    generate_files(settings)
    (tmp_path / "parts.yaml").write_text("Part: {type: integer}\n", encoding="utf-8")
    rebuilt = generate_files(settings)
    assert rebuilt.api is not None
    assert "x: int | None" in rebuilt.files["sdk/models/thing.py"]
    document = yaml.safe_load(settings.specs[0].read_text(encoding="utf-8"))
    document["info"]["version"] = "2.0.0"
    settings.specs[0].write_text(yaml.safe_dump(document), encoding="utf-8")
    assert generate_files(settings).api is not None
    assert generate_files(replace(settings, package="other")).api is not None  # settings are part of the key


def test_parsed_documents_are_cached_by_content(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text(yaml.safe_dump({"openapi": "3.0.3", "x": ["value"] * 20000}), encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    first = read_document(big, cache)
    assert list((tmp_path / "cache" / "parsed").rglob("*"))  # stored
    second = read_document(big, cache)
    assert second.data == first.data
