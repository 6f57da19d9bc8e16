"""Where the spec comes from: fetching the upstream documents, and updating ``spec/`` and the SDK from them.

``[tool.generator] upstream`` lists the sources: http(s) URLs or local files, each holding
an OpenAPI document as JSON or YAML, or a Markdown page with the document in a fenced
code block. Several sources are merged into one document
(:func:`generator.spec.merge.merge_documents`, in the order given).

* :func:`fetch_upstream` fetches (:mod:`~generator.drift.fetch`), extracts
  (:mod:`~generator.drift.extract`), parses and merges every source.
* :func:`diff_upstream` compares the current spec files with the upstream (``fetch-upstream``).
* :func:`update` writes the upstream into the spec file (:mod:`~generator.drift.yaml_dump` when it
  must be re-serialised), regenerates the SDK and adds a CHANGELOG entry
  (:mod:`~generator.drift.changelog`), all or nothing (``update``).

Every failure is a :class:`~generator.diagnostics.SpecError` with one clear message: the
command line prints it without a traceback. The spec diff itself lives in
:mod:`generator.drift.diff`, imported only when a diff is computed.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import Cache
from ..config import Settings
from ..diagnostics import Diagnostic, Report, SpecError, SpecLocation
from ..edits.preserve import Preserved, preserve
from ..emit.removals import check_removals
from ..emit.writer import UnsafePathError, compare, owned_files, write
from ..pipeline import generate_files
from ..spec.merge import merge_documents
from ..spec.source import SourceDocument, parse_text, read_document

if TYPE_CHECKING:
    from .diff import DiffResult
from .changelog import (
    Bump,
    bump_version,
    changelog_entry,
    changelog_title,
    prepend_changelog_entry,
    suggest_bump,
)
from .extract import Extracted, extract, extract_openapi
from .fetch import USER_AGENT, fetch_text
from .yaml_dump import dump_yaml

__all__ = [
    "USER_AGENT",
    "Bump",
    "UpdateOutcome",
    "UpstreamDiff",
    "bump_version",
    "changelog_entry",
    "diff_upstream",
    "dump_yaml",
    "extract_openapi",
    "fetch_text",
    "fetch_upstream",
    "prepend_changelog_entry",
    "suggest_bump",
    "update",
]

# --------------------------------------------------------------------------- fetching and merging


def fetch_upstream(settings: Settings, *, timeout: float = 30.0) -> SourceDocument:
    """Fetch every source in ``settings.upstream``, extract and parse each, merge them (in order).

    The returned document's text is YAML: a single YAML source's text exactly as upstream
    wrote it (so the vendored file diffs line by line against upstream), otherwise
    :func:`dump_yaml` of the merged data. Its ``path`` is the spec file it is meant for
    (the first configured spec), so relative references and validation behave as they will
    once it is written there; its ``display`` names the source(s).
    """
    if not settings.upstream:
        raise SpecError.at(
            'no upstream source configured: set upstream = ["https://..."] in [tool.generator]'
        )
    target = _spec_target(settings)
    extracted: list[Extracted] = []
    documents: list[SourceDocument] = []
    for source in settings.upstream:
        found = extract(fetch_text(source, timeout=timeout), source)
        extracted.append(found)
        documents.append(SourceDocument(path=target, display=source, text=found.text, data=found.data))
    if len(documents) == 1 and extracted[0].kind == "yaml":
        document = documents[0]
        text = document.text if document.text.endswith("\n") else document.text + "\n"
        return SourceDocument(path=target, display=document.display, text=text, data=document.data)
    merged = merge_documents(documents) if len(documents) > 1 else documents[0]
    text = dump_yaml(merged.data)
    data = parse_text(text, Path("upstream.yaml"), merged.display)
    if data != merged.data:  # a bug in dump_yaml: never write a spec that reads back differently
        raise SpecError.at(
            "internal error: the merged upstream document does not read back equal once written as YAML; "
            "please report this",
            SpecLocation(merged.display),
        )
    return SourceDocument(path=target, display=merged.display, text=text, data=data)


def _spec_target(settings: Settings) -> Path:
    return settings.specs[0].resolve() if settings.specs else (Path.cwd() / "upstream.yaml")


def validate_upstream(document: SourceDocument, settings: Settings) -> Report:
    """The version check (fatal) and openapi-spec-validator's findings (warnings; fatal under strict)."""
    from ..spec.validate import openapi_version, validate

    report = Report(strict=settings.strict)
    version = openapi_version(document)
    for pointer, message in validate(document, version, Cache(settings.cache_dir)):
        report.warn(f"spec validation: {message}", document.location(pointer))
    report.raise_if_strict()
    return report


