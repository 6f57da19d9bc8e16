"""Replaying a previous run when nothing it depended on has changed.

A run's output depends only on: the bytes of every spec document it read, the
settings, the generator's own code and templates, and the versions of the tools
that shape the output (openapi-spec-validator, PyYAML, Jinja2). All of these are
hashed into the run's key; the files and findings of the run are stored under it.
Regenerating an unchanged spec then costs reading the spec and one cache entry,
without importing Jinja2 or the validator at all. Black is not among the tools: the
generator lays out its code itself (:mod:`generator.emit.brackets`), so the installed
black cannot change the output.

Documents reached through ``$ref`` are only known after resolving, so the entry lists
them with their hashes and a replay checks they are unchanged.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .cache import Cache, digest
from .config import Settings, template_dir
from .diagnostics import Diagnostic, Severity, SpecLocation
from .installed import installed_version

_FORMAT = "5"
_TOOLS = ("openapi-spec-validator", "PyYAML", "Jinja2")


@dataclass(frozen=True)
class Replay:
    files: dict[str, str]
    diagnostics: tuple[Diagnostic, ...]
    """The findings of building and rendering."""
    validation: tuple[Diagnostic, ...] | None
    """openapi-spec-validator's findings, ``None`` when the stored run did not validate (``check``)."""
    counts: tuple[int, int] = (0, 0)
    """(operations, degraded operations) of the run."""
    referenced: tuple[str, ...] = ()
    """The files other than the spec's own that the run read (its ``$ref``s reached them)."""


@functools.cache
def _generator_digest() -> str:
    """The generator's own code and templates, and the tool versions that shape its output."""
    package = Path(__file__).parent
    parts: list[str | bytes] = [_FORMAT]
    for folder in (package, template_dir()):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts += [str(path.relative_to(folder)), path.read_bytes()]
    parts += [f"{tool}={installed_version(tool)}" for tool in _TOOLS]
    return digest(*parts)


def run_key(settings: Settings) -> str | None:
    """The key of a run with these settings over the spec files as they are now (``None``: unreadable)."""
    fields = asdict(settings)
    fields.pop("cache_dir")
    texts: list[str | bytes] = []
    for path in settings.specs:
        try:
            texts.append(path.read_bytes())
        except OSError:
            return None  # the run itself reports the problem
    return digest(_generator_digest(), repr(sorted(fields.items())), *texts)


def lookup(cache: Cache, key: str) -> Replay | None:
    blob = cache.get_bytes("runs", key)
    if blob is None:
        return None
    try:
        entry: dict[str, Any] = marshal.loads(blob)  # noqa: S302 - written by store() below
        for path, expected in entry["documents"]:
            if hashlib.sha256(Path(path).read_bytes()).hexdigest() != expected:
                return None
        validation = entry["validation"]
        operations, degraded = entry["counts"]
        return Replay(
            dict(entry["files"]),
            _diagnostics(entry["diagnostics"]),
            None if validation is None else _diagnostics(validation),
            (int(operations), int(degraded)),
            tuple(str(path) for path, _ in entry["documents"]),
        )
    except (OSError, KeyError, TypeError, ValueError, EOFError):
        return None


def _diagnostics(rows: list[tuple[Any, ...]]) -> tuple[Diagnostic, ...]:
    return tuple(
        Diagnostic(
            Severity(severity),
            message,
            SpecLocation(file, pointer) if file is not None else None,
            line,
            column,
            kind,
        )
        for severity, message, file, pointer, line, column, kind in rows
    )


def _rows(diagnostics: tuple[Diagnostic, ...]) -> list[tuple[Any, ...]]:
    return [
        (
            d.severity.value,
            d.message,
            d.location.file if d.location else None,
            d.location.pointer if d.location else "",
            d.line,
            d.column,
            d.kind,
        )
        for d in diagnostics
    ]


def store(
    cache: Cache,
    key: str,
    documents: list[tuple[str, str]],
    files: dict[str, str],
    diagnostics: tuple[Diagnostic, ...],
    validation: tuple[Diagnostic, ...] | None,
    counts: tuple[int, int] = (0, 0),
) -> None:
    entry = {
        "documents": documents,
        "files": files,
        "diagnostics": _rows(diagnostics),
        "validation": None if validation is None else _rows(validation),
        "counts": counts,
    }
    cache.put_bytes("runs", key, marshal.dumps(entry))
