"""The fidelity self-check: what an operation declares and the model lost is a located warning."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest

from generator.cache import Cache
from generator.cli import main
from generator.config import Settings, load_settings
from generator.diagnostics import Report
from generator.model.build import build_api
from generator.model.fidelity import Loss, check_fidelity
from generator.model.ir import Api, Resource
from generator.pipeline import build_model, load
from generator.spec.refs import Workspace

from support.corpus import corpus_root
from support.fidelity_ledger import LEDGER, Listed, ledger_problems

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


def settings_for(tmp_path: Path, text: str) -> Settings:
    return load_settings(
        pyproject=None,
        specs=[str(write(tmp_path, text))],
        output=str(tmp_path / "o"),
        package="l",
        use_cache=False,
    )


def built(tmp_path: Path, text: str) -> tuple[Workspace, Api]:
    """The spec's workspace and model, without the fidelity check (a test runs it on its own)."""
    settings = settings_for(tmp_path, text)
    report = Report()
    workspace = load(settings, report, Cache(None), run_validator=False)
    return workspace, build_api(workspace, settings.model_options(), report)


def fidelity_warnings(tmp_path: Path, text: str) -> list[tuple[str, str]]:
    _, report = build_model(settings_for(tmp_path, text))
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
    workspace, api = built(tmp_path, DEGRADED)
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
    workspace, api = built(tmp_path, DEGRADED)
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


# Operations named only by their paths nest as sub-resources: ``customers.bank_accounts``
# and, two levels down, ``customers.bank_accounts.verifications``.
NESTED = """\
openapi: 3.0.3
info: {title: Nested, version: '1'}
paths:
  /customers:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
  /customers/{customer}/bank_accounts:
    parameters:
      - {name: customer, in: path, required: true, schema: {type: string}}
    post:
      parameters:
        - {name: verify, in: query, schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {number: {type: string}}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
  /customers/{customer}/bank_accounts/{id}/verifications:
    parameters:
      - {name: customer, in: path, required: true, schema: {type: string}}
      - {name: id, in: path, required: true, schema: {type: string}}
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {type: string}}
"""
BANK_ACCOUNTS = "POST /customers/{customer}/bank_accounts"
VERIFICATIONS = "GET /customers/{customer}/bank_accounts/{id}/verifications"


def test_methods_on_sub_resources_are_found(tmp_path: Path) -> None:
    workspace, api = built(tmp_path, NESTED)
    where = {f"{op.http_method} {op.path}": resource.access for op, resource in api.operations}
    assert where == {
        "GET /customers": "customers",
        BANK_ACCOUNTS: "customers.bank_accounts",
        VERIFICATIONS: "customers.bank_accounts.verifications",
    }
    report = Report()
    fidelity = check_fidelity(workspace, api, report)
    assert (fidelity.operations, fidelity.losses, report.warnings) == (3, (), ())


def without(resources: tuple[Resource, ...], label: str) -> tuple[Resource, ...]:
    """The resource tree with the operation ``METHOD /path`` removed, at whatever depth it sits."""
    return tuple(
        replace(
            resource,
            operations=tuple(op for op in resource.operations if f"{op.http_method} {op.path}" != label),
            resources=without(resource.resources, label),
        )
        for resource in resources
    )


def test_a_method_missing_from_a_sub_resource_still_warns(tmp_path: Path) -> None:
    workspace, api = built(tmp_path, NESTED)
    report = Report()
    fidelity = check_fidelity(
        workspace, replace(api, resources=without(api.resources, VERIFICATIONS)), report
    )
    assert fidelity.losses == (Loss(VERIFICATIONS, "the operation has no method in the SDK"),)
    (warning,) = report.warnings
    assert warning.message == f"fidelity: {VERIFICATIONS}: the operation has no method in the SDK"
    assert warning.location is not None
    assert (
        warning.location.pointer == "/paths/~1customers~1{customer}~1bank_accounts~1{id}~1verifications/get"
    )


def test_a_loss_inside_a_sub_resource_method_is_caught(tmp_path: Path) -> None:
    """A method found on a sub-resource is checked as closely as one at the top."""
    workspace, api = built(tmp_path, NESTED)
    (bank_accounts,) = api.resources[0].resources
    (create,) = bank_accounts.operations
    kept = tuple(p for p in create.parameters if p.wire_name != "verify")
    lossy = replace(bank_accounts, operations=(replace(create, parameters=kept),))
    customers = replace(api.resources[0], resources=(lossy,))
    fidelity = check_fidelity(workspace, replace(api, resources=(customers,)), Report())
    assert fidelity.losses == (Loss(BANK_ACCOUNTS, "parameter 'verify' (query) was dropped"),)
    assert fidelity.degraded == (BANK_ACCOUNTS,)


# ---------------------------------------------------------------- the corpus's ledger

DROPPED = "parameter 'payload' (body) was dropped"
UNTYPED = "the request body is typed Any, though its schema is not"
LISTED = {"POST /upload": Listed(why="Swagger 2 'in: body' in an OpenAPI 3 spec", lost=(DROPPED,))}


def test_the_ledger_accepts_exactly_the_listed_losses() -> None:
    assert ledger_problems(LISTED, [Loss("POST /upload", DROPPED)]) == []
    assert ledger_problems({}, []) == []


def test_the_ledger_fails_a_loss_it_does_not_list() -> None:
    found = [Loss("POST /upload", DROPPED), Loss("GET /files", "the 200 answer was dropped")]
    assert ledger_problems(LISTED, found) == [
        "GET /files: the 200 answer was dropped - not in the ledger: fix the generator, "
        "or list it in tests/support/fidelity_ledger.py with why"
    ]


def test_the_ledger_fails_a_listed_loss_that_no_longer_happens() -> None:
    assert ledger_problems(LISTED, []) == [
        f"POST /upload: {DROPPED} - listed in the ledger (Swagger 2 'in: body' in an OpenAPI 3 spec) "
        "but no longer lost: remove it from tests/support/fidelity_ledger.py"
    ]


def test_the_ledger_fails_a_different_loss_of_a_listed_operation() -> None:
    problems = ledger_problems(LISTED, [Loss("POST /upload", UNTYPED)])
    assert [problem.split(" - ")[0] for problem in problems] == [
        f"POST /upload: {UNTYPED}",
        f"POST /upload: {DROPPED}",
    ]
    assert "not in the ledger" in problems[0] and "no longer lost" in problems[1]


def test_the_ledger_fails_an_entry_without_a_reason_or_a_loss() -> None:
    entries = {"POST /upload": Listed(why=" ", lost=(DROPPED,)), "GET /files": Listed(why="x", lost=())}
    assert ledger_problems(entries, [Loss("POST /upload", DROPPED)]) == [
        "GET /files: listed in the ledger without a loss",
        "POST /upload: listed in the ledger without a reason",
    ]


@pytest.mark.corpus
def test_the_ledger_names_only_corpus_specs() -> None:
    """An entry for a spec that left the corpus would never be checked again."""
    root = corpus_root()
    assert root is not None  # corpus tests are collected only when there is a corpus
    assert [spec for spec in LEDGER if not (root / spec).is_file()] == []
