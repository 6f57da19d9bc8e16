"""Bad input: every problem is reported as ``file:line:column: error: message (at #/pointer)``.

The command line promises (generator/cli.py): exit 0 on success, 1 when ``check`` finds
differences, 2 when the input is wrong; input problems are printed on stderr, never as a
traceback, and a failed run leaves the output folder exactly as it was (``emit/test_output_folder.py``);
findings of openapi-spec-validator are ``spec/test_validator_findings.py``.

Every test runs in its own temporary working directory (so the repository's
``[tool.generator]`` settings are not picked up) and with ``--no-cache``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.bad_specs import BAD_REF_POINTER, OPENAPI_4, PLAIN_MAPPING, TOP_LEVEL_LIST
from support.command_line import NOTHING_WRITTEN_1, OUTPUT, PACKAGE, empty_workdir, run, spec_arg
from support.paths import ROOT


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    yield from empty_workdir(tmp_path, monkeypatch)


# --------------------------------------------------------------------------- 1, 2: syntax errors


def test_yaml_bad_indentation_reports_line_and_column() -> None:
    """A mis-indented mapping key is a YAML syntax error located at its line and column."""
    result = run("generate", spec_arg("bad-indent.yaml"))
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        r"bad-indent\.yaml:4:11: error: could not parse YAML: mapping values are not allowed .+",
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1
    assert result.out == ""


def test_yaml_unclosed_bracket_reports_line_and_column() -> None:
    """An unclosed flow sequence is reported where the parser detects it, naming what it expected."""
    result = run("generate", spec_arg("unclosed.yaml"))
    assert result.code == 2
    assert len(result.err_lines) == 2
    first = result.err_lines[0]
    assert first.startswith("unclosed.yaml:9:16: error: could not parse YAML: "), result.err
    assert "flow sequence" in first
    assert "']'" in first
    assert result.err_lines[1] == NOTHING_WRITTEN_1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "stray-comma.json",
            "stray-comma.json:4:13: error: could not parse JSON: "
            "Expecting property name enclosed in double quotes",
        ),
        (
            "missing-comma.json",
            "missing-comma.json:4:3: error: could not parse JSON: Expecting ',' delimiter",
        ),
    ],
)
def test_invalid_json_reports_line_and_column(name: str, expected: str) -> None:
    """A .json spec is parsed as JSON; a syntax error gives its line and column."""
    result = run("generate", spec_arg(name))
    assert result.code == 2
    assert result.err_lines == [expected, NOTHING_WRITTEN_1]


# --------------------------------------------------------------------------- 3, 4, 5: not OpenAPI 3.x


def test_swagger_2_is_rejected() -> None:
    """A Swagger 2.0 document stops the run with a message saying so, at #/swagger."""
    result = run("generate", spec_arg("swagger.yaml"))
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        r"swagger\.yaml:(\d+:\d+:)? error: Swagger 2\.0 documents are not supported; "
        r"convert the spec to OpenAPI 3 first .*\(at #/swagger\)",
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("plain.yaml", PLAIN_MAPPING, "it has no top-level 'openapi' field"),
        ("list.yaml", TOP_LEVEL_LIST, "the top level is a list, not a mapping"),
        ("empty.yaml", "", "the top level is"),
        ("scalar.yaml", "just some text\n", "the top level is"),
    ],
)
def test_non_openapi_document_is_rejected(name: str, text: str, reason: str) -> None:
    """A YAML file that is not an OpenAPI document (no 'openapi' key, a list, empty, a scalar)."""
    Path(name).write_text(text, encoding="utf-8")
    result = run("generate", name)
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert result.err_lines[0].startswith(f"{name}: error: not an OpenAPI document: {reason}"), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


