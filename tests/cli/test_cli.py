"""The command line tells the truth about itself: its name, its version, every flag's help."""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from generator.cli import build_parser

from support.paths import ROOT


def _all_parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = [(parser.prog, parser)]
    for action in parser._actions:  # argparse offers no public walk over subcommands
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


def test_every_argument_of_every_command_has_help() -> None:
    missing = [
        f"{prog}: {'/'.join(action.option_strings) or action.dest}"
        for prog, parser in _all_parsers(build_parser())
        for action in parser._actions
        if not action.help and not isinstance(action, argparse._SubParsersAction)
    ]
    assert missing == []


def test_the_console_script_names_itself(tmp_path: Path) -> None:
    """``openapi-sdk-generator`` says so in its usage and --version; ``python -m generator`` too."""
    script = Path(sys.executable).parent / "openapi-sdk-generator"
    if not script.exists():
        pytest.fail("the console script is not installed: run `.venv/bin/pip install -e '.[dev]'`")
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip() == f"openapi-sdk-generator {__version__}"
    usage = subprocess.run([str(script), "check", "--nope"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and usage.stderr.startswith("usage: openapi-sdk-generator ")
    module = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert module.stdout.strip() == f"python -m generator {__version__}"


def test_check_names_the_command_the_user_ran(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.cli import main

    (tmp_path / "s.yaml").write_text(
        'openapi: "3.0.3"\ninfo: {title: T, version: "1"}\npaths: {}\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    out = io.StringIO()
    args = ["check", "--spec", "s.yaml", "--output", "out", "--package", "p", "--no-cache"]
    assert main(args, stdout=out, stderr=io.StringIO(), prog="openapi-sdk-generator") == 1
    assert "run `openapi-sdk-generator generate`" in out.getvalue()


# --------------------------------------------------------------------------- Node.js and Prism


def _version(text: str) -> tuple[int, int, int]:
    major, minor, patch = [*(int(p) for p in re.findall(r"\d+", text)[:3]), 0, 0, 0][:3]
    return major, minor, patch


def _admits(node_range: str, version: tuple[int, int, int]) -> bool:
    """Whether an npm ``engines.node`` range admits ``version`` (the forms npm packages use)."""
    for alternative in node_range.split("||"):
        ok = True
        for term in re.findall(r"(\^|~|>=|<=|>|<|=)?\s*v?(\d+(?:\.(?:\d+|x|\*))*|\*)", alternative.strip()):
            op, text = term
            if text in ("*", "x"):
                continue
            bound = _version(text.replace("x", "0").replace("*", "0"))
            if op == "^":
                ok &= bound <= version < (bound[0] + 1, 0, 0)
            elif op == "~":
                ok &= bound <= version < (bound[0], bound[1] + 1, 0)
            elif op == ">=":
                ok &= version >= bound
            elif op == ">":
                ok &= version > bound
            elif op == "<":
                ok &= version < bound
            elif op == "<=":
                ok &= version <= bound
            elif ".x" in text or text.count(".") < 2:
                ok &= version[: text.count(".") + 1] == bound[: text.count(".") + 1]
            else:
                ok &= version == bound
        if ok:
            return True
    return False


def test_the_documented_node_version_runs_every_locked_package() -> None:
    """README's Node.js minimum, package.json's engines and every locked package agree."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = re.search(r"Node\.js ≥ (\d+(?:\.\d+)*)", readme)
    assert documented, "README's Quick start names the Node.js version"
    minimum = _version(documented.group(1))
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    assert _version(package["engines"]["node"]) == minimum
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    refusing = {
        name: entry["engines"]["node"]
        for name, entry in lock["packages"].items()
        if name and isinstance(entry.get("engines"), dict) and "node" in entry["engines"]
        if not _admits(entry["engines"]["node"], minimum)
    }
    assert refusing == {}


@pytest.mark.parametrize(
    ("node_range", "version", "expected"),
    [
        (">=24.18.0", (20, 16, 0), False),
        (">=18.20.1", (20, 16, 0), True),
        ("^20.19.0 || ^22.13.0 || >=24.0.0", (20, 16, 0), False),
        ("^12.20 || >=14.13", (20, 16, 0), True),
        ("6.* || 8.* || >= 10.*", (20, 16, 0), True),
        ("4.x || >=6.0.0", (20, 16, 0), True),
        (">= 20.16.0", (20, 16, 0), True),
    ],
)
def test_engine_ranges_are_read_as_npm_reads_them(
    node_range: str, version: tuple[int, int, int], expected: bool
) -> None:
    assert _admits(node_range, version) is expected