# --------------------------------------------------------------------------- the diff


def _diff_specs(old: Settings, new: Settings) -> DiffResult:
    from .diff import diff_specs  # only the commands that diff pay for importing the diff engine

    return diff_specs(old, new)


@dataclass(frozen=True)
class UpstreamDiff:
    """The upstream document and how it differs from the current spec files."""

    document: SourceDocument
    result: DiffResult
    """:func:`generator.drift.diff.diff_specs` from the current spec (old) to the upstream (new)."""
    differs: bool
    """The upstream data is not equal to the current spec's (also when only descriptions changed)."""
    report: Report
    """Validation findings about the upstream document."""


def diff_upstream(settings: Settings, *, timeout: float = 30.0) -> UpstreamDiff:
    """Fetch, validate and compare with the current spec files; writes nothing (``fetch-upstream``)."""
    document = fetch_upstream(settings, timeout=timeout)
    report = validate_upstream(document, settings)
    current = _current_data(settings)
    target = _spec_target(settings)
    with tempfile.TemporaryDirectory(prefix="upstream-") as folder:
        staged = Path(folder) / target.name
        staged.write_text(_spec_text(target, document), encoding="utf-8")
        result = _diff_specs(settings, dataclasses.replace(settings, specs=(staged,)))
    return UpstreamDiff(document=document, result=result, differs=current != document.data, report=report)


def _current_data(settings: Settings) -> Any:
    documents = [read_document(path) for path in settings.specs]
    return (merge_documents(documents) if len(documents) > 1 else documents[0]).data


def _spec_text(target: Path, document: SourceDocument) -> str:
    """What the spec file holds: JSON for a ``.json`` spec, else the document's YAML text."""
    if target.suffix.lower() == ".json":
        return json.dumps(document.data, indent=2, ensure_ascii=False) + "\n"
    return document.text


# --------------------------------------------------------------------------- update


@dataclass(frozen=True)
class UpdateOutcome:
    """What :func:`update` did."""

    changed: bool
    """The upstream differed: the spec, the SDK and the CHANGELOG were written."""
    diff: DiffResult
    bump: Bump | None
    """The suggested bump (``None`` when nothing changed)."""
    previous_version: str
    """The SDK version before: the ``version`` setting, else the current spec's ``info.version``."""
    version: str | None
    """The suggested next SDK version (``None`` when nothing changed or the version is not semver)."""
    sdk_version: str
    """The version the regenerated SDK carries (the ``version`` setting, else the new ``info.version``)."""
    spec: Path
    written: tuple[Path, ...] = ()
    """Every file written: the spec, the SDK files that changed, the CHANGELOG."""
    removed: tuple[Path, ...] = ()
    """SDK files removed because the generator no longer produces them."""
    changelog_entry: str | None = None
    warnings: tuple[Diagnostic, ...] = ()
    """Validation findings about the upstream; after a regeneration, the generator's findings."""
    source: str = ""
    hand_edits: Preserved | None = None
    """What became of the maintainers' edits to the SDK (merged, in conflict, kept)."""

    def summary(self) -> str:
        """A few lines for the command line."""
        if not self.changed:
            return f"{self.spec} is up to date with upstream ({self.source}); nothing was written"
        lines = [
            f"updated {self.spec} from upstream ({self.source}): {len(self.diff.changes)} change(s), "
            f"suggested bump {self.bump.value if self.bump else 'none'}"
            + (f" ({self.previous_version} → {self.version})" if self.version else ""),
            f"wrote {len(self.written)} file(s), removed {len(self.removed)}",
            *(self.hand_edits.messages() if self.hand_edits else ()),
        ]
        if self.version and self.sdk_version != self.version:
            lines.append(
                f"note: the regenerated SDK's version is {self.sdk_version}; to release {self.version}, "
                f'set version = "{self.version}" in [tool.generator] and run `python -m generator generate`'
            )
        return "\n".join(lines)


