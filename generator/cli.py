"""Command line: ``generate`` writes the SDK, ``check`` tells whether it is up to date.

Exit codes (``generate`` and ``check``; ``update`` uses the same 0, 1 and 2):

* 0 success (``check``: up to date);
* 1 ``check`` found differences (or hand edits that need resolving), ``generate`` refused
  to write because the new output would drop every operation or remove more than
  ``removal-limit`` per cent of the generated files (:mod:`generator.emit.removals`;
  ``--allow-removals`` writes anyway), or ``generate`` merged hand edits into files that now
  hold conflict markers (:mod:`generator.edits`);
* 2 the input is wrong (unreadable, not OpenAPI 3.x, unresolvable, or ``--strict``
  findings), or the output folder could not be written.

Input problems are printed as ``file:line:column: error: message (at #/pointer)``,
never as a traceback, and nothing is written.

Streams: every finding, the refusal and the summary line go to stderr, in that order, so
they stay in order when both streams go to one terminal or file; stdout carries only
``check``'s answer (up to date, or the list of differences and the diff). Findings of one
kind are summarised in one line (:mod:`generator.console`); ``-v`` prints each, ``-q``
prints only errors.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from . import __version__
from .cache import prune
from .config import Settings, add_cache_arguments, load_settings
from .console import add_loudness_arguments, plural, print_findings
from .diagnostics import Diagnostic, Severity, SpecError
from .drift import cli as drift_cli
from .edits.preserve import preserve, without_areas
from .emit.manifest import MANIFEST
from .emit.removals import RemovalRefusedError, check_removals
from .emit.writer import Changes, Staged, UnsafePathError, compare, owned_files, stage, unified_diff
from .pipeline import Draft, Result, draft, generate_files

EXIT_OK = 0
EXIT_DIFFERENT = 1
EXIT_REFUSED = 1
"""``generate`` would have removed too much; nothing was written (as ``check``'s "differs", the
output folder is not what the spec describes, and a person must decide)."""
EXIT_INPUT_ERROR = 2
EXIT_CONFLICTS = 1
"""``generate`` merged hand edits that overlap the new output: the files hold conflict markers."""


def build_parser(prog: str = "python -m generator") -> argparse.ArgumentParser:
    """The whole command line (every command and flag): for `main`, and for tests and docs."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Generate a typed Python SDK from an OpenAPI 3.0/3.1 spec.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, about in (
        ("generate", "regenerate the SDK and its docs into the output folder"),
        ("check", "exit 1 (with a diff) when the output folder is not what generate would write"),
    ):
        command = commands.add_parser(name, help=about, description=about)
        command.add_argument(
            "--spec",
            action="append",
            default=[],
            metavar="PATH",
            help="the OpenAPI document (repeat to merge several); default: [tool.generator] spec",
        )
        command.add_argument(
            "--output", metavar="DIR", help="the output folder; default: [tool.generator] output"
        )
        command.add_argument("--package", metavar="NAME", help="the import name of the SDK package")
        command.add_argument(
            "--config",
            metavar="PYPROJECT",
            type=Path,
            default=None,
            help="the pyproject.toml with [tool.generator] (default: ./pyproject.toml)",
        )
        command.add_argument(
            "--strict",
            action="store_true",
            help="treat every warning (validator findings, unsupported parts) as an error"
            + ("; also runs openapi-spec-validator, which check otherwise skips" if name == "check" else ""),
        )
        command.add_argument(
            "--allow-remote-refs", action="store_true", default=None, help="follow $ref to http(s) URLs"
        )
        add_cache_arguments(command)
        if name == "generate":
            command.add_argument(
                "--allow-removals",
                action="store_true",
                help="write even when the new output drops every operation or removes more than "
                "removal-limit per cent of the generated files",
            )
        add_loudness_arguments(command)
    drift_cli.add_commands(commands)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    prog: str | None = None,
) -> int:
    """The command line; ``prog`` is how the user called it (default: the script's own name)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    prog = prog or _program_name()
    args = build_parser(prog).parse_args(argv)
    if args.command in ("diff", "fetch-upstream", "update"):
        return drift_cli.run(args, out, err)
    started = time.perf_counter()
    try:
        if args.config is not None and not args.config.is_file():
            raise SpecError.at(f"no such configuration file: {args.config}")
        settings = load_settings(
            pyproject=_configuration(args),
            specs=args.spec,
            output=args.output,
            package=args.package,
            strict=args.strict,
            allow_remote_refs=args.allow_remote_refs,
            use_cache=not args.no_cache,
            cache_dir=args.cache_dir,
        )
        if args.command == "generate":
            return _generate(settings, draft(settings), args, err, started)
        # The validator's findings never change the output: `check` runs it only under --strict.
        result = generate_files(settings, validate=settings.strict)
        prune(settings.cache_dir)
    except SpecError as exc:
        return _input_error(exc, err)
    if not args.quiet:
        print_findings((*result.report.notes, *result.report.warnings), err, verbose=args.verbose)
    return _check(settings, result, out, prog)


def _generate(
    settings: Settings, output: Draft, args: argparse.Namespace, err: TextIO, started: float
) -> int:
    """Write the output. The files are compared and staged while openapi-spec-validator may still
    run; the manifest that records its findings is staged last, and then all are put in place."""
    staged: Staged | None = None
    try:
        preserved = preserve(settings, output.files, referenced=output.referenced)
        changes = compare(settings.output, preserved.files, preserved.on_disk)
        changes = replace(changes, stray=without_areas(changes.stray, preserved))
        staged = stage(settings.output, preserved.files, changes)
        result = output.finish()
        prune(settings.cache_dir)
        manifest = {MANIFEST: result.files[MANIFEST]}
        staged.include(manifest)
        stray = _stray_warnings(settings, changes)
        if not args.quiet:
            print_findings((*result.report.notes, *result.report.warnings, *stray), err, verbose=args.verbose)
        if not args.allow_removals:
            owned = owned_files(settings.output)
            check_removals(
                settings.output,
                owned,
                {**preserved.files, **manifest},
                staged.changes,
                limit=settings.removal_limit,
            )
        staged.commit()
    except SpecError as exc:
        return _input_error(exc, err)
    except RemovalRefusedError as exc:
        for line in exc.lines():
            print(line, file=err)
        return EXIT_REFUSED
    except UnsafePathError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT_ERROR
    except OSError as exc:
        print(f"error: could not write {settings.output}: {exc}; it was left as it was", file=err)
        return EXIT_INPUT_ERROR
    finally:
        output.cancel()
        if staged is not None:
            staged.discard()
    for message in preserved.messages():
        print(message, file=err)
    if not args.quiet:
        changed = staged.changes
        warnings = len(result.report.warnings) + len(stray)
        print(
            f"generated {plural(len(result.files), 'file')} in {settings.output} "
            f"({len(changed.stale) + len(changed.missing)} written, {len(changed.extra)} removed; "
            f"{plural(warnings, 'warning')}; "
            f"{plural(result.operations, 'operation')}, {result.degraded} degraded) "
            f"in {time.perf_counter() - started:.2f}s",
            file=err,
        )
    conflicted = preserved.conflicted()
    if conflicted:
        print(f"error: conflict markers in {plural(len(conflicted), 'file')}; resolve them", file=err)
        return EXIT_CONFLICTS
    return EXIT_OK


def _input_error(exc: SpecError, err: TextIO) -> int:
    _print_diagnostics(exc.diagnostics, err)
    print(f"error: nothing was written ({plural(len(exc.diagnostics), 'problem')})", file=err)
    return EXIT_INPUT_ERROR


def _stray_warnings(settings: Settings, changes: Changes) -> tuple[Diagnostic, ...]:
    """A warning for each file in the generated folders that the generator never wrote."""
    return tuple(
        Diagnostic(
            Severity.WARNING,
            f"{settings.output / name} was not generated; remove it (`check` fails on it)",
            kind="stray-file",
        )
        for name in changes.stray
    )


CONSOLE_SCRIPT = "openapi-sdk-generator"


def _program_name() -> str:
    """How the user called us: the console script by its name, else ``python -m generator``."""
    return CONSOLE_SCRIPT if Path(sys.argv[0]).name == CONSOLE_SCRIPT else "python -m generator"


def _configuration(args: argparse.Namespace) -> Path | None:
    """The pyproject.toml to read: ``--config``, else ./pyproject.toml.

    A run given ``--spec``, ``--output`` and ``--package`` is standalone: it describes
    another API than the project's, so ./pyproject.toml (whose names, docs URL and
    client class belong to the project's API) is read only when ``--config`` says so.
    """
    if args.config is not None:
        return Path(args.config)
    if args.spec and args.output and args.package:
        return None
    default = Path("pyproject.toml")
    return default if default.is_file() else None


def _check(settings: Settings, result: Result, out: TextIO, prog: str) -> int:
    preserved = preserve(settings, result.files)
    changes = compare(settings.output, preserved.files, preserved.on_disk)
    changes = replace(changes, stray=without_areas(changes.stray, preserved))
    for kept in preserved.kept:
        print(kept.describe(), file=out)
    problems = preserved.problems()
    if changes.clean and not problems:
        edits = f", {len(preserved.edited)} with hand edits" if preserved.edited else ""
        print(f"{settings.output} is up to date ({len(result.files)} files{edits})", file=out)
        return EXIT_OK
    if changes.stale or changes.missing or changes.extra:
        print(f"{settings.output} is out of date; run `{prog} generate`:", file=out)
    if changes.stray:
        print(f"{settings.output} holds files the generator did not write; remove them:", file=out)
    labelled = (
        ("stale", changes.stale),
        ("missing", changes.missing),
        ("extra", changes.extra),
        ("stray", changes.stray),
    )
    for label, names in labelled:
        for name in names:
            print(f"  {label}: {name}", file=out)
    if problems:
        print(f"{settings.output} holds hand edits that need you:", file=out)
    for problem in problems:
        print(f"  {problem}", file=out)
    print(file=out)
    print(unified_diff(settings.output, preserved.files, changes), file=out, end="")
    return EXIT_DIFFERENT


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)
