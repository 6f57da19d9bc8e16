"""The whole run, in one direction: load → resolve → build → render → write.

openapi-spec-validator runs beside build and render, in a process of its own; its
findings are added to the report and never change the files, only the manifest's record
of them (:class:`~generator.spec.validate.ValidationRecord`), which spares a later run
on the unchanged spec the validation.

:func:`generate_files` returns the complete output in memory; writing it (or
comparing it with the disk, for ``check``) is the caller's choice. :func:`draft` returns it
before the validator has answered, without the manifest that records its findings, so that
a caller can stage the files while the validator finishes.

When the cache holds a run with the same inputs (:mod:`generator.memo`), its files
and findings are replayed instead. The heavy stages (Jinja2, the validator) are
imported only when a run really builds, so a replay starts fast. Black is not run at
all: the views and templates print what black would print, breaking each long line where
they know its brackets (:mod:`generator.emit.brackets`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import memo
from .cache import Cache
from .config import Settings
from .diagnostics import Diagnostic, Report, SpecError
from .emit.manifest import read_manifest
from .emit.provenance import add_headers, recorded_inputs
from .emit.writer import with_manifest, without_manifest
from .spec.merge import merge_documents
from .spec.refs import Workspace
from .spec.source import read_document

if TYPE_CHECKING:
    from .model.ir import Api
    from .spec.validate import PendingValidation, ValidationRecord


FIDELITY = "fidelity"
"""The kind of the fidelity self-check's findings (:attr:`Diagnostic.kind`)."""
VALIDATION = "spec-validation"
"""The kind of openapi-spec-validator's findings."""


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


def open_spec(
    settings: Settings,
    report: Report,
    cache: Cache,
    *,
    validate: bool,
    recall: bool = False,
    recorded: ValidationRecord | None = None,
) -> tuple[Workspace, PendingValidation | None]:
    """Read the spec (merging several into one), check its version and references.

    As soon as the version is known, with ``validate`` or ``recall``, the validator's
    findings are looked up (in the cache, then in ``recorded``, the output manifest's
    record); with ``validate``, the validator is started when neither knows them. The
    caller collects them with :func:`validation_findings`; ``None``: not known.
    """
    from .spec.validate import ValidatorProcess, answered_validation, openapi_version, start_validation

    # Started first, so that its import overlaps the reading; stopped if the findings are known.
    # Not started when the output's record answers for the (one) spec file as it is on disk.
    known = recorded is not None and len(settings.specs) == 1 and recorded.answers_file(settings.specs[0])
    process = ValidatorProcess.start() if validate and not known else None
    try:
        documents = [read_document(path, cache) for path in settings.specs]
        root = merge_documents(documents) if len(documents) > 1 else documents[0]
        workspace = Workspace(root, allow_remote=settings.allow_remote_refs, cache=cache)
        report.locate = workspace.line_of
        version = openapi_version(root)
    except BaseException:
        if process is not None:
            process.stop()
        raise
    if validate:
        pending: PendingValidation | None = start_validation(root, version, cache, recorded, process)
    else:
        pending = answered_validation(root, version, cache, recorded) if recall else None
    try:
        workspace.check_all_refs()
    except BaseException:
        if pending is not None:
            pending.cancel()
        raise
    note_documents(workspace, report)
    return workspace, pending


def validation_findings(workspace: Workspace, pending: PendingValidation) -> tuple[Diagnostic, ...]:
    """The validator's findings as located warnings, in the validator's order (waits for it)."""
    report = Report(locate=workspace.line_of)
    for pointer, message in pending.result():
        report.warn(f"spec validation: {message}", workspace.root.location(pointer), kind=VALIDATION)
    return tuple(report.diagnostics)


def load(settings: Settings, report: Report, cache: Cache, *, run_validator: bool = True) -> Workspace:
    """Read the spec, check its version and references, validate it (waiting for the validator)."""
    workspace, pending = open_spec(settings, report, cache, validate=run_validator)
    if pending is not None:
        report.diagnostics[:0] = validation_findings(workspace, pending)
    return workspace


def note_documents(workspace: Workspace, report: Report) -> None:
    """Pass on what the documents read so far have to say about how they were read."""
    for document in list(workspace.documents.values()):
        for note in document.notes:
            report.note(note, document.location(""))


def build_model(settings: Settings, *, run_validator: bool = False) -> tuple[Api, Report]:
    """Only the intermediate model of the spec (for ``diff``): no rendering, no layout.

    openapi-spec-validator is skipped unless asked for: a diff needs the model, and
    validating a big spec costs seconds.
    """
    from .model.build import build_api
    from .model.fidelity import check_fidelity

    cache = Cache(settings.cache_dir)
    report = Report(strict=settings.strict)
    try:
        workspace = load(settings, report, cache, run_validator=run_validator)
        api = build_api(workspace, settings.model_options(), report)
        with report.kind(FIDELITY):
            check_fidelity(workspace, api, report)
        note_documents(workspace, report)
    except SpecError as exc:
        raise exc.located(report.locate) if report.locate is not None else exc from None
    except RecursionError:
        raise SpecError.at("the spec nests schemas too deeply to build") from None
    return api, report


def _final_report(
    strict: bool, validation: tuple[Diagnostic, ...] | None, diagnostics: tuple[Diagnostic, ...]
) -> Report:
    """The run's findings: the validator's first (as when it ran before building), then the others."""
    report = Report(strict=strict)
    for diagnostic in (*(validation or ()), *diagnostics):
        report.add(diagnostic)
    return report


