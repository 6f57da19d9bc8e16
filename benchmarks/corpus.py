"""Benchmark this generator against openapi-python-client (OPC) over a corpus of specs.

For every spec, in the same run and each as a subprocess in a fresh temporary folder:

* **ours, cold**: ``python -m generator generate ... --no-cache`` (nothing cached);
* **ours, check**: ``python -m generator check ... --no-cache`` against that output (cold);
* **ours, warm**: one untimed-for-the-table run fills a cache (``./.generator-cache`` of a
  temporary working folder), then the unchanged spec is regenerated into the same output
  folder with that cache, and that second run is timed;
* **OPC**: ``openapi-python-client generate --path SPEC --meta none --overwrite
  --output-path DIR``, with ``ruff`` (which OPC runs to format its output) on ``PATH``, and
  ``literal_enums: true`` in a config file where its defaults fail (Stripe).

It also prints the cold generation time of the Daily SDK (the project's own) and how long
black takes to judge each cold output and how many files it would change.

Each run goes through GNU ``/usr/bin/time -f '%e %M'``: wall time is measured around it
with :func:`time.perf_counter`, peak memory is ``%M``, the ``ru_maxrss`` of the process
tree. On Linux that is the largest resident set of any *single* process in the tree (the
main process, one of our black worker processes, OPC's ``ruff``), not a sum over them.

Then the outputs are checked: every module of the generated package is imported in a
subprocess (run from the output folder), and the warm output must be byte-identical to
the cold one. Nothing here asserts on timings: it prints a table, a summary against the
targets (cold >= 3x faster than OPC and no more memory; warm >= 10x faster than OPC) and,
with ``--json``, writes every measurement.

Usage (from the repository root)::

    .venv/bin/python benchmarks/corpus.py --opc /path/to/bin/openapi-python-client

See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from corpus_extra import (
    OPC_LITERAL_ENUMS,
    daily_cold,
    daily_text,
    find_package,
    judge_with_black,
    opc_config,
    opc_interpreter,
    same_tree,
    wants_literal_enums,
)
from corpus_report import (
    LEGEND,
    ImportCheck,
    Run,
    SpecResult,
    import_text,
    run_text,
    summary,
    table,
    targets,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SPECS = REPO.parent / "shared" / "specs"
EXCLUDED = ("openapi-python-client/documents_with_errors",)
"""Folders (relative, as a substring of the POSIX path) left out when searching a folder."""
SPEC_SUFFIXES = (".yaml", ".yml", ".json")
PACKAGE = "bench_sdk"
"""The import name given to both tools' output."""
GNU_TIME = Path("/usr/bin/time")
OURS_NEEDS = ("httpx",)
"""What our generated SDK imports besides the standard library."""
OPC_NEEDS = ("attrs", "dateutil", "httpx")
"""What OPC's generated client imports besides the standard library."""
INSTALL_HINT = "pip install openapi-python-client ruff"
STDERR_EXCERPT_LINES = 10

IMPORT_CHECK = """
import importlib, json, pathlib, sys
name = sys.argv[1]
modules = [name]
for path in sorted(pathlib.Path(name).rglob("*.py")):
    parts = path.with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    if parts and parts != (name,):
        modules.append(".".join(parts))
failed = []
for module in modules:
    try:
        importlib.import_module(module)
    except BaseException as exc:
        failed.append(f"{module}: {type(exc).__name__}: {exc}")
print(json.dumps({"modules": len(modules), "failed": failed}))
sys.exit(1 if failed else 0)
"""
"""Imports the package and every module in it (``import pkg`` alone would not reach the models)."""


@dataclass(frozen=True)
class Tools:
    """The executables and interpreters a run uses."""

    generator_python: Path
    opc: Path
    opc_env: dict[str, str]
    ours_import_python: Path
    opc_import_python: Path
    timeout: float
    opc_literal_enums: tuple[str, ...] = OPC_LITERAL_ENUMS


# --------------------------------------------------------------------------- running


