"""Bad input: every problem is reported as ``file:line:column: error: message (at #/pointer)``.

The command line promises (generator/cli.py): exit 0 on success, 1 when ``check`` finds
differences, 2 when the input is wrong; input problems are printed on stderr, never as a
traceback, and a failed run leaves the output folder exactly as it was.

Every test runs in its own temporary working directory (so the repository's
``[tool.generator]`` settings are not picked up) and with ``--no-cache``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.cli import main
from generator.emit.manifest import blob_id, read_manifest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "pets"
OUTPUT = "sdk"
NOTHING_WRITTEN_1 = "error: nothing was written (1 problem)"

# --------------------------------------------------------------------------- specs

GOOD_WITHOUT_OWNER = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      properties:
        name:
          type: string
"""

GOOD = GOOD_WITHOUT_OWNER + """\
    Owner:
      type: object
      properties:
        id:
          type: integer
"""

# The `$ref` value is on line 15, column 23.
BAD_REF = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Nope'
components:
  schemas:
    Pet:
      type: object
"""
BAD_REF_POINTER = "#/paths/~1pets/get/responses/200/content/application~1json/schema/$ref"

# A schema cycle through two components; `A` is on line 8 (its value on line 9, column 7).
SCHEMA_CYCLE = """\
openapi: "3.1.0"
info:
  title: Cycle
  version: "1.0.0"
paths: {}
components:
  schemas:
    A:
      $ref: '#/components/schemas/B'
    B:
      $ref: '#/components/schemas/A'
"""

# Line 4 is indented one space too far: the parser fails at its ':' (line 4, column 11).
BAD_INDENT = """\
openapi: "3.0.3"
info:
  title: Pets
   version: "1.0.0"
paths: {}
"""

# The flow sequence opened on line 8 is never closed; the parser notices on line 9, column 16.
UNCLOSED_BRACKET = """\
openapi: "3.0.3"
info:
  title: Pets
  version: "1.0.0"
