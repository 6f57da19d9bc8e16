"""The output folder: a fatal input leaves it exactly as it was, ``generate`` keeps foreign files and
removes the files it no longer produces, and ``check`` reports stale, missing and extra files.

Every test runs in its own temporary working directory with ``--no-cache``, through the command line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.emit.manifest import blob_id

from support.bad_specs import GOOD_WITHOUT_OWNER
from support.command_line import OUTPUT, PACKAGE, empty_workdir, manifest_names, run, snapshot, spec_arg


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from empty_workdir(tmp_path, monkeypatch)


@pytest.fixture
def generated(workdir: Path) -> Path:
    """An output folder holding an SDK generated from GOOD plus a file the generator never wrote."""
    result = run("generate", spec_arg("good.yaml"))
    assert result.code == 0, result.err
    output = workdir / OUTPUT
    assert (output / PACKAGE / "models" / "pet.py").is_file()
    assert (output / PACKAGE / "models" / "owner.py").is_file()
    (output / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    return output


# --------------------------------------------------------------------------- 9: the output folder

FATAL_CASES = [
    pytest.param("bad-indent.yaml", (), id="yaml-indent"),
    pytest.param("unclosed.yaml", (), id="yaml-unclosed"),
    pytest.param("stray-comma.json", (), id="json"),
    pytest.param("swagger.yaml", (), id="swagger"),
    pytest.param("plain.yaml", (), id="not-openapi"),
    pytest.param("list.yaml", (), id="top-level-list"),
    pytest.param("openapi4.yaml", (), id="openapi-4"),
    pytest.param("bad-ref.yaml", (), id="unresolvable-ref"),
    pytest.param("schema-cycle.yaml", (), id="schema-cycle"),
    pytest.param("missing-body-ref.yaml", (), id="missing-body-ref"),
    pytest.param("circular-body-ref.yaml", (), id="circular-body-ref"),
    pytest.param("optional-path-param.yaml", ("--strict",), id="strict-path-param"),
    pytest.param("bad-status-code.yaml", ("--strict",), id="strict-status-code"),
    pytest.param("nosuch.yaml", (), id="missing-file"),
]


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize(("name", "extra"), FATAL_CASES)
def test_fatal_input_leaves_output_untouched(
    generated: Path, command: str, name: str, extra: tuple[str, ...]
) -> None:
    """Every fatal input error exits 2 and leaves every byte and mtime of the output folder as it was."""
    before = snapshot(generated)
    result = run(command, spec_arg(name), *extra)
    assert result.code == 2, result.err
    assert result.err_lines[-1].startswith("error: nothing was written ("), result.err
    assert result.out == ""
    assert snapshot(generated) == before


@pytest.mark.parametrize(("name", "extra"), FATAL_CASES)
def test_fatal_input_does_not_create_the_output_folder(
    workdir: Path, name: str, extra: tuple[str, ...]
) -> None:
    """A failed run into a folder that does not exist yet does not create it."""
    result = run("generate", spec_arg(name), *extra, output="fresh/sdk")
    assert result.code == 2
    assert not (workdir / "fresh").exists()


def test_generate_leaves_foreign_files_and_removes_files_no_longer_produced(generated: Path) -> None:
    """Regenerating with one schema fewer removes that schema's files and keeps files never written."""
    (generated / PACKAGE / "custom.py").write_text("# mine\n", encoding="utf-8")
    (generated / PACKAGE / "models" / "extra_notes.txt").write_text("mine too\n", encoding="utf-8")
    foreign = ("notes.txt", f"{PACKAGE}/custom.py", f"{PACKAGE}/models/extra_notes.txt")
    kept = {name: (generated / name).read_bytes() for name in foreign}
    kept_mtimes = {name: (generated / name).stat().st_mtime_ns for name in foreign}
    assert f"{PACKAGE}/models/owner.py" in manifest_names(generated)
    for name in foreign:
        assert name not in manifest_names(generated)

    Path("fewer.yaml").write_text(GOOD_WITHOUT_OWNER, encoding="utf-8")
    result = run("generate", "fewer.yaml")
    assert result.code == 0, result.err
    assert re.search(
        r"\(\d+ written, [1-9]\d* removed; 2 warnings; 1 operation, 0 degraded\)", result.err_lines[-1]
    ), result.err

    assert not (generated / PACKAGE / "models" / "owner.py").exists()
    assert not any("owner" in name.lower() for name in manifest_names(generated))
    assert not [p for p in generated.rglob("*") if p.is_file() and "owner" in p.name.lower()]
    assert (generated / PACKAGE / "models" / "pet.py").is_file()
    for name in foreign:
        assert (generated / name).read_bytes() == kept[name]
        assert (generated / name).stat().st_mtime_ns == kept_mtimes[name]
    # Every file the manifest lists exists. The foreign files inside the package are
    # the only difference `check` still reports: stray files, for the maintainer to remove.
    for name in manifest_names(generated):
        assert (generated / name).is_file(), name
    check = run("check", "fewer.yaml")
    assert check.code == 1
    assert [line for line in check.out.splitlines() if line.startswith("  ")][:2] == [
        f"  stray: {PACKAGE}/custom.py",
        f"  stray: {PACKAGE}/models/extra_notes.txt",
    ]
    (generated / PACKAGE / "custom.py").unlink()
    (generated / PACKAGE / "models" / "extra_notes.txt").unlink()
    assert run("check", "fewer.yaml").code == 0  # notes.txt, at the top, is the maintainers' own


