"""The whole run, in one direction: load → validate → resolve → build → render → lay out.

:func:`generate_files` returns the complete output in memory; writing it (or
comparing it with the disk, for ``check``) is the caller's choice.

When the cache holds a run with the same inputs (:mod:`generator.memo`), its files
and findings are replayed instead. The heavy stages (Jinja2, the validator) are
imported only when a run really builds, so a replay starts fast. Black is not run at
all: the templates and :mod:`generator.emit.layout` print what black would print.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from . import memo
from .cache import Cache
from .config import Settings
from .diagnostics import Report, SpecError
from .emit.writer import with_manifest
from .model.ir import Api
from .spec.merge import merge_documents
from .spec.refs import Workspace
from .spec.source import read_document


@dataclass(frozen=True)
class Result:
    files: dict[str, str]
    report: Report
    api: Api | None = None
    """The intermediate model (``None`` when the run was replayed from the cache)."""
    operations: int = 0
    """How many operations the spec declares."""
    degraded: int = 0
    """How many of them lost something on the way into the model (see :mod:`generator.model.fidelity`)."""


def load(settings: Settings, report: Report, cache: Cache, *, run_validator: bool = True) -> Workspace:
    """Read the spec (merging several into one), check its version and references, validate it."""
    from .spec.validate import openapi_version, validate

    documents = [read_document(path, cache) for path in settings.specs]
    root = merge_documents(documents) if len(documents) > 1 else documents[0]
    workspace = Workspace(root, allow_remote=settings.allow_remote_refs, cache=cache)
    report.locate = workspace.line_of
    version = openapi_version(root)
    workspace.check_all_refs()
    note_documents(workspace, report)
    if run_validator:
        for pointer, message in validate(root, version, cache):
            report.warn(f"spec validation: {message}", root.location(pointer))
    return workspace


def note_documents(workspace: Workspace, report: Report) -> None:
    """Pass on what the documents read so far have to say about how they were read."""
    for document in list(workspace.documents.values()):
        for note in document.notes:
            report.note(note, document.location(""))


def build_model(settings: Settings, *, run_validator: bool = False) -> tuple[Api, Report]:
    """Only the intermediate model of the spec (for ``diff``): no rendering, no formatting.

    openapi-spec-validator is skipped unless asked for: a diff needs the model, and
    validating a big spec costs seconds.
    """
    from .model.build import build_api
    from .model.fidelity import check_fidelity

    cache = Cache(settings.cache_dir)
    report = Report(strict=settings.strict)
    try:
        workspace = load(settings, report, cache, run_validator=run_validator)
        api = build_api(workspace, settings, report)
        check_fidelity(workspace, api, report)
        note_documents(workspace, report)
    except SpecError as exc:
        raise exc.located(report.locate) if report.locate is not None else exc from None
    except RecursionError:
        raise SpecError.at("the spec nests schemas too deeply to build") from None
    return api, report


def generate_files(settings: Settings) -> Result:
    """Everything the output folder should hold, laid out as black would, with its manifest."""
    cache = Cache(settings.cache_dir)
    key = memo.run_key(settings) if cache.root is not None else None
    replay = memo.lookup(cache, key) if key is not None else None
    if replay is not None:
        report = Report(strict=settings.strict, diagnostics=list(replay.diagnostics))
        report.raise_if_strict()
        return Result(replay.files, report, None, *replay.counts)

    from .emit.layout import layout_files
    from .emit.render import render
    from .model.build import build_api
    from .model.fidelity import check_fidelity

    report = Report(strict=settings.strict)
    try:
        workspace = load(settings, report, cache)
        try:
            api = build_api(workspace, settings, report)
            fidelity = check_fidelity(workspace, api, report)
            note_documents(workspace, report)
        except RecursionError:
            raise SpecError.at(
                "the spec nests schemas too deeply to build", workspace.root.location("")
            ) from None
        report.raise_if_strict()
    except SpecError as exc:
        raise exc.located(report.locate) if report.locate is not None else exc from None
    files = with_manifest(layout_files(render(api, settings, workspace.root.data)))
    referenced = [d for d in workspace.documents.values() if d is not workspace.root]
    if key is not None and all(d.path.is_file() for d in referenced):  # remote documents may change
        documents = [(str(d.path), hashlib.sha256(d.path.read_bytes()).hexdigest()) for d in referenced]
        counts = (fidelity.operations, len(fidelity.degraded))
        memo.store(cache, key, documents, files, tuple(report.diagnostics), counts)
    return Result(files, report, api, fidelity.operations, len(fidelity.degraded))


__all__ = ["Result", "build_model", "generate_files", "load", "note_documents"]
