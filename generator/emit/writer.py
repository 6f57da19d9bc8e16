"""Writing generated files atomically, and comparing them with what is on disk.

The output folder holds a manifest (``.generator-manifest``) listing the files the
generator owns. A run:

1. refuses any path that would land outside the output folder;
2. writes every changed file to a temporary file beside its target;
3. only when all of those writes succeeded, renames them into place and removes
   owned files that are no longer produced.

If step 2 fails (disk full, permissions), the temporary files are removed and the
folder is exactly as it was. Files the generator never owned are never touched.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from .manifest import MANIFEST, manifest_text, read_manifest

TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache"})
"""Folders that tools make beside source files; never reported as stray."""


def _default_file_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_FILE_MODE = _default_file_mode()


class UnsafePathError(ValueError):
    """A generated path would escape the output folder."""


def _checked(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts or "\\" in relative or ":" in relative:
        raise UnsafePathError(f"refusing to write {relative!r}: it would leave the output folder")
    return path


def owned_files(output: Path) -> list[str]:
    return list(read_manifest(output).files)


@dataclass(frozen=True)
class Changes:
    stale: tuple[str, ...]
    """Files on disk whose content differs."""
    missing: tuple[str, ...]
    """Files that would be written but do not exist."""
    extra: tuple[str, ...]
    """Owned files that would no longer be produced."""
    stray: tuple[str, ...] = ()
    """Files the generator never wrote, inside the folders it generates (the package, docs)."""

    @property
    def clean(self) -> bool:
        return not (self.stale or self.missing or self.extra or self.stray)


def with_manifest(
    files: Mapping[str, str],
    inputs: Mapping[str, Any] | None = None,
    validation: Mapping[str, Any] | None = None,
) -> dict[str, str]:
    """``files`` and their manifest (:mod:`generator.emit.manifest`), which records ``inputs``
    and the validator's findings (``validation``)."""
    result = dict(files)
    result[MANIFEST] = manifest_text(files, inputs, validation)
    return result


def compare(output: Path, files: Mapping[str, str]) -> Changes:
    """What :func:`write` would change (``files`` must include the manifest)."""
    stale, missing = [], []
    for name in sorted(files):
        target = output / _checked(name)
        try:
            current = target.read_bytes()
        except FileNotFoundError:
            missing.append(name)
            continue
        if current != files[name].encode("utf-8"):
            stale.append(name)
    owned = owned_files(output)
    extra = sorted(name for name in owned if name not in files and (output / _checked(name)).exists())
    return Changes(tuple(stale), tuple(missing), tuple(extra), stray_files(output, files, owned))


def stray_files(output: Path, files: Mapping[str, str], owned: list[str]) -> tuple[str, ...]:
    """Files inside the generated folders that the generator neither produces nor owned.

    A module left in the package (``daily_api/stray.py``) would ship with the SDK although
    no spec describes it. Files at the top of the output (a CHANGELOG, a LICENSE) are the
    maintainers' own, and tool caches are ignored.
    """
    folders = sorted({name.split("/", 1)[0] for name in files if "/" in name})
    known = set(files) | set(owned)
    found = []
    for folder in folders:
        root = output / folder
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in TOOL_CACHES)
            for filename in filenames:
                name = (Path(dirpath) / filename).relative_to(output).as_posix()
                if name not in known:
                    found.append(name)
    return tuple(sorted(found))


def unified_diff(output: Path, files: Mapping[str, str], changes: Changes, *, limit: int = 200) -> str:
    """A short unified diff of stale, missing and extra files (at most ``limit`` lines)."""
    lines: list[str] = []
    for name in (*changes.stale, *changes.missing, *changes.extra, *changes.stray):
        path = output / name
        old = path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""
        new = files.get(name, "")
        lines.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{name} (on disk)",
                tofile=f"b/{name} (generated)",
                n=2,
            )
        )
        if len(lines) > limit:
            break
    text = "".join(line if line.endswith("\n") else line + "\n" for line in lines[:limit])
    if len(lines) > limit:
        text += f"... diff cut at {limit} lines\n"
    return text


def write(output: Path, files: Mapping[str, str], changes: Changes | None = None) -> Changes:
    """Make ``output`` hold exactly ``files`` (plus files it never owned), atomically.

    ``changes``: :func:`compare`'s answer, when the caller already has it (to check it first).
    """
    changes = changes if changes is not None else compare(output, files)
    to_write = [*changes.stale, *changes.missing]
    staged: list[tuple[str, Path]] = []
    try:
        for name in to_write:
            target = output / _checked(name)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            staged.append((tmp, target))
            with os.fdopen(fd, "wb") as handle:
                handle.write(files[name].encode("utf-8"))
            os.chmod(tmp, _FILE_MODE)  # mkstemp makes files private; these are ordinary source files
    except BaseException:
        for tmp, _ in staged:
            Path(tmp).unlink(missing_ok=True)
        raise
    # Every new file is on disk: the renames below are atomic per file and do not fail
    # for lack of space. The manifest goes last, so it never lists a file not yet there.
    staged.sort(key=lambda pair: pair[1].name == MANIFEST)
    for tmp, target in staged:
        os.replace(tmp, target)
    for name in changes.extra:
        path = output / _checked(name)
        path.unlink(missing_ok=True)
        _remove_empty_parents(path.parent, output)
    return changes


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
