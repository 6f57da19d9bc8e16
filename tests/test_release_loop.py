"""The suite survives upstream: after ``update`` takes in a realistic upstream release, it passes.

The project's tests must not depend on what the vendored spec (``spec/daily.yaml``) or the
committed SDK (``generated/``) contain, or every upstream release would leave a maintainer
unable to tell a broken SDK from a stale test. This test copies the repository, builds the
next major release of the copy's spec (:mod:`upstream_release`: a new operation, a new and a
removed field, a removed enum value, a renamed field, a new version), points the copy's
``upstream`` at it, runs ``python -m generator update`` there and then the default suite
(``-m "not corpus"``) in the copy, which must pass.

The inner suite runs with :data:`INNER_RUN_ENV` set, under which this test does not run
(it would recurse).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from support.paths import DAILY_FIXTURE_SPEC, ROOT
from support.upstream_release import NEW_FIELD, release_of

INNER_RUN_ENV = "OPENAPI_SDK_RELEASE_LOOP_INNER"
"""Set in the copy's suite: the release loop is not run again inside itself."""
SUITE_TIMEOUT = 1800
"""Seconds the copy's default suite may take (about two minutes on two idle cores)."""


def _tracked_and_untracked_files(root: Path) -> list[str]:
    """What a checkout of the working tree holds: tracked files plus untracked, not ignored ones."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=root,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.fail(f"the release loop copies the repository's files with git, which failed: {exc}")
    return sorted({name for name in listed.decode("utf-8").split("\0") if name})


def copy_repository(root: Path, target: Path) -> Path:
    """Copy the working tree's files (not .venv, caches or other ignored files) into ``target``.

    ``node_modules`` (Prism) is linked, not copied. Files deleted but not yet committed are
    left out, as in the working tree.
    """
    for name in _tracked_and_untracked_files(root):
        source = root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name, follow_symlinks=False)
    node_modules = root / "node_modules"
    if node_modules.exists():
        (target / "node_modules").symlink_to(node_modules.resolve(), target_is_directory=True)
    return target


def point_upstream_at(pyproject: Path, source: Path) -> None:
    """Set ``[tool.generator] upstream`` in ``pyproject`` to the one file ``source``."""
    text = pyproject.read_text(encoding="utf-8")
    line = f"upstream = [{str(source)!r}]".replace("'", '"')
    setting = re.compile(r"(?ms)^upstream\s*=\s*(\[.*?\]|\"[^\"\n]*\")[ \t]*$")
    header = re.compile(r"(?m)^\[tool\.generator\][ \t]*$")
    if setting.search(text):
        text = setting.sub(lambda _: line, text, count=1)
    elif header.search(text):
        text = header.sub(lambda m: f"{m[0]}\n{line}", text, count=1)
    else:
        pytest.fail(f"{pyproject} has no [tool.generator] table to point at the upstream release")
    assert tomllib.loads(text)["tool"]["generator"]["upstream"] == [str(source)]
    pyproject.write_text(text, encoding="utf-8")


def _clean_environment() -> dict[str, str]:
    """This process's environment, minus what would make the copy import this checkout's code.

    Bytecode may be written (into the throw-away copy): the copy's suite starts hundreds of
    interpreters, and compiling the generator afresh in each would double its time.
    """
    dropped = {"PYTHONPATH", "PYTHONDONTWRITEBYTECODE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env[INNER_RUN_ENV] = "1"
    env["COLUMNS"] = "200"  # pytest's summary lines, cut to the terminal's width, name the failure
    return env


def _run(*argv: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *argv],
        cwd=cwd,
        env=_clean_environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def failing_summary(output: str) -> str:
    """The ``FAILED``/``ERROR`` lines of a pytest run and its last line, else the output's end."""
    lines = output.splitlines()
    summary = [line for line in lines if line.startswith(("FAILED ", "ERROR "))]
    return "\n".join([*summary, *lines[-1:]]) if summary else output[-6000:]


def test_the_release_makes_every_kind_of_change() -> None:
    """On today's shape of Daily's spec (the fixture), every change of the release applies."""
    current = yaml.safe_load(DAILY_FIXTURE_SPEC.read_text(encoding="utf-8"))
    release = release_of(current)
    assert current == yaml.safe_load(DAILY_FIXTURE_SPEC.read_text(encoding="utf-8"))  # not modified
    assert len(release.changes) == 6, release.changes
    paths = release.document["paths"]
    assert set(paths) - set(current["paths"]) == {"/meeting-tokens/{meeting_token}"}
    added = paths["/meeting-tokens/{meeting_token}"]["get"]
    assert added["operationId"] == "GetMeetingToken"
    assert [(p["name"], p["in"]) for p in added["parameters"]] == [("meeting_token", "path")]
    new = release.document["components"]["schemas"]["properties"]["properties"]
    old = current["components"]["schemas"]["properties"]["properties"]
    assert NEW_FIELD in new and NEW_FIELD not in old
    assert "display_name" in new and "user_name" not in new
    assert set(old) - set(new) == {"user_name", "close_tab_on_exit"}
    assert set(old["lang"]["enum"]) - set(new["lang"]["enum"]) == {"user"}
    assert release.document["info"]["version"] == "2.0.0"


def test_the_release_of_a_spec_without_a_create_operation_only_bumps_the_version() -> None:
    """A change that no longer applies is left out, never forced (and never a crash)."""
    current: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "T", "version": "v7.2"}, "paths": {}}
    release = release_of(current)
    assert release.changes == ["info.version v7.2 -> 8.0.0"]
    assert release.document["paths"] == {}


@pytest.mark.release
@pytest.mark.skipif(bool(os.environ.get(INNER_RUN_ENV)), reason="inside the release loop's own run")
def test_the_default_suite_passes_after_an_upstream_release(tmp_path: Path) -> None:
    started = time.monotonic()
    copy = copy_repository(ROOT, tmp_path / "repo")
    spec = copy / "spec" / "daily.yaml"
    current = yaml.safe_load(spec.read_text(encoding="utf-8"))
    release = release_of(current)
    assert release.document != current and release.changes, "the release changes nothing"
    upstream = tmp_path / "upstream" / "daily.yaml"
    upstream.parent.mkdir()
    text = yaml.safe_dump(release.document, sort_keys=False, allow_unicode=True)
    upstream.write_text(text, encoding="utf-8")
    point_upstream_at(copy / "pyproject.toml", upstream)

    # `python -m` puts the working folder first on sys.path: the copy's generator, not this one.
    probe = _run("-c", "import generator; print(generator.__file__)", cwd=copy)
    assert probe.returncode == 0, probe.stderr
    assert Path(probe.stdout.strip()).resolve().is_relative_to(copy.resolve()), probe.stdout

    updated = _run("-m", "generator", "update", cwd=copy)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    assert yaml.safe_load(spec.read_text(encoding="utf-8")) == release.document
    applied = "\n".join(release.changes)

    suite = _run(
        "-m",
        "pytest",
        "-n",
        "2",
        "-m",
        "not corpus",
        "-p",
        "no:cacheprovider",
        cwd=copy,
        timeout=SUITE_TIMEOUT,
    )
    elapsed = time.monotonic() - started
    assert f"rootdir: {copy}" in suite.stdout, suite.stdout[:2000]  # the copy's tests and conftest
    assert suite.returncode == 0, (
        f"after the upstream release ({applied}), the default suite fails in the copy "
        f"({elapsed:.0f} s):\n{failing_summary(suite.stdout + suite.stderr)}"
    )
    assert re.search(r"\d+ passed", suite.stdout), suite.stdout[-2000:]
