"""The development tools the tests run (mypy, black, ruff, ...): present, or a clear failure."""

from __future__ import annotations

import importlib.util

import pytest


def require(module: str) -> None:
    """Fail (never skip) a test whose tool is missing, saying how to install it."""
    if importlib.util.find_spec(module) is None:
        pytest.fail(
            f"{module} is not installed: run `.venv/bin/pip install -e '.[dev]'` (README's Quick start)"
        )
