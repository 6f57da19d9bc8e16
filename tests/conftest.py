"""Shared test set-up: the repository layout and the committed, generated SDK on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "daily.yaml"
SHARED = ROOT.parent / "shared"

# The committed SDK is imported from generated/ (not installed), so tests always
# exercise exactly what is committed.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


def require(module: str) -> None:
    """Fail (never skip) a test whose tool is missing, saying how to install it."""
    import importlib.util

    import pytest

    if importlib.util.find_spec(module) is None:
        pytest.fail(
            f"{module} is not installed: run `.venv/bin/pip install -e '.[dev]'` (README's Quick start)"
        )
