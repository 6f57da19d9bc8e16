"""The generator on real-world specs: every document in ../shared/specs gives an SDK that compiles,
is exactly what black prints, passes its own ruff configuration, imports, passes ``mypy --strict``,
and whose models round-trip the spec's own examples.

One test per spec (run alone with ``-m corpus``). Each spec is generated once per session
(:func:`corpus_sdk` caches by spec path); the steps after generation all run even when one
fails, and the failure message lists every problem, the generator's warnings, and timings.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.config import load_settings
from generator.diagnostics import Report, SpecError
from generator.emit.writer import write
from generator.model.build import build_api
from generator.model.fidelity import check_fidelity
from generator.pipeline import generate_files, load
from generator.spec.source import SourceDocument, display_path, read_document

from support.corpus import MISSING, corpus_root, corpus_specs, package_name
from support.corpus_examples import FIDELITY_PREFIX, ExampleCase, ExampleSearch, ModelInfo, fidelity_summary
from support.fidelity_ledger import LEDGER as FIDELITY_LEDGER
from support.fidelity_ledger import ledger_problems
from support.paths import TESTS
from support.specs import black_changes
from support.tools import require

CORPUS = corpus_root()
SPECS = corpus_specs(CORPUS)

IMPORT_TIMEOUT = 900
MYPY_TIMEOUT = 3600
ROUND_TRIP_TIMEOUT = 900
SHOWN_WARNINGS = 200
SHOWN_MYPY_ERRORS = 40
SHOWN_ROUND_TRIP_FAILURES = 25
SHOWN_BLACK_CHANGES = 5


# ------------------------------------------------------------------------ generation


@dataclass
class GeneratedSdk:
    """One spec's generated SDK (or why there is none), kept for the session."""

    spec: Path
    package: str
    output: Path
    work: Path
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    """Why generation failed (what the CLI would print with exit code 2, or a traceback)."""
    models: dict[str, ModelInfo] = field(default_factory=dict)
    """Component schema pointer → generated class, from the intermediate model."""
    ir_examples: dict[str, list[str]] = field(default_factory=dict)
    """Component schema pointer → the object examples the intermediate model kept (as JSON)."""
    inline_cases: list[ExampleCase] = field(default_factory=list)
    """Examples of inline schemas (request bodies, nested objects) that became models."""
    model_count: int = 0
    file_count: int = 0
    operations: int = 0
    degraded: int = 0
    """Operations that lost a parameter, body or 2xx answer on the way into the model."""
    fidelity: list[str] = field(default_factory=list)
    """The messages of the fidelity self-check's warnings (what was lost, and where)."""
    seconds: float = 0.0


def generate(spec: Path, package: str, work: Path) -> GeneratedSdk:
    """What ``python -m generator generate --spec --output --package --no-cache`` does, in process."""
    sdk = GeneratedSdk(spec=spec, package=package, output=work / "out", work=work)
    started = time.perf_counter()
    try:
        settings = load_settings(
            pyproject=None, specs=[str(spec)], output=str(sdk.output), package=package, use_cache=False
        )
        result = generate_files(settings)
        sdk.warnings = [warning.format() for warning in result.report.warnings]
        write(settings.output, result.files)
    except SpecError as exc:
        lines = [diagnostic.format() for diagnostic in exc.diagnostics]
        sdk.error = "generation failed (the CLI exits with 2):\n" + "\n".join(lines)
    except Exception:
        sdk.error = "generation crashed (the CLI would exit with a traceback):\n" + traceback.format_exc()
    else:
        sdk.file_count = len(result.files)
        sdk.operations, sdk.degraded = result.operations, result.degraded
        sdk.fidelity = [w.message for w in result.report.warnings if w.message.startswith(FIDELITY_PREFIX)]
        assert result.api is not None  # built, not replayed: the cache is off
        sdk.model_count = len(result.api.models)
        root_display = display_path(spec)
        for model in result.api.models:
            pointer = model.source.pointer
            top_level_component = pointer.startswith("/components/schemas/") and pointer.count("/") == 3
            if model.source.file == root_display and not top_level_component:
                sdk.inline_cases += [
                    ExampleCase(pointer, model.name, model.module, f"{pointer}/example", example)
                    for example in model.examples
                    if isinstance(example, dict)
                ]
            if model.source.file == root_display and pointer.startswith("/components/schemas/"):
                if pointer.count("/") == 3:
                    sdk.models[pointer] = ModelInfo(model.name, model.module)
                    sdk.ir_examples[pointer] = [
                        json.dumps(example, sort_keys=True, default=repr)
                        for example in model.examples
                        if isinstance(example, dict)
                    ]
    sdk.seconds = time.perf_counter() - started
    return sdk


