"""openapi-spec-validator's findings: warnings by default, errors with ``--strict``, the same from the
cache, and never a cost to ``generate`` (which does not import the validator).

Every test runs in its own temporary working directory with ``--no-cache``, as in ``test_bad_input.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.command_line import (
    NOTHING_WRITTEN_1,
    OUTPUT,
    PACKAGE,
    cli,
    empty_workdir,
    run,
    snapshot,
    spec_arg,
)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from empty_workdir(tmp_path, monkeypatch)


# --------------------------------------------------------------------------- 7: validator findings


def test_optional_path_parameter_is_a_warning(workdir: Path) -> None:
    """Without --strict, a path parameter lacking `required: true` is warned about (line, pointer)."""
    spec = spec_arg("optional-path-param.yaml")
    result = run("generate", spec)
    assert result.code == 0, result.err
    pointer = "(at #/paths/~1{optional}/get/parameters/0)"
    assert result.findings == [
        f"{spec}:9:11: warning: spec validation: 'required' is a required property {pointer}",
        f"{spec}:9:11: warning: path parameter 'optional' must be required; treated as required {pointer}",
    ]
    assert re.match(
        rf"generated \d+ files in {OUTPUT} \(.*; 2 warnings; 1 operation, 0 degraded\)", result.err_lines[-1]
    ), result.err
    output = workdir / OUTPUT
    assert (output / PACKAGE / "__init__.py").is_file()
    assert (output / ".generator-manifest").is_file()


def test_optional_path_parameter_is_fatal_with_strict(workdir: Path) -> None:
    """With --strict, the same findings are errors, exit 2, and no output folder is created."""
    spec = spec_arg("optional-path-param.yaml")
    result = run("generate", spec, "--strict")
    assert result.code == 2
    pointer = "(at #/paths/~1{optional}/get/parameters/0)"
    assert result.err_lines == [
        f"{spec}:9:11: error: spec validation: 'required' is a required property {pointer}",
        f"{spec}:9:11: error: path parameter 'optional' must be required; treated as required {pointer}",
        "error: nothing was written (2 problems)",
    ]
    assert result.out == ""
    assert not (workdir / OUTPUT).exists()


@pytest.mark.parametrize("strict", [False, True])
def test_bad_status_code(workdir: Path, strict: bool) -> None:
    """Response code 'abcdef' is a finding at #/paths/~1/get/responses: a warning, fatal with --strict."""
    spec = spec_arg("bad-status-code.yaml")
    result = run("generate", spec, *(["--strict"] if strict else []))
    severity = "error" if strict else "warning"
    findings = [line for line in result.findings if not line.startswith("error: nothing was written")]
    assert len(findings) == 3, result.err
    for line in findings[:2]:
        assert re.fullmatch(
            rf"{re.escape(spec)}:9:9: {severity}: spec validation: .+ \(at #/paths/~1/get/responses\)", line
        ), line
    assert any("'abcdef' was unexpected" in line for line in findings), result.err
    # The generator's own, specific finding: where the bad code is and what happens to it.
    assert findings[2] == (
        f"{spec}:10:11: {severity}: response code 'abcdef' is not an HTTP status, a range like 2XX, "
        "or 'default'; ignored (at #/paths/~1/get/responses/abcdef)"
    )
    if strict:
        assert result.code == 2
        assert result.err_lines[-1] == "error: nothing was written (3 problems)"
        assert not (workdir / OUTPUT).exists()
    else:
        assert result.code == 0
        assert (workdir / OUTPUT / PACKAGE / "__init__.py").is_file()


def test_quiet_hides_warnings_but_not_errors() -> None:
    """-q prints no warnings on success; under --strict the (now fatal) findings are still printed."""
    spec = spec_arg("optional-path-param.yaml")
    quiet = run("generate", spec, "-q")
    assert quiet.code == 0
    assert quiet.err == ""
    assert quiet.out == ""
    strict = run("generate", spec, "-q", "--strict", output="other")
    assert strict.code == 2
    assert "error: spec validation: 'required' is a required property" in strict.err


NO_VERSION_FINDING = "spec validation: 'version' is a required property (at #/info)"


def test_check_does_not_validate_without_strict(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The validator's findings never change the output, so `check` does not run it."""
    spec = spec_arg("no-version.yaml")
    generated = run("generate", spec)
    assert generated.code == 0
    assert generated.findings == [f"{spec}:3:3: warning: {NO_VERSION_FINDING}"]

    def no_validation(*args: object) -> None:
        raise AssertionError("check started openapi-spec-validator")

    monkeypatch.setattr("generator.spec.validate.start_validation", no_validation)
    checked = run("check", spec)
    assert checked.code == 0, checked.out
    assert checked.err == ""


def test_check_with_strict_fails_on_a_validator_finding(workdir: Path) -> None:
    """`check --strict` validates: a finding of the validator alone is fatal."""
    spec = spec_arg("no-version.yaml")
    assert run("generate", spec).code == 0
    before = snapshot(workdir / OUTPUT)
    checked = run("check", spec, "--strict")
    assert checked.code == 2
    assert checked.err_lines == [f"{spec}:3:3: error: {NO_VERSION_FINDING}", NOTHING_WRITTEN_1]
    assert snapshot(workdir / OUTPUT) == before


def test_generate_with_strict_writes_nothing_on_a_validator_finding(workdir: Path) -> None:
    """The validator runs beside build and render; under --strict nothing is written until it passed."""
    spec = spec_arg("no-version.yaml")
    result = run("generate", spec, "--strict")
    assert result.code == 2
    assert result.err_lines == [f"{spec}:3:3: error: {NO_VERSION_FINDING}", NOTHING_WRITTEN_1]
    assert not (workdir / OUTPUT).exists()


def test_validator_findings_survive_the_cache(workdir: Path) -> None:
    """A run replayed from the cache prints the same findings, also after a `check` stored it unvalidated."""
    spec = spec_arg("no-version.yaml")
    argv = ("--spec", spec, "--output", OUTPUT, "--package", PACKAGE)
    assert cli("check", *argv).err == ""  # stores the run, without validating
    expected = [f"{spec}:3:3: warning: {NO_VERSION_FINDING}"]
    assert cli("generate", *argv).findings == expected  # replayed, validated now
    assert cli("generate", *argv).findings == expected  # replayed with the stored findings
    assert cli("check", *argv).err == ""
    shutil.rmtree(workdir / ".generator-cache")  # this test is the one that uses the cache


def test_generate_does_not_import_the_validator(workdir: Path) -> None:
    """openapi-spec-validator runs in a process of its own: the main process never imports it."""
    spec = spec_arg("no-version.yaml")
    probe = (
        "import sys\n"
        "from generator.cli import main\n"
        f"argv = ['generate', '--spec', {spec!r}, '--output', 'out', '--package', 'pets', '--no-cache']\n"
        "code = main(argv)\n"
        "print(code, 'openapi_spec_validator' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines()[-1] == "0 False"
    assert f"{spec}:3:3: warning: {NO_VERSION_FINDING}" in result.stderr
