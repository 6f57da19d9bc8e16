"""Command line: ``generate`` writes the SDK, ``check`` tells whether it is up to date.

Exit codes: 0 success (``check``: up to date), 1 ``check`` found differences (or hand
edits that need resolving) or ``generate`` left conflict markers where hand edits overlap,
2 the input is wrong (unreadable, not OpenAPI 3.x, unresolvable, or ``--strict``
findings). Input problems are printed as ``file:line:column: error: message (at
#/pointer)``, never as a traceback, and nothing is written.
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
from .diagnostics import Diagnostic, SpecError
from .drift import cli as drift_cli
from .edits.preserve import preserve, without_areas
from .emit.writer import UnsafePathError, compare, unified_diff, write
from .pipeline import Result, generate_files
from .spec.early import start as start_early_validator

EXIT_OK = 0
EXIT_DIFFERENT = 1
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
        command.add_argument("-q", "--quiet", action="store_true", help="print only errors")
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
    if args.command == "generate":
        start_early_validator()  # (already started by ``python -m generator``)
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
        # The validator's findings never change the output: `check` runs it only under --strict.
        result = generate_files(settings, validate=args.command == "generate" or settings.strict)
        prune(settings.cache_dir)
    except SpecError as exc:
        _print_diagnostics(exc.diagnostics, err)
        print(f"error: nothing was written ({len(exc.diagnostics)} problem(s))", file=err)
        return EXIT_INPUT_ERROR

    if not args.quiet:
        _print_diagnostics(result.report.notes + result.report.warnings, err)
    try:
        if args.command == "check":
            return _check(settings, result, out, prog)
        preserved = preserve(settings, result.files)
        changes = write(settings.output, preserved.files)
    except UnsafePathError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_INPUT_ERROR
    except OSError as exc:
        print(f"error: could not write {settings.output}: {exc}; it was left as it was", file=err)
        return EXIT_INPUT_ERROR
    for message in preserved.messages():
        print(message, file=err)
    for name in without_areas(changes.stray, preserved):
        print(
            f"warning: {settings.output / name} was not generated; remove it (`check` fails on it)", file=err
        )
    if not args.quiet:
        changed = len(changes.stale) + len(changes.missing)
        print(
            f"generated {len(result.files)} files in {settings.output} "
            f"({changed} written, {len(changes.extra)} removed, "
            f"{len(result.report.warnings)} warning(s); "
            f"{result.operations} operations, {result.degraded} degraded) "
            f"in {time.perf_counter() - started:.2f}s",
            file=out,
        )
    if preserved.conflicts:
        print(f"error: {len(preserved.conflicts)} file(s) hold conflict markers; resolve them", file=err)
        return EXIT_CONFLICTS
    return EXIT_OK


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
    changes = compare(settings.output, preserved.files)
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
    print(unified_diff(settings.output, result.files, changes), file=out, end="")
    return EXIT_DIFFERENT


def _print_diagnostics(diagnostics: Sequence[Diagnostic], stream: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=stream)
