"""The generator and the generated SDK type-check under ``mypy --strict`` and pass ruff."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, ROOT, require


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def _ruff() -> str:
    path = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if path is None:
        pytest.fail(
            "ruff is not installed: run `.venv/bin/pip install -e '.[dev]'` (README's set-up command)"
        )
    return path


def test_generated_sdk_passes_mypy_strict(tmp_path: Path) -> None:
    require("mypy")
    result = _run(
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--cache-dir",
        str(tmp_path / "mypy"),
        "daily_api",
        cwd=GENERATED,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_passes_mypy_strict(tmp_path: Path) -> None:
    require("mypy")
    result = _run(sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy"), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_sdk_passes_ruff() -> None:
    result = _run(_ruff(), "check", "--no-cache", "--config", "pyproject.toml", "daily_api", cwd=GENERATED)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_and_tests_pass_ruff() -> None:
    result = _run(_ruff(), "check", "--no-cache", "generator", "tests", "benchmarks", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_sdk_imports_without_the_generator() -> None:
    """The SDK is standalone: it imports in a fresh interpreter with only httpx available."""
    code = (
        "import sys; import daily_api, daily_api.models, daily_api.errors;"
        "assert 'generator' not in sys.modules and 'jinja2' not in sys.modules;"
        "print(daily_api.__version__)"
    )
    result = _run(sys.executable, "-c", code, cwd=GENERATED)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "1.1.1"


def test_generator_and_tests_are_black_formatted() -> None:
    require("black")
    result = _run(
        sys.executable, "-m", "black", "--check", "--quiet", "generator", "tests", "benchmarks", cwd=ROOT
    )
    assert result.returncode == 0, "run `black generator tests`:\n" + result.stderr