@pytest.mark.parametrize("version", ["4.0.0", "3.5.0", "2.0", "3.0"])
def test_unsupported_openapi_version_is_rejected(version: str) -> None:
    """Only OpenAPI 3.0/3.1/3.2 (``3.x.y``) is read; other versions stop the run at #/openapi."""
    Path("v.yaml").write_text(OPENAPI_4.replace('"4.0.0"', f'"{version}"'), encoding="utf-8")
    result = run("generate", "v.yaml")
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        rf"v\.yaml:(\d+:\d+:)? error: OpenAPI version '{re.escape(version)}' is not supported; "
        r"this generator reads OpenAPI 3\.0, 3\.1 and 3\.2 \(at #/openapi\)",
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


# --------------------------------------------------------------------------- 6: references


def test_unresolvable_ref_names_the_ref_and_its_pointer() -> None:
    """A $ref to a missing component names the reference, what is missing, and the $ref's pointer."""
    result = run("generate", spec_arg("bad-ref.yaml"))
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        r"bad-ref\.yaml:(\d+:\d+:)? error: unresolvable \$ref '#/components/schemas/Nope': "
        r"#/components/schemas in bad-ref\.yaml has no member 'Nope' " + re.escape(f"(at {BAD_REF_POINTER})"),
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


def test_missing_request_body_ref() -> None:
    """missing-body-ref.yaml: the request body's $ref target does not exist."""
    spec = spec_arg("missing-body-ref.yaml")
    result = run("generate", spec)
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        rf"{re.escape(spec)}:(\d+:\d+:)? error: unresolvable \$ref '#/components/requestBodies/body': "
        rf"the document root in {re.escape(spec)} has no member 'components' "
        r"\(at #/paths/~1/post/requestBody/\$ref\)",
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


def test_circular_request_body_ref() -> None:
    """circular-body-ref.yaml: a request body that refers to itself is a 'circular $ref' error."""
    spec = spec_arg("circular-body-ref.yaml")
    result = run("generate", spec)
    assert result.code == 2
    assert len(result.err_lines) == 2
    assert re.fullmatch(
        rf"{re.escape(spec)}:(\d+:\d+:)? error: circular \$ref: #/paths/~1/post/requestBody -> "
        r"#/components/requestBodies/body -> #/components/requestBodies/body "
        r"\(at #/paths/~1/post/requestBody(/\$ref)?\)",
        result.err_lines[0],
    ), result.err
    assert result.err_lines[1] == NOTHING_WRITTEN_1


def test_circular_schema_refs() -> None:
    """Two schemas that are only references to each other form a 'circular $ref' error with the chain."""
    result = run("generate", spec_arg("schema-cycle.yaml"))
    assert result.code == 2
    assert len(result.err_lines) == 2
    first = result.err_lines[0]
    assert re.match(r"schema-cycle\.yaml:(\d+:\d+:)? error: circular \$ref: ", first), result.err
    assert "#/components/schemas/A" in first
    assert "#/components/schemas/B" in first
    assert re.search(r"\(at #/components/schemas/[AB](/\$ref)?\)$", first), first
    assert result.err_lines[1] == NOTHING_WRITTEN_1


@pytest.mark.parametrize(
    ("name", "line", "column"),
    [
        # the value of `swagger:` / `openapi:` on line 1
        ("swagger.yaml", 1, 10),
        ("openapi4.yaml", 1, 10),
        # the value of the `$ref`
        ("bad-ref.yaml", 15, 23),
        ("missing-body-ref.yaml", 9, 15),
        # the request body that starts the cycle (its `$ref` is on line 9)
        ("circular-body-ref.yaml", 9, None),
        # schema A (line 9) or its `$ref` (line 9)
        ("schema-cycle.yaml", 9, None),
    ],
)
def test_fatal_error_at_a_pointer_has_line_and_column(name: str, line: int, column: int | None) -> None:
    """A fatal error about a node (it has a JSON pointer) says on which line:column that node is."""
    spec = spec_arg(name)
    result = run("generate", spec)
    assert result.code == 2
    first = result.err_lines[0]
    assert " (at #/" in first, first
    where = f"{spec}:{line}:{column}: " if column is not None else f"{spec}:{line}:"
    assert first.startswith(where), f"expected the message to start with {where!r}, got:\n{first}"
    if column is None:
        assert re.match(rf"{re.escape(spec)}:{line}:\d+: error: ", first), first


