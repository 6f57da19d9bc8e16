"""Mutation check of the test suite: small deliberate bugs that the tests must catch.

Each mutation in :data:`CATALOGUE` changes one spot of the generator, its templates or
its caches the way a plausible bug would. For each one, this script:

1. copies the repository (tracked and untracked, not ignored, files) into a temporary folder;
2. applies the mutation (its ``find`` text must occur exactly once, so a stale catalogue
   entry is reported instead of silently testing nothing);
3. regenerates ``generated/`` there when the mutation touches the generator or the
   templates, the way a maintainer would (a mutation that breaks generation is caught);
4. runs the tests named for it, and reports the mutation **caught** (some test failed)
   or **survived** (all passed).

It asserts nothing itself and never edits the repository. Exit code: 0 when every
mutation was caught, 1 otherwise (survivors or stale entries).

Usage (from the repository root, with the project's venv)::

    .venv/bin/python scripts/mutation.py            # the whole catalogue
    .venv/bin/python scripts/mutation.py --list     # names and areas
    .venv/bin/python scripts/mutation.py -k retry   # the mutations whose name contains "retry"
    .venv/bin/python scripts/mutation.py --jobs 2   # two at a time
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from mutation_catalogue import CATALOGUE, Mutation

REPO = Path(__file__).resolve().parent.parent
TIMEOUT = 900
"""Seconds for one mutation's regeneration and tests together."""
_REGENERATES = ("generator/", "templates/", "spec/")


@dataclass(frozen=True)
class Outcome:
    mutation: Mutation
    verdict: str
    """``caught``, ``survived`` or ``stale`` (the catalogue entry no longer matches the code)."""
    seconds: float
    detail: str


def repository_files(root: Path) -> list[str]:
    """The files a clone plus the working tree's changes would hold (nothing ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8")
    return [name for name in listed.split("\0") if name and (root / name).is_file()]


def copy_repository(target: Path) -> None:
    for name in repository_files(REPO):
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, destination)
    if (REPO / "node_modules").exists():
        (target / "node_modules").symlink_to(REPO / "node_modules")


def matches(mutation: Mutation, root: Path) -> str | None:
    """Why ``mutation`` cannot be applied under ``root`` (``None``: its text occurs exactly once)."""
    path = root / mutation.file
    if not path.is_file():
        return f"{mutation.file} does not exist"
    count = path.read_text(encoding="utf-8").count(mutation.find)
    if count != 1:
        return f"the text to change occurs {count} times in {mutation.file} (expected once)"
    return None


def apply(mutation: Mutation, root: Path) -> str | None:
    """Apply ``mutation`` under ``root``; the reason it cannot be applied, else ``None``."""
    problem = matches(mutation, root)
    if problem is None:
        path = root / mutation.file
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace(mutation.find, mutation.replace), encoding="utf-8")
    return problem


def _environment(root: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The copy's packages come first: the venv's editable install points at the original.
    env["PYTHONPATH"] = os.pathsep.join([str(root), str(root / "generated")])
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env.pop("OPENAPI_SDK_CACHE_DIR", None)
    return env


def run_one(mutation: Mutation) -> Outcome:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="mutation-") as folder:
        root = Path(folder) / "repo"
        copy_repository(root)
        problem = apply(mutation, root)
        if problem is not None:
            return Outcome(mutation, "stale", time.perf_counter() - started, problem)
        env = _environment(root)
        if mutation.file.startswith(_REGENERATES):
            generate = subprocess.run(
                [sys.executable, "-m", "generator", "generate", "-q", "--no-cache"],
                cwd=root,
                env=env,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
            if generate.returncode != 0:
                detail = "regeneration failed: " + (generate.stderr.strip().splitlines() or ["?"])[-1]
                return Outcome(mutation, "caught", time.perf_counter() - started, detail)
        tests = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-q",
                "-x",
                "-p",
                "no:cacheprovider",
                "-o",
                "addopts=",
                *mutation.tests,
            ],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
        seconds = time.perf_counter() - started
        if tests.returncode == 0:
            return Outcome(mutation, "survived", seconds, _last_line(tests.stdout))
        if tests.returncode in (1,):
            failed = [line for line in tests.stdout.splitlines() if line.startswith("FAILED ")]
            return Outcome(mutation, "caught", seconds, failed[0] if failed else _last_line(tests.stdout))
        # 2-5: collection errors, usage errors, no tests: the catalogue entry is broken.
        return Outcome(
            mutation, "stale", seconds, f"pytest exit {tests.returncode}: {_last_line(tests.stdout)}"
        )


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""


def report(outcomes: Sequence[Outcome]) -> str:
    lines = []
    for outcome in outcomes:
        m = outcome.mutation
        lines.append(f"{outcome.verdict.upper():<9} {m.area:<10} {m.name}  ({outcome.seconds:.0f} s)")
        if outcome.verdict != "caught" or outcome.detail:
            lines.append(f"          {outcome.detail}")
    lines.append("")
    areas = sorted({o.mutation.area for o in outcomes})
    lines.append(f"{'area':<12}{'mutations':>10}{'caught':>8}{'survived':>10}{'stale':>7}")
    for area in areas:
        counts = Counter(o.verdict for o in outcomes if o.mutation.area == area)
        total = sum(counts.values())
        lines.append(
            f"{area:<12}{total:>10}{counts['caught']:>8}{counts['survived']:>10}{counts['stale']:>7}"
        )
    totals = Counter(o.verdict for o in outcomes)
    lines.append(
        f"{'all':<12}{len(outcomes):>10}{totals['caught']:>8}{totals['survived']:>10}{totals['stale']:>7}"
    )
    verdict = "all mutations caught" if totals["caught"] == len(outcomes) else "NOT all mutations caught"
    lines.append(verdict)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Check that the test suite catches small deliberate bugs.")
    parser.add_argument("-k", dest="only", metavar="TEXT", help="only mutations whose name contains TEXT")
    parser.add_argument("--jobs", type=int, default=1, help="mutations run at a time (default 1)")
    parser.add_argument("--list", action="store_true", help="list the catalogue and exit")
    parser.add_argument(
        "--check", action="store_true", help="only check that every entry still matches the code (fast)"
    )
    args = parser.parse_args(argv)
    chosen = [m for m in CATALOGUE if not args.only or args.only in m.name]
    if args.list:
        for m in chosen:
            print(f"{m.area:<10} {m.name}: {m.why}")
        print(f"{len(chosen)} mutations")
        return 0
    if args.check:
        stale = [(m, problem) for m in chosen if (problem := matches(m, REPO)) is not None]
        for m, problem in stale:
            print(f"stale: {m.name}: {problem}")
        print(f"{len(chosen) - len(stale)} of {len(chosen)} mutations match the code")
        return 1 if stale else 0
    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for outcome in pool.map(run_one, chosen):
            outcomes.append(outcome)
            print(
                f"{outcome.verdict:<9} {outcome.mutation.name} ({outcome.seconds:.0f} s)",
                file=sys.stderr,
                flush=True,
            )
    print(report(outcomes))
    return 0 if all(o.verdict == "caught" for o in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
