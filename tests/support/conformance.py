"""The corpus conformance run: each spec's SDK, generated with its tests, against Prism.

For one spec: generate the SDK and its tests into a folder, run the generated tests (their
conftest starts Prism on the SDK's copy of the spec, and again when a request made it exit;
a spec Prism cannot load is left out, with Prism's reason), and count an operation as passed when every test
of it passed (a skipped test, one whose values could not be built, counts against it).

Also runnable as a script, which prints the table: ``python tests/support/conformance.py [SPEC...]``.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.emit.writer import write
from generator.pipeline import generate_files

try:
    from support import prism_verdicts
    from support.conformance_ledger import LEDGER
except ModuleNotFoundError:  # run as a script: this folder is on sys.path, not tests/
    import prism_verdicts  # type: ignore[no-redef]
    from conformance_ledger import LEDGER  # type: ignore[no-redef]

ROOT = Path(__file__).resolve().parents[2]
PRISM = ROOT / "node_modules" / ".bin" / "prism"
PRISM_LOCAL_REFS = Path(__file__).resolve().with_name("prism_local_refs.js")
"""Prism's command line with a loader that does not dereference the spec first (see the file):
for a spec Prism's own loader does not finish loading (Stripe's)."""
FORM_BODY_FRONT = Path(__file__).resolve().with_name("form_body_front.js")
"""Prism behind express-openapi-validator, which validates the deepObject form bodies Prism
misreads (see the file): for a spec with such bodies (Stripe's)."""
PRISM_STARTUP = 120
"""Seconds Prism may take to load a spec; a spec it has not loaded by then is left out."""
NO_ANSWER = (
    "prism/errors#SCHEMA_TOO_COMPLEX",
    "prism/errors#NO_COMPLEX_OBJECT_TEXT",
    "prism/errors#NO_RESPONSE_RESPONSE_DEFINED",
)
"""Prism's errors when it cannot build an answer (it validates the request first)."""
BAD_ANSWER = ("APIResponseValidationError", "= isinstance(", "= all(<generator", "unknown_fields(")
"""Failures in a 2xx answer (a test checks the result only after its status): the SDK, strict
in its tests, refuses it, or it is not of the documented type. Prism answers with the spec's
own example, or with one it generated from the schema."""
TEST_BUDGET = 900
"""Seconds one spec's generated tests may run; past it the run stops and what has not run fails."""


@dataclass
class SpecResult:
    spec: str
    operations: int = 0
    passed: int = 0
    excluded: str | None = None
    """Why the spec was left out (generation failed, or Prism cannot load it)."""
    accepted: set[str] = field(default_factory=set)
    """Failing operations whose every failure is in Prism's answer (:data:`BAD_ANSWER`,
    :data:`NO_ANSWER`): Prism accepted their requests."""
    failures: dict[str, list[str]] = field(default_factory=dict)
    """Operation (``module::method``) → the messages of its failed or skipped tests."""
    seconds: float = 0.0
    violations: list[str] = field(default_factory=list)
    """What Prism's log says it rejected (its validator's errors), each once."""


PRISM_BOILERPLATE = (
    "Your request is not valid and no HTTP validation response was found in the spec, "
    "so Prism is generating this error for you."
)
_SUFFIX = "_with_all_params"


def _operation_of(classname: str, name: str) -> str:
    module = classname.split(".")[-2] if "." in classname else classname
    method = name.removeprefix("test_").removeprefix("raw_response_").removesuffix(_SUFFIX)
    return f"{module}::{method}"


def _run_within_budget(command: list[str], folder: Path, env: dict[str, str]) -> bool:
    """Run the generated tests; past :data:`TEST_BUDGET` interrupt them as Ctrl-C does, so that
    they stop their Prism and write the report of the tests that ran. ``False`` when stopped."""
    with subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as tests:
        try:
            tests.wait(timeout=TEST_BUDGET)
            return True
        except subprocess.TimeoutExpired:
            tests.send_signal(signal.SIGINT)
            try:
                tests.wait(timeout=60)
            except subprocess.TimeoutExpired:
                tests.kill()
            return False


def _accepted_but_answered_badly(case: ElementTree.Element, problems: list[str]) -> bool:
    """Whether a failed test's calls conformed: Prism accepted every request it made (its log,
    read by :mod:`prism_verdicts`) and each failure is in Prism's answer (it could not build one,
    or the SDK refused the one it built)."""
    said = {p.get("value") for p in case.iter("property") if p.get("name") == prism_verdicts.PROPERTY}
    in_answer = all(any(failure in p for failure in BAD_ANSWER + NO_ANSWER) for p in problems)
    return said == {"accepted"} and in_answer


def run_spec(
    spec: Path,
    display: str,
    work: Path,
    package: str,
    prism: Path = PRISM,
    select: str | None = None,
    front: bool = False,
) -> SpecResult:
    """Generate, serve and test one spec (see the module's docstring) against ``prism``; with
    ``select`` (a ``pytest -k`` expression) only the generated tests it selects run; with
    ``front``, ``prism`` answers behind :data:`FORM_BODY_FRONT`."""
    result = SpecResult(display)
    started = time.perf_counter()
    output = work / "out"
    try:
        settings = load_settings(
            pyproject=None, specs=[str(spec)], output=str(output), package=package, use_cache=False
        )
        generated = generate_files(settings)
        write(settings.output, generated.files)
    except SpecError as exc:
        result.excluded = "generation failed: " + "; ".join(d.format() for d in exc.diagnostics)[:300]
        return result
    if generated.operations == 0:
        result.excluded = "it has no operations"
        return result
    report, log = work / "junit.xml", work / "prism.log"
    env = {k: v for k, v in os.environ.items() if k != "TEST_API_BASE_URL"}
    env.update(
        PRISM=str(FORM_BODY_FRONT if front else prism),
        FORM_FRONT_PRISM=str(prism),
        PRISM_LOG=str(log),
        PRISM_STARTUP_SECONDS=str(PRISM_STARTUP),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=os.pathsep.join([str(output), str(ROOT / "tests")]),
    )
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    command += ["-p", "support.prism_verdicts"]
    command += [f"--junitxml={report}", "-o", "junit_family=xunit2", *(["-k", select] if select else [])]
    if not _run_within_budget(command, output, env):
        result.failures["(budget)"] = [f"the tests ran past the {TEST_BUDGET}s budget"]
    text = log.read_text(errors="replace") if log.is_file() else ""
    if "Request received" not in text and "Prism did not start" in report.read_text(errors="replace"):
        reasons = [line for line in text.splitlines() if "rror" in line] or text.splitlines()[-3:]
        result.excluded = "Prism cannot load it: " + " ".join(" ".join(reasons[-2:]).split())[:300]
        result.seconds = time.perf_counter() - started
        return result
    found = (" ".join(line.split("✖", 1)[1].split()) for line in text.splitlines() if "✖" in line)
    result.violations = list(dict.fromkeys(found))[:20]
    outcomes: dict[str, list[str]] = {}
    conforming: dict[str, bool] = {}
    if report.is_file():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            operation = _operation_of(case.get("classname", ""), case.get("name", ""))
            problems = outcomes.setdefault(operation, [])
            found = []
            for kind in ("failure", "error", "skipped"):
                for element in case.findall(kind):
                    message = element.get("message") or (element.text or "")[:300]
                    message = re.sub(r"\S+\.errors\.", "", " ".join(message.split()))
                    message = message.replace(PRISM_BOILERPLATE, "")
                    found.append(f"{case.get('name')}: {kind}: {message[:700]}")
            problems += found
            conforming[operation] = conforming.get(operation, True) and (
                not found or _accepted_but_answered_badly(case, found)
            )
    result.operations = generated.operations
    result.passed = sum(1 for problems in outcomes.values() if not problems)
    result.failures.update({op: problems for op, problems in outcomes.items() if problems})
    result.accepted = {op for op, problems in outcomes.items() if problems and conforming[op]}
    missing = generated.operations - len(outcomes)
    if missing > 0:
        result.failures["(not run)"] = [f"{missing} operations have no test that ran"]
    result.seconds = time.perf_counter() - started
    return result


def run_corpus_spec(corpus: Path, relative: str, work: Path) -> SpecResult:
    """:func:`run_spec` on a corpus spec, as its ledger entry says: the Prism command (its own,
    unless its loader does not finish loading the spec), whether the form body front stands
    before it, and which generated tests run."""
    ledger = LEDGER.get(relative)
    local_refs = ledger is not None and ledger.local_refs is not None
    front = ledger is not None and ledger.form_body_front is not None
    select = ledger.tests if ledger is not None else None
    prism = PRISM_LOCAL_REFS if local_refs else PRISM
    return run_spec(corpus / relative, relative, work, package_name(relative), prism, select, front)


def package_name(relative: str) -> str:
    stem = relative.rsplit(".", 1)[0]
    return "conformance_" + re.sub(r"[^0-9a-zA-Z]+", "_", stem).strip("_").lower()


def totals(results: list[SpecResult]) -> tuple[int, int, int]:
    """(operations passed, failing operations whose calls Prism accepted, operations) of the specs run."""
    counted = [r for r in results if not r.excluded]
    return (
        sum(r.passed for r in counted),
        sum(len(r.accepted) for r in counted),
        sum(r.operations for r in counted),
    )


def table(results: list[SpecResult]) -> str:
    """Per spec: operations passed, failing only in Prism's answer (``answer``), in all; then
    every failing operation with its first failure, and what Prism's log says it rejected."""
    lines = [f"{'spec':60} {'passed':>7} {'answer':>7} {'total':>6} {'seconds':>8}"]
    for r in results:
        if r.excluded:
            lines.append(f"{r.spec:60} {'-':>7} {'-':>7} {'-':>6} {r.seconds:8.1f}  left out: {r.excluded}")
        else:
            lines.append(f"{r.spec:60} {r.passed:7} {len(r.accepted):7} {r.operations:6} {r.seconds:8.1f}")
    passed, accepted, total = totals(results)
    share = 100.0 * passed / total if total else 100.0
    conforming = 100.0 * (passed + accepted) / total if total else 100.0
    seconds = sum(r.seconds for r in results)
    lines.append(
        f"{'overall':60} {passed:7} {accepted:7} {total:6} {seconds:8.1f}"
        f"  (tests passed {share:.1f}%; calls Prism accepted {conforming:.1f}%)"
    )
    for r in results:
        for operation, problems in r.failures.items():
            first = problems[0].split(": ", 1)[-1]
            lines.append(f"  {r.spec} {operation} ({len(problems)} tests): {first[:700]}")
        lines += [f"    Prism: {violation[:300]}" for violation in r.violations]
    return "\n".join(lines)


def main(arguments: list[str]) -> int:
    corpus = Path(os.environ.get("OPENAPI_SDK_CORPUS", ROOT.parent / "shared" / "specs"))
    results = []
    for relative in arguments:
        with tempfile.TemporaryDirectory() as folder:
            results.append(run_corpus_spec(corpus, relative, Path(folder)))
            print(table(results[-1:]), flush=True)
    print(table(results))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
