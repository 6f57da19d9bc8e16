"""The output's manifest (``.generator-manifest``): which files the generator wrote, and as what.

Each line is the git blob id of a file exactly as it was generated, then its path. The ids
tell a file the maintainer edited (its bytes no longer hash to the id) from one left as
generated, without keeping a copy of the output; being git's own ids, they also find that
version in a git object store when it was ever committed (:mod:`generator.edits.previous`).

One ``# inputs:`` line records what the output was made from: the blob ids of the spec
files and the settings that shape the output. From them the last generated version of every
file can be rebuilt, which a three-way merge of hand edits needs as its base.

One ``# validation:`` line records openapi-spec-validator's findings on the spec, with the
content hash of the document it validated and the validator's version
(:class:`generator.spec.validate.ValidationRecord`): they depend on nothing else, so a
run on an unchanged spec (in a fresh clone too, with no cache) replays them instead of
validating again.

A manifest written before the ids were recorded (paths only) still reads: its files count
as owned, with no id.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

MANIFEST = ".generator-manifest"
_INPUTS = "# inputs: "
_VALIDATION = "# validation: "
_LINE = re.compile(r"^([0-9a-f]{40}) (.+)$")
_HEADER = (
    "# Files written by the SDK generator: the git blob id of each as generated, then its path.\n"
    "# It removes the files it no longer produces and merges hand edits into the others; the\n"
    "# inputs below rebuild the last generated version those merges start from (see README); the\n"
    "# validation line keeps the validator's findings, so an unchanged spec is not validated again.\n"
)


def blob_id(data: bytes | str) -> str:
    """The id git gives a file with these bytes (``git hash-object``)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw, usedforsecurity=False).hexdigest()


@dataclass(frozen=True)
class Manifest:
    files: Mapping[str, str | None]
    """Path → blob id as generated (``None`` in a manifest from before ids were recorded)."""
    inputs: Mapping[str, Any] = field(default_factory=dict)
    """``specs``: the spec files' blob ids, in order; ``settings``: what else shaped the output."""
    validation: Mapping[str, Any] | None = None
    """The validator's findings on the spec, as :meth:`ValidationRecord.to_json` writes them."""


def manifest_text(
    files: Mapping[str, str],
    inputs: Mapping[str, Any] | None = None,
    validation: Mapping[str, Any] | None = None,
) -> str:
    names = sorted(name for name in files if name != MANIFEST)
    recorded = "".join(
        prefix + json.dumps(value, sort_keys=True, ensure_ascii=False) + "\n"
        for prefix, value in ((_INPUTS, inputs), (_VALIDATION, validation))
        if value
    )
    return _HEADER + recorded + "".join(f"{blob_id(files[name])} {name}\n" for name in names)


def parse_manifest(text: str) -> Manifest:
    files: dict[str, str | None] = {}
    inputs: dict[str, Any] = {}
    validation: dict[str, Any] | None = None
    for line in text.splitlines():
        if line.startswith((_INPUTS, _VALIDATION)):
            prefix = _INPUTS if line.startswith(_INPUTS) else _VALIDATION
            try:
                loaded = json.loads(line[len(prefix) :])
            except ValueError:
                continue
            if not isinstance(loaded, dict):
                continue
            if prefix == _INPUTS:
                inputs = loaded
            else:
                validation = loaded
        elif line and not line.startswith("#"):
            match = _LINE.match(line)
            if match:
                files[match.group(2)] = match.group(1)
            else:
                files[line] = None
    return Manifest(files, inputs, validation)


def read_manifest(output: Path) -> Manifest:
    """The manifest in ``output`` (empty when there is none or it cannot be read)."""
    try:
        return parse_manifest((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return Manifest({})
