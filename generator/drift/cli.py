"""The drift commands: ``diff``, ``fetch-upstream`` and ``update``.

Exit codes of ``diff`` and ``fetch-upstream``: 0 no differences, 1 only changes below
the ``--fail-on`` threshold, 2 at least one change at or above it (default: possibly
breaking), 3 the comparison could not be made (unreadable spec, network failure).
``update``: 0 updated or already up to date, 1 refused: the new SDK would drop every operation
or too many files (nothing written; ``--allow-removals`` goes ahead), or updated but hand edits
conflict (the files hold conflict markers), 2 it could not update (nothing written).
"""

from __future__ import annotations

import argparse
import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..cache import prune
from ..config import Settings, add_cache_arguments, load_settings
from ..diagnostics import Diagnostic, SpecError
from ..emit.removals import RemovalRefusedError

if TYPE_CHECKING:
    from .diff import DiffResult

EXIT_CANNOT_COMPARE = 3
EXIT_CANNOT_UPDATE = 2
EXIT_REFUSED = 1
EXIT_CONFLICTS = 1
"""``update`` wrote everything, but hand edits overlap the new output: files hold conflict markers."""
_FORMATS = ("text", "json", "markdown")


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    diff = commands.add_parser(
        "diff",
        help="classify the changes between two specs (files or URLs) for the SDK's users",
        description="Classify the changes between two specs as breaking, possibly breaking or non-breaking.",
    )
    diff.add_argument("old", metavar="OLD", help="the old spec: a file or an http(s) URL")
    diff.add_argument("new", metavar="NEW", help="the new spec: a file or an http(s) URL")
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
        help="fetch the upstream spec, write spec/, regenerate the SDK and add a CHANGELOG entry",
        description="Fetch the upstream spec, write spec/, regenerate the SDK and add a CHANGELOG entry.",
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
    for command in (fetch, update):
        command.add_argument("--timeout", type=float, default=30.0, help="seconds per upstream download")
    update.add_argument(
        "--allow-removals",
        action="store_true",
        help="update even when the new SDK drops every operation or removes more than removal-limit "
        "per cent of the generated files",
    )


def _settings(args: argparse.Namespace) -> Settings:
    config = args.config if args.config is not None else Path("pyproject.toml")
    if args.config is not None and not config.is_file():
        raise SpecError.at(f"no such configuration file: {config}")
    pyproject = config if config.is_file() else None
    has_table = pyproject is not None and "[tool.generator]" in pyproject.read_text(encoding="utf-8")
    if has_table:
        return load_settings(pyproject=pyproject, use_cache=not args.no_cache, cache_dir=args.cache_dir)
    # Without a project, ``diff`` still works: the names come from the specs alone.
    spec = getattr(args, "old", "spec.yaml")
    return load_settings(
        pyproject=None,
        specs=[spec],
        output=".",
        package="sdk",
        use_cache=not args.no_cache,
        cache_dir=args.cache_dir,
    )


def _local(source: str, folder: Path, name: str) -> Path:
    """A spec given as a URL is downloaded (and extracted from a Markdown page) into ``folder``."""
    if "://" not in source:
        return Path(source)
    from .upstream import extract_openapi, fetch_text

    text = extract_openapi(fetch_text(source), source)
    path = folder / (name + (".json" if text.lstrip().startswith("{") else ".yaml"))
    path.write_text(text, encoding="utf-8")
    return path


def _report(result: DiffResult, args: argparse.Namespace, out: TextIO) -> int:
    from .diff import Level, exit_code, render_json, render_markdown, render_text

    render = {"text": render_text, "json": render_json, "markdown": render_markdown}[args.format]
    print(render(result), file=out, end="")
    return exit_code(result, Level(args.fail_on))


def run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """Run ``diff``, ``fetch-upstream`` or ``update``."""
    failure = EXIT_CANNOT_UPDATE if args.command == "update" else EXIT_CANNOT_COMPARE
    try:
        settings = _settings(args)
        prune(settings.cache_dir)
        if args.command == "diff":
            from .diff import diff_specs

            with tempfile.TemporaryDirectory(prefix="diff-") as folder:
                old = _local(args.old, Path(folder), "old")
                new = _local(args.new, Path(folder), "new")
                result = diff_specs(replace(settings, specs=(old,)), replace(settings, specs=(new,)))
            return _report(result, args, out)
        if not settings.upstream:
            raise SpecError.at("no upstream sources: set upstream = [...] in [tool.generator]")
        if args.command == "fetch-upstream":
            from .upstream import diff_upstream

            drift = diff_upstream(settings, timeout=args.timeout)
            _print(drift.report.warnings, err)
            return _report(drift.result, args, out)
        from .upstream import update

        try:
            outcome = update(
                settings, today=date.today(), timeout=args.timeout, allow_removals=args.allow_removals
            )
        except RemovalRefusedError as exc:
            print("\n".join(exc.lines()), file=err)
            return EXIT_REFUSED
        _print(outcome.warnings, err)
        print(outcome.summary(), file=out)
        if outcome.hand_edits is not None and outcome.hand_edits.conflicted():
            print("error: update left conflict markers in the files above; resolve them", file=err)
            return EXIT_CONFLICTS
        return 0
    except SpecError as exc:
        _print(exc.diagnostics, err)
        consequence = "nothing was written" if args.command == "update" else "the specs were not compared"
        print(f"error: {args.command} did not complete; {consequence}", file=err)
        return failure


def _print(diagnostics: tuple[Diagnostic, ...] | list[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)
