"""One mypy cache for every mypy run of a test session (a pytest plugin: ``conftest.py`` loads it).

A cold ``mypy --strict`` spends most of its time on what every SDK shares (the standard
library's stubs, ``httpx``, ``typing_extensions``); with one cache that work is done once
per run instead of once per test. The cache is shared by the xdist workers too: mypy's
SQLite cache commits per module and a write that loses a race is only not cached, and an
entry is reused only when the module's path, source hash and options match, so a shared
cache changes how long mypy takes, never what it reports
(``tests/test_mypy_cache.py`` checks that it still reports an error it has seen pass).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

from support.shared_temp import shared_folder
from support.tools import require


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's one mypy cache folder (pass it to :func:`run_mypy`)."""
    return shared_folder(tmp_path_factory, "mypy-cache")


def run_mypy(
    *arguments: str,
    cwd: Path,
    cache: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 600,
) -> subprocess.CompletedProcess[str]:
    """``python -m mypy --cache-dir CACHE ARGUMENTS`` in ``cwd`` (whose pyproject configures it)."""
    require("mypy")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(cache), *arguments],
        cwd=cwd,
        env=None if env is None else dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
