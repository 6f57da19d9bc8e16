"""The fidelity self-check: what an operation declares and the model lost is a located warning."""

from __future__ import annotations

import io
from pathlib import Path

from generator.cache import Cache
from generator.cli import main
from generator.config import load_settings
from generator.diagnostics import Report
from generator.model.build import build_api
from generator.model.fidelity import check_fidelity
from generator.pipeline import build_model, load

DEGRADED = """\
openapi: 3.0.3
info: {title: Lossy, version: '1'}
paths:
  /files/{file_id}:
    parameters:
      - {name: file_id, in: path, required: true, schema: {type: string}}
    post:
      operationId: uploadFile
      parameters:
        - {name: payload, in: body, schema: {type: string}}
        - {name: verbose, in: query, schema: {type: boolean}}
        - {name: Accept, in: header, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {type: file}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, allOf: 5}
        '201':
          description: created
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
        '404':
          description: not found
          content:
            application/json:
              schema: {type: object, allOf: 5}
  /files:
    get:
      operationId: listFiles
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""


def write(tmp_path: Path, text: str) -> Path:
    spec = tmp_path / "lossy.yaml"
    spec.write_text(text, encoding="utf-8")
    return spec


def fidelity_warnings(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    settings = load_settings(
        pyproject=None,
        specs=[str(write(tmp_path, text))],
        output=str(tmp_path / "o"),
        package="l",
        use_cache=False,
    )
    _, report = build_model(settings)
    return [
        (d.message, d.location.pointer if d.location else "")
        for d in report.warnings
        if d.message.startswith("fidelity:")
    ]


def test_each_loss_is_a_warning_at_its_pointer(tmp_path: Path) -> None:
    assert fidelity_warnings(tmp_path, DEGRADED) == [
        (
            "fidelity: POST /files/{file_id}: parameter 'payload' (body) was dropped",
            "/paths/~1files~1{file_id}/post/parameters/0",
        ),
        (
            "fidelity: POST /files/{file_id}: the request body is typed Any, though its schema is not",
            "/paths/~1files~1{file_id}/post/requestBody/content/application~1json/schema",
        ),
        (
            "fidelity: POST /files/{file_id}: "
            "the 200 answer (application/json) lost the type its schema gives",
            "/paths/~1files~1{file_id}/post/responses/200/content/application~1json/schema",
        ),
    ]


def test_the_summary_counts_operations_and_degraded_ones(tmp_path: Path) -> None:
    spec = write(tmp_path, DEGRADED)
    out, err = io.StringIO(), io.StringIO()
    argv = [
        "generate",
        "--spec",
        str(spec),
        "--output",
        str(tmp_path / "sdk"),
        "--package",
        "l",
        "--no-cache",
    ]
    assert main(argv, stdout=out, stderr=err) == 0
    assert "; 2 operations, 1 degraded) in " in err.getvalue()
    assert "lossy.yaml:10:11: warning: fidelity: POST /files/{file_id}: parameter 'payload'" in err.getvalue()


def test_losses_are_errors_under_strict(tmp_path: Path) -> None:
    spec = write(tmp_path, DEGRADED)
    err = io.StringIO()
    argv = [
        "generate",
        "--spec",
        str(spec),
        "--output",
        str(tmp_path / "sdk"),
        "--package",
        "l",
        "--no-cache",
    ]
    assert main([*argv, "--strict"], stdout=io.StringIO(), stderr=err) == 2
    assert "error: fidelity: POST /files/{file_id}: the request body is typed Any" in err.getvalue()
    assert not (tmp_path / "sdk").exists()


def test_a_hollow_operation_is_caught(tmp_path: Path) -> None:
    """What ``$ref`` on operations used to give: a method with no parameters, body or result."""
    settings = load_settings(
        pyproject=None,
        specs=[str(write(tmp_path, DEGRADED))],
        output=str(tmp_path / "o"),
        package="l",
        use_cache=False,
    )
    report = Report()
    workspace = load(settings, report, Cache(None), run_validator=False)
    api = build_api(workspace, settings, report)
    from dataclasses import replace

    hollow = [
        replace(
            r, operations=tuple(replace(op, parameters=(), body=None, responses=()) for op in r.operations)
        )
        for r in api.resources
    ]
    report = Report()
    fidelity = check_fidelity(workspace, replace(api, resources=tuple(hollow)), report)
    assert fidelity.operations == 2
    assert fidelity.degraded == ("POST /files/{file_id}", "GET /files")
    messages = [d.message for d in report.warnings]
    assert "fidelity: GET /files: the 200 answer was dropped" in messages
    assert "fidelity: POST /files/{file_id}: parameter 'file_id' (path) was dropped" in messages
    assert "fidelity: POST /files/{file_id}: the request body was dropped" in messages


def test_an_operation_without_a_method_is_caught(tmp_path: Path) -> None:
    settings = load_settings(
        pyproject=None,
        specs=[str(write(tmp_path, DEGRADED))],
        output=str(tmp_path / "o"),
        package="l",
        use_cache=False,
    )
    report = Report()
    workspace = load(settings, report, Cache(None), run_validator=False)
    api = build_api(workspace, settings, report)
    from dataclasses import replace

    fewer = tuple(
        replace(r, operations=tuple(op for op in r.operations if op.operation_id != "listFiles"))
        for r in api.resources
    )
    report = Report()
    fidelity = check_fidelity(workspace, replace(api, resources=fewer), report)
    assert fidelity.degraded == ("POST /files/{file_id}", "GET /files")
    (warning,) = [d for d in report.warnings if "GET /files" in d.message]
    assert warning.message == "fidelity: GET /files: the operation has no method in the SDK"
    assert warning.location is not None and warning.location.pointer == "/paths/~1files/get"


def test_a_faithful_spec_has_no_findings(tmp_path: Path) -> None:
    faithful = (
        DEGRADED.replace("{type: file}", "{type: string, format: binary}")
        .replace("allOf: 5", "properties: {a: {type: string}}")
        .replace("        - {name: payload, in: body, schema: {type: string}}\n", "")
    )
    assert fidelity_warnings(tmp_path, faithful) == []
