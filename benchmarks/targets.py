"""The speed targets, side by side with openapi-python-client (OPC) in the same run.

On every spec of at least 400 KB in ``../shared/specs`` (Stripe, Twilio Verify, Azure
billing, YouTube) and on the project's own (Daily) spec, each run a separate process in
a fresh temporary folder, interleaved over ``--repeat`` rounds (medians):

* **OPC**: ``openapi-python-client generate --path SPEC --meta none --overwrite ...``
  (``literal_enums: true`` where its defaults fail, as in ``corpus.py``);
* **validator**: ``openapi-spec-validator SPEC``, the validator alone as a user runs it
  (import, its own YAML read, validation); OPC runs no such validation, ``generate`` does;
* **cold**: ``python -m generator generate ... --no-cache`` into an empty folder (no cache,
  no manifest to replay the validator's findings from: the validator runs);
* **check**: ``python -m generator check ... --no-cache`` against that output (no validator);
* **warm**: ``generate`` again with the cache a first (untimed) run filled.

Targets (OPC time / ours):

* cold ``generate`` at least 3x, or, where the validator alone takes longer than a third of
  OPC's run, no more than 10 % over the validator's own time;
* cold ``check`` at least 5x;
* warm at least 10x;
* Stripe cold at least 8x;
* Daily: cold ``generate`` faster than OPC.

It prints a table and PASS/FAIL per target, and exits 1 when any target is missed or any
run of ours failed. Where OPC itself fails (Azure billing: a date its YAML reader refuses),
the spec's targets are SKIP: not measurable. It is a benchmark, not a test: timings
depend on the machine and its load.

Usage (from the repository root, with the project's ``.venv``; OPC in a venv of its own,
as ``benchmarks/README.md`` says)::

    .venv/bin/python benchmarks/targets.py --opc /tmp/opc/bin/openapi-python-client
    .venv/bin/python benchmarks/targets.py --opc ... --only stripe --repeat 3
"""

from __future__ import annotations

import argparse
import math
import shutil
import statistics
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from corpus import (
    DEFAULT_SPECS,
    GNU_TIME,
    REPO,
    Tools,
    discover,
    display_name,
    find_opc,
    generator_python,
    measure,
    opc_environment,
    ours_command,
    ours_env,
    progress,
    run_opc,
)
from corpus_extra import OPC_LITERAL_ENUMS, wants_literal_enums
from corpus_report import Run

MIN_BYTES = 400 * 1024
"""The targets apply to every corpus spec of at least this size."""
DAILY_SPEC = REPO / "spec" / "daily.yaml"
COLD, CHECK, WARM, STRIPE_COLD = 3.0, 5.0, 10.0, 8.0
VALIDATOR_SLACK = 1.10
"""Where the validator alone takes longer than OPC / COLD: cold may take this much of its time."""


@dataclass
class Measured:
    """One spec's runs, by variant (``opc``, ``validator``, ``cold``, ``check``, ``warm``)."""

    name: str
    size_bytes: int
    runs: dict[str, list[Run]] = field(default_factory=dict)
    literal_enums: bool = False

    def add(self, variant: str, run: Run) -> None:
        self.runs.setdefault(variant, []).append(run)

    def seconds(self, variant: str) -> float:
        """The median wall time (``nan`` when the variant did not run)."""
        runs = self.runs.get(variant, [])
        return statistics.median(r.seconds for r in runs) if runs else math.nan

    def ok(self, variant: str) -> bool:
        """Every run succeeded (the validator's exit code only says whether it found errors)."""
        runs = self.runs.get(variant, [])
        return (
            bool(runs)
            and all(r.exit_code is not None for r in runs)
            and (variant == "validator" or all(r.ok for r in runs))
        )

    def ratio(self, variant: str) -> float:
        """OPC's time / ours."""
        return self.seconds("opc") / self.seconds(variant)


@dataclass(frozen=True)
class Verdict:
    spec: str
    target: str
    passed: bool | None
    """``None``: not measurable (OPC failed), neither met nor missed."""
    detail: str