def generate_files(settings: Settings, *, validate: bool = True) -> Result:
    """Everything the output folder should hold, laid out as black would, with its manifest.

    ``validate``: run openapi-spec-validator (concurrently with building and rendering,
    in a process of its own) unless its findings are known already, and add them to the
    report. They never change the files, only the manifest's record of them; under
    ``--strict`` they make the run fail, after waiting for them. Without ``validate``
    (``check``), known findings are still recorded, so the manifest is the one
    ``generate`` writes; unknown ones (a changed spec) leave the record out.
    """
    return draft(settings, validate=validate).finish()


@dataclass(frozen=True)
class Draft:
    """A run's output while openapi-spec-validator may still be at work: every file but the
    manifest, which records the validator's findings.

    The validator is the longest step of a cold run on a mid-sized spec, and nothing but
    the manifest waits for it: a caller that writes the output compares and stages the
    files meanwhile, then calls :meth:`finish`. A caller that fails first calls :meth:`cancel`
    (which does nothing once the draft is finished).
    """

    files: Mapping[str, str]
    """The output, without the manifest (:data:`~generator.emit.manifest.MANIFEST`)."""
    referenced: tuple[Path, ...]
    """The local files the spec's ``$ref``s reached (a later run may rebuild this output from them)."""
    _finish: Callable[[], Result]
    _cancel: Callable[[], None]

    def finish(self) -> Result:
        """The whole output and the run's findings (waits for the validator).

        Raises :class:`~generator.diagnostics.SpecError` when ``--strict`` fails the run on them.
        """
        return self._finish()

    def cancel(self) -> None:
        """Stop the validator: its findings are no longer needed (the caller failed)."""
        self._cancel()


def draft(settings: Settings, *, validate: bool = True) -> Draft:
    """:func:`generate_files`, up to the validator's findings: the files are rendered and the
    validator may still run (see :class:`Draft`)."""
    cache = Cache(settings.cache_dir)
    key = memo.run_key(settings) if cache.root is not None else None
    replay = memo.lookup(cache, key) if key is not None else None
    if replay is not None and not (validate and replay.validation is None):
        report = _final_report(settings.strict, replay.validation if validate else None, replay.diagnostics)
        report.raise_if_strict()
        replayed = Result(replay.files, report, None, *replay.counts)
        referenced = tuple(Path(path) for path in replay.referenced)
        return Draft(without_manifest(replay.files), referenced, lambda: replayed, lambda: None)

    from .spec.validate import ValidationRecord

    report = Report(strict=settings.strict)
    pending: PendingValidation | None = None
    try:
        recorded = ValidationRecord.from_json(read_manifest(settings.output).validation)
        workspace, pending = open_spec(
            settings, report, cache, validate=validate, recall=True, recorded=recorded
        )
        # Imported once the validator's process has started, so that its own import overlaps these.
        from .emit.render import render, runtime_copies
        from .model.build import build_api
        from .model.fidelity import check_fidelity

        try:
            api = build_api(workspace, settings.model_options(), report)
            with report.kind(FIDELITY):
                fidelity = check_fidelity(workspace, api, report)
            note_documents(workspace, report)
        except RecursionError:
            raise SpecError.at(
                "the spec nests schemas too deeply to build", workspace.root.location("")
            ) from None
        if settings.strict and report.warnings:
            validation = validation_findings(workspace, pending) if validate and pending is not None else None
            _final_report(True, validation, tuple(report.diagnostics)).raise_if_strict()
        files = add_headers(
            render(api, settings, workspace)
            | runtime_copies(settings.package, webhooks=api.webhooks is not None),
            settings,
        )
    except BaseException as exc:
        if pending is not None:
            pending.cancel()
        if isinstance(exc, SpecError):
            raise exc.located(report.locate) if report.locate is not None else exc from None
        raise
    counts = (fidelity.operations, len(fidelity.degraded))
    referenced_files = workspace.referenced_files()

    def finish() -> Result:
        try:
            complete = with_manifest(
                files,
                recorded_inputs(settings, referenced_files),
                pending.record().to_json() if pending is not None else None,
            )
            validation = validation_findings(workspace, pending) if pending is not None else None
            final = _final_report(
                settings.strict, validation if validate else None, tuple(report.diagnostics)
            )
            final.locate = report.locate
            final.raise_if_strict()
        except SpecError as exc:
            raise exc.located(report.locate) if report.locate is not None else exc from None
        finally:
            cancel()
        referenced = [d for d in workspace.documents.values() if d is not workspace.root]
        if key is not None and all(d.path.is_file() for d in referenced):  # remote documents may change
            documents = [(str(d.path), hashlib.sha256(d.path.read_bytes()).hexdigest()) for d in referenced]
            memo.store(cache, key, documents, complete, tuple(report.diagnostics), validation, counts)
        return Result(complete, final, api, *counts)

    def cancel() -> None:
        if pending is not None:
            pending.cancel()

    return Draft(files, tuple(referenced_files.values()), finish, cancel)


__all__ = [
    "Draft",
    "Result",
    "build_model",
    "draft",
    "generate_files",
    "load",
    "note_documents",
    "open_spec",
    "validation_findings",
]
