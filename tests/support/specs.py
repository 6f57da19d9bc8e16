"""Building the intermediate model (and SDKs) from small inline specs, for unit tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from generator.cache import Cache
from generator.config import Settings, load_settings
from generator.diagnostics import Report
from generator.emit.brackets import LINE_LENGTH
from generator.model.build import build_api
from generator.model.ir import Api
from generator.pipeline import load


def settings_for(spec: Path, output: Path | None = None, package: str = "sdk", **extra: Any) -> Settings:
    settings = load_settings(
        pyproject=None,
        specs=[str(spec)],
        output=str(output or spec.parent / "out"),
        package=package,
        use_cache=False,
    )
    if extra:
        from dataclasses import replace

        settings = replace(settings, **extra)
    return settings


def write_spec(folder: Path, document: dict[str, Any] | str, name: str = "openapi.yaml") -> Path:
    path = folder / name
    text = (
        document
        if isinstance(document, str)
        else (json.dumps(document) if name.endswith(".json") else yaml.safe_dump(document, sort_keys=False))
    )
    path.write_text(text, encoding="utf-8")
    return path


def build(folder: Path, document: dict[str, Any] | str, **extra: Any) -> tuple[Api, Report]:
    spec = write_spec(folder, document)
    settings = settings_for(spec, **extra)
    report = Report()
    workspace = load(settings, report, Cache(None))
    return build_api(workspace, settings.model_options(), report), report


def minimal(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, version: str = "3.0.3"
) -> dict[str, Any]:
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "Test API", "version": "1.0.0"},
        "paths": paths or {},
    }
    if schemas is not None:
        document["components"] = {"schemas": schemas}
    return document


def generate_sdk(folder: Path, document: dict[str, Any] | str, package: str) -> Path:
    """Generate an SDK for ``document`` into ``folder/out`` and return that folder.

    The package name must be unique in the test session: it is imported by name.
    """
    from generator.emit.writer import write
    from generator.pipeline import generate_files

    spec = write_spec(folder, document)
    settings = settings_for(spec, output=folder / "out", package=package)
    write(settings.output, generate_files(settings).files)
    return settings.output


def import_sdk(folder: Path, document: dict[str, Any] | str, package: str) -> Any:
    """Generate and import an SDK; returns its top-level module."""
    import importlib
    import sys

    output = generate_sdk(folder, document, package)
    sys.path.insert(0, str(output))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(output))


def black_changes(files: dict[str, str], shown_lines: int = 12) -> list[str]:
    """What black (the generator's style: line length 100, py310) would change in each ``.py`` file.

    Black is the judge of the generated code's layout: the generator never runs it, so
    every generated file must already be exactly what black prints. One message per
    changed file, with the start of the diff.
    """
    import difflib

    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    problems: list[str] = []
    for path, text in sorted(files.items()):
        if not path.endswith(".py"):
            continue
        try:
            formatted = black.format_str(text, mode=mode)
        except black.InvalidInput as exc:
            problems.append(f"{path}: black cannot parse it: {exc}")
            continue
        if formatted != text:
            diff = difflib.unified_diff(
                text.splitlines(), formatted.splitlines(), path, f"{path} (black)", n=1, lineterm=""
            )
            problems.append("\n".join(list(diff)[:shown_lines]))
    return problems
