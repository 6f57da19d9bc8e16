"""The whole run, in one direction: load → validate → resolve → build → render → format.

:func:`generate_files` returns the complete output in memory; writing it (or
comparing it with the disk, for ``check``) is the caller's choice.
"""

from __future__ import annotations

from dataclasses import dataclass

from .build import build_api
from .cache import Cache
from .config import Settings
from .diagnostics import Report, SpecError
from .formatting import format_python
from .ir import Api
from .merge import merge_documents
from .refs import Workspace
from .render import render
from .source import SourceDocument, read_document
from .validate import openapi_version, validate
from .writer import with_manifest


@dataclass(frozen=True)
class Result:
    api: Api
    files: dict[str, str]
    report: Report


def load(settings: Settings, report: Report, cache: Cache) -> Workspace:
    """Read the spec (merging several into one), check its version and validate it."""
    documents = [read_document(path, cache) for path in settings.specs]
    root = merge_documents(documents) if len(documents) > 1 else documents[0]
    workspace = Workspace(root, allow_remote=settings.allow_remote_refs, cache=cache)
    report.locate = workspace.line_of
    version = openapi_version(root)
    for pointer, message in validate(root, version, cache):
        report.warn(f"spec validation: {message}", root.location(pointer))
    return workspace


def generate_files(settings: Settings) -> Result:
    """Everything the output folder should hold, formatted, with its manifest."""
    cache = Cache(settings.cache_dir)
    report = Report(strict=settings.strict)
    try:
        workspace = load(settings, report, cache)
        try:
            api = build_api(workspace, settings, report)
        except RecursionError:
            raise SpecError.at(
                "the spec nests schemas too deeply to build", workspace.root.location("")
            ) from None
        report.raise_if_strict()
    except SpecError as exc:
        raise exc.located(report.locate) if report.locate is not None else exc from None
    files = format_python(render(api, settings), cache)
    return Result(api, with_manifest(files), report)


__all__ = ["Result", "SourceDocument", "generate_files", "load"]
