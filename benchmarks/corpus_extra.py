"""The corpus benchmark's extra measurements: black as the judge of our output, the cold
generation of the project's own (Daily) SDK, and OPC's configuration where its defaults fail.

Used by :mod:`corpus`; each function runs one subprocess and returns what it measured.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

OPC_LITERAL_ENUMS = ("stripe",)
"""Specs (name substrings) OPC fails on with its defaults: run it with ``literal_enums: true``."""

BLACK_JUDGE = """
import json, pathlib, sys, time
start = time.perf_counter()
import black
from black.mode import TargetVersion
mode = black.Mode(target_versions={TargetVersion.PY310}, line_length=100)
imported = time.perf_counter()
changed, lines = [], 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.py")):
    source = path.read_text(encoding="utf-8")
    try:
        formatted = black.format_file_contents(source, fast=False, mode=mode)
    except black.NothingChanged:
        continue
    changed.append(str(path.relative_to(sys.argv[1])))
    lines += sum(1 for a, b in zip(source.splitlines(), formatted.splitlines()) if a != b)
done = time.perf_counter()
print(json.dumps({"seconds": done - imported, "import_seconds": imported - start,
                  "changed": changed, "changed_lines": lines,
                  "files": sum(1 for _ in pathlib.Path(sys.argv[1]).rglob("*.py"))}))
"""
"""Formats every generated ``.py`` in process, as the black no-op test does, without writing."""


@dataclass
class Judge:
    """What black thinks of our cold output."""

    seconds: float
    """Formatting (in one process) every generated ``.py`` file, black's import aside."""
    files: int
    changed: list[str]
    changed_lines: int
    error: str = ""

    def text(self) -> str:
        if self.error:
            return f"black could not judge: {self.error}"
        first = f", first {self.changed[0]}" if self.changed else ""
        return (
            f"black judged {self.files} files in {self.seconds:.2f}s: it would change "
            f"{len(self.changed)} (about {self.changed_lines} lines){first}"
        )


def judge_with_black(python: Path, output: Path, timeout: float) -> Judge:
    """Time black over ``output``'s ``.py`` files and count the files it would change."""
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and script
            [str(python), "-c", BLACK_JUDGE, str(output)],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        report = json.loads(done.stdout.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, IndexError, ValueError) as exc:
        return Judge(0.0, 0, [], 0, error=f"{type(exc).__name__}: {exc}")
    return Judge(report["seconds"], report["files"], report["changed"], report["changed_lines"])


def daily_cold(python: Path, repo: Path, env: dict[str, str], repeat: int) -> tuple[float, list[float]]:
    """Median wall time of ``generate --no-cache`` of the project's own SDK (its pyproject.toml)."""
    times: list[float] = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="daily-cold-") as folder:
            command = [str(python), "-m", "generator", "generate", "--no-cache", "-q"]
            command += ["--config", str(repo / "pyproject.toml"), "--output", str(Path(folder) / "out")]
            started = time.perf_counter()
            subprocess.run(command, cwd=repo, env=env, check=True)  # noqa: S603 - our own command
            times.append(time.perf_counter() - started)
    return statistics.median(times), times


def daily_text(median: float, times: list[float]) -> str:
    runs = ", ".join(f"{t:.2f}" for t in times)
    return (
        f"Daily SDK, cold generate (--no-cache): median {median:.2f}s of {len(times)} ({runs}); "
        "its target (faster than OPC) is checked by benchmarks/targets.py"
    )


def opc_config(work: Path) -> Path:
    """A configuration file that makes OPC emit ``Literal`` types instead of enum classes."""
    path = work / "opc-literal-enums.yaml"
    path.write_text("literal_enums: true\n", encoding="utf-8")
    return path


def wants_literal_enums(name: str, forced: tuple[str, ...]) -> bool:
    return any(part in name for part in forced)


def find_package(output: Path) -> tuple[Path, str] | None:
    """Where OPC's package is: ``(folder to import from, name)``; with ``--meta none`` it is ``output``."""
    if (output / "__init__.py").is_file():
        return output.parent, output.name
    for init in sorted(output.rglob("__init__.py"), key=lambda p: len(p.parts)):
        return init.parent.parent, init.parent.name
    return None


def same_tree(left: Path, right: Path) -> bool:
    """Whether two folders hold the same files with the same bytes (``__pycache__`` aside)."""

    def files(root: Path) -> dict[str, bytes]:
        return {
            p.relative_to(root).as_posix(): p.read_bytes()
            for p in root.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts
        }

    return files(left) == files(right)


def opc_interpreter(opc: Path) -> Path | None:
    """The Python that runs OPC: its script's shebang, else a ``python`` beside it."""
    try:
        first = opc.read_bytes()[:512].split(b"\n", 1)[0].decode("utf-8", "replace")
    except OSError:
        first = ""
    if first.startswith("#!"):
        candidate = Path(first[2:].strip().split()[0])
        if candidate.is_file() and candidate.name.startswith("python"):
            return candidate
    for name in ("python", "python3"):
        if (opc.parent / name).is_file():
            return opc.parent / name
    return None
