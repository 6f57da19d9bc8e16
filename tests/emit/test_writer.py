"""Staged writes (:mod:`generator.emit.writer`): nothing is in place before the commit, the
manifest is renamed last, and a failure or a discard leaves the output folder as it was."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from generator.emit.manifest import MANIFEST
from generator.emit.writer import compare, stage, with_manifest, write


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative POSIX name → text); ``{}`` when there is no folder."""
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): p.read_text("utf-8") for p in folder.rglob("*") if p.is_file()}


FILES = {"pkg/__init__.py": "", "pkg/models/pet.py": "class Pet: ...\n", "README.md": "# Pets\n"}


def test_nothing_is_in_place_before_the_commit_and_the_manifest_is_renamed_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write(out, with_manifest({**FILES, "old.py": "x = 1\n"}))
    (out / "pkg" / "models" / "pet.py").write_text("edited\n", encoding="utf-8")
    before = tree(out)

    new = {**FILES, "pkg/models/owner.py": "class Owner: ...\n"}
    staged = stage(out, new, compare(out, new))
    assert staged.changes.stale == ("pkg/models/pet.py",)
    assert staged.changes.missing == ("pkg/models/owner.py",)
    assert staged.changes.extra == ("old.py",)  # owned (the manifest lists it), no longer produced
    temporaries = [p.name for p in out.rglob("*.tmp")]
    assert len(temporaries) == 2 and all(name.startswith(".") for name in temporaries)
    assert {n: t for n, t in tree(out).items() if not n.endswith(".tmp")} == before

    staged.include({MANIFEST: "# manifest, staged last\n", "README.md": "# Pets\n"})
    assert staged.changes.stale == (MANIFEST, "pkg/models/pet.py")  # an unchanged file is not staged
    renamed: list[str] = []
    real_replace = os.replace

    def recording(source: Any, target: Any) -> None:
        renamed.append(Path(target).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", recording)
    staged.commit()
    assert renamed[-1] == MANIFEST and sorted(renamed) == sorted([MANIFEST, "owner.py", "pet.py"])
    assert tree(out) == {**new, MANIFEST: "# manifest, staged last\n"}


def test_a_discard_removes_the_temporaries_and_the_folders_made_for_them(tmp_path: Path) -> None:
    out = tmp_path / "out"
    staged = stage(out, FILES, compare(out, FILES))
    staged.include({MANIFEST: "# manifest\n"})
    assert len(list(out.rglob("*.tmp"))) == 4
    staged.discard()
    assert not out.exists()

    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    stage(out, FILES, compare(out, FILES)).discard()
    assert tree(out) == {"notes.txt": "mine\n"}


def test_a_failed_write_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write(out, {"README.md": "# Pets\n"})
    calls = 0
    real_fdopen = os.fdopen

    def full_disk(fd: int, *args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            os.close(fd)
            raise OSError(28, "No space left on device")
        return real_fdopen(fd, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write(out, {**FILES, "README.md": "# Pets, again\n"})
    assert tree(out) == {"README.md": "# Pets\n"}
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]  # the package folder made is gone


def test_compare_takes_the_texts_read_already_and_reads_the_rest(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write(out, FILES)
    (out / "README.md").unlink()  # read before (below, as it was): not read again, so not missing
    read: dict[str, str | None] = {
        "README.md": "# Pets\n",
        "pkg/__init__.py": "edited\n",
        "pkg/models/pet.py": None,
    }
    changes = compare(out, FILES, read)
    assert changes.missing == () and changes.stale == ("pkg/__init__.py",)
    (out / "pkg" / "models" / "pet.py").write_bytes(b"\xff not UTF-8")  # None: read from the disk
    assert compare(out, FILES, read).stale == ("pkg/__init__.py", "pkg/models/pet.py")
