"""Keeping the maintainers' hand edits through a regeneration.

:func:`preserve` turns the new output (what the spec gives) into what the output folder
should hold, given what is on disk:

* a file left as generated (its bytes hash to the id in the manifest) takes the new output;
* an edited file takes a three-way merge (:mod:`generator.edits.merge3`) of its last generated
  version (:mod:`generator.edits.previous`), the file on disk and the new output. Where both
  changed the same lines it holds conflict markers; where no last version can be found, every
  region where disk and new output differ is a conflict, so nothing is lost either way;
* a file in an extension area or named by ``keep`` (:mod:`generator.edits.ownership`) is left
  as it is; for a kept file the run says how the new output differs from it;
* an edited file the generator no longer produces moves with its edits to the new file most
  like it (a resource renamed), else it is left in place and reported, never removed;
* a generated file deleted by hand is written again (the package needs it); a kept one too.

The result is handed to :func:`generator.emit.writer.write` (or ``compare``, for ``check``) as
the files to hold; the manifest in it is the new output's, so it records the pristine versions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path, PurePosixPath

from ..config import Settings
from ..emit.manifest import MANIFEST, blob_id, read_manifest
from .merge3 import Labels, has_conflict_markers, merge, two_way
from .ownership import default_areas, in_areas
from .previous import find_bases, remember_specs

MOVE_SIMILARITY = 0.6
"""How alike (:meth:`difflib.SequenceMatcher.ratio` of lines) a removed file's last version and a
new file must be for the edits to follow it: a renamed resource keeps most of its text."""


@dataclass(frozen=True)
class KeptFile:
    name: str
    added: int
    """Lines the new output would add to the file on disk."""
    removed: int
    """Lines it would remove."""
    generated: bool = True
    """Whether the new output still has the file."""

    def describe(self) -> str:
        if not self.generated:
            return f"kept {self.name}: no longer generated (left as it is)"
        if not (self.added or self.removed):
            return f"kept {self.name}: the new output is the same"
        return f"kept {self.name}: the new output would change it (+{self.added} -{self.removed} lines)"


@dataclass(frozen=True)
class Preserved:
    """What the output folder should hold, and what happened to the maintainers' files."""

    files: dict[str, str]
    merged: tuple[str, ...] = ()
    """Edited files whose edits were merged into the new output without conflict."""
    edited: tuple[str, ...] = ()
    """Edited files the new output does not change: their edits stand as they are."""
    conflicts: tuple[str, ...] = ()
    """Files the merge left conflict markers in (or would, for ``check``)."""
    without_base: tuple[str, ...] = ()
    """Of the conflicts: edited files whose last generated version was not found."""
    markers: tuple[str, ...] = ()
    """Edited files on disk that still hold conflict markers."""
    kept: tuple[KeptFile, ...] = ()
    orphaned: tuple[str, ...] = ()
    """Edited files the generator no longer produces: left in place."""
    moved: tuple[tuple[str, str], ...] = ()
    """(old, new): edited files whose edits followed their content to a new path."""
    restored: tuple[str, ...] = ()
    """Generated files that were deleted by hand, written again."""
    skipped: tuple[str, ...] = ()
    """Generated files in an extension area: not written."""
    areas: tuple[str, ...] = field(default=())
    """The extension areas of this output."""
    on_disk: Mapping[str, str | None] = field(default_factory=dict, repr=False)
    """The output's files as they were read here (``None``: absent, or not UTF-8), so that a
    comparison with the disk (:func:`generator.emit.writer.compare`) reads none of them again."""

    def messages(self) -> list[str]:
        """One line per event worth telling (conflicts last, as what needs doing)."""
        lines = [f"merged your edits into {name}" for name in self.merged]
        lines += [f"moved your edits from {old} to {new}" for old, new in self.moved]
        lines += [f"restored {name} (it was deleted by hand)" for name in self.restored]
        lines += [kept.describe() for kept in self.kept]
        lines += [f"not written: {name} lies in a hand-written area" for name in self.skipped]
        lines += [
            f"{name} is no longer generated but holds your edits: left in place; move them (to lib/) "
            "and delete it"
            for name in self.orphaned
        ]
        lines += [f"{name} still holds conflict markers" for name in self.markers]
        for name in self.conflicts:
            why = "its last generated version was not found, so " if name in self.without_base else ""
            lines.append(f"conflict: {name}: {why}your edits and the new output overlap")
        return lines

    def conflicted(self) -> tuple[str, ...]:
        """The files that hold conflict markers after this run: new conflicts and unresolved ones."""
        return tuple(sorted({*self.conflicts, *self.markers}))

    def problems(self) -> list[str]:
        """What ``check`` fails on besides stale files: edits that no longer apply, leftover markers."""
        lines = [
            f"edits no longer apply (generate would leave conflict markers): {n}" for n in self.conflicts
        ]
        lines += [f"conflict markers: {name}" for name in self.markers]
        lines += [f"no longer generated, holds your edits: {name}" for name in self.orphaned]
        return lines