@pytest.fixture(scope="session")
def corpus_sdk(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], GeneratedSdk]:
    """Generates each spec once per session (per xdist worker), keyed by its path."""
    cache: dict[str, GeneratedSdk] = {}

    def get(relative: str) -> GeneratedSdk:
        if relative not in cache:
            assert CORPUS is not None  # corpus tests are collected only when there is a corpus
            package = package_name(relative)
            cache[relative] = generate(CORPUS / relative, package, tmp_path_factory.mktemp(package))
        return cache[relative]

    return get


# ----------------------------------------------------------------------------- steps


def run(command: list[str], cwd: Path, timeout: int, stdin: str | None = None) -> tuple[int | None, str, str]:
    """(exit code or None on timeout, stdout, stderr)."""
    try:
        done = subprocess.run(
            command, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
        err = exc.stderr.decode() if isinstance(exc.stderr, bytes) else exc.stderr or ""
        return None, out, err + f"\n(timed out after {timeout}s)"
    return done.returncode, done.stdout, done.stderr


def helper_command(call: str) -> list[str]:
    """``python -c`` running a function of support.corpus_examples (the SDK is importable from the cwd)."""
    code = f"import sys; sys.path.append({str(TESTS)!r}); import support.corpus_examples as ex; ex.{call}"
    return [sys.executable, "-c", code]


def source_line(output: Path, relative: str, line: int) -> str:
    try:
        return (output / relative).read_text(encoding="utf-8").splitlines()[line - 1].strip()
    except (OSError, IndexError):
        return "?"


def check_compiles(sdk: GeneratedSdk) -> list[str]:
    problems = []
    files = sorted(sdk.output.rglob("*.py"))
    for path in files:
        relative = path.relative_to(sdk.output).as_posix()
        try:
            compile(path.read_text(encoding="utf-8"), relative, "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(
                f"{relative}:{exc.lineno}:{exc.offset}: {exc.msg}\n    {(exc.text or '').rstrip()}"
            )
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{relative}: {type(exc).__name__}: {exc}")
    if not files:
        problems.append(f"no .py file was generated in {sdk.output}")
    return problems


def check_black(sdk: GeneratedSdk) -> list[str]:
    """Black is the judge of the layout: it must change no generated file (the generator never runs it)."""
    require("black")
    files = {
        path.relative_to(sdk.output).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(sdk.output.rglob("*.py"))
    }
    changed = black_changes(files)
    if len(changed) > SHOWN_BLACK_CHANGES:
        extra = len(changed) - SHOWN_BLACK_CHANGES
        changed = [*changed[:SHOWN_BLACK_CHANGES], f"(... black changes {extra} more files)"]
    return changed


def check_ruff(sdk: GeneratedSdk) -> list[str]:
    """The SDK passes ruff under its own configuration (its ``pyproject.toml``), tests included."""
    require("ruff")
    command = [sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."]
    code, out, err = run(command, sdk.output, MYPY_TIMEOUT)
    if code == 0:
        return []
    lines = [line for line in out.splitlines() if line.strip()]
    return [f"ruff exited with {code}:\n" + "\n".join(lines[:SHOWN_MYPY_ERRORS]) + f"\n{err}".rstrip()]


def check_imports(sdk: GeneratedSdk) -> list[str]:
    code, out, err = run(helper_command(f"import_main({sdk.package!r})"), sdk.output, IMPORT_TIMEOUT)
    if code != 0:
        return [f"the import subprocess exited with {code}:\n{out}\n{err}".rstrip()]
    failures: list[dict[str, str]] = json.loads(out)
    return [f"import {failure['module']} failed:\n{failure['error'].rstrip()}" for failure in failures]


_MYPY_ERROR = re.compile(r"^(?P<file>[^:\n]+\.py):(?P<line>\d+):(?:\d+:)? error: ", re.MULTILINE)


def check_mypy(sdk: GeneratedSdk) -> list[str]:
    require("mypy")
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(sdk.work / "mypy"),
        sdk.package,
        "tests",
    ]
    code, out, err = run(command, sdk.output, MYPY_TIMEOUT)
    if code == 0:
        return []
    lines = [line for line in out.splitlines() if line.strip()]
    errors = [line for line in lines if _MYPY_ERROR.match(line)]
    shown = []
    for line in errors[:SHOWN_MYPY_ERRORS]:
        match = _MYPY_ERROR.match(line)
        assert match is not None
        shown.append(f"{line}\n    | {source_line(sdk.output, match['file'], int(match['line']))}")
    summary = lines[-1] if lines else ""
    more = f"\n(... {len(errors) - len(shown)} more errors)" if len(errors) > len(shown) else ""
    if not errors:
        shown = lines[:SHOWN_MYPY_ERRORS]
    body = "\n".join(shown)
    return [f"mypy --strict exited with {code}: {summary}\n{body}{more}\n{err}".rstrip()]


def check_example_search(sdk: GeneratedSdk, cases: list[ExampleCase]) -> list[str]:
    """The examples found here include every object example the generator itself read from a component
    schema (a self-check of :class:`ExampleSearch`, which must not silently find nothing)."""
    found = {(case.schema, json.dumps(case.example, sort_keys=True, default=repr)) for case in cases}
    return [
        f"the test's example search missed an example of #{pointer} that the generator kept: {example[:300]}"
        for pointer, examples in sdk.ir_examples.items()
        for example in examples
        if (pointer, example) not in found
    ]


def check_round_trips(sdk: GeneratedSdk, document: SourceDocument, cases: list[ExampleCase]) -> list[str]:
    if not cases:
        return []
    payload = json.dumps([case.to_json() for case in cases])
    code, out, err = run(
        helper_command(f"round_trip_main({sdk.package!r})"), sdk.output, ROUND_TRIP_TIMEOUT, stdin=payload
    )
    if code != 0:
        return [f"the round-trip subprocess exited with {code}:\n{out}\n{err}".rstrip()]
    failures: dict[str, dict[str, str]] = json.loads(out)
    problems = []
    for index, problem in sorted(failures.items(), key=lambda item: int(item[0])):
        case = cases[int(index)]
        origin_pointer = case.origin.split(" → ")[0]
        where = document.line_of(origin_pointer)
        line = f"line {where[0]}" if where else "line ?"
        head = (
            f"{case.class_name}.from_dict(example).to_dict() != example\n"
            f"  schema:  #{case.schema} (class {case.class_name} in models/{case.module}.py)\n"
            f"  example: #{case.origin} ({line})"
        )
        if "error" in problem:
            problems.append(f"{head}\n  raised:\n{problem['error'].rstrip()}")
        else:
            example = json.dumps(case.example, ensure_ascii=False)
            example = example if len(example) <= 2000 else example[:2000] + "…"
            problems.append(
                f"{head}\n  first difference: {problem['difference']}\n"
                f"  example:   {example}\n  to_dict(): {problem['actual']}"
            )
    return problems


# ------------------------------------------------------------------------------ test


@dataclass
class Outcome:
    problems: dict[str, list[str]] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def step(self, name: str, check: Callable[[], list[str]]) -> None:
        started = time.perf_counter()
        try:
            found = check()
        except Exception:
            found = [f"the check itself crashed:\n{traceback.format_exc()}"]
        self.timings[name] = time.perf_counter() - started
        if found:
            self.problems[name] = found


def timing_text(timings: dict[str, float]) -> str:
    return ", ".join(f"{name} {seconds:.1f}s" for name, seconds in timings.items())


def failure_message(relative: str, sdk: GeneratedSdk, outcome: Outcome, extra: Sequence[str]) -> str:
    parts = [f"corpus spec {relative} (package {sdk.package}, output {sdk.output}):"]
    for name, found in outcome.problems.items():
        shown = found if name != "round-trip" else found[:SHOWN_ROUND_TRIP_FAILURES]
        parts.append(f"\n=== {name}: {len(found)} problem(s)")
        parts.extend(shown)
        if len(shown) < len(found):
            parts.append(f"(... {len(found) - len(shown)} more round-trip failures)")
    parts.extend(extra)
    parts.append(f"\n=== generator warnings ({len(sdk.warnings)})")
    parts.extend(sdk.warnings[:SHOWN_WARNINGS])
    if len(sdk.warnings) > SHOWN_WARNINGS:
        parts.append(f"(... {len(sdk.warnings) - SHOWN_WARNINGS} more warnings)")
    parts.append(f"\n=== timings: {timing_text(outcome.timings)}")
    return "\n".join(parts)


@pytest.mark.corpus
@pytest.mark.parametrize("relative", SPECS or [MISSING])
def test_corpus_spec(
    relative: str,
    corpus_sdk: Callable[[str], GeneratedSdk],
    record_property: Callable[[str, object], None],
) -> None:
    if relative == MISSING:
        pytest.fail(
            f"the spec corpus is missing: no *.yaml/*.yml/*.json under {CORPUS} "
            "(expected ../shared/specs beside the repository, see its SOURCES.tsv)"
        )
    sdk = corpus_sdk(relative)
    outcome = Outcome()
    outcome.timings["generate"] = sdk.seconds
    if sdk.error is not None:
        outcome.problems["generate"] = [sdk.error]
        record_property("timings", timing_text(outcome.timings))
        pytest.fail(failure_message(relative, sdk, outcome, ()), pytrace=False)

    document = read_document(sdk.spec)
    search = ExampleSearch(document.data, sdk.models).run()
    outcome.step("example search", lambda: check_example_search(sdk, search.cases))
    outcome.step("compile", lambda: check_compiles(sdk))
    outcome.step("black", lambda: check_black(sdk))
    outcome.step("ruff", lambda: check_ruff(sdk))
    outcome.step("import", lambda: check_imports(sdk))
    outcome.step("mypy", lambda: check_mypy(sdk))
    cases = [*search.cases, *sdk.inline_cases]
    outcome.step("round-trip", lambda: check_round_trips(sdk, document, cases))

    summary = (
        f"{relative}: {sdk.file_count} files, {sdk.model_count} models "
        f"({len(sdk.models)} from component schemas), "
        f"{sdk.operations} operations ({sdk.degraded} degraded), {len(sdk.warnings)} warnings, "
        f"{len(cases)} examples round-tripped ({len(sdk.inline_cases)} of inline schemas; "
        f"{len(search.skipped)} non-object skipped); "
        f"{timing_text(outcome.timings)}"
    )
    print(summary)
    print(fidelity_summary(relative, sdk.operations, sdk.degraded, sdk.fidelity))
    record_property("timings", timing_text(outcome.timings))
    record_property("summary", summary)
    if outcome.problems:
        pytest.fail(failure_message(relative, sdk, outcome, [f"\n=== {summary}"]), pytrace=False)


@pytest.mark.corpus
@pytest.mark.parametrize("relative", SPECS or [MISSING])
def test_corpus_fidelity(relative: str, record_property: Callable[[str, object], None]) -> None:
    """Every corpus spec loses exactly what :mod:`fidelity_ledger` lists for it (most: nothing).

    Only the model is built (no rendering, no validator), so this runs in seconds; ``-s``
    prints each spec's degraded count. A spec that cannot be built at all fails
    :func:`test_corpus_spec`; here it is listed as such, and fails only if the ledger
    expects losses of it.
    """
    if relative == MISSING:
        pytest.skip(f"the spec corpus is missing: no specs under {CORPUS}")
    listed = FIDELITY_LEDGER.get(relative, {})
    settings = load_settings(
        pyproject=None, specs=[str(CORPUS / relative)], output="unused", package="unused", use_cache=False
    )
    report = Report()
    try:
        workspace = load(settings, report, Cache(None), run_validator=False)
        fidelity = check_fidelity(workspace, build_api(workspace, settings.model_options(), report), report)
    except SpecError as exc:
        print(f"{relative}: not built ({exc.diagnostics[0].message})")
        assert not listed, f"{relative} is not built, so its ledger entries cannot be checked"
        return
    messages = [w.message for w in report.warnings if w.message.startswith(FIDELITY_PREFIX)]
    line = fidelity_summary(relative, fidelity.operations, len(fidelity.degraded), messages)
    print(line)
    record_property("fidelity", line)
    problems = ledger_problems(listed, fidelity.losses)
    if problems:
        pytest.fail(
            f"{relative}: {len(fidelity.degraded)} of {fidelity.operations} operations degraded, "
            "not as the fidelity ledger lists:\n  " + "\n  ".join(problems),
            pytrace=False,
        )
