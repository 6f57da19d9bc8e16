"""Shared test set-up: the repository layout, and a Daily SDK generated from a frozen fixture on sys.path.

The project's tests never depend on the vendored spec (``spec/daily.yaml``) or the committed
SDK (``generated/``): an upstream release changes both. Tests of the Daily SDK's behaviour
import ``daily_api`` generated once per run from ``tests/fixtures/daily/`` (see
:mod:`support.daily_fixture`). Only the in-step check (``cli/test_check.py``) and the SDK's
own generated tests (``emit/test_sdk_tests.py``) look at ``spec/`` and ``generated/``.

Shared helpers live in :mod:`support` (never in a test module); the fixtures every folder
uses are registered here as plugins.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from support import daily_fixture
from support.corpus import CORPUS_ENV, DEFAULT_CORPUS, corpus_root

pytest_plugins = ["support.http_server", "support.mypy"]
"""Fixtures every folder's tests may use: the scripted HTTP server and the shared mypy cache."""


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: hand every worker the controller's fixture SDK instead of generating it again."""
    folder = daily_fixture.installed()
    if folder is not None:
        node.workerinput[daily_fixture.WORKERINPUT_KEY] = str(folder)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--corpus",
        metavar="DIR",
        help=f"folder of third-party OpenAPI specs for the corpus tests "
        f"(default: ${CORPUS_ENV}, else {DEFAULT_CORPUS} when present)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # Tests build hundreds of small specs, each validated in a forked process: importing the
    # validator once here spares every one of those children the import (0.4 s each).
    from generator.spec.validate import preload

    preload()
    daily_fixture.install(config)
    named = config.getoption("--corpus")
    if named:
        os.environ[CORPUS_ENV] = str(Path(named).resolve())
    root = corpus_root()
    if os.environ.get(CORPUS_ENV) and (root is None or not root.is_dir()):
        raise pytest.UsageError(f"the spec corpus {root} (from --corpus or ${CORPUS_ENV}) is not a folder")


def pytest_report_header(config: pytest.Config) -> list[str]:
    root = corpus_root()
    if root is None:
        return [
            f"corpus tests not collected: no spec corpus at {DEFAULT_CORPUS} "
            f"(name one with --corpus DIR or ${CORPUS_ENV})"
        ]
    return [f"corpus: {root}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # The release loop (a whole suite in a copy of the repository) is the slowest test: started
    # first, it runs beside the others instead of after them (xdist hands out tests in order).
    items.sort(key=lambda item: item.get_closest_marker("release") is None)
    if corpus_root() is not None:
        return
    deselected = [item for item in items if item.get_closest_marker("corpus")]
    if deselected:
        items[:] = [item for item in items if not item.get_closest_marker("corpus")]
        config.hook.pytest_deselected(items=deselected)
