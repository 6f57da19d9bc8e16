"""The content-addressed caches: a replayed run equals a fresh one, and any change invalidates it."""

from __future__ import annotations

import io
import os
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from generator.cache import Cache, prune
from generator.cli import main
from generator.config import CACHE_DIR_ENV, Settings, load_settings
from generator.emit.manifest import MANIFEST
from generator.pipeline import generate_files
from generator.spec.source import read_document

from support.specs import minimal, settings_for, write_spec

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


def test_a_run_stored_unvalidated_is_rebuilt_to_record_the_findings(tmp_path: Path) -> None:
    """`check` stores its run without the validator's findings (it does not validate); the manifest
    of a later `generate` must record them, so that run is built again, not replayed."""
    settings = _settings(tmp_path)
    unvalidated = generate_files(settings, validate=False)
    assert "# validation: " not in unvalidated.files[MANIFEST]
    validated = generate_files(settings)
    assert validated.api is not None  # built, not replayed
    assert "# validation: " in validated.files[MANIFEST]
    replayed = generate_files(settings, validate=False)
    assert replayed.api is None and replayed.files == validated.files


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


def test_the_cache_folder_ignores_itself_and_is_tagged(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    generate_files(settings)
    assert settings.cache_dir is not None
    assert (settings.cache_dir / ".gitignore").read_text().splitlines()[-1] == "*"
    assert (
        (settings.cache_dir / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_prune_drops_the_least_recently_used_entries_beyond_the_bound(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    for i in range(10):
        cache.put_bytes("ns", f"{i:02d}" + "0" * 62, b"x" * 1000)
        path = tmp_path / "cache" / "ns" / f"{i:02d}" / (f"{i:02d}" + "0" * 62)
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    assert cache.get_bytes("ns", "00" + "0" * 62) == b"x" * 1000  # read: now the most recent
    assert prune(tmp_path / "cache", max_bytes=5000) == 6  # down to 80 % of the bound
    kept = sorted(p.name[:2] for p in (tmp_path / "cache" / "ns").rglob("*") if p.is_file())
    assert kept == ["00", "07", "08", "09"]
    assert (tmp_path / "cache" / ".gitignore").exists()  # the markers are never pruned
    assert prune(tmp_path / "cache", max_bytes=5000) == 0


def test_prune_removes_temporary_files_of_crashed_runs(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache")
    cache.put_bytes("ns", "ab" + "0" * 62, b"kept")
    abandoned = tmp_path / "cache" / "ns" / "ab" / ".tmp-dead"
    abandoned.write_bytes(b"half")
    os.utime(abandoned, (1_000_000, 1_000_000))
    assert prune(tmp_path / "cache") == 1
    assert not abandoned.exists() and cache.get_bytes("ns", "ab" + "0" * 62) == b"kept"


def test_the_cache_folder_comes_from_the_flag_then_the_environment_then_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = "s.yaml"\noutput = "out"\npackage = "p"\ncache-dir = "from-config"\n'
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    assert load_settings(pyproject=pyproject).cache_dir == tmp_path / "from-config"
    monkeypatch.setenv(CACHE_DIR_ENV, "from-env")
    assert load_settings(pyproject=pyproject).cache_dir == tmp_path / "from-env"
    assert load_settings(pyproject=pyproject, cache_dir="from-flag").cache_dir == tmp_path / "from-flag"
    assert load_settings(pyproject=pyproject, cache_dir="from-flag", use_cache=False).cache_dir is None


def test_the_cli_writes_its_cache_where_cache_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = write_spec(tmp_path, SPEC)
    (tmp_path / "parts.yaml").write_text("Part: {type: string}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    args = ["generate", "--spec", str(spec), "--output", "out", "--package", "p", "-q"]
    assert main([*args, "--cache-dir", "elsewhere"], stdout=io.StringIO(), stderr=io.StringIO()) == 0
    assert (tmp_path / "elsewhere" / ".gitignore").exists()
    assert not (tmp_path / ".generator-cache").exists()


def test_cache_keys_never_run_parts_together() -> None:
    """Each part is length-prefixed: ("ab", "c") and ("a", "bc") are different inputs."""
    from generator.cache import digest

    assert digest("ab", "c") != digest("a", "bc")
    assert digest("a", "") != digest("a")
    assert digest(b"x", "y") == digest("x", b"y")  # text is its UTF-8 bytes
