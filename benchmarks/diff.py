"""Time ``diff`` on two versions of the Stripe spec (4 MB of YAML): cold, and with the parse cache.

Usage, from the repository root with the project's ``.venv``::

    .venv/bin/python benchmarks/diff.py [--spec ../shared/specs/stripe/spec3.yaml] [--runs 3]

The new version is the old one with three text edits (an operation removed, an enum
value added to the ``account`` schema, a property's type changed), written with
everything else byte for byte the same, as a real pull request would. It prints the
time of each run and the changes found; it asserts nothing but that the three edits
are reported. The target: under 2 seconds on a 2-core machine.

"Cold" runs use a fresh, empty cache directory each time; "cached" runs reuse one whose
parse cache the first cold run filled (what repeated runs of ``diff`` see).
"""

from __future__ import annotations

import argparse
import gc
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.config import Settings, load_settings  # noqa: E402
from generator.drift.diff import diff_specs, render_text  # noqa: E402
from generator.drift.result import DiffResult  # noqa: E402


def edited(text: str) -> str:
    """The Stripe spec with one operation removed, one enum value added, one type changed."""
    path_block = re.compile(r"^  /v1/account_links:\n(?:(?:    |\n).*\n)*", re.M)
    new, count = path_block.subn("", text, count=1)
    assert count == 1, "no /v1/account_links path item"
    enum = "          enum:\n            - company\n            - government_entity\n"
    assert enum in new, "no business_type enum in the account schema"
    new = new.replace(enum, enum + "            - cooperative\n", 1)
    created = "          format: unix-time\n          type: integer\n        default_currency:"
    assert created in new, "no account.created property"
    new = new.replace(created, created.replace("type: integer", "type: string"), 1)
    return new


def settings(spec: Path, cache: Path | None) -> Settings:
    base = load_settings(pyproject=None, specs=[str(spec)], output=str(spec.parent / "out"), package="stripe")
    return replace(base, cache_dir=cache)


def run(old: Path, new: Path, cache: Path | None) -> tuple[float, DiffResult]:
    """One timed ``diff_specs``, starting from a clean heap (as a fresh ``diff`` process would)."""
    gc.collect()
    started = time.perf_counter()
    result = diff_specs(settings(old, cache), settings(new, cache))
    return time.perf_counter() - started, result


def fresh_process(old: Path, new: Path, cache: Path | None) -> float:
    """Wall time of a whole new Python process that imports the generator and diffs (the CLI's cost)."""
    code = (
        "import sys\n"
        "from dataclasses import replace\n"
        "from pathlib import Path\n"
        "from generator.config import load_settings\n"
        "from generator.drift.diff import diff_specs, render_text\n"
        "cache = Path(sys.argv[3]) if sys.argv[3] else None\n"
        "def settings(spec):\n"
        "    base = load_settings(pyproject=None, specs=[spec], output='out', package='stripe')\n"
        "    return replace(base, cache_dir=cache)\n"
        "render_text(diff_specs(settings(sys.argv[1]), settings(sys.argv[2])))\n"
    )
    started = time.perf_counter()
    command = [sys.executable, "-c", code, str(old), str(new), str(cache or "")]
    subprocess.run(command, check=True, cwd=ROOT)  # noqa: S603 - our own interpreter and code
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--spec", type=Path, default=ROOT.parent / "shared" / "specs" / "stripe" / "spec3.yaml"
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--show", action="store_true", help="print the diff of the last run")
    args = parser.parse_args()
    text = args.spec.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="diff-benchmark-") as folder:
        work = Path(folder)
        old, new = work / "old.yaml", work / "new.yaml"
        old.write_text(text, encoding="utf-8")
        new.write_text(edited(text), encoding="utf-8")
        size = (old.stat().st_size + new.stat().st_size) / 1e6
        print(f"diff of two versions of {args.spec.name} ({size:.1f} MB of YAML in all)")
        result = None
        cold = []
        for index in range(args.runs):
            seconds, result = run(old, new, work / f"cold-cache-{index}")
            cold.append(seconds)
            print(f"  cold run {index + 1}: {seconds:.2f} s")
        cached = []
        for index in range(args.runs):
            seconds, result = run(old, new, work / "cold-cache-0")
            cached.append(seconds)
            print(f"  cached run {index + 1}: {seconds:.2f} s")
        no_cache = []
        for index in range(args.runs):
            seconds, result = run(old, new, None)
            no_cache.append(seconds)
            print(f"  --no-cache run {index + 1}: {seconds:.2f} s")
        process_cold = fresh_process(old, new, work / "process-cache")
        process_cached = fresh_process(old, new, work / "process-cache")
        print(
            f"  whole process (python start, imports, diff): cold {process_cold:.2f} s, "
            f"cached {process_cached:.2f} s"
        )
        assert result is not None
        rules = {c.rule for c in result.changes}
        for expected in ("operation-removed", "request-enum-value-added", "type-changed"):
            assert expected in rules or expected.replace("request", "response") in rules, expected
        print(
            f"best: cold {min(cold):.2f} s, cached {min(cached):.2f} s, --no-cache {min(no_cache):.2f} s; "
            f"median cold {sorted(cold)[len(cold) // 2]:.2f} s "
            f"({len(result.changes)} changes, {len(result.sdk_changes)} SDK API changes)"
        )
        if args.show:
            print(render_text(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
