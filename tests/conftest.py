"""Shared test set-up: the repository layout and the committed, generated SDK on sys.path."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SPEC = ROOT / "spec" / "daily.yaml"
CORPUS_ENV = "OPENAPI_SDK_CORPUS"
"""Names the folder of third-party specs the ``corpus`` tests run over (as ``--corpus`` does)."""
DEFAULT_CORPUS = ROOT.parent / "shared" / "specs"
"""Where the corpus is looked for when nothing names it: beside the repository, as in CI."""

# The committed SDK is imported from generated/ (not installed), so tests always
# exercise exactly what is committed.
if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


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
    if corpus_root() is not None:
        return
    deselected = [item for item in items if item.get_closest_marker("corpus")]
    if deselected:
        items[:] = [item for item in items if not item.get_closest_marker("corpus")]
        config.hook.pytest_deselected(items=deselected)
