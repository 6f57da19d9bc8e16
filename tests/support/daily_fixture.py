"""The ``daily_api`` the tests import: generated once per run from the frozen fixture spec.

``tests/conftest.py`` generates it (or, in an xdist worker, takes the controller's) at
configure time and puts its folder first on ``sys.path``; tests find that folder with
:func:`daily_sdk`.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from support.paths import DAILY_FIXTURE_PYPROJECT, GENERATED

WORKERINPUT_KEY = "daily_fixture_sdk"
"""The ``workerinput`` key an xdist controller passes its generated fixture SDK's folder under."""
_folder: Path | None = None
"""The output folder of the fixture SDK (``daily_api/``, ``docs/``, ``tests/``, README, ...)."""


def daily_sdk() -> Path:
    """The output folder of the ``daily_api`` SDK the tests import (generated from the fixture)."""
    if _folder is None:
        raise RuntimeError("the Daily fixture SDK is generated in pytest_configure; it has not run")
    return _folder


def installed() -> Path | None:
    """The fixture SDK's folder once :func:`install` has run (what a controller hands its workers)."""
    return _folder


def _generate(folder: Path) -> Path:
    """Generate ``daily_api`` from the fixture into ``folder/generated`` (the same name as the
    repository's SDK folder, so its README reads alike) and return that folder."""
    from generator.config import load_settings
    from generator.diagnostics import SpecError
    from generator.emit.writer import write
    from generator.pipeline import generate_files

    output = folder / GENERATED.name
    try:
        settings = load_settings(pyproject=DAILY_FIXTURE_PYPROJECT, output=str(output), use_cache=False)
        write(output, generate_files(settings, validate=False).files)
    except SpecError as exc:
        raise pytest.UsageError(f"the Daily fixture SDK could not be generated: {exc}") from None
    return output


def install(config: pytest.Config) -> None:
    """Make ``import daily_api`` import the fixture SDK, generated once per run.

    An xdist worker reuses the folder its controller generated (passed in ``workerinput``);
    any other process generates it in-process into a temporary folder removed at exit.
    The folder goes first on ``sys.path``, ahead of an installed ``daily_api``.
    """
    global _folder
    workerinput: dict[str, Any] = getattr(config, "workerinput", {})
    shared = workerinput.get(WORKERINPUT_KEY)
    if shared and (Path(shared) / "daily_api" / "__init__.py").is_file():
        _folder = Path(shared)
    else:
        folder = Path(tempfile.mkdtemp(prefix="daily-fixture-sdk-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        _folder = _generate(folder)
    stale = [name for name in sys.modules if name == "daily_api" or name.startswith("daily_api.")]
    if stale:
        raise pytest.UsageError(f"daily_api was imported before the fixture SDK was set up: {stale[0]}")
    sys.path.insert(0, str(_folder))