# --------------------------------------------------------------------------- 8: unreadable spec


def test_missing_spec_file(workdir: Path) -> None:
    """A spec path that does not exist is a clear one-line error, not a traceback."""
    result = run("generate", "nosuch.yaml")
    assert result.code == 2
    assert result.err_lines == [
        "nosuch.yaml: error: cannot read the spec: No such file or directory",
        NOTHING_WRITTEN_1,
    ]
    assert not (workdir / OUTPUT).exists()


def test_spec_is_a_directory(workdir: Path) -> None:
    """A folder given as the spec is reported as unreadable."""
    (workdir / "specdir").mkdir()
    result = run("generate", "specdir")
    assert result.code == 2
    assert result.err_lines == ["specdir: error: cannot read the spec: Is a directory", NOTHING_WRITTEN_1]


def test_spec_is_not_utf8(workdir: Path) -> None:
    """A binary (non UTF-8) spec is reported with the byte offset, not a UnicodeDecodeError traceback."""
    (workdir / "binary.yaml").write_bytes(b"openapi: \xff\xfe\n")
    result = run("generate", "binary.yaml")
    assert result.code == 2
    assert result.err_lines[0].startswith("binary.yaml: error: the spec is not UTF-8 text (")
    assert "at byte 9" in result.err_lines[0]
    assert result.err_lines[1] == NOTHING_WRITTEN_1


def test_real_command_line_prints_no_traceback(workdir: Path) -> None:
    """End to end through ``python -m generator``: exit status 2 and the located message on stderr."""
    spec_arg("unclosed.yaml")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "generate",
            "--spec",
            "unclosed.yaml",
            "--output",
            OUTPUT,
            "--package",
            PACKAGE,
            "--no-cache",
        ],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("unclosed.yaml:9:16: error: could not parse YAML: ")
    assert completed.stdout == ""
    assert not (workdir / OUTPUT).exists()


# Structurally valid YAML whose values have the wrong type. The validator flags them; the
# builder must not crash on them (a crash is a traceback and exit 1, which means "check found
# differences"). Either outcome is acceptable: exit 0 with warnings, or exit 2 with an error.
MALFORMED_VALUES = {
    "allof-not-a-list": (
        'openapi: "3.0.3"\ninfo: {title: x, version: "1"}\npaths: {}\n'
        "components:\n  schemas:\n    D: {allOf: 5}\n",
        "#/components/schemas/D",
    ),
    "top-level-tags-not-a-list": (
        'openapi: "3.0.3"\ninfo: {title: x, version: "1"}\ntags: 5\n'
        "paths:\n  /a:\n    get:\n      responses: {'200': {description: ok}}\n",
        "#/tags",
    ),
    "operation-tags-not-a-list": (
        'openapi: "3.0.3"\ninfo: {title: x, version: "1"}\n'
        "paths:\n  /a:\n    get:\n      tags: 5\n      responses: {'200': {description: ok}}\n",
        "#/paths/~1a/get/tags",
    ),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_VALUES))
def test_wrongly_typed_values_do_not_crash(workdir: Path, case: str) -> None:
    """A value of the wrong type (``allOf: 5``, ``tags: 5``) is reported at its pointer, never a crash."""
    text, pointer = MALFORMED_VALUES[case]
    Path("spec.yaml").write_text(text, encoding="utf-8")
    result = run("generate", "spec.yaml")  # fails the test if main() raises
    assert result.code in (0, 2), result.err
    assert f"(at {pointer}" in result.err, result.err
    if result.code == 2:
        assert result.err_lines[-1].startswith("error: nothing was written")
        assert not (workdir / OUTPUT).exists()
