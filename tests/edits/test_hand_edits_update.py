"""Issue 18's "done when": in a fresh clone, a helper in ``lib/`` and a hand-written method survive
``update`` to an upstream release with a new operation and a new field.

The project is built from the fixture specs in ``tests/fixtures/hand-edits/`` (v1 vendored, v2 the
upstream release, a local file), committed, and cloned; everything after runs in the clone through
the real command line, as a maintainer would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.hand_edits import AFTER_INIT, FIXTURES, HAND_METHOD, git
from support.mypy import run_mypy
from support.paths import ROOT
from support.tools import require

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

PYPROJECT = """\
[tool.generator]
spec = ["spec/tokens.yaml"]
output = "generated"
package = "tokens_api"
upstream = ["upstream/release.yaml"]
changelog = "generated/CHANGELOG.md"
"""
HELPERS = '''\
"""Hand-written helpers on top of the generated client."""

from __future__ import annotations

from tokens_api import TokensClient


def room_url(domain: str, room: str) -> str:
    """The address of a room."""
    return f"https://{domain}/{room}"


def token_for_room(client: TokensClient, room: str) -> str:
    """A meeting token for one room (empty when the API gives none)."""
    return client.meeting_tokens.create(room_name=room).token or ""
'''
HELPER_TESTS = """\
from tokens_api.lib.helpers import room_url


def test_room_url() -> None:
    assert room_url("example.daily.co", "standup") == "https://example.daily.co/standup"
"""
RESOURCE = "generated/tokens_api/resources/meeting_tokens.py"


def _generator(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, "--no-cache"],
        cwd=root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=False,
    )


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """A fresh clone of a project whose SDK was generated from v1 and committed."""
    origin = tmp_path / "origin"
    (origin / "spec").mkdir(parents=True)
    (origin / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    shutil.copy(FIXTURES / "v1.yaml", origin / "spec" / "tokens.yaml")
    result = _generator(origin, "generate")
    assert result.returncode == 0, result.stderr
    git(origin, "init", "-q")
    git(origin, "add", "-A")
    git(origin, "commit", "-qm", "the SDK, generated")
    git(tmp_path, "clone", "-q", str(origin), "clone")
    copy = tmp_path / "clone"
    (copy / "upstream").mkdir()
    shutil.copy(FIXTURES / "v2.yaml", copy / "upstream" / "release.yaml")
    return copy


def _add_helper_and_method(root: Path) -> None:
    lib = root / "generated" / "tokens_api" / "lib"
    lib.mkdir()
    (lib / "__init__.py").write_text('"""Hand-written code."""\n', encoding="utf-8")
    (lib / "helpers.py").write_text(HELPERS, encoding="utf-8")
    (root / "generated" / "tests" / "lib").mkdir()
    (root / "generated" / "tests" / "lib" / "test_helpers.py").write_text(HELPER_TESTS, encoding="utf-8")
    resource = root / RESOURCE
    text = resource.read_text(encoding="utf-8")
    resource.write_text(text.replace(AFTER_INIT, AFTER_INIT + HAND_METHOD, 1), encoding="utf-8")
    # The worked example of the SDK's README, as a maintainer would copy it.
    readme = (root / "generated" / "README.md").read_text(encoding="utf-8")
    example = readme.split("## Extending the SDK", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    (lib / "clients.py").write_text(example, encoding="utf-8")


def test_update_keeps_the_helper_and_the_hand_written_method(
    clone: Path, tmp_path: Path, mypy_cache: Path
) -> None:
    _add_helper_and_method(clone)
    result = _generator(clone, "update")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "merged your edits into tokens_api/resources/meeting_tokens.py" in result.stderr

    resource = (clone / RESOURCE).read_text(encoding="utf-8")
    assert HAND_METHOD in resource  # the hand-written method
    assert "def retrieve(" in resource  # the new operation
    request = (clone / "generated/tokens_api/models/token_request.py").read_text(encoding="utf-8")
    assert "exp: int | None = None" in request  # the new field
    assert (clone / "generated/tokens_api/lib/helpers.py").read_text(encoding="utf-8") == HELPERS
    assert (
        "def quick_client() -> TokensClient:" in (clone / "generated/tokens_api/lib/clients.py").read_text()
    )

    check = _generator(clone, "check")
    assert check.returncode == 0, check.stdout

    # The SDK type-checks with its lib/ (mypy --strict, from its own pyproject) and runs its tests.
    sdk = clone / "generated"
    env = {**os.environ, "PYTHONPATH": str(sdk)}
    mypy = run_mypy("tokens_api", cwd=sdk, cache=mypy_cache, env=env)
    assert mypy.returncode == 0, mypy.stdout
    pytest_run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/lib"],
        cwd=sdk,
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert pytest_run.returncode == 0 and "1 passed" in pytest_run.stdout, pytest_run.stdout

    # The wheel ships lib/.
    require("hatchling")
    site = tmp_path / "site"
    offline = ["--no-build-isolation", "--no-deps", "--no-index"]
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", *offline, "--target", str(site), "./generated"],
        cwd=clone,
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    assert (site / "tokens_api" / "lib" / "helpers.py").read_text(encoding="utf-8") == HELPERS


def test_a_conflicting_edit_fails_update_and_loses_nothing_else(clone: Path) -> None:
    _add_helper_and_method(clone)
    resource = clone / RESOURCE
    text = resource.read_text(encoding="utf-8")
    resource.write_text(
        text.replace("        room_name: str | None = None,\n", '        room_name: str = "lobby",\n', 1),
        encoding="utf-8",
    )
    result = _generator(clone, "update")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "conflict: tokens_api/resources/meeting_tokens.py" in result.stderr
    assert "conflict markers" in result.stderr

    merged = resource.read_text(encoding="utf-8")
    assert (
        '<<<<<<< yours: tokens_api/resources/meeting_tokens.py\n        room_name: str = "lobby",\n' in merged
    )
    assert HAND_METHOD in merged and "def retrieve(" in merged
    request = (clone / "generated/tokens_api/models/token_request.py").read_text(encoding="utf-8")
    assert "exp: int | None = None" in request
    assert (clone / "generated/tokens_api/lib/helpers.py").read_text(encoding="utf-8") == HELPERS
    assert "1.1.0" in (clone / "spec" / "tokens.yaml").read_text(encoding="utf-8")
    check = _generator(clone, "check")
    assert (
        check.returncode == 1 and "conflict markers: tokens_api/resources/meeting_tokens.py" in check.stdout
    )
