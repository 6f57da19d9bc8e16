"""Where the output came from: the header of every generated module, and the inputs the manifest records.

The header tells a reader of any ``.py`` file that it is generated, from which spec, and that
hand edits to it are merged into the next generation rather than lost. The recorded inputs
(the spec files' blob ids, those of the files their references reached, and the settings that
shape the output) let :mod:`generator.edits.previous` rebuild the last generated version of a file.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..config import Settings
from .manifest import blob_id

_NOT_OUTPUT_SHAPING = frozenset(
    {
        "specs",
        "output",
        "cache_dir",
        "strict",
        "allow_remote_refs",
        "upstream",
        "changelog",
        "keep",
        "hand_written",
        "removal_limit",
    }
)
"""Settings that do not change the files (paths, run options, what a run may overwrite)."""


def header_line(settings: Settings) -> str:
    sources = ", ".join(path.name for path in settings.specs)
    return (
        f"# Generated from {sources} by openapi-sdk-generator; "
        "edits are merged on regeneration (see README.md).\n"
    )


def add_headers(files: Mapping[str, str], settings: Settings) -> dict[str, str]:
    """``files`` with the header line first in every ``.py`` file."""
    header = header_line(settings)
    return {name: header + text if name.endswith(".py") else text for name, text in files.items()}


def recorded_inputs(settings: Settings, referenced: Mapping[str, Path] | None = None) -> dict[str, Any]:
    """What the manifest records to rebuild this output: spec blob ids, output-shaping settings,
    and the blob ids of the files the spec's references reached (``referenced``: by their path
    from the spec's folder; recorded only when there are any, so a one-file spec's record is
    as it always was)."""
    specs: list[str | None] = []
    for path in settings.specs:
        try:
            specs.append(blob_id(path.read_bytes()))
        except OSError:
            specs.append(None)  # the run itself reports an unreadable spec
    shaping = {
        item.name: _plain(getattr(settings, item.name))
        for item in dataclasses.fields(settings)
        if item.name not in _NOT_OUTPUT_SHAPING
    }
    inputs: dict[str, Any] = {
        "settings": {k: v for k, v in shaping.items() if v is not _UNRECORDABLE},
        "specs": specs,
    }
    documents = {}
    for name, path in sorted((referenced or {}).items()):
        try:
            documents[name] = blob_id(path.read_bytes())
        except OSError:
            return inputs  # changed under the run: a rebuild could not use the record
    if documents:
        inputs["documents"] = documents
    return inputs


def settings_from_inputs(settings: Settings, inputs: Mapping[str, Any]) -> Settings:
    """``settings`` with the recorded output-shaping values put back (those it still knows)."""
    recorded = inputs.get("settings")
    if not isinstance(recorded, dict):
        return settings
    known = {item.name for item in dataclasses.fields(settings)} - _NOT_OUTPUT_SHAPING
    changes: dict[str, Any] = {}
    for name, value in recorded.items():
        if name in known:
            current = getattr(settings, name)
            changes[name] = tuple(value) if isinstance(current, tuple) and isinstance(value, list) else value
    return dataclasses.replace(settings, **changes)


_UNRECORDABLE = object()


def _plain(value: Any) -> Any:
    """``value`` as JSON data, or ``_UNRECORDABLE`` when it holds something JSON cannot say."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        items = [_plain(item) for item in value]
        return _UNRECORDABLE if any(item is _UNRECORDABLE for item in items) else items
    if isinstance(value, Mapping):
        pairs = {str(key): _plain(item) for key, item in value.items()}
        return _UNRECORDABLE if any(item is _UNRECORDABLE for item in pairs.values()) else pairs
    return _UNRECORDABLE
