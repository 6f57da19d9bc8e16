"""Shared test set-up: the repository layout, and a Daily SDK generated from a frozen fixture on sys.path.

The project's tests never depend on the vendored spec (``spec/daily.yaml``) or the committed
SDK (``generated/``): an upstream release changes both. Tests of the Daily SDK's behaviour
import ``daily_api`` generated once per run from ``tests/fixtures/daily/`` (see
:func:`_install_daily_fixture_sdk`). Only the in-step check (``test_check.py``) and the SDK's
own generated tests (``test_sdk_tests.py``) look at ``spec/`` and ``generated/``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "daily.yaml"
CORPUS_ENV = "OPENAPI_SDK_CORPUS"
"""Names the folder of third-party specs the ``corpus`` tests run over (as ``--corpus`` does)."""
DEFAULT_CORPUS = ROOT.parent / "shared" / "specs"
"""Where the corpus is looked for when nothing names it: beside the repository, as in CI."""

DAILY_FIXTURE = ROOT / "tests" / "fixtures" / "daily"
DAILY_FIXTURE_PYPROJECT = DAILY_FIXTURE / "pyproject.toml"
"""The fixture's ``[tool.generator]``: the repository's Daily settings, for the frozen spec."""
DAILY_FIXTURE_SPEC = DAILY_FIXTURE / "meeting-tokens.yaml"
"""A frozen copy of Daily's meeting-token spec: what the tests' ``daily_api`` is generated from."""
_DAILY_SDK_KEY = "daily_fixture_sdk"
"""The ``workerinput`` key an xdist controller passes its generated fixture SDK's folder under."""
DAILY_SDK: Path | None = None
"""The output folder of the fixture SDK (``daily_api/``, ``docs/``, ``tests/``, README, ...),
set at configure time; use :func:`daily_sdk`."""


def daily_sdk() -> Path:
    """The output folder of the ``daily_api`` SDK the tests import (generated from the fixture)."""
    if DAILY_SDK is None:
        raise RuntimeError("the Daily fixture SDK is generated in pytest_configure; it has not run")
    return DAILY_SDK


def _generate_daily_fixture_sdk(folder: Path) -> Path:
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


def _install_daily_fixture_sdk(config: pytest.Config) -> None:
    """Make ``import daily_api`` import the fixture SDK, generated once per run.

    An xdist worker reuses the folder its controller generated (passed in ``workerinput``);
    any other process generates it in-process into a temporary folder removed at exit.
    The folder goes first on ``sys.path``, ahead of an installed ``daily_api``.
    """
    global DAILY_SDK
    workerinput: dict[str, Any] = getattr(config, "workerinput", {})
    shared = workerinput.get(_DAILY_SDK_KEY)
    if shared and (Path(shared) / "daily_api" / "__init__.py").is_file():
        DAILY_SDK = Path(shared)
    else:
        folder = Path(tempfile.mkdtemp(prefix="daily-fixture-sdk-"))
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        DAILY_SDK = _generate_daily_fixture_sdk(folder)
    stale = [name for name in sys.modules if name == "daily_api" or name.startswith("daily_api.")]
    if stale:
        raise pytest.UsageError(f"daily_api was imported before the fixture SDK was set up: {stale[0]}")
    sys.path.insert(0, str(DAILY_SDK))


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: hand every worker the controller's fixture SDK instead of generating it again."""
    if DAILY_SDK is not None:
        node.workerinput[_DAILY_SDK_KEY] = str(DAILY_SDK)


def require(module: str) -> None:
    """Fail (never skip) a test whose tool is missing, saying how to install it."""
    import importlib.util

    import pytest

    if importlib.util.find_spec(module) is None:
        pytest.fail(
            f"{module} is not installed: run `.venv/bin/pip install -e '.[dev]'` (README's Quick start)"
        )


def corpus_root() -> Path | None:
    """The spec corpus the ``corpus`` tests use, or ``None`` when there is none.

    A folder named by ``--corpus`` or ``$OPENAPI_SDK_CORPUS`` must exist (``.ci/run`` names
    one, so CI fails loudly without it); the default folder beside the repository is used
    only when it is there, so a fresh clone runs everything else.
    """
    named = os.environ.get(CORPUS_ENV)
    if named:
        return Path(named).resolve()
    return DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None


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
    _install_daily_fixture_sdk(config)
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