def update(
    settings: Settings, *, today: date, timeout: float = 30.0, allow_removals: bool = False
) -> UpdateOutcome:
    """Bring the spec file, the SDK and the CHANGELOG up to date with upstream, all or nothing.

    Fetches and validates the upstream (as :func:`diff_upstream`); when its data differ from
    the current spec, writes it to the spec file (atomically), regenerates the SDK into the
    output folder and prepends an entry to ``settings.changelog`` (when configured). If the
    regeneration or the SDK write fails, the spec file is restored and the CHANGELOG is left
    alone. Only one spec file can be updated: with several configured, this refuses. So it does,
    unless ``allow_removals``, when the new SDK would lose every operation or too many files
    (:class:`~generator.emit.removals.RemovalRefusedError`; the spec is restored).
    """
    target = _single_spec(settings)
    if not target.is_file():
        raise SpecError.at(
            f"{target} does not exist: update compares upstream with the current spec; save the upstream "
            "document there once (for example the YAML block of the docs page), then run update",
            SpecLocation(str(target)),
        )
    old_bytes = target.read_bytes()
    upstream = diff_upstream(settings, timeout=timeout)
    old_data = read_document(target).data
    previous_version = settings.version or _info_version(old_data)
    new_version_of_spec = _info_version(upstream.document.data)
    sdk_version = settings.version or new_version_of_spec
    if not upstream.differs:
        return UpdateOutcome(
            changed=False,
            diff=upstream.result,
            bump=None,
            previous_version=previous_version,
            version=None,
            sdk_version=sdk_version,
            spec=target,
            warnings=upstream.report.warnings,
            source=upstream.document.display,
        )

    bump = suggest_bump(upstream.result)
    version = bump_version(previous_version, bump)
    entry = changelog_entry(
        upstream.result,
        version=version,
        today=today,
        bump=bump,
        source=upstream.document.display,
        spec_versions=(_info_version(old_data), new_version_of_spec),
    )
    staged: list[Path] = []
    try:
        # Everything that can fail for lack of space or permissions is staged first; then the
        # spec is swapped in, the SDK written (restoring the spec if that fails), and last the
        # CHANGELOG renamed into place.
        changelog_tmp: Path | None = None
        try:
            if settings.changelog is not None:
                existing = _read_optional(settings.changelog)
                text = prepend_changelog_entry(existing, entry, title=changelog_title(settings))
                changelog_tmp = _stage(settings.changelog, text.encode("utf-8"))
                staged.append(changelog_tmp)
            spec_tmp = _stage(target, _spec_text(target, upstream.document).encode("utf-8"))
            staged.append(spec_tmp)
            os.replace(spec_tmp, target)
        except OSError as exc:
            raise SpecError.at(
                f"could not write: {exc}; nothing was changed", SpecLocation(str(target))
            ) from None
        try:
            result = generate_files(settings)
            preserved = preserve(settings, result.files, known_specs=[old_bytes])
            changes = compare(settings.output, preserved.files)
            if not allow_removals:
                owned = owned_files(settings.output)
                check_removals(settings.output, owned, preserved.files, changes, limit=settings.removal_limit)
            write(settings.output, preserved.files)
        except BaseException as exc:
            _restore(target, old_bytes)
            if isinstance(exc, UnsafePathError | OSError):
                raise SpecError.at(
                    f"could not write the SDK into {settings.output}: {exc}; {target} was restored and "
                    "nothing else was changed",
                    SpecLocation(str(settings.output)),
                ) from None
            raise
        if changelog_tmp is not None and settings.changelog is not None:
            try:
                os.replace(changelog_tmp, settings.changelog)
            except OSError as exc:
                raise SpecError.at(
                    f"the spec and the SDK were updated, but the CHANGELOG could not be written: {exc}",
                    SpecLocation(str(settings.changelog)),
                ) from None
    finally:
        for path in staged:
            path.unlink(missing_ok=True)

    written = [target, *(settings.output / name for name in (*changes.stale, *changes.missing))]
    if settings.changelog is not None:
        written.append(settings.changelog)
    return UpdateOutcome(
        changed=True,
        diff=upstream.result,
        bump=bump,
        previous_version=previous_version,
        version=version,
        sdk_version=sdk_version,
        spec=target,
        written=tuple(written),
        removed=tuple(settings.output / name for name in changes.extra),
        changelog_entry=entry,
        warnings=result.report.warnings,
        source=upstream.document.display,
        hand_edits=preserved,
    )


def _single_spec(settings: Settings) -> Path:
    if not settings.upstream:
        raise SpecError.at(
            'no upstream source configured: set upstream = ["https://..."] in [tool.generator]'
        )
    if len(settings.specs) != 1:
        names = ", ".join(str(path) for path in settings.specs)
        raise SpecError.at(
            f"the upstream document goes into one spec file, but {len(settings.specs)} are configured "
            f"({names}); list a single spec file in [tool.generator] (several upstream sources are merged "
            "into it)"
        )
    return settings.specs[0]


def _info_version(data: Any) -> str:
    info = data.get("info") if isinstance(data, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else "0.0.0"


def _read_optional(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _stage(target: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``target`` (same file system, so ``os.replace`` is atomic),
    with ``target``'s permissions (``0o644`` for a new file; ``mkstemp`` alone would give ``0o600``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _restore(target: Path, data: bytes) -> None:
    tmp = _stage(target, data)
    os.replace(tmp, target)