def measure(command: Sequence[str], *, cwd: Path, env: dict[str, str], timeout: float, label: str) -> Run:
    """Run ``command`` in ``cwd`` under GNU time; its output goes to ``<cwd>/<label>.out|.err``."""
    time_file = cwd / f"{label}.time"
    out_file = cwd / f"{label}.out"
    err_file = cwd / f"{label}.err"
    argv = [str(GNU_TIME), "-o", str(time_file), "-f", "%e %M", *command]
    with out_file.open("wb") as out, err_file.open("wb") as err:
        started = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own command line
            argv, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True
        )
        # A blocking wait, with a timer for the timeout: Popen.wait(timeout=...) polls with
        # sleeps of up to 50 ms, which would round every short run up by as much.
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(process.pid, signal.SIGKILL)  # the whole group we started: time, the tool, its workers

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            code = process.wait()
        finally:
            timer.cancel()
        seconds = time.perf_counter() - started
    exit_code = None if killed.is_set() else code
    stdout = out_file.read_text(encoding="utf-8", errors="replace")
    stderr = err_file.read_text(encoding="utf-8", errors="replace")
    tail = _excerpt(stderr)
    warned = "some pieces may be missing" in stderr or bool(
        re.search(r"\(\d+ written, \d+ removed, [1-9]\d* warning", stdout)
    )
    return Run(
        seconds=seconds,
        peak_kb=_peak_kb(time_file),
        exit_code=exit_code,
        stderr_excerpt=tail if exit_code != 0 else "",
        warned=warned,
    )


def _excerpt(stderr: str) -> str:
    """The first and last lines of a failed run's stderr (the cause is usually at one end)."""
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    if len(lines) <= 2 * STDERR_EXCERPT_LINES:
        return "\n".join(lines)
    return "\n".join([*lines[:STDERR_EXCERPT_LINES], "...", *lines[-STDERR_EXCERPT_LINES:]])


def _peak_kb(time_file: Path) -> int | None:
    """``%M`` from GNU time's report: its last line is ``<seconds> <max RSS in KiB>``."""
    try:
        lines = time_file.read_text(encoding="utf-8").strip().splitlines()
    except OSError:
        return None
    for line in reversed(lines):
        match = re.fullmatch(r"\s*[\d.]+\s+(\d+)\s*", line)
        if match:
            return int(match.group(1))
    return None


def ours_command(tools: Tools, spec: Path, *, cache: bool, verb: str = "generate") -> list[str]:
    command = [str(tools.generator_python), "-m", "generator", verb]
    command += ["--spec", str(spec), "--output", "out", "--package", PACKAGE]
    return command if cache else [*command, "--no-cache"]


