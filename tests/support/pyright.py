"""Pyright, the second type checker SDK users run (``node_modules/.bin/pyright``, pinned in
``package.json``): run in strict mode on a user's script against a generated SDK."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support.paths import ROOT

PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"


def require_pyright() -> Path:
    """The pyright executable; the test is skipped, saying how to install it, when it is missing."""
    if not PYRIGHT.exists():
        pytest.skip(f"pyright is not installed ({PYRIGHT} is missing): run `npm ci` (README's Quick start)")
    return PYRIGHT


def run_pyright(script: Path, *search_paths: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``pyright`` in strict mode on ``script`` alone, importing from ``search_paths`` (a generated
    SDK's folder) and this interpreter's packages (``httpx``)."""
    pyright = require_pyright()
    config = {
        "include": [script.name],
        "typeCheckingMode": "strict",
        "pythonVersion": f"{sys.version_info.major}.{sys.version_info.minor}",
        "extraPaths": [str(path) for path in search_paths],
    }
    (script.parent / "pyrightconfig.json").write_text(json.dumps(config), encoding="utf-8")
    return subprocess.run(
        [str(pyright), "--pythonpath", sys.executable, "--project", str(script.parent)],
        cwd=script.parent,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
