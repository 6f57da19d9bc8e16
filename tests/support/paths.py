"""Where the repository's parts and the tests' fixtures are."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "daily.yaml"
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"

DAILY_FIXTURE = FIXTURES / "daily"
DAILY_FIXTURE_PYPROJECT = DAILY_FIXTURE / "pyproject.toml"
"""The fixture's ``[tool.generator]``: the repository's Daily settings, for the frozen spec."""
DAILY_FIXTURE_SPEC = DAILY_FIXTURE / "meeting-tokens.yaml"
"""A frozen copy of Daily's meeting-token spec: what the tests' ``daily_api`` is generated from."""
