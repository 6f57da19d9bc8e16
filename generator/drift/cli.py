"""The drift commands: ``diff``, ``fetch-upstream`` and ``update``.

``--upstream URL|PATH`` (repeatable: several are merged) replaces ``[tool.generator]
upstream`` for one run of ``fetch-upstream`` or ``update``; ``diff --upstream X``
compares the project's spec (``[tool.generator] spec``) with X, as ``fetch-upstream
--upstream X`` does, instead of two named specs.

Exit codes of ``diff`` and ``fetch-upstream``: 0 no differences, 1 only changes below
the ``--fail-on`` threshold, 2 at least one change at or above it (default: possibly
breaking), 3 the comparison could not be made (unreadable spec, network failure, wrong
arguments). ``update``: 0 released or already up to date, 1 refused: the new SDK would drop
every operation or too many files (nothing written; ``--allow-removals`` goes ahead), or
released but hand edits conflict (the files hold conflict markers), 2 it could not update
(nothing written). argparse's own usage errors (an unknown flag) exit 2, as
for every command.
"""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..cache import prune
from ..config import Settings, add_cache_arguments, load_settings
from ..console import add_loudness_arguments, print_findings
from ..diagnostics import Diagnostic, SpecError
from ..emit.removals import RemovalRefusedError
from ..spec.source import display_path

if TYPE_CHECKING:
    from .diff import DiffResult

EXIT_CANNOT_COMPARE = 3
EXIT_CANNOT_UPDATE = 2
EXIT_REFUSED = 1
EXIT_CONFLICTS = 1
"""``update`` released, but hand edits overlap the new output: files hold conflict markers."""
_FORMATS = ("text", "json", "markdown")
_BUMPS = ("major", "minor", "patch")
"""The values of :class:`generator.versions.Bump` (imported only by ``update``: packaging is slow to load)."""


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="classify the changes between two specs (files or URLs) for the SDK's users",
        description="Classify the changes between two specs as breaking, possibly breaking or non-breaking.",
    )
    diff.add_argument("old", metavar="OLD", nargs="?", help="the old spec: a file or an http(s) URL")
    diff.add_argument("new", metavar="NEW", nargs="?", help="the new spec: a file or an http(s) URL")
    fetch = commands.add_parser(
        "fetch-upstream",
        help="compare spec/ with the upstream sources in [tool.generator] upstream (writes nothing)",
        description="Fetch the upstream spec and compare it with spec/; writes nothing.",
    )
    for command in (diff, fetch):
        command.add_argument("--format", choices=_FORMATS, default="text", help="the report's format")
        command.add_argument(
            "--fail-on",
            choices=("breaking", "possibly-breaking", "non-breaking"),
            default="possibly-breaking",
            help="the lowest level that exits 2 (default: possibly-breaking)",
        )
    update = commands.add_parser(
        "update",
        help="release the upstream's changes: spec/, the SDK version, the SDK and a CHANGELOG entry",
        description="Fetch the upstream spec; when it changed, write spec/, set [tool.generator] version to "
        "the next version, regenerate the SDK and add one CHANGELOG entry, all or nothing.",
    )
    update.add_argument(
        "--bump",
        choices=_BUMPS,
        default=None,
        help="the bump to apply (default: the one the changes suggest)",
    )
    update.add_argument(
        "--dry-run", action="store_true", help="print the CHANGELOG entry and the version; write nothing"
    )
    for command in (diff, fetch, update):
        command.add_argument(
            "--config",
            metavar="PYPROJECT",
            type=Path,
            default=None,
            help="the pyproject.toml with [tool.generator] (default: ./pyproject.toml; without one, "
            "names come from the specs alone)",
        )
        add_cache_arguments(command)
    for command in (diff, fetch, update):
        command.add_argument(
            "--upstream",
            action="append",
            default=[],
            metavar="URL|PATH",
            help="the upstream source instead of [tool.generator] upstream (repeat to merge several)"
            + ("; compared with the project's spec, in place of OLD NEW" if command is diff else ""),
        )
    for command in (diff, fetch, update):
        command.add_argument("--timeout", type=float, default=30.0, help="seconds per upstream download")
        add_loudness_arguments(command)
    update.add_argument(
        "--allow-removals",
        action="store_true",
        help="update even when the new SDK drops every operation or removes more than removal-limit "
        "per cent of the generated files",
    )


def _project(args: argparse.Namespace) -> Path | None:
    """The pyproject.toml with a ``[tool.generator]`` table: ``--config``, else ./pyproject.toml."""
    config = args.config if args.config is not None else Path("pyproject.toml")
    if args.config is not None and not config.is_file():
        raise SpecError.at(f"no such configuration file: {config}")
    has_table = config.is_file() and "[tool.generator]" in config.read_text(encoding="utf-8")
    return config if has_table else None


