"""Writing generated files atomically, and comparing them with what is on disk.

The output folder holds a manifest (``.generator-manifest``) listing the files the
generator owns. A run:

1. refuses any path that would land outside the output folder;
2. writes every changed file to a temporary file beside its target (:func:`stage`;
   ``generate`` stages the manifest last, once openapi-spec-validator has answered);
3. only when all of those writes succeeded, renames them into place and removes
   owned files that are no longer produced (:meth:`Staged.commit`).

If step 2 fails (disk full, permissions), the temporary files are removed and the
folder is exactly as it was. Files the generator never owned are never touched.
"""

from __future__ import annotations

import difflib
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
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


def checked_path(relative: str) -> PurePosixPath:
    """``relative`` as a path inside a folder; :class:`UnsafePathError` when it would leave it."""
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


def without_manifest(files: Mapping[str, str]) -> dict[str, str]:
    """``files`` but their manifest."""
    return {name: text for name, text in files.items() if name != MANIFEST}


def compare(output: Path, files: Mapping[str, str], read: Mapping[str, str | None] | None = None) -> Changes:
    """What :func:`write` would change (``files``: the whole output, usually with its manifest).

    ``read``: texts of files of the output read already (``None``: not read as text), which are
    not read again.
    """
    stale, missing = _differing(output, files, read or {})
    owned = owned_files(output)
    extra = sorted(name for name in owned if name not in files and (output / checked_path(name)).exists())
    return Changes(stale, missing, tuple(extra), stray_files(output, files, owned))


def _differing(
    output: Path, files: Mapping[str, str], read: Mapping[str, str | None]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The names in ``files`` whose file on disk differs (stale) or does not exist (missing)."""
    stale, missing = [], []
    for name in sorted(files):
        checked_path(name)
        known = read.get(name)
        if known is not None:  # (UTF-8 text is equal exactly when its bytes are)
            if known != files[name]:
                stale.append(name)
            continue
        try:
            with open(os.path.join(output, name), "rb") as handle:
                current = handle.read()
        except FileNotFoundError:
            missing.append(name)
            continue
        if current != files[name].encode("utf-8"):
            stale.append(name)
    return tuple(stale), tuple(missing)


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
        root = os.path.join(output, folder)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if d not in TOOL_CACHES)
            inside = folder + dirpath[len(root) :].replace(os.sep, "/")  # (dirpath starts with root)
            for filename in filenames:
                name = f"{inside}/{filename}"
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
    staged = stage(output, files, changes if changes is not None else compare(output, files))
    staged.commit()
    return staged.changes


def stage(output: Path, files: Mapping[str, str], changes: Changes) -> Staged:
    """Write the changed files of ``files`` (``changes``, :func:`compare`'s answer) to temporary
    files beside their targets; nothing is in place until :meth:`Staged.commit`.

    On failure (disk full, permissions) the temporary files are removed and the folder is as it was.
    """
    staged = Staged(output, changes)
    staged._write([*changes.stale, *changes.missing], files)
    return staged


class Staged:
    """Files written beside their targets and not yet renamed into place (:func:`stage`).

    More files can join before the commit (:meth:`include`): ``generate`` stages the output
    while openapi-spec-validator finishes, then the manifest that records its findings.
    """

    def __init__(self, output: Path, changes: Changes) -> None:
        self.output = output
        self.changes = changes
        """What the commit changes: :func:`compare`'s answer, and each file included since."""
        self._temporaries: list[tuple[str, Path]] = []
        self._made: list[Path] = []
        """The folders staging made, parents first: a discard removes them again."""

    def include(self, files: Mapping[str, str]) -> None:
        """Stage ``files`` too, those that differ from the disk (a name staged already must not recur)."""
        stale, missing = _differing(self.output, files, {})
        self._write([*stale, *missing], files)
        self.changes = replace(
            self.changes,
            stale=tuple(sorted((*self.changes.stale, *stale))),
            missing=tuple(sorted((*self.changes.missing, *missing))),
        )

    def _write(self, names: Sequence[str], files: Mapping[str, str]) -> None:
        """Write each of ``names`` to a temporary file beside its target; on failure, discard all."""
        try:
            for name in names:
                target = self.output / checked_path(name)
                self._make_folder(target.parent)
                fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
                self._temporaries.append((tmp, target))
                with os.fdopen(fd, "wb") as handle:
                    handle.write(files[name].encode("utf-8"))
                os.chmod(tmp, _FILE_MODE)  # mkstemp makes files private; these are ordinary source files
        except BaseException:
            self.discard()
            raise

    def _make_folder(self, folder: Path) -> None:
        missing = []
        while not folder.is_dir():
            missing.append(folder)
            folder = folder.parent
        for made in reversed(missing):
            made.mkdir(exist_ok=True)
            self._made.append(made)

    def commit(self) -> None:
        """Rename every staged file into place, then remove the owned files no longer produced."""
        # Every new file is on disk: the renames below are atomic per file and do not fail
        # for lack of space. The manifest goes last, so it never lists a file not yet there.
        self._temporaries.sort(key=lambda pair: pair[1].name == MANIFEST)
        for tmp, target in self._temporaries:
            os.replace(tmp, target)
        self._temporaries.clear()
        self._made.clear()
        for name in self.changes.extra:
            path = self.output / checked_path(name)
            path.unlink(missing_ok=True)
            _remove_empty_parents(path.parent, self.output)

    def discard(self) -> None:
        """Remove the temporary files and the folders made for them: the output stays as it was."""
        for tmp, _ in self._temporaries:
            Path(tmp).unlink(missing_ok=True)
        self._temporaries.clear()
        for folder in reversed(self._made):
            try:
                folder.rmdir()
            except OSError:
                pass  # (something else was put there meanwhile: leave it)
        self._made.clear()


def _remove_empty_parents(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
