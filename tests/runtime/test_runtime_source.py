"""The runtime is source: copied unchanged into each SDK, black-clean as the SDK's style wants,
and the single list of what generated code may import from it."""

from __future__ import annotations

import importlib

import black

import generator.runtime as runtime
from generator.emit.render import runtime_copies

from conftest import daily_sdk

SDK_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)
"""The layout of every generated file (tests/spec_helpers.py black_changes)."""


def test_every_runtime_module_is_black_clean_in_the_sdk_style() -> None:
    for path in sorted(runtime.RUNTIME_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=SDK_MODE) == text, path.name


def test_the_sdk_gets_the_runtime_byte_for_byte() -> None:
    copies = runtime_copies("acme.sdk")
    assert sorted(copies) == [f"acme/sdk/{name}" for name in runtime.COPIED]
    for name in runtime.COPIED:
        assert copies[f"acme/sdk/{name}"] == (runtime.RUNTIME_DIR / name).read_text(encoding="utf-8")
        written = daily_sdk() / "daily_api" / name  # what the pipeline wrote for the fixture spec
        assert written.read_text(encoding="utf-8") == copies[f"acme/sdk/{name}"]
    assert not set(runtime.STAND_INS) & set(runtime.COPIED)


def test_public_names_are_the_union_of_the_modules_all() -> None:
    imported: set[str] = set()
    for name in runtime.COPIED:
        module = importlib.import_module(f"generator.runtime.{name.removesuffix('.py')}")
        exported = module.__all__
        assert all(hasattr(module, export) for export in exported), name
        imported.update(exported)
    assert runtime.public_names() == imported
    assert {"ConfigurationError", "APIResponseValidationError", "SyncPage", "Model"} <= imported


def test_the_generator_reads_the_runtime_without_httpx() -> None:
    """``generator.runtime`` is imported by the generator, which does not depend on httpx."""
    source = (runtime.RUNTIME_DIR / "__init__.py").read_text(encoding="utf-8")
    defaults = (runtime.RUNTIME_DIR / "_defaults.py").read_text(encoding="utf-8")
    assert "import httpx" not in source and "import" not in defaults.split('"""', 2)[2]