def ours_env() -> dict[str, str]:
    """The environment for our generator: this checkout first on the import path.

    Without ``PYTHONDONTWRITEBYTECODE``: the generator runs from bytecode, as it does when
    installed (pip compiles it; OPC's installed code is compiled too), not recompiled per run.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def check_imports(python: Path, package_parent: Path, package: str, timeout: float) -> ImportCheck:
    """Import ``package`` and every module in it, with ``package_parent`` as the working folder."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    try:
        done = subprocess.run(  # noqa: S603 - our own command line
            [str(python), "-c", IMPORT_CHECK, package],
            cwd=package_parent,
            env=env,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ImportCheck(ok=False, interpreter=str(python), error=f"timed out after {timeout:.0f}s")
    try:
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        lines = done.stderr.strip().splitlines()
        return ImportCheck(ok=False, interpreter=str(python), error=lines[-1] if lines else "no report")
    failed: list[str] = report["failed"]
    if failed:
        error = f"{len(failed)} module(s) fail, first {failed[0]}"
        return ImportCheck(ok=False, interpreter=str(python), modules=report["modules"], error=error)
    return ImportCheck(ok=True, interpreter=str(python), modules=report["modules"])


def bench_spec(spec: Path, name: str, tools: Tools, repeat: int, scratch: Path, keep: bool) -> SpecResult:
    """Measure the three variants on one spec (runs interleaved over the repeats)."""
    result = SpecResult(name=name, path=spec, size_bytes=spec.stat().st_size)
    work = Path(tempfile.mkdtemp(prefix=_slug(name) + "-", dir=scratch))
    env = ours_env()

    def fresh(label: str) -> Path:
        folder = work / label
        folder.mkdir()
        return folder

    warm_dir = fresh("warm")
    progress(f"  ours warm-up (fills the cache in {warm_dir})")
    result.warm_fill.runs.append(
        measure(
            ours_command(tools, spec, cache=True), cwd=warm_dir, env=env, timeout=tools.timeout, label="fill"
        )
    )
    cold_dirs: list[Path] = []
    opc_dirs: list[Path] = []
    for i in range(repeat):
        cold_dir = fresh(f"cold-{i}")
        cold = measure(
            ours_command(tools, spec, cache=False), cwd=cold_dir, env=env, timeout=tools.timeout, label="run"
        )
        result.cold.runs.append(cold)
        cold_dirs.append(cold_dir)
        progress(f"  ours cold  #{i + 1}: {run_text(cold)}")
        if cold.ok:
            check_command = ours_command(tools, spec, cache=False, verb="check")
            check = measure(check_command, cwd=cold_dir, env=env, timeout=tools.timeout, label="check")
            result.check.runs.append(check)
            progress(f"  ours check #{i + 1}: {run_text(check)}")

        if result.warm_fill.ok:
            warm = measure(
                ours_command(tools, spec, cache=True),
                cwd=warm_dir,
                env=env,
                timeout=tools.timeout,
                label=f"warm-{i}",
            )
            result.warm.runs.append(warm)
            progress(f"  ours warm  #{i + 1}: {run_text(warm)}")

        opc_dir = fresh(f"opc-{i}")
        result.opc_literal_enums |= wants_literal_enums(name, tools.opc_literal_enums)
        opc = run_opc(tools, spec, opc_dir, work, literal_enums=result.opc_literal_enums)
        if i == 0 and not opc.ok and not result.opc_literal_enums:
            progress(f"  OPC        #{i + 1}: {run_text(opc)}; again with literal_enums: true")
            result.opc_literal_enums = True
            opc_dir = fresh("opc-literal-enums")
            opc = run_opc(tools, spec, opc_dir, work, literal_enums=True)
        result.opc.runs.append(opc)
        opc_dirs.append(opc_dir)
        progress(f"  OPC        #{i + 1}: {run_text(opc)}")

    # Output checks, on the last run of each kind that succeeded.
    good_cold = [d for d, run in zip(cold_dirs, result.cold.runs, strict=True) if run.ok]
    if good_cold and result.warm.ok:
        result.warm_identical = same_tree(good_cold[-1] / "out", warm_dir / "out")
    if good_cold:
        output = good_cold[-1] / "out"
        result.cold.imports = check_imports(tools.ours_import_python, output, PACKAGE, tools.timeout)
        progress(f"  ours imports: {import_text(result.cold.imports)}")
        judge = judge_with_black(tools.generator_python, output, tools.timeout)
        result.black = {**asdict(judge), "text": judge.text()}
        progress(f"  {judge.text()}")
    good_opc = [d for d, run in zip(opc_dirs, result.opc.runs, strict=True) if run.ok]
    if good_opc:
        found = find_package(good_opc[-1] / PACKAGE)
        if found is None:
            result.opc.imports = ImportCheck(
                ok=False, interpreter=str(tools.opc_import_python), error="no package in the output"
            )
        else:
            result.opc.imports = check_imports(tools.opc_import_python, found[0], found[1], tools.timeout)
        progress(f"  OPC imports:  {import_text(result.opc.imports)}")
    if keep:
        progress(f"  kept {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return result


def run_opc(tools: Tools, spec: Path, folder: Path, work: Path, *, literal_enums: bool) -> Run:
    command = [str(tools.opc), "generate", "--path", str(spec), "--meta", "none", "--overwrite"]
    command += ["--output-path", PACKAGE]
    if literal_enums:
        command += ["--config", str(opc_config(work))]
    return measure(command, cwd=folder, env=tools.opc_env, timeout=tools.timeout, label="run")


# --------------------------------------------------------------------------- set-up


def discover(paths: Sequence[Path], only: str | None) -> list[Path]:
    """Spec files: files as given, folders searched for *.yaml/*.yml/*.json; smallest first."""
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            for candidate in path.rglob("*"):
                posix = candidate.as_posix()
                if candidate.suffix in SPEC_SUFFIXES and candidate.is_file():
                    if not any(excluded in posix for excluded in EXCLUDED):
                        found.add(candidate.resolve())
        elif path.is_file():
            found.add(path.resolve())
        else:
            raise SystemExit(f"error: no such spec file or folder: {path}")
    specs = sorted(found, key=lambda p: (p.stat().st_size, p.as_posix()))
    if only:
        specs = [s for s in specs if only in display_name(s)]
    return specs


def display_name(spec: Path) -> str:
    """The spec's path relative to the corpus (or as given), without a generic ``openapi.*`` file name."""
    try:
        name = spec.relative_to(DEFAULT_SPECS.resolve()).as_posix()
    except ValueError:
        name = spec.as_posix()
    stem, _, last = name.rpartition("/")
    return stem if stem and last.startswith("openapi.") else name


def find_opc(given: str | None) -> Path:
    if given:
        path = Path(given)
        resolved = path if path.is_file() else Path(shutil.which(given) or given)
        if not resolved.is_file() or not os.access(resolved, os.X_OK):
            raise SystemExit(f"error: --opc {given}: not an executable file")
        return resolved.absolute()
    found = shutil.which("openapi-python-client")
    if found is None:
        raise SystemExit(
            "error: openapi-python-client is not on PATH; install it (with ruff, which it runs) "
            f"in a virtual environment with `{INSTALL_HINT}`, then pass "
            "--opc /path/to/venv/bin/openapi-python-client"
        )
    return Path(found).absolute()


def opc_environment(opc: Path) -> tuple[dict[str, str], Path]:
    """OPC's environment: its own bin folder first on PATH, so it finds the ruff installed beside it."""
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PATH"] = os.pathsep.join([str(opc.parent), env.get("PATH", "")])
    ruff = shutil.which("ruff", path=env["PATH"])
    if ruff is None:
        raise SystemExit(f"error: ruff is not on PATH nor beside {opc}; OPC needs it: `{INSTALL_HINT}`")
    return env, Path(ruff)


def missing_modules(python: Path, modules: Sequence[str]) -> list[str]:
    """Which of ``modules`` ``python`` cannot import."""
    script = (
        "import importlib.util, sys\n"
        "print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))"
    )
    done = subprocess.run(  # noqa: S603 - our own command line
        [str(python), "-c", script, *modules], capture_output=True, text=True, check=False
    )
    return done.stdout.split() if done.returncode == 0 else list(modules)


def pick_interpreter(candidates: Sequence[Path | None], modules: Sequence[str]) -> tuple[Path, list[str]]:
    """The first candidate that has every module, else the one missing fewest (and what it misses)."""
    best: tuple[Path, list[str]] | None = None
    for candidate in candidates:
        if candidate is None:
            continue
        missing = missing_modules(candidate, modules)
        if not missing:
            return candidate, []
        if best is None or len(missing) < len(best[1]):
            best = (candidate, missing)
    if best is None:
        raise SystemExit("error: no Python interpreter to import the generated code with")
    return best


def version_of(command: Sequence[str], env: dict[str, str] | None = None) -> str:
    try:
        done = subprocess.run(  # noqa: S603 - our own command line
            list(command), capture_output=True, text=True, check=False, env=env, timeout=60
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unknown ({exc})"
    return (done.stdout.strip() or done.stderr.strip()).splitlines()[0] if done.returncode == 0 else "unknown"


def generator_python() -> Path:
    """The interpreter that runs our generator: the repository's .venv, else this one."""
    venv = REPO / ".venv" / "bin" / "python"
    return venv if venv.is_file() else Path(sys.executable)


# --------------------------------------------------------------------------- reporting


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40] or "spec"


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time this generator (cold and warm) against openapi-python-client over a corpus.",
    )
    parser.add_argument(
        "--specs",
        nargs="+",
        type=Path,
        default=[DEFAULT_SPECS],
        metavar="PATH",
        help="spec files or folders to search for *.yaml/*.yml/*.json "
        f"(default: {DEFAULT_SPECS}, without {', '.join(EXCLUDED)})",
    )
    parser.add_argument("--only", metavar="SUBSTRING", help="only specs whose name contains SUBSTRING")
    parser.add_argument(
        "--opc",
        metavar="PATH",
        help="the openapi-python-client executable (default: from PATH); ruff must be beside it or on PATH",
    )
    parser.add_argument(
        "--repeat", type=int, default=1, metavar="N", help="timed runs per variant (default 1)"
    )
    parser.add_argument(
        "--timeout", type=float, default=300.0, metavar="SECONDS", help="per run (default 300)"
    )
    parser.add_argument(
        "--opc-literal-enums",
        nargs="*",
        default=list(OPC_LITERAL_ENUMS),
        metavar="SUBSTRING",
        help="specs OPC runs on with literal_enums: true from the start (default: stripe); "
        "any other spec gets it when OPC fails with its defaults",
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every measurement to FILE")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders (outputs and logs)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if not GNU_TIME.is_file():
        raise SystemExit(
            f"error: {GNU_TIME} (GNU time) is needed to measure peak memory: apt-get install time"
        )
    opc = find_opc(args.opc)
    opc_env, ruff = opc_environment(opc)
    gen_python = generator_python()
    ours_python, ours_missing = pick_interpreter([gen_python], OURS_NEEDS)
    opc_python, opc_missing = pick_interpreter([gen_python, opc_interpreter(opc)], OPC_NEEDS)
    specs = discover(args.specs, args.only)
    if not specs:
        raise SystemExit("error: no spec matched")
    tools = Tools(
        generator_python=gen_python,
        opc=opc,
        opc_env=opc_env,
        ours_import_python=ours_python,
        opc_import_python=opc_python,
        timeout=args.timeout,
        opc_literal_enums=tuple(args.opc_literal_enums),
    )
    setup = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": f"{platform.platform()}, {len(os.sched_getaffinity(0))} CPU(s)",
        "generator": f"{version_of([str(gen_python), '-m', 'generator', '--version'], ours_env())} "
        f"with {gen_python}",
        "black": version_of([str(gen_python), "-c", "import black; print(black.__version__)"]),
        "opc": f"{version_of([str(opc), '--version'], opc_env)} at {opc}",
        "ruff": f"{version_of([str(ruff), '--version'])} at {ruff}",
        "imports_ours": f"{ours_python}" + (f" (MISSING {', '.join(ours_missing)})" if ours_missing else ""),
        "imports_opc": f"{opc_python}" + (f" (MISSING {', '.join(opc_missing)})" if opc_missing else ""),
        "repeat": str(args.repeat),
        "timeout": f"{args.timeout:g}s per run",
    }
    print("Corpus benchmark: ours (cold --no-cache; warm = regeneration with a filled cache) vs OPC")
    for key, value in setup.items():
        print(f"  {key:<13}{value}")
    for label, missing in (("our SDKs", ours_missing), ("OPC's clients", opc_missing)):
        if missing:
            print(f"  WARNING: no interpreter has {', '.join(missing)}: imports of {label} may fail for that")
    daily = daily_text(*daily_cold(gen_python, REPO, ours_env(), args.repeat))
    print(daily, flush=True)
    print(flush=True)

    results: list[SpecResult] = []
    scratch = Path(tempfile.mkdtemp(prefix="corpus-bench-"))
    try:
        for index, spec in enumerate(specs, 1):
            name = display_name(spec)
            progress(f"[{index}/{len(specs)}] {name} ({spec.stat().st_size / 1024:.0f} KB)")
            results.append(bench_spec(spec, name, tools, args.repeat, scratch, args.keep))
    finally:
        if not args.keep:
            shutil.rmtree(scratch, ignore_errors=True)

    print(table(results))
    print()
    print(LEGEND)
    print()
    text, summary_data = summary(results)
    print(text)
    judged = [r.black for r in results if r.black is not None and not r.black["error"]]
    black_text = (
        f"Black as the judge, over {len(judged)} cold outputs: {sum(j['seconds'] for j in judged):.1f}s "
        f"in one process, {sum(len(j['changed']) for j in judged)} file(s) it would change (must be 0)"
    )
    print(black_text)
    print()
    print(targets(results))
    print(daily)
    summary_data["black"] = black_text
    summary_data["daily"] = daily
    if args.json:
        document = {
            "setup": setup,
            "summary": summary_data,
            "specs": [r.to_json() for r in results],
        }
        args.json.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
        print(f"\nWrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
