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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import Cache
from ..config import Settings
from ..console import plural
from ..diagnostics import Diagnostic, Report, SpecError, SpecLocation
from ..edits.preserve import Preserved, preserve
from ..emit.removals import check_removals
from ..emit.writer import Changes, UnsafePathError, compare, owned_files, write
from ..pipeline import Result, draft
from ..spec.merge import merge_documents
from ..spec.source import SourceDocument, display_path, parse_text, read_document
from ..versions import Bump, next_version, package_version

if TYPE_CHECKING:
    from .diff import DiffResult
from .changelog import (
    changelog_entry,
    changelog_title,
    prepend_changelog_entry,
    suggest_bump,
)
from .extract import Extracted, extract, extract_openapi
from .fetch import USER_AGENT, fetch_text
from .version_setting import with_version
from .yaml_dump import dump_yaml

__all__ = [
    "USER_AGENT",
    "Bump",
    "UpdateOutcome",
    "UpstreamDiff",
    "changelog_entry",
    "diff_upstream",
    "dump_yaml",
    "extract_openapi",
    "fetch_text",
    "fetch_upstream",
    "next_version",
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
    """Fetch, validate and compare with the current spec files; writes nothing (``fetch-upstream``).

    The diff's locations name the current spec files and the upstream source(s), never the
    temporary copy the upstream is compared from: a report changes only when the specs do.
    """
    document = fetch_upstream(settings, timeout=timeout)
    report = validate_upstream(document, settings)
    current = _current_data(settings)
    target = _spec_target(settings)
    with tempfile.TemporaryDirectory(prefix="upstream-") as folder:
        staged = Path(folder) / target.name
        staged.write_text(_spec_text(target, document), encoding="utf-8")
        result = _diff_specs(settings, dataclasses.replace(settings, specs=(staged,)))
        result = named_after_sources(result, {display_path(staged): document.display})
    return UpstreamDiff(document=document, result=result, differs=current != document.data, report=report)


def named_after_sources(result: DiffResult, names: Mapping[str, str]) -> DiffResult:
    """``result`` with the locations in temporary copies (keys of ``names``) naming their sources."""
    changes = tuple(
        dataclasses.replace(change, file=names[change.file]) if change.file in names else change
        for change in result.changes
    )
    return dataclasses.replace(result, changes=changes)


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
    """What :func:`update` did (or, for a dry run, would do)."""

    changed: bool
    """The upstream differed: a release was made (or, for a dry run, would be)."""
    diff: DiffResult
    bump: Bump | None
    """The bump applied: the one asked for, else the suggested one (``None`` when nothing changed)."""
    suggested: Bump | None
    """The bump the changes call for (``None`` when nothing changed)."""
    previous_version: str
    """The SDK version before: ``[tool.generator] version``, else the current spec's ``info.version``
    as :func:`~generator.versions.package_version` reads it."""
    version: str
    """The SDK version after: the one in ``[tool.generator] version``, the SDK and the CHANGELOG."""
    spec: Path
    dry_run: bool = False
    written: tuple[Path, ...] = ()
    """Every file written: the spec, the SDK files that changed, the pyproject, the CHANGELOG."""
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
            return (
                f"{self.spec} is up to date with upstream ({self.source}); nothing was written "
                f"(the SDK stays at {self.version})"
            )
        assert self.bump is not None and self.suggested is not None
        chosen = "" if self.bump is self.suggested else f", suggested {self.suggested.value}"
        release = (
            f"{plural(len(self.diff.changes), 'change')}, bump {self.bump.value}{chosen}: "
            f"SDK {self.previous_version} → {self.version}"
        )
        if self.dry_run:
            return (
                f"dry run: updating {self.spec} from upstream ({self.source}) would release {release}; "
                "nothing was written"
            )
        lines = [
            f"updated {self.spec} from upstream ({self.source}): {release}",
            f"wrote {plural(len(self.written), 'file')}, removed {len(self.removed)}",
            *(self.hand_edits.messages() if self.hand_edits is not None else ()),
        ]
        return "\n".join(lines)


def update(
    settings: Settings,
    *,
    config: Path,
    today: date,
    bump: Bump | None = None,
    dry_run: bool = False,
    timeout: float = 30.0,
    allow_removals: bool = False,
) -> UpdateOutcome:
    """Release the upstream's changes: the spec, the SDK version, the SDK and the CHANGELOG, all or nothing.

    Fetches and validates the upstream (as :func:`diff_upstream`). When its data equal the
    current spec's, nothing is written: running ``update`` again changes nothing. Otherwise
    the next SDK version is :func:`~generator.versions.next_version` of the current one
    (``[tool.generator] version``, else the current spec's ``info.version``) for ``bump``
    (default: the one the changes suggest), and in one transaction the spec file is
    replaced, ``version`` in ``config``'s ``[tool.generator]`` set, the SDK regenerated with
    that version and one CHANGELOG entry headed by it prepended (when ``settings.changelog``
    is set). If any step fails, every file is put back as it was. ``dry_run`` computes the
    entry and the version and writes nothing. Only one spec file can be updated. Unless
    ``allow_removals``, a new SDK that would lose every operation or too many files is refused
    (:class:`~generator.emit.removals.RemovalRefusedError`) and everything is put back.
    """
    target = _single_spec(settings)
    if not target.is_file():
        raise SpecError.at(
            f"{target} does not exist: update compares upstream with the current spec; save the upstream "
            "document there once (for example the YAML block of the docs page), then run update",
            SpecLocation(str(target)),
        )
    upstream = diff_upstream(settings, timeout=timeout)
    old_api_version = _info_version(read_document(target).data)
    new_api_version = _info_version(upstream.document.data)
    previous = settings.version or str(package_version(old_api_version))
    unchanged = UpdateOutcome(
        changed=False,
        diff=upstream.result,
        bump=None,
        suggested=None,
        previous_version=previous,
        version=previous,
        spec=target,
        dry_run=dry_run,
        warnings=upstream.report.warnings,
        source=upstream.document.display,
    )
    if not upstream.differs:
        return unchanged

    suggested = suggest_bump(upstream.result)
    chosen = bump or suggested
    version = next_version(previous, chosen, upstream=new_api_version)
    entry = changelog_entry(
        upstream.result,
        version=version,
        today=today,
        bump=chosen,
        suggested=suggested,
        source=upstream.document.display,
        spec_versions=(old_api_version, new_api_version),
    )
    release = _Release(
        spec=(target, _spec_text(target, upstream.document)),
        config=(config, with_version(_read_config(config), version, config)),
        changelog=(
            (settings.changelog, _changelog_text(settings, entry)) if settings.changelog is not None else None
        ),
    )
    outcome = dataclasses.replace(
        unchanged, changed=True, bump=chosen, suggested=suggested, version=version, changelog_entry=entry
    )
    if dry_run:
        return outcome
    sdk = dataclasses.replace(settings, version=version)
    replaced_spec = target.read_bytes()  # rebuilds the base of hand edits' merges
    hand_edits: list[Preserved] = []

    def regenerate() -> Result:
        output = draft(sdk)
        generated = output.finish()
        hand_edits.append(
            preserve(sdk, generated.files, known_specs=[replaced_spec], referenced=output.referenced)
        )
        result = dataclasses.replace(generated, files=hand_edits[-1].files)
        return result

    def guard(result: Result, changes: Changes) -> None:
        if not allow_removals:
            check_removals(
                sdk.output, owned_files(sdk.output), result.files, changes, limit=sdk.removal_limit
            )

    result, changes = release.apply(regenerate, sdk.output, guard)
    return dataclasses.replace(
        outcome,
        written=(*release.paths, *(settings.output / name for name in (*changes.stale, *changes.missing))),
        removed=tuple(settings.output / name for name in changes.extra),
        warnings=result.report.warnings,
        hand_edits=hand_edits[-1],
    )


def _read_config(config: Path) -> str:
    try:
        return config.read_text(encoding="utf-8")
    except OSError as exc:
        raise SpecError.at(
            f"cannot read the pyproject.toml that holds the SDK's version: {exc.strerror or exc}",
            SpecLocation(str(config)),
        ) from None


def _changelog_text(settings: Settings, entry: str) -> str:
    assert settings.changelog is not None
    existing = _read_optional(settings.changelog)
    return prepend_changelog_entry(existing, entry, title=changelog_title(settings))


@dataclass(frozen=True)
class _Release:
    """The files one ``update`` writes besides the SDK, each as (path, new text)."""

    spec: tuple[Path, str]
    config: tuple[Path, str]
    changelog: tuple[Path, str] | None

    @property
    def paths(self) -> tuple[Path, ...]:
        return tuple(path for path, _ in self._files())

    def _files(self) -> list[tuple[Path, str]]:
        return [self.spec, self.config, *([self.changelog] if self.changelog is not None else [])]

    def apply(
        self,
        generate: Callable[[], Result],
        output: Path,
        guard: Callable[[Result, Changes], None],
    ) -> tuple[Result, Changes]:
        """Write everything, all or nothing: the files, then the SDK ``generate`` makes from the new spec.

        Each file is first staged beside its target (so a full disk fails before anything
        changed), then renamed into place; the SDK is generated once the spec is in place,
        compared once with the output folder, and ``guard`` may refuse those changes before
        any SDK file is written. On any failure the files and the SDK's changed files are
        put back as they were.
        """
        files = self._files()
        before = {path: _read_bytes(path) for path, _ in files}
        staged: list[tuple[Path, Path]] = []
        sdk_before: dict[Path, bytes | None] = {}
        try:
            try:
                for path, text in files:
                    staged.append((_stage(path, text.encode("utf-8")), path))
            except OSError as exc:
                raise SpecError.at(
                    f"could not write: {exc}; nothing was changed", SpecLocation(str(self.spec[0]))
                ) from None
            try:
                os.replace(*staged[0])  # the spec first: the SDK is generated from it
                result = generate()
                changes = compare(output, result.files)
                guard(result, changes)
                sdk_before = _sdk_files_before(output, changes)
                changes = write(output, result.files, changes)
                for tmp, path in staged[1:]:
                    os.replace(tmp, path)
            except BaseException as exc:
                for path, data in (*before.items(), *sdk_before.items()):
                    _put_back(path, data)
                if isinstance(exc, UnsafePathError | OSError):
                    raise SpecError.at(
                        f"could not write the SDK into {output}: {exc}; the spec, the SDK, the pyproject "
                        "and the CHANGELOG were restored",
                        SpecLocation(str(output)),
                    ) from None
                raise
        finally:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
        return result, changes


def _sdk_files_before(output: Path, changes: Changes) -> dict[Path, bytes | None]:
    """The SDK files a write of ``changes`` touches, with their bytes now (``None``: not there yet)."""
    names = (*changes.stale, *changes.missing, *changes.extra)
    return {output / name: _read_bytes(output / name) for name in names}


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
    data = _read_bytes(path)
    return data.decode("utf-8") if data is not None else None


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
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


def _put_back(target: Path, data: bytes | None) -> None:
    """``target`` as it was: ``data``, or no file when it did not exist."""
    if data is None:
        target.unlink(missing_ok=True)
    elif _read_bytes(target) != data:
        os.replace(_stage(target, data), target)