# --------------------------------------------------------------------------- 10: check


def test_check_is_clean_after_generate(generated: Path) -> None:
    """`check` right after `generate` exits 0, says 'up to date', and writes nothing."""
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 0, result.out + result.err
    assert result.out.startswith(f"{OUTPUT} is up to date (")
    assert result.err == ""
    assert snapshot(generated) == before


def test_check_reports_an_edited_file_as_stale_with_a_diff(generated: Path) -> None:
    """A file the manifest says was generated otherwise makes `check` exit 1, list it as stale, and
    show a unified diff (a hand edit, which the manifest's id tells apart, merges and passes)."""
    target = generated / PACKAGE / "models" / "pet.py"
    pristine = target.read_text(encoding="utf-8")
    with target.open("a", encoding="utf-8") as handle:
        handle.write("# edited by hand\n")
    manifest = generated / ".generator-manifest"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(blob_id(pristine), blob_id(target.read_bytes())),
        encoding="utf-8",
    )
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f"{OUTPUT} is out of date; run `python -m generator generate`:"
    assert f"  stale: {PACKAGE}/models/pet.py" in lines
    assert not [line for line in lines if line.startswith(("  missing:", "  extra:"))]
    assert f"--- a/{PACKAGE}/models/pet.py (on disk)" in lines
    assert f"+++ b/{PACKAGE}/models/pet.py (generated)" in lines
    assert any(line.startswith("@@ ") for line in lines)
    assert "-# edited by hand" in lines
    assert snapshot(generated) == before


def test_check_reports_a_deleted_file_as_missing(generated: Path) -> None:
    """A deleted generated file makes `check` exit 1 and list it as missing; check does not restore it."""
    (generated / PACKAGE / "models" / "owner.py").unlink()
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"  missing: {PACKAGE}/models/owner.py" in lines
    assert not [line for line in lines if line.startswith(("  stale:", "  extra:"))]
    assert f"+++ b/{PACKAGE}/models/owner.py (generated)" in lines
    assert "+class Owner(Model):" in lines
    assert not (generated / PACKAGE / "models" / "owner.py").exists()
    assert snapshot(generated) == before


def test_check_reports_files_no_longer_produced_as_extra(generated: Path) -> None:
    """Owned files the spec no longer produces are 'extra'; files the generator never wrote are not listed."""
    Path("fewer.yaml").write_text(GOOD_WITHOUT_OWNER, encoding="utf-8")
    before = snapshot(generated)
    result = run("check", "fewer.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"  extra: {PACKAGE}/models/owner.py" in lines
    assert not any("notes.txt" in line for line in lines)
    assert snapshot(generated) == before


def test_check_of_a_missing_folder_writes_nothing(workdir: Path) -> None:
    """`check` against a folder that does not exist exits 1, lists files as missing, creates nothing."""
    result = run("check", spec_arg("good.yaml"))
    assert result.code == 1
    assert f"  missing: {PACKAGE}/models/pet.py" in result.out.splitlines()
    assert not (workdir / OUTPUT).exists()
