"""The tests' ``daily_api`` is the SDK generated from the frozen fixture, never ``generated/``."""

from __future__ import annotations

from pathlib import Path

import daily_api

from support.daily_fixture import daily_sdk
from support.paths import DAILY_FIXTURE_SPEC, GENERATED


def test_daily_api_is_imported_from_the_fixture_sdk() -> None:
    location = Path(daily_api.__file__).resolve()
    assert location.is_relative_to(daily_sdk().resolve()), location
    assert not location.is_relative_to(GENERATED.resolve())


def test_the_fixture_sdk_is_generated_from_the_fixture_spec() -> None:
    """Its bundled spec copy (the generated tests' ``openapi.json``) has the fixture's title."""
    import json

    import yaml

    bundled = json.loads((daily_sdk() / "tests" / "openapi.json").read_text(encoding="utf-8"))
    fixture = yaml.safe_load(DAILY_FIXTURE_SPEC.read_text(encoding="utf-8"))
    assert bundled["info"] == fixture["info"]
    assert sorted(bundled["paths"]) == sorted(fixture["paths"])