def _settings(args: argparse.Namespace, pyproject: Path | None) -> Settings:
    if pyproject is not None:
        settings = load_settings(pyproject=pyproject, use_cache=not args.no_cache, cache_dir=args.cache_dir)
        return replace(settings, upstream=tuple(args.upstream)) if args.upstream else settings
    if args.command != "diff" or args.upstream:
        raise SpecError.at(
            f"{args.command} needs the project's [tool.generator] table (spec, output, package): "
            f"none in {args.config or './pyproject.toml'}; pass --config PYPROJECT"
        )
    # Without a project, ``diff OLD NEW`` still works: the names come from the specs alone.
    spec = args.old or "spec.yaml"
    return load_settings(
        pyproject=None,
        specs=[spec],
        output=".",
        package="sdk",
        use_cache=not args.no_cache,
        cache_dir=args.cache_dir,
    )


def _local(source: str, folder: Path, name: str, timeout: float) -> Path:
    """A spec given as a URL is downloaded (and extracted from a Markdown page) into ``folder``."""
    if "://" not in source:
        return Path(source)
    from .upstream import extract_openapi, fetch_text

    text = extract_openapi(fetch_text(source, timeout=timeout), source)
    path = folder / (name + (".json" if text.lstrip().startswith("{") else ".yaml"))
    path.write_text(text, encoding="utf-8")
    return path


def _diff(args: argparse.Namespace, settings: Settings, err: TextIO) -> DiffResult:
    """``diff OLD NEW``, or ``diff --upstream X``: the project's spec against X."""
    if args.upstream:
        if args.old is not None:
            raise SpecError.at(
                "diff takes either OLD and NEW, or --upstream (compared with the project's spec)"
            )
        return _fetch(args, settings, err)
    if args.new is None:
        raise SpecError.at(
            "diff needs OLD and NEW (files or URLs), or --upstream URL|PATH (the project's spec against it)"
        )
    from .diff import diff_specs
    from .upstream import named_after_sources

    with tempfile.TemporaryDirectory(prefix="diff-") as folder:
        old = _local(args.old, Path(folder), "old", args.timeout)
        new = _local(args.new, Path(folder), "new", args.timeout)
        result = diff_specs(replace(settings, specs=(old,)), replace(settings, specs=(new,)))
    downloaded = ((old, args.old), (new, args.new))
    return named_after_sources(result, {display_path(path): url for path, url in downloaded if "://" in url})


def _fetch(args: argparse.Namespace, settings: Settings, err: TextIO) -> DiffResult:
    from .upstream import diff_upstream

    drift = diff_upstream(settings, timeout=args.timeout)
    _print(drift.report.warnings, args, err)
    return drift.result


def _update(args: argparse.Namespace, settings: Settings, config: Path, out: TextIO, err: TextIO) -> int:
    from ..versions import Bump
    from .upstream import update

    bump = Bump(args.bump) if args.bump else None
    try:
        outcome = update(
            settings,
            config=config,
            today=date.today(),
            bump=bump,
            dry_run=args.dry_run,
            timeout=args.timeout,
            allow_removals=args.allow_removals,
        )
    except RemovalRefusedError as exc:
        print("\n".join(exc.lines()), file=err)
        return EXIT_REFUSED
    _print(outcome.warnings, args, err)
    if args.dry_run and outcome.changelog_entry is not None:
        print(outcome.changelog_entry, file=out)
    if not args.quiet:
        print(outcome.summary(), file=err)  # a status line, after the findings, as generate's
    conflicted = outcome.hand_edits.conflicted() if outcome.hand_edits is not None else ()
    if conflicted:
        print(f"error: conflict markers in {', '.join(conflicted)}; resolve them", file=err)
        return EXIT_CONFLICTS
    return 0


def _report(result: DiffResult, args: argparse.Namespace, out: TextIO) -> int:
    from .diff import Level, exit_code, render_json, render_markdown, render_text

    render = {"text": render_text, "json": render_json, "markdown": render_markdown}[args.format]
    print(render(result), file=out, end="")
    return exit_code(result, Level(args.fail_on))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``diff``, ``fetch-upstream`` or ``update``."""
    failure = EXIT_CANNOT_UPDATE if args.command == "update" else EXIT_CANNOT_COMPARE
    try:
        config = _project(args)
        settings = _settings(args, config)
        prune(settings.cache_dir)
        if args.command == "diff":
            return _report(_diff(args, settings, err), args, out)
        if not settings.upstream:
            raise SpecError.at(
                "no upstream sources: set upstream = [...] in [tool.generator] or pass --upstream"
            )
        if args.command == "fetch-upstream":
            return _report(_fetch(args, settings, err), args, out)
        assert config is not None  # _settings needs one for every command but diff
        return _update(args, settings, config, out, err)
    except SpecError as exc:
        for diagnostic in exc.diagnostics:  # errors: always, and each in full
            print(diagnostic.format(), file=err)
        consequence = "nothing was written" if args.command == "update" else "the specs were not compared"
        print(f"error: {args.command} did not complete; {consequence}", file=err)
        return failure


def _print(diagnostics: Sequence[Diagnostic], args: argparse.Namespace, stream: TextIO) -> None:
    """Findings as ``generate`` prints them: grouped by kind, every one under ``-v``, none under ``-q``."""
    if not args.quiet:
        print_findings(diagnostics, stream, verbose=args.verbose)
