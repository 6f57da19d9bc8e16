"""``generator.installed`` reads versions from metadata folder names: the same answers as
:mod:`importlib.metadata`, which it avoids importing."""

from __future__ import annotations

from importlib.metadata import version

import pytest

from generator.installed import installed_version, normal_name


@pytest.mark.parametrize("name", ["openapi-spec-validator", "PyYAML", "Jinja2", "black", "httpx"])
def test_versions_match_importlib_metadata(name: str) -> None:
    assert installed_version(name) == version(name)


def test_names_are_compared_as_packaging_normalises_them() -> None:
    assert normal_name("Openapi.Spec__Validator") == normal_name("openapi-spec-validator")
    assert installed_version("openapi_spec.validator") == version("openapi-spec-validator")


def test_a_distribution_that_is_not_installed_is_missing() -> None:
    assert installed_version("no-such-distribution-anywhere") == "missing"
