"""The committed SDK is exactly what the generator produces, and production is deterministic."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import Settings, load_settings
from generator.edits.ownership import in_areas
from generator.edits.preserve import preserve
from generator.emit.manifest import blob_id
from generator.pipeline import generate_files

from support.paths import GENERATED, ROOT

_TOOL_CACHES = {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"}


def _settings() -> Settings:
    return load_settings(pyproject=ROOT / "pyproject.toml", use_cache=False)


def test_check_passes_on_the_committed_sdk(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    code = main(["check", "--no-cache"], stdout=out, stderr=io.StringIO())
    assert code == 0, out.getvalue()
    assert "is up to date" in out.getvalue()


def test_two_runs_give_identical_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    first = generate_files(_settings()).files
    second = generate_files(_settings()).files
    assert first == second
    assert len(first) > 10


def test_generated_files_match_disk_byte_for_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    """A golden test: every generated file equals the committed one, and nothing else is owned.

    Hand edits that merge cleanly count as committed (as for ``check``), and the extension areas
    (``daily_api/lib/``, ``examples/``, ``tests/lib/``) are the maintainers' own.
    """
    monkeypatch.chdir(ROOT)
    settings = _settings()
    preserved = preserve(settings, generate_files(settings).files)
    files = {name: text for name, text in preserved.files.items() if not in_areas(name, preserved.areas)}
    on_disk = {
        str(path.relative_to(GENERATED)).replace("\\", "/")
        for path in GENERATED.rglob("*")
        if path.is_file() and not _TOOL_CACHES.intersection(path.parts)
    }
    # CHANGELOG.md is written by `update`, not by `generate`: the generator leaves it alone.
    assert {name for name in on_disk if not in_areas(name, preserved.areas)} - {"CHANGELOG.md"} == set(files)
    assert not preserved.conflicted()
    for name, text in files.items():
        assert (GENERATED / name).read_bytes() == text.encode("utf-8"), name


def test_check_reports_drift_without_writing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns(*_TOOL_CACHES))
    target = copy / "daily_api" / "models" / "permissions.py"
    pristine = target.read_text()
    target.write_text(pristine + "# edited by hand\n")
    # As an older generation would have written it: the manifest records these bytes as generated
    # (a file edited by hand would be merged, and pass).
    manifest = copy / ".generator-manifest"
    recorded = manifest.read_text().replace(blob_id(pristine), blob_id(target.read_text()))
    manifest.write_text(recorded)
    (copy / "daily_api" / "py.typed").unlink()
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    code = main(["check", "--no-cache", "--output", str(copy)], stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert code == 1
    assert "stale: daily_api/models/permissions.py" in text
    assert "missing: daily_api/py.typed" in text
    assert "-# edited by hand" in text
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before


def test_check_fails_when_the_validation_record_is_not_the_specs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest records the validator's findings on the spec (its content hash, the validator's
    version). ``check`` never validates: a record of another spec or validator version is drift,
    which ``generate`` mends by validating again."""
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns(*_TOOL_CACHES))
    manifest = copy / ".generator-manifest"
    committed = manifest.read_text()
    (record,) = [line for line in committed.splitlines() if line.startswith("# validation: ")]
    fields = json.loads(record.removeprefix("# validation: "))
    monkeypatch.chdir(ROOT)
    for field, other in (("spec", "0" * 64), ("validator", "0.0.1")):
        stale = json.dumps({**fields, field: other}, sort_keys=True, ensure_ascii=False)
        manifest.write_text(committed.replace(record, "# validation: " + stale))
        out = io.StringIO()
        assert main(["check", "--no-cache", "--output", str(copy)], stdout=out, stderr=io.StringIO()) == 1
        assert "stale: .generator-manifest" in out.getvalue(), field
        assert main(["generate", "--no-cache", "-q", "--output", str(copy)], stderr=io.StringIO()) == 0
        assert manifest.read_text() == committed, field


def test_check_reports_stray_files_in_generated_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file the generator never wrote, inside its package or docs, fails ``check``; caches do not."""
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns(*_TOOL_CACHES))
    (copy / "daily_api" / "__pycache__").mkdir()
    (copy / "daily_api" / "__pycache__" / "client.cpython-311.pyc").write_bytes(b"\0")
    (copy / "daily_api" / ".mypy_cache" / "3.11").mkdir(parents=True)
    (copy / "daily_api" / ".mypy_cache" / "3.11" / "x.json").write_text("{}")
    (copy / "NOTES.md").write_text("maintainers' own file at the top of the output\n")
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    assert main(["check", "--no-cache", "--output", str(copy)], stdout=out, stderr=io.StringIO()) == 0

    (copy / "daily_api" / "stray.py").write_text("print('not from the spec')\n")
    (copy / "docs" / "old-page.md").write_text("# gone\n")
    out = io.StringIO()
    code = main(["check", "--no-cache", "--output", str(copy)], stdout=out, stderr=io.StringIO())
    text = out.getvalue()
    assert code == 1
    assert "stray: daily_api/stray.py" in text and "stray: docs/old-page.md" in text
    assert "holds files the generator did not write" in text
    assert "out of date" not in text  # nothing generated is stale: only the stray files are wrong
    assert "__pycache__" not in text and ".mypy_cache" not in text and "NOTES.md" not in text

    err = io.StringIO()
    assert main(["generate", "--no-cache", "--output", str(copy)], stdout=io.StringIO(), stderr=err) == 0
    assert "daily_api/stray.py was not generated; remove it" in err.getvalue()
    assert (copy / "daily_api" / "stray.py").exists()  # never the generator's to delete


@pytest.mark.parametrize(
    "name", ["../escape.py", "/abs/path.py", "pkg/../../up.py", "a\\b.py", "c:evil.py", ""]
)
def test_the_writer_refuses_paths_that_leave_the_output_folder(tmp_path: Path, name: str) -> None:
    """Defence in depth: generated names are identifiers, but no path may escape the folder."""
    from generator.emit.writer import UnsafePathError, write

    output = tmp_path / "out"
    with pytest.raises(UnsafePathError):
        write(output, {name: "x = 1\n", "ok.py": "y = 2\n"})
    assert not output.exists() or list(output.rglob("*")) == []
    assert not (tmp_path / "escape.py").exists() and not (tmp_path / "up.py").exists()