def bench(spec: Path, name: str, tools: Tools, validator: Path, repeat: int, scratch: Path) -> Measured:
    """All five variants on ``spec``, interleaved over ``repeat`` rounds."""
    measured = Measured(name, spec.stat().st_size)
    measured.literal_enums = wants_literal_enums(name, tools.opc_literal_enums)
    work = Path(tempfile.mkdtemp(prefix="targets-", dir=scratch))
    env = ours_env()
    warm = work / "warm"
    warm.mkdir()
    command = ours_command(tools, spec, cache=True)
    fill = measure(command, cwd=warm, env=env, timeout=tools.timeout, label="fill")
    progress(f"  warm-up (fills the cache): {fill.seconds:.2f}s rc={fill.exit_code}")
    for round_ in range(repeat):
        folder = work / f"round-{round_}"
        (folder / "opc").mkdir(parents=True)

        def ours(verb: str, cache: bool, cwd: Path, label: str) -> Run:
            command = ours_command(tools, spec, cache=cache, verb=verb)
            return measure(command, cwd=cwd, env=env, timeout=tools.timeout, label=label)

        runs = {
            "opc": _opc(tools, spec, folder / "opc", work, measured),
            "validator": measure(
                [str(validator), str(spec)], cwd=folder, env=env, timeout=tools.timeout, label="validator"
            ),
            "cold": ours("generate", False, folder, "cold"),
            "check": ours("check", False, folder, "check"),
            "warm": ours("generate", True, warm, f"warm-{round_}"),
        }
        for variant, run in runs.items():
            measured.add(variant, run)
            failed = f" rc={run.exit_code}" if run.exit_code != 0 else ""
            progress(f"  {variant:<9} #{round_ + 1}: {run.seconds:.2f}s{failed}")
    shutil.rmtree(work, ignore_errors=True)
    return measured


def _opc(tools: Tools, spec: Path, folder: Path, work: Path, measured: Measured) -> Run:
    """OPC's run; with ``literal_enums: true`` from then on where its defaults fail."""
    run = run_opc(tools, spec, folder, work, literal_enums=measured.literal_enums)
    if not run.ok and not measured.literal_enums:
        measured.literal_enums = True
        shutil.rmtree(folder)
        folder.mkdir()
        run = run_opc(tools, spec, folder, work, literal_enums=True)
    return run


def verdicts(results: Sequence[Measured]) -> list[Verdict]:
    found: list[Verdict] = []
    for m in results:
        failed = [v for v in m.runs if v != "opc" and not m.ok(v)]
        if failed:
            found.append(Verdict(m.name, "every run of ours succeeds", False, f"failed: {', '.join(failed)}"))
            continue
        if not m.ok("opc"):
            found.append(Verdict(m.name, "compared with OPC", None, "OPC fails on this spec: no ratio"))
            continue
        if m.name == "daily":
            found.append(_at_least(m, "cold", 1.0, "cold generate faster than OPC"))
            continue
        validator = m.seconds("validator")
        if validator > m.seconds("opc") / COLD:
            passed = m.seconds("cold") <= VALIDATOR_SLACK * validator
            detail = (
                f"{m.seconds('cold'):.2f}s = {m.seconds('cold') / validator:.2f} x the validator's "
                f"{validator:.2f}s (the validator alone takes over a third of OPC's {m.seconds('opc'):.2f}s)"
            )
            found.append(Verdict(m.name, "cold generate <= 1.10 x validator", passed, detail))
        else:
            found.append(_at_least(m, "cold", COLD, f"cold generate >= {COLD:g}x OPC"))
        found.append(_at_least(m, "check", CHECK, f"cold check >= {CHECK:g}x OPC"))
        found.append(_at_least(m, "warm", WARM, f"warm >= {WARM:g}x OPC"))
        if "stripe" in m.name:
            verdict = _at_least(m, "cold", STRIPE_COLD, f"Stripe cold generate >= {STRIPE_COLD:g}x OPC")
            budget = m.seconds("opc") / STRIPE_COLD
            if not verdict.passed and validator > budget:
                # A cold generate validates the spec it has never seen: it cannot end before the
                # validator does, whatever the rest costs.
                verdict = replace(
                    verdict,
                    detail=f"{verdict.detail}; out of reach: the target allows {budget:.2f}s, "
                    f"less than the validator's own {validator:.2f}s",
                )
            found.append(verdict)
    return found


