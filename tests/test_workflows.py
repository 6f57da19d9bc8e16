"""The CI set-up: the workflows run README's commands, on both ends of the Pythons the SDK
supports, with every tool pinned by ``constraints.txt``.

The tests run black, ruff and mypy on generated code, so a new release of one of them could
turn main red with no change here: they are installed only at the versions the constraints
file pins, and these tests check that every install line uses it.
"""

from __future__ import annotations

import json
import re
import shlex
import tomllib
from typing import Any

import pytest
import yaml

from generator.cli import build_parser
from generator.drift import cli as drift_cli

from support.paths import GENERATED, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def _workflow(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    if True in data:  # YAML 1.1 reads the `on:` key as true
        data["on"] = data.pop(True)
    return data


def _run_scripts(workflow: dict[Any, Any]) -> list[str]:
    return [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]


def _uses(workflow: dict[Any, Any]) -> dict[str, dict[str, Any]]:
    return {
        step["uses"].split("@")[0]: step.get("with", {})
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "uses" in step
    }


def _generator_invocations(scripts: list[str]) -> list[list[str]]:
    """The arguments of every ``python -m generator ...`` in the scripts (up to a shell operator)."""
    found = []
    for script in scripts:
        script = script.replace("\\\n", " ")
        for match in re.finditer(
            r"(?:^|&&|\|\||;|\|)\s*(?:\S*/)?python3?\s+-m\s+generator\s+([^\n|;&<>]*)", script, re.M
        ):
            words = shlex.split(match.group(1))
            found.append([w for w in words if not re.match(r"^\d?>", w)])
    return found


def _readme_quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL)
    assert block is not None
    return [line for line in block.group(1).splitlines() if line.strip()]


def _check_against_cli(invocations: list[list[str]]) -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    assert commands is not None
    for argv in invocations:
        assert argv[0] in commands, f"{argv[0]!r} is not a command of python -m generator"
        try:
            parser.parse_args(argv)
        except SystemExit:
            pytest.fail(f"python -m generator {shlex.join(argv)}: not accepted by the command line")


def test_ci_workflow_runs_the_quick_start_and_check_on_both_ends_of_the_sdks_pythons() -> None:
    workflow = _workflow("ci.yml")
    assert {"push", "pull_request"} <= set(workflow["on"])
    (job,) = workflow["jobs"].values()
    assert job["strategy"]["fail-fast"] is False  # one Python failing must not hide the other's result
    assert [str(v) for v in job["strategy"]["matrix"]["python"]] == list(_sdk_python_range())
    uses = _uses(workflow)
    assert uses["actions/setup-python"]["python-version"] == "${{ matrix.python }}"
    # The oldest Node.js the project supports (package.json's engines, which README names).
    engines = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["engines"]["node"]
    assert ">=" + str(uses["actions/setup-node"]["node-version"]) == engines
    scripts = _run_scripts(workflow)
    lines = [line.strip() for script in scripts for line in script.splitlines()]
    for command in _readme_quick_start():
        assert command in lines, f"README's quick-start command is not run verbatim: {command}"
    invocations = _generator_invocations(scripts)
    assert ["check"] in invocations
    _check_against_cli(invocations)


def _sdk_python_range() -> tuple[str, str]:
    """The oldest and newest Python the generated SDK declares: requires-python and the classifiers."""
    project = tomllib.loads((GENERATED / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floor = re.fullmatch(r">=(3\.\d+)", project["requires-python"])
    assert floor is not None, project["requires-python"]
    minors = sorted(
        (int(c.rsplit(".", 1)[1]) for c in project["classifiers"] if re.fullmatch(r".*:: 3\.\d+", c)),
    )
    assert minors and f"3.{minors[0]}" == floor.group(1), "the classifiers must start at requires-python"
    assert minors == list(range(minors[0], minors[-1] + 1)), "the classifiers must not skip a version"
    generator_floor = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert (
        generator_floor["requires-python"] == project["requires-python"]
    ), "the suite runs the generator and the SDK in one interpreter: their floors must agree"
    return floor.group(1), f"3.{minors[-1]}"


def _pip_installs() -> list[str]:
    """Every ``pip install`` line of README's Quick start, .ci/run and the workflows."""
    texts = [*_readme_quick_start(), (ROOT / ".ci" / "run").read_text(encoding="utf-8")]
    texts += ["\n".join(_run_scripts(_workflow(path.name))) for path in sorted(WORKFLOWS.glob("*.yml"))]
    return [
        line.strip()
        for text in texts
        for line in text.splitlines()
        if re.search(r"\bpip install\b", line) and "--upgrade pip" not in line
    ]


def test_every_install_is_pinned_by_the_constraints_file() -> None:
    installs = _pip_installs()
    assert len(installs) >= 4  # README, .ci/run, and the workflows
    for line in installs:
        assert "-c constraints.txt" in line, f"installs tools at unpinned versions: {line}"


def test_the_constraints_pin_every_development_dependency_exactly() -> None:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version and re.fullmatch(r"[0-9][0-9A-Za-z.+!-]*", version), f"not an exact pin: {line}"
            pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    for requirement in requirements:
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]).lower()
        assert name in pins, f"{requirement} is not pinned in constraints.txt"


def test_drift_workflow_is_scheduled_and_reports() -> None:
    workflow = _workflow("upstream-drift.yml")
    triggers = workflow["on"]
    assert "workflow_dispatch" in triggers
    assert len(triggers["schedule"][0]["cron"].split()) == 5
    assert workflow["permissions"]["issues"] == "write"
    scripts = "\n".join(_run_scripts(workflow))
    assert "GITHUB_STEP_SUMMARY" in scripts
    assert "gh issue create" in scripts and "gh issue edit" in scripts
    invocations = _generator_invocations(_run_scripts(workflow))
    assert ["fetch-upstream", "--format", "markdown"] in invocations
    assert ["fetch-upstream", "--format", "markdown", "--upstream", "$UPSTREAM"] in invocations
    _check_against_cli(invocations)
    # The header says what the command does: 3 (not 2) when the specs could not be compared.
    header = (WORKFLOWS / "upstream-drift.yml").read_text(encoding="utf-8").split("\nname:", 1)[0]
    assert f"{drift_cli.EXIT_CANNOT_COMPARE} the specs could not be compared" in " ".join(header.split())
    assert '[ "$code" -gt 2 ]' in scripts
    # The issue body changes only when the diff does: no per-run link, no edit when it is the same.
    issue_step = next(script for script in _run_scripts(workflow) if "gh issue create" in script)
    assert "GITHUB_RUN_ID" not in issue_step
    assert issue_step.index("gh issue view") < issue_step.index("gh issue edit")
