"""The runtime is source: copied unchanged into each SDK, black-clean as the SDK's style wants,
and the single list of what generated code may import from it."""

from __future__ import annotations

import importlib
import inspect
from pathlib import Path

import black
import pytest

import generator.runtime as runtime
from generator.emit.render import WEBHOOKS_RUNTIME, runtime_copies
from generator.runtime import _defaults as defaults

from support.daily_fixture import daily_sdk
from support.specs import generate_sdk, minimal

SDK_MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=100)
"""The layout of every generated file (tests/support/specs.py black_changes)."""


def test_every_runtime_module_is_black_clean_in_the_sdk_style() -> None:
    for path in sorted(runtime.RUNTIME_DIR.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert black.format_str(text, mode=SDK_MODE) == text, path.name


def test_the_sdk_gets_the_runtime_byte_for_byte() -> None:
    copies = runtime_copies("acme.sdk")
    assert sorted(copies) == [f"acme/sdk/{name}" for name in runtime.COPIED]
    for name in runtime.COPIED:
        assert copies[f"acme/sdk/{name}"] == (runtime.RUNTIME_DIR / name).read_text(encoding="utf-8")
        if name == WEBHOOKS_RUNTIME:
            # Only an SDK whose client has ``webhooks`` gets the verifier; the fixture spec has none.
            assert not (daily_sdk() / "daily_api" / name).exists()
            assert f"acme/sdk/{name}" not in runtime_copies("acme.sdk", webhooks=False)
            continue
        # What the pipeline wrote for the fixture spec: the header every generated module has, then the copy.
        written = (daily_sdk() / "daily_api" / name).read_text(encoding="utf-8")
        header, copied = written.split("\n", 1)
        assert header.startswith("# Generated from ") and copied == copies[f"acme/sdk/{name}"]
    assert not set(runtime.STAND_INS) & set(runtime.COPIED)


def test_public_names_are_the_union_of_the_modules_all() -> None:
    imported: set[str] = set()
    for name in runtime.COPIED:
        module = importlib.import_module(f"generator.runtime.{name.removesuffix('.py')}")
        exported = module.__all__
        assert all(hasattr(module, export) for export in exported), name
        assert runtime.exports(name) == tuple(exported), name
        classes = sorted(e for e in exported if inspect.isclass(getattr(module, e)))
        assert [c for c in classes if getattr(module, c).__module__ == module.__name__] == list(
            runtime.exported_classes(name)
        ), name
        imported.update(exported)
    assert runtime.public_names() == imported
    assert {"ConfigurationError", "APIResponseValidationError", "SyncPage", "Model"} <= imported


def test_the_generator_reads_the_runtime_without_httpx() -> None:
    """``generator.runtime`` is imported by the generator, which does not depend on httpx."""
    source = (runtime.RUNTIME_DIR / "__init__.py").read_text(encoding="utf-8")
    defaults = (runtime.RUNTIME_DIR / "_defaults.py").read_text(encoding="utf-8")
    assert "import httpx" not in source and "import" not in defaults.split('"""', 2)[2]


def test_the_docs_read_the_defaults_from_the_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Change a default in ``_defaults.py`` and the README and the client's docstring follow."""
    monkeypatch.setattr(defaults, "DEFAULT_MAX_RETRIES", 7)
    monkeypatch.setattr(defaults, "DEFAULT_TIMEOUT_SECONDS", 42.5)
    monkeypatch.setattr(defaults, "MAX_RETRY_DELAY", 11.0)
    output = generate_sdk(
        tmp_path, minimal({"/ping": {"get": {"responses": {"204": {"description": "ok"}}}}}), "defaults_sdk"
    )
    readme = (output / "README.md").read_text(encoding="utf-8")
    client = " ".join((output / "defaults_sdk" / "_client.py").read_text(encoding="utf-8").split())
    assert "`max_retries` (7 by default)" in readme and "42.5 seconds by default" in readme
    assert "doubling up to 11 s" in readme
    assert "retried (7 by default)" in client and "included (42.5 by default," in client