def preserve(
    settings: Settings,
    files: Mapping[str, str],
    *,
    known_specs: Iterable[bytes] = (),
    referenced: Iterable[Path] = (),
) -> Preserved:
    """The files the output should hold so that no hand edit is lost (``files``: the new output;
    ``referenced``: the files the spec's ``$ref``s reached, kept with it for a later rebuild)."""
    output = settings.output
    old = read_manifest(output)
    areas = (*default_areas(settings.package), *settings.hand_written)
    keep = set(settings.keep)
    result = dict(files)
    disk = _Disk(output)
    kept: list[KeptFile] = []
    skipped: list[str] = []
    restored: list[str] = []
    markers: list[str] = []
    collisions: list[str] = []
    edited: list[str] = []
    to_merge: list[str] = []

    for name, theirs in sorted(files.items()):
        if name == MANIFEST:
            continue
        ours = disk.text(name)
        if in_areas(name, areas):
            _leave(result, name, ours)
            skipped.append(name)
            continue
        if name in keep and ours is not None:
            result[name] = ours
            kept.append(_kept(name, ours, theirs))
            continue
        if ours is None:
            if name in old.files:
                restored.append(name)
            continue
        if ours == theirs:
            continue
        recorded = old.files.get(name, "")
        if name not in old.files:
            collisions.append(name)  # a file the generator did not write is where it now writes one
        elif recorded is None or blob_id(ours) == recorded:
            continue  # left as generated (or written before ids were recorded): take the new output
        else:
            if has_conflict_markers(ours):
                markers.append(name)
            if recorded == blob_id(theirs):
                result[name] = ours  # the output has not changed since: the edits stand as they are
                edited.append(name)
            else:
                to_merge.append(name)

    edited_removed = []
    for name, recorded in sorted(old.files.items()):
        if name in files or name == MANIFEST:
            continue
        ours = disk.text(name)
        if ours is None:
            continue
        if in_areas(name, areas) or name in keep:
            _leave(result, name, ours)
            if name in keep:
                kept.append(KeptFile(name, 0, 0, generated=False))
        elif recorded is not None and blob_id(ours) != recorded:
            edited_removed.append(name)

    bases = find_bases(settings, old, [*to_merge, *edited_removed], known_specs=known_specs)
    remember_specs(settings, referenced)
    merged: list[str] = []
    conflicts: list[str] = []
    without_base: list[str] = []

    def settle(source: str, target: str) -> None:
        ours = disk.text(source) or ""
        base = bases.get(source)
        theirs = files[target]
        outcome = merge(base, ours, theirs, _labels(source)) if base is not None else two_way(ours, theirs)
        result[target] = outcome.text
        if outcome.clean:
            merged.append(target)
        else:
            conflicts.append(target)
            if base is None:
                without_base.append(target)

    for name in to_merge:
        settle(name, name)
    for name in collisions:
        settle(name, name)

    added = [name for name in files if name not in old.files and name != MANIFEST and disk.text(name) is None]
    moved: list[tuple[str, str]] = []
    orphaned: list[str] = []
    for name in edited_removed:
        target = _moved_to(bases.get(name), added, files)
        if target is None:
            result[name] = disk.text(name) or ""
            orphaned.append(name)
        else:
            added.remove(target)
            settle(name, target)
            moved.append((name, target))

    return Preserved(
        files=result,
        merged=tuple(sorted(set(merged) - {new for _, new in moved})),
        edited=tuple(edited),
        conflicts=tuple(sorted(conflicts)),
        without_base=tuple(sorted(without_base)),
        markers=tuple(markers),
        kept=tuple(sorted(kept, key=lambda k: k.name)),
        orphaned=tuple(orphaned),
        moved=tuple(moved),
        restored=tuple(restored),
        skipped=tuple(skipped),
        areas=tuple(areas),
        on_disk=disk.texts,
    )


def without_areas(names: Iterable[str], preserved: Preserved) -> tuple[str, ...]:
    """``names`` (stray files, say) less those in an extension area, which are the maintainers' own."""
    return tuple(name for name in names if not in_areas(name, preserved.areas))


class _Disk:
    """The output folder's files as text, read once each (``None``: absent or not UTF-8)."""

    def __init__(self, output: Path) -> None:
        self.output = output
        self.texts: dict[str, str | None] = {}
        """Each file read so far."""

    def text(self, name: str) -> str | None:
        path = PurePosixPath(name)
        if path.is_absolute() or ".." in path.parts:
            return None  # a manifest naming a path outside the output: the writer refuses it
        if name not in self.texts:
            try:
                self.texts[name] = (self.output / name).read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                self.texts[name] = None
        return self.texts[name]


def _leave(result: dict[str, str], name: str, ours: str | None) -> None:
    """Hold ``name`` as it is on disk (absent stays absent)."""
    if ours is None:
        result.pop(name, None)
    else:
        result[name] = ours


def _kept(name: str, ours: str, theirs: str) -> KeptFile:
    added = removed = 0
    matcher = SequenceMatcher(None, ours.splitlines(), theirs.splitlines(), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += i2 - i1
            added += j2 - j1
    return KeptFile(name, added, removed)


def _labels(name: str) -> Labels:
    return Labels(ours=f"yours: {name}", base=f"last generated: {name}", theirs=f"new output: {name}")


def _moved_to(base: str | None, added: list[str], files: Mapping[str, str]) -> str | None:
    """The new file whose text is most like ``base`` (at least :data:`MOVE_SIMILARITY`)."""
    if base is None:
        return None
    lines = base.splitlines()
    best, best_ratio = None, MOVE_SIMILARITY
    for name in added:
        matcher = SequenceMatcher(None, lines, files[name].splitlines(), autojunk=False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = name, ratio
    return best
