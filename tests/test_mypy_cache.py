"""The run's one mypy cache (:mod:`support.mypy`) changes how long mypy takes, never what it reports.

A module that passed is checked again from the cache after an edit: the error the edit makes is
reported, and the module passes again once the edit is undone.
"""

from __future__ import annotations

from pathlib import Path

from support.mypy import run_mypy

GOOD = "def answer() -> int:\n    return 42\n"
BAD = 'def answer() -> int:\n    return "42"\n'


def test_a_shared_cache_still_reports_a_new_error(tmp_path: Path, mypy_cache: Path) -> None:
    package = tmp_path / "mypy_cache_probe"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    module = package / "answers.py"

    module.write_text(GOOD, encoding="utf-8")
    first = run_mypy("--strict", "-p", package.name, cwd=tmp_path, cache=mypy_cache)
    assert first.returncode == 0, first.stdout + first.stderr

    module.write_text(BAD, encoding="utf-8")
    second = run_mypy("--strict", "-p", package.name, cwd=tmp_path, cache=mypy_cache)
    assert second.returncode == 1, second.stdout + second.stderr
    assert 'Incompatible return value type (got "str", expected "int")' in second.stdout

    module.write_text(GOOD, encoding="utf-8")
    third = run_mypy("--strict", "-p", package.name, cwd=tmp_path, cache=mypy_cache)
    assert third.returncode == 0, third.stdout + third.stderr
    assert any(mypy_cache.iterdir()), "mypy wrote nothing to the shared cache"
