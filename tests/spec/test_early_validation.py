"""``python -m generator generate`` starts openapi-spec-validator's process first thing
(:mod:`generator.spec.early`): its findings, the cache and the end of the process must be what
they are without it.

These run the real command in a subprocess, as only ``__main__`` starts the early process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from support.bad_specs import NO_VERSION
from support.paths import ROOT

FINDING = "warning: spec validation: 'version' is a required property (at #/info)"


def python(*arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``python ARGUMENTS`` in a process of its own, the repository importable."""
    return subprocess.run(
        [sys.executable, *arguments],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def generate(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return python("-m", "generator", "generate", "--spec", "pets.yaml", "--output", "out", *extra, cwd=folder)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pets.yaml").write_text(NO_VERSION, encoding="utf-8")
    return tmp_path


def test_findings_come_back_from_the_early_process(folder: Path) -> None:
    result = generate(folder, "--no-cache", "--package", "pets")
    assert result.returncode == 0, result.stderr
    assert FINDING in result.stderr, result.stderr
    assert (folder / "out" / "pets" / "__init__.py").is_file()


def test_the_early_process_fills_the_cache_and_a_cached_answer_stops_it(folder: Path) -> None:
    cache = folder / "cache"
    first = generate(folder, "--cache-dir", str(cache), "--package", "pets")
    assert FINDING in first.stderr, first.stderr
    assert list((cache / "validation").rglob("*")), "the early process stored no validation"
    second = generate(folder, "--cache-dir", str(cache), "--package", "pets")
    assert second.returncode == 0, second.stderr
    assert FINDING in second.stderr, second.stderr


def test_strict_findings_are_fatal_through_the_early_process(folder: Path) -> None:
    result = generate(folder, "--no-cache", "--package", "pets", "--strict")
    assert result.returncode == 2, result.stderr
    assert "error: spec validation: 'version' is a required property" in result.stderr
    assert not (folder / "out").exists()


def test_an_early_process_never_taken_or_stopped_leaves_nothing_behind() -> None:
    """Stopped unused (a cached answer) it is reaped at once; never taken (a failed run) it is
    stopped and reaped when the parent exits: no process outlives the command, not even a zombie."""
    code = (
        "import os\n"
        "from generator.spec import early\n"
        "early.start()\n"
        "process = early.take()\n"
        "assert early.take() is None\n"
        "process.stop()\n"
        "try:\n"
        "    os.waitpid(process.pid, os.WNOHANG)\n"
        "    raise SystemExit('the stopped process was not reaped')\n"
        "except ChildProcessError:\n"
        "    pass\n"
        "early.start()\n"
        "print(early._started.pid)\n"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr
    untaken = int(result.stdout)
    assert not Path(f"/proc/{untaken}").exists(), f"the untaken early validator {untaken} outlived its parent"


def test_a_request_bigger_than_the_pipe_is_not_sent() -> None:
    """The process may still be importing: a request the pipe cannot take at once is refused
    (the caller forks after reading instead) rather than blocking the run until it is read."""
    code = (
        "from generator.spec import early\n"
        "early.start()\n"
        "process = early.take()\n"
        "big = ('x' * (early.PIPE_SIZE + 1),)\n"
        "print(process.send(big), process.send(({'openapi': '3.0.3'},)))\n"
        "process.stop()\n"
    )
    result = python("-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