paths:
  /pets:
    get:
      tags: [pets, animals
      responses:
        "200":
          description: ok
"""

# A stray comma on line 4, column 13.
BAD_JSON_STRAY_COMMA = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.0"},
  "paths": {,}
}
"""

# A missing comma at the end of line 3: the parser expects it at line 4, column 3.
BAD_JSON_MISSING_COMMA = """\
{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1.0.0"}
  "paths": {}
}
"""

SWAGGER = """\
swagger: "2.0"
info:
  title: Pets
  version: "1.0.0"
paths: {}
"""

PLAIN_MAPPING = """\
title: Pets
version: "1.0.0"
paths: {}
"""

TOP_LEVEL_LIST = """\
- openapi
- "3.0.3"
"""

OPENAPI_4 = """\
openapi: "4.0.0"
info:
  title: Pets
  version: "1.0.0"
paths: {}
"""

# Specs with one mistake each. Their line layout matters: tests assert line:column.
MISSING_BODY_REF = """\
openapi: "3.1.0"
info:
  title: "A request body whose $ref leads nowhere"
  version: "1.0.0"
paths:
  /:
    post:
      requestBody:
        $ref: "#/components/requestBodies/body"
      responses:
        "204":
          description: "Stored"
"""

CIRCULAR_BODY_REF = MISSING_BODY_REF.replace("leads nowhere", "leads to itself") + """\
components:
  requestBodies:
    body:
      $ref: "#/components/requestBodies/body"
"""

OPTIONAL_PATH_PARAM = """\
openapi: "3.1.0"
info:
  title: "A path parameter that says it may be left out"
  version: "1.0.0"
paths:
  "/{optional}":
    get:
      parameters:
        - in: "path"
          name: "optional"
          schema:
            type: "string"
      responses:
        "200":
          description: "The item"
          content:
            "application/json":
              schema:
                type: "string"
"""

BAD_STATUS_CODE = """\
openapi: "3.1.0"
info:
  title: "A response code that is not a status"
  version: "1.0.0"
paths:
  "/":
    get:
      responses:
        "abcdef":
          description: "Something"
          content:
            "application/json":
              schema:
                type: "string"
"""

# Valid for the generator, but openapi-spec-validator finds `info.version` missing (only it).
NO_VERSION = """\
openapi: 3.0.3
info:
  title: Pets
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        "200":
          description: ok
"""

INLINE_SPECS: dict[str, str] = {
    "good.yaml": GOOD,
    "no-version.yaml": NO_VERSION,
    "bad-ref.yaml": BAD_REF,
    "schema-cycle.yaml": SCHEMA_CYCLE,
    "bad-indent.yaml": BAD_INDENT,
    "unclosed.yaml": UNCLOSED_BRACKET,
    "stray-comma.json": BAD_JSON_STRAY_COMMA,
    "missing-comma.json": BAD_JSON_MISSING_COMMA,
    "swagger.yaml": SWAGGER,
    "plain.yaml": PLAIN_MAPPING,
    "list.yaml": TOP_LEVEL_LIST,
    "openapi4.yaml": OPENAPI_4,
    "missing-body-ref.yaml": MISSING_BODY_REF,
    "circular-body-ref.yaml": CIRCULAR_BODY_REF,
    "optional-path-param.yaml": OPTIONAL_PATH_PARAM,
    "bad-status-code.yaml": BAD_STATUS_CODE,
}


# --------------------------------------------------------------------------- helpers


@dataclass(frozen=True)
class Run:
    """What one in-process run of the command line returned and printed."""

    code: int
    out: str
    err: str

    @property
    def err_lines(self) -> list[str]:
        return self.err.splitlines()

    @property
    def findings(self) -> list[str]:
        """The lines on stderr before ``generate``'s summary line (which comes last)."""
        lines = self.err_lines
        return lines[:-1] if lines and lines[-1].startswith("generated ") else lines


def cli(*argv: str) -> Run:
    """Run ``python -m generator ARGV`` in-process; an escaping exception would be a traceback."""
    out, err = io.StringIO(), io.StringIO()
    crash: Exception | None = None
    try:
        code = main(list(argv), stdout=out, stderr=err)
    except Exception as exc:  # the real CLI would die with a traceback (and exit 1) here
        crash = exc
    if crash is not None:
        frame = traceback.extract_tb(crash.__traceback__)[-1]
        pytest.fail(
            f"main({list(argv)!r}) raised {type(crash).__name__}: {crash} "
            f"(in {Path(frame.filename).name}:{frame.lineno}, {frame.name}); the command line would print "
            f"a traceback and exit 1 instead of reporting the problem\nstderr so far:\n{err.getvalue()}",
            pytrace=False,
        )
    assert "Traceback" not in err.getvalue()
    assert "Traceback" not in out.getvalue()
    return Run(code, out.getvalue(), err.getvalue())


def run(command: str, spec: str, *extra: str, output: str = OUTPUT) -> Run:
    """``command --spec SPEC --output OUTPUT --package pets --no-cache EXTRA...``."""
    return cli(command, "--spec", spec, "--output", output, "--package", PACKAGE, "--no-cache", *extra)


def spec_arg(name: str) -> str:
    """The --spec argument for a named case: inline specs are written to the cwd; other names are absent."""
    if name in INLINE_SPECS:
        Path(name).write_text(INLINE_SPECS[name], encoding="utf-8")
        return name
    return name  # deliberately absent


Snapshot = dict[str, tuple[str, bytes | None, int]]


def snapshot(folder: Path) -> Snapshot:
    """Every file and folder below ``folder``: kind, bytes (files) and mtime in nanoseconds."""
    result: Snapshot = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            path = Path(dirpath, name)
            result[str(path.relative_to(folder))] = ("dir", None, path.stat().st_mtime_ns)
        for name in filenames:
            path = Path(dirpath, name)
            result[str(path.relative_to(folder))] = ("file", path.read_bytes(), path.stat().st_mtime_ns)
    result["."] = ("dir", None, folder.stat().st_mtime_ns)
    return result


def manifest_names(output: Path) -> list[str]:
    return list(read_manifest(output).files)


@pytest.fixture(autouse=True)
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run each test in an empty temporary cwd, and check that --no-cache really wrote no cache."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
    assert not (tmp_path / ".generator-cache").exists()


@pytest.fixture
def generated(workdir: Path) -> Path:
    """An output folder holding an SDK generated from GOOD plus a file the generator never wrote."""
    result = run("generate", spec_arg("good.yaml"))
    assert result.code == 0, result.err
    output = workdir / OUTPUT
    assert (output / PACKAGE / "models" / "pet.py").is_file()
    assert (output / PACKAGE / "models" / "owner.py").is_file()
    (output / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    return output


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


# --------------------------------------------------------------------------- 9: the output folder

FATAL_CASES = [
    pytest.param("bad-indent.yaml", (), id="yaml-indent"),
    pytest.param("unclosed.yaml", (), id="yaml-unclosed"),
    pytest.param("stray-comma.json", (), id="json"),
    pytest.param("swagger.yaml", (), id="swagger"),
    pytest.param("plain.yaml", (), id="not-openapi"),
    pytest.param("list.yaml", (), id="top-level-list"),
    pytest.param("openapi4.yaml", (), id="openapi-4"),
    pytest.param("bad-ref.yaml", (), id="unresolvable-ref"),
    pytest.param("schema-cycle.yaml", (), id="schema-cycle"),
    pytest.param("missing-body-ref.yaml", (), id="missing-body-ref"),
    pytest.param("circular-body-ref.yaml", (), id="circular-body-ref"),
    pytest.param("optional-path-param.yaml", ("--strict",), id="strict-path-param"),
    pytest.param("bad-status-code.yaml", ("--strict",), id="strict-status-code"),
    pytest.param("nosuch.yaml", (), id="missing-file"),
]


@pytest.mark.parametrize("command", ["generate", "check"])
@pytest.mark.parametrize(("name", "extra"), FATAL_CASES)
def test_fatal_input_leaves_output_untouched(
    generated: Path, command: str, name: str, extra: tuple[str, ...]
) -> None:
    """Every fatal input error exits 2 and leaves every byte and mtime of the output folder as it was."""
    before = snapshot(generated)
    result = run(command, spec_arg(name), *extra)
    assert result.code == 2, result.err
    assert result.err_lines[-1].startswith("error: nothing was written ("), result.err
    assert result.out == ""
    assert snapshot(generated) == before


@pytest.mark.parametrize(("name", "extra"), FATAL_CASES)
def test_fatal_input_does_not_create_the_output_folder(
    workdir: Path, name: str, extra: tuple[str, ...]
) -> None:
    """A failed run into a folder that does not exist yet does not create it."""
    result = run("generate", spec_arg(name), *extra, output="fresh/sdk")
    assert result.code == 2
    assert not (workdir / "fresh").exists()


def test_generate_leaves_foreign_files_and_removes_files_no_longer_produced(generated: Path) -> None:
    """Regenerating with one schema fewer removes that schema's files and keeps files never written."""
    (generated / PACKAGE / "custom.py").write_text("# mine\n", encoding="utf-8")
    (generated / PACKAGE / "models" / "extra_notes.txt").write_text("mine too\n", encoding="utf-8")
    foreign = ("notes.txt", f"{PACKAGE}/custom.py", f"{PACKAGE}/models/extra_notes.txt")
    kept = {name: (generated / name).read_bytes() for name in foreign}
    kept_mtimes = {name: (generated / name).stat().st_mtime_ns for name in foreign}
    assert f"{PACKAGE}/models/owner.py" in manifest_names(generated)
    for name in foreign:
        assert name not in manifest_names(generated)

    Path("fewer.yaml").write_text(GOOD_WITHOUT_OWNER, encoding="utf-8")
    result = run("generate", "fewer.yaml")
    assert result.code == 0, result.err
    assert re.search(
        r"\(\d+ written, [1-9]\d* removed; 2 warnings; 1 operation, 0 degraded\)", result.err_lines[-1]
    ), result.err

    assert not (generated / PACKAGE / "models" / "owner.py").exists()
    assert not any("owner" in name.lower() for name in manifest_names(generated))
    assert not [p for p in generated.rglob("*") if p.is_file() and "owner" in p.name.lower()]
    assert (generated / PACKAGE / "models" / "pet.py").is_file()
    for name in foreign:
        assert (generated / name).read_bytes() == kept[name]
        assert (generated / name).stat().st_mtime_ns == kept_mtimes[name]
    # Every file the manifest lists exists. The foreign files inside the package are
    # the only difference `check` still reports: stray files, for the maintainer to remove.
    for name in manifest_names(generated):
        assert (generated / name).is_file(), name
    check = run("check", "fewer.yaml")
    assert check.code == 1
    assert [line for line in check.out.splitlines() if line.startswith("  ")][:2] == [
        f"  stray: {PACKAGE}/custom.py",
        f"  stray: {PACKAGE}/models/extra_notes.txt",
    ]
    (generated / PACKAGE / "custom.py").unlink()
    (generated / PACKAGE / "models" / "extra_notes.txt").unlink()
    assert run("check", "fewer.yaml").code == 0  # notes.txt, at the top, is the maintainers' own


# --------------------------------------------------------------------------- 10: check


def test_check_is_clean_after_generate(generated: Path) -> None:
    """`check` right after `generate` exits 0, says 'up to date', and writes nothing."""
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 0, result.out + result.err
    assert result.out.startswith(f"{OUTPUT} is up to date (")
    assert result.err == ""
    assert snapshot(generated) == before


def test_check_reports_an_edited_file_as_stale_with_a_diff(generated: Path) -> None:
    """A file the manifest says was generated otherwise makes `check` exit 1, list it as stale, and
    show a unified diff (a hand edit, which the manifest's id tells apart, merges and passes)."""
    target = generated / PACKAGE / "models" / "pet.py"
    pristine = target.read_text(encoding="utf-8")
    with target.open("a", encoding="utf-8") as handle:
        handle.write("# edited by hand\n")
    manifest = generated / ".generator-manifest"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(blob_id(pristine), blob_id(target.read_bytes())),
        encoding="utf-8",
    )
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert lines[0] == f"{OUTPUT} is out of date; run `python -m generator generate`:"
    assert f"  stale: {PACKAGE}/models/pet.py" in lines
    assert not [line for line in lines if line.startswith(("  missing:", "  extra:"))]
    assert f"--- a/{PACKAGE}/models/pet.py (on disk)" in lines
    assert f"+++ b/{PACKAGE}/models/pet.py (generated)" in lines
    assert any(line.startswith("@@ ") for line in lines)
    assert "-# edited by hand" in lines
    assert snapshot(generated) == before


def test_check_reports_a_deleted_file_as_missing(generated: Path) -> None:
    """A deleted generated file makes `check` exit 1 and list it as missing; check does not restore it."""
    (generated / PACKAGE / "models" / "owner.py").unlink()
    before = snapshot(generated)
    result = run("check", "good.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"  missing: {PACKAGE}/models/owner.py" in lines
    assert not [line for line in lines if line.startswith(("  stale:", "  extra:"))]
    assert f"+++ b/{PACKAGE}/models/owner.py (generated)" in lines
    assert "+class Owner(Model):" in lines
    assert not (generated / PACKAGE / "models" / "owner.py").exists()
    assert snapshot(generated) == before


def test_check_reports_files_no_longer_produced_as_extra(generated: Path) -> None:
    """Owned files the spec no longer produces are 'extra'; files the generator never wrote are not listed."""
    Path("fewer.yaml").write_text(GOOD_WITHOUT_OWNER, encoding="utf-8")
    before = snapshot(generated)
    result = run("check", "fewer.yaml")
    assert result.code == 1
    lines = result.out.splitlines()
    assert f"  extra: {PACKAGE}/models/owner.py" in lines
    assert not any("notes.txt" in line for line in lines)
    assert snapshot(generated) == before


def test_check_of_a_missing_folder_writes_nothing(workdir: Path) -> None:
    """`check` against a folder that does not exist exits 1, lists files as missing, creates nothing."""
    result = run("check", spec_arg("good.yaml"))
    assert result.code == 1
    assert f"  missing: {PACKAGE}/models/pet.py" in result.out.splitlines()
    assert not (workdir / OUTPUT).exists()
