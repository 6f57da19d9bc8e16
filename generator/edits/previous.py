"""Finding the last generated version of a file: the base of a three-way merge of hand edits.

The manifest records, for every file, the git blob id of the file as generated, and the inputs
of that generation (:mod:`generator.emit.manifest`). A version is accepted only when its bytes
hash to the recorded id, so a wrong base can never be used, whatever its source. Two sources are
tried, cheapest first:

1. the git object store, when the output is in a git work tree: the id is git's own, so the
   version is found wherever it was committed, under any path;
2. a rebuild: the recorded spec (the spec file as it is, a spec ``update`` just replaced, a
   blob in git, or the copy each run leaves in the local cache) generated again with the
   recorded settings. A spec split into files needs the recorded version of each file its
   references reach too: the file as it is, the local cache's copy, or a blob in git. This
   needs no commit of the
   pristine output, so a fresh clone of a tree whose files were edited before their first commit
   still merges. When the generator itself changed since (new templates), the rebuilt files no
   longer match their ids and are not used; a template change is then never reverted by a merge.

What neither finds has no base: :mod:`generator.edits.preserve` then keeps both versions
between conflict markers instead of guessing.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from ..cache import Cache
from ..config import Settings
from ..diagnostics import SpecError
from ..emit.manifest import Manifest, blob_id
from ..emit.provenance import settings_from_inputs
from ..emit.writer import UnsafePathError, checked_path

SPEC_NAMESPACE = "specs-by-blob"


def find_bases(
    settings: Settings,
    manifest: Manifest,
    names: Iterable[str],
    *,
    known_specs: Iterable[bytes] = (),
) -> dict[str, str]:
    """The last generated text of each of ``names`` that can be found (by its id in ``manifest``).

    ``known_specs``: spec texts the caller still holds (``update`` passes the spec it replaced).
    """
    wanted = {name: blob for name in names if (blob := manifest.files.get(name))}
    if not wanted:
        return {}
    found = _from_git(settings.output, wanted.values())
    bases = {name: found[blob] for name, blob in wanted.items() if blob in found}
    missing = {name: blob for name, blob in wanted.items() if name not in bases}
    if missing:
        bases.update(_rebuild(settings, manifest, missing, known_specs))
    return bases


def remember_specs(settings: Settings, referenced: Iterable[Path] = ()) -> None:
    """Keep this run's spec files, and the files their ``$ref``s reached, in the local cache: the
    next run's rebuild may need them.

    A convenience where there is no git history (or not yet a commit); a fresh clone relies on git.
    """
    cache = Cache(settings.cache_dir)
    if cache.root is None:
        return
    for path in (*settings.specs, *referenced):
        try:
            data = path.read_bytes()
        except OSError:
            continue
        blob = blob_id(data)
        if cache.get_bytes(SPEC_NAMESPACE, blob) is None:
            cache.put_bytes(SPEC_NAMESPACE, blob, data)


def _from_git(folder: Path, blobs: Iterable[str]) -> dict[str, str]:
    """Blob id → text, for the ids the git object store of ``folder``'s repository holds."""
    wanted = sorted({blob for blob in blobs if blob})
    git = shutil.which("git")
    if not wanted or git is None or not folder.is_dir():
        return {}
    try:
        completed = subprocess.run(  # noqa: S603 - git, with ids we validated as hex
            [git, "cat-file", "--batch"],
            cwd=folder,
            input="".join(f"{blob}\n" for blob in wanted).encode("ascii"),
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    if completed.returncode != 0:
        return {}  # not a git work tree
    return _parse_batch(completed.stdout)


def _parse_batch(data: bytes) -> dict[str, str]:
    """The answer of ``git cat-file --batch``: ``<id> blob <size>\\n<bytes>\\n`` or ``<id> missing\\n``."""
    found: dict[str, str] = {}
    position = 0
    while position < len(data):
        end = data.index(b"\n", position)
        header = data[position:end].decode("ascii", "replace").split()
        position = end + 1
        if len(header) != 3:
            continue  # "<id> missing"
        size = int(header[2])
        content = data[position : position + size]
        position += size + 1
        if header[1] == "blob" and blob_id(content) == header[0]:
            try:
                found[header[0]] = content.decode("utf-8")
            except UnicodeDecodeError:
                continue
    return found


def _recorded_documents(manifest: Manifest) -> dict[str, str] | None:
    """The files the recorded spec's references reached (path from its folder → blob id); ``None``
    when the record is not one this can use (a path that would leave the folder, say)."""
    recorded = manifest.inputs.get("documents", {})
    if not isinstance(recorded, dict):
        return None
    if not all(isinstance(name, str) and isinstance(blob, str) for name, blob in recorded.items()):
        return None
    try:
        for name in recorded:
            checked_path(name)  # the manifest is a file in the repository: its paths are untrusted
    except UnsafePathError:
        return None
    return dict(recorded)


def _rebuild(
    settings: Settings, manifest: Manifest, wanted: Mapping[str, str], known_specs: Iterable[bytes]
) -> dict[str, str]:
    """Generate the recorded spec again with the recorded settings; keep the files that match their ids."""
    recorded = manifest.inputs.get("specs")
    if not isinstance(recorded, list) or len(recorded) != len(settings.specs) or not all(recorded):
        return {}
    documents = _recorded_documents(manifest)
    if documents is None:
        return {}
    spec_folder = settings.specs[0].parent
    needed = [*recorded, *documents.values()]
    candidates: dict[str, bytes] = {blob_id(text): text for text in known_specs}
    for path in (*settings.specs, *(spec_folder / name for name in documents)):  # as they are now
        try:
            current = path.read_bytes()
        except OSError:
            continue
        candidates[blob_id(current)] = current
    cache = Cache(settings.cache_dir)
    for blob in needed:
        kept = cache.get_bytes(SPEC_NAMESPACE, blob) if blob not in candidates else None
        if kept is not None and blob_id(kept) == blob:
            candidates[blob] = kept
    still_missing = [blob for blob in needed if blob not in candidates]
    for blob, text in _from_git(spec_folder, still_missing).items():
        candidates[blob] = text.encode("utf-8")
    if not all(blob in candidates for blob in needed):
        return {}
    from ..pipeline import generate_files

    with tempfile.TemporaryDirectory(prefix="generator-base-") as folder:
        specs = []
        for index, (path, blob) in enumerate(zip(settings.specs, recorded, strict=True)):
            copy = Path(folder) / str(index) / path.name  # the same name: the header names it
            copy.parent.mkdir()
            copy.write_bytes(candidates[blob])
            specs.append(copy)
        for name, blob in documents.items():  # beside the first spec, as they were beside it
            copy = Path(folder) / "0" / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_bytes(candidates[blob])
        previous = settings_from_inputs(
            dataclasses.replace(settings, specs=tuple(specs), cache_dir=None, strict=False),
            manifest.inputs,
        )
        try:
            files = generate_files(previous, validate=False).files
        except SpecError:
            return {}  # e.g. a spec whose relative $ref no longer resolves from a copy
    return {
        name: files[name] for name, blob in wanted.items() if name in files and blob_id(files[name]) == blob
    }