def _at_least(m: Measured, variant: str, target: float, label: str) -> Verdict:
    ratio = m.ratio(variant)
    detail = f"OPC {m.seconds('opc'):.2f}s / {variant} {m.seconds(variant):.2f}s = {ratio:.2f}x"
    return Verdict(m.name, label, ratio >= target, detail)


def table(results: Sequence[Measured]) -> str:
    header = (
        f"{'spec':<44}{'KB':>6}{'OPC s':>8}{'valid. s':>9}{'cold s':>8}{'xOPC':>6}"
        f"{'check s':>8}{'xOPC':>6}{'warm s':>8}{'xOPC':>7}"
    )
    lines = [header, "-" * len(header)]
    for m in results:
        config = " [literal_enums]" if m.literal_enums else ""
        lines.append(
            f"{(m.name + config)[:43]:<44}{m.size_bytes / 1024:>6.0f}{m.seconds('opc'):>8.2f}"
            f"{m.seconds('validator'):>9.2f}{m.seconds('cold'):>8.2f}{m.ratio('cold'):>6.1f}"
            f"{m.seconds('check'):>8.2f}{m.ratio('check'):>6.1f}{m.seconds('warm'):>8.2f}{m.ratio('warm'):>7.1f}"
        )
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opc", metavar="PATH", help="the openapi-python-client executable (default: PATH)")
    parser.add_argument(
        "--specs", nargs="+", type=Path, default=[DEFAULT_SPECS], metavar="PATH", help="spec files or folders"
    )
    parser.add_argument(
        "--min-kb", type=int, default=MIN_BYTES // 1024, help="the smallest spec measured (default 400)"
    )
    parser.add_argument("--only", metavar="SUBSTRING", help="only specs whose name contains SUBSTRING")
    parser.add_argument("--no-daily", action="store_true", help="leave out the Daily spec")
    parser.add_argument("--repeat", type=int, default=1, metavar="N", help="rounds (default 1; medians)")
    parser.add_argument("--timeout", type=float, default=600.0, metavar="SECONDS", help="per run")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not GNU_TIME.is_file():
        raise SystemExit(f"error: {GNU_TIME} (GNU time) is needed: apt-get install time")
    python = generator_python()
    validator = python.parent / "openapi-spec-validator"
    if not validator.is_file():
        raise SystemExit(f"error: no {validator}: install the project with `pip install -e '.[dev]'`")
    opc = find_opc(args.opc)
    opc_env, _ = opc_environment(opc)
    tools = Tools(python, opc, opc_env, python, python, args.timeout, OPC_LITERAL_ENUMS)
    specs = [s for s in discover(args.specs, args.only) if s.stat().st_size >= args.min_kb * 1024]
    named = [(display_name(s), s) for s in specs]
    if not args.no_daily and (not args.only or args.only in "daily"):
        named.insert(0, ("daily", DAILY_SPEC))
    if not named:
        raise SystemExit("error: no spec matched")
    results = []
    scratch = Path(tempfile.mkdtemp(prefix="targets-bench-"))
    try:
        for index, (name, spec) in enumerate(named, 1):
            progress(f"[{index}/{len(named)}] {name} ({spec.stat().st_size / 1024:.0f} KB)")
            results.append(bench(spec, name, tools, validator, args.repeat, scratch))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"Speed targets, {args.repeat} round(s), medians; xOPC = OPC's time / ours")
    print(table(results))
    print()
    found = verdicts(results)
    for verdict in found:
        label = {True: "PASS", False: "FAIL", None: "SKIP"}[verdict.passed]
        print(f"{label}  {verdict.spec}: {verdict.target} ({verdict.detail})")
    met = sum(v.passed is True for v in found)
    missed = sum(v.passed is False for v in found)
    print(f"\n{met} of {met + missed} targets met ({len(found) - met - missed} not measurable)")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
