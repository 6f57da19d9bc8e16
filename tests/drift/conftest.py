"""Fixtures of the drift tests."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from generator.spec.source import SpecLoader

from support.diff_specs import DAILY


@pytest.fixture(scope="module")
def daily() -> dict[str, Any]:
    """The frozen Daily spec as the spec loader reads it (one per module; tests copy it to change it)."""
    return yaml.load(DAILY.read_text(encoding="utf-8"), Loader=SpecLoader)
