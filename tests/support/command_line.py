"""The command line run in-process, as a user runs it: exit code, stdout and stderr, and the
output folder's state before and after (see ``spec/test_bad_input.py``)."""

from __future__ import annotations

import io
import os
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.emit.manifest import read_manifest

from support.bad_specs import INLINE_SPECS

PACKAGE = "pets"
OUTPUT = "sdk"
NOTHING_WRITTEN_1 = "error: nothing was written (1 problem)"

# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Run:
    """What one in-process run of the command line returned and printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    @property
    def findings(self) -> list[str]:
        """The lines on stderr before ``generate``'s summary line (which comes last)."""
        lines = self.err_lines
        return lines[:-1] if lines and lines[-1].startswith("generated ") else lines


def cli(*argv: str) -> Run:
    """Run ``python -m generator ARGV`` in-process; an escaping exception would be a traceback."""
    out, err = io.StringIO(), io.StringIO()
    crash: Exception | None = None
    try:
        code = main(list(argv), stdout=out, stderr=err)
    except Exception as exc:  # the real CLI would die with a traceback (and exit 1) here
        crash = exc
    if crash is not None:
        frame = traceback.extract_tb(crash.__traceback__)[-1]
        pytest.fail(
            f"main({list(argv)!r}) raised {type(crash).__name__}: {crash} "
            f"(in {Path(frame.filename).name}:{frame.lineno}, {frame.name}); the command line would print "
            f"a traceback and exit 1 instead of reporting the problem\nstderr so far:\n{err.getvalue()}",
            pytrace=False,
        )
    assert "Traceback" not in err.getvalue()
    assert "Traceback" not in out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def run(command: str, spec: str, *extra: str, output: str = OUTPUT) -> Run:
    """``command --spec SPEC --output OUTPUT --package pets --no-cache EXTRA...``."""
    return cli(command, "--spec", spec, "--output", output, "--package", PACKAGE, "--no-cache", *extra)


def spec_arg(name: str) -> str:
    """The --spec argument for a named case: inline specs are written to the cwd; other names are absent."""
    if name in INLINE_SPECS:
        Path(name).write_text(INLINE_SPECS[name], encoding="utf-8")
        return name
    return name  # deliberately absent


Snapshot = dict[str, tuple[str, bytes | None, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder below ``folder``: kind, bytes (files) and mtime in nanoseconds."""
    result: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            path = Path(dirpath, name)
            result[str(path.relative_to(folder))] = ("dir", None, path.stat().st_mtime_ns)
        for name in filenames:
            path = Path(dirpath, name)
            result[str(path.relative_to(folder))] = ("file", path.read_bytes(), path.stat().st_mtime_ns)
    result["."] = ("dir", None, folder.stat().st_mtime_ns)
    return result


def manifest_names(output: Path) -> list[str]:
    return list(read_manifest(output).files)


def empty_workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run a test in an empty temporary cwd, and check that --no-cache really wrote no cache
    (the body of each module's autouse ``workdir`` fixture)."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / ".generator-cache").exists()
