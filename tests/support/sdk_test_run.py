"""Running a generated SDK's own tests (its ``tests/``) as its README says, against the project's Prism."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from support.paths import ROOT
from support.tools import require

PRISM = ROOT / "node_modules" / ".bin" / "prism"
RUN_TIMEOUT = 600


def run_sdk_tests(folder: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """``python -m pytest`` in a generated SDK's folder, as its README says, with the project's Prism."""
    require("anyio")
    env = {k: v for k, v in os.environ.items() if k != "TEST_API_BASE_URL"}
    env.update(PRISM=str(PRISM), PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(folder))
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist", *extra],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
        check=False,
    )


def outcome_counts(output: str) -> dict[str, int]:
    """``{"passed": 4, "skipped": 1}`` from pytest's last summary line."""
    return {word: int(n) for n, word in re.findall(r"(\d+) (passed|failed|skipped|errors?)", output)}


def written_tests(folder: Path) -> int:
    """How many test functions (sync and async) the ``test_*.py`` files in ``folder`` define, and
    below it (the maintainers' own tests in ``tests/lib/`` run with the generated ones)."""
    return sum(
        isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test_")
        for path in folder.rglob("test_*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
    )
