"""Spec builders for the ``diff`` tests (``tests/drift/test_diff_*``): small specs made to differ
in one thing, and the diff of a pair of them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.drift.diff import DiffResult, Level, diff_apis

from support.paths import DAILY_FIXTURE_SPEC
from support.specs import build, minimal

B, P, N = Level.BREAKING, Level.POSSIBLY_BREAKING, Level.NON_BREAKING
STR: dict[str, Any] = {"type": "string"}
INT: dict[str, Any] = {"type": "integer"}
NUM: dict[str, Any] = {"type": "number"}
DAILY = DAILY_FIXTURE_SPEC
"""The frozen copy of Daily's spec: an upstream release of spec/daily.yaml cannot move these tests."""
DAILY_NAMES = {"schema_names": {"properties": "MeetingTokenProperties"}}

# ------------------------------------------------------------------- spec builders


def spec(
    paths: dict[str, Any] | None = None, schemas: dict[str, Any] | None = None, **top: Any
) -> dict[str, Any]:
    document = minimal(paths or {}, schemas)
    document.update(top)
    return document


def operation(operation_id: str = "GetThing", **fields: Any) -> dict[str, Any]:
    document: dict[str, Any] = {
        "operationId": operation_id,
        "tags": ["things"],
        "responses": {"200": {"description": "ok"}},
    }
    document.update(fields)
    return document


def get(path: str = "/things", operation_id: str = "GetThing", **fields: Any) -> dict[str, Any]:
    return spec({path: {"get": operation(operation_id, **fields)}})


def post(path: str = "/things", operation_id: str = "CreateThing", **fields: Any) -> dict[str, Any]:
    return spec({path: {"post": operation(operation_id, **fields)}})


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


def returns_json(schema: dict[str, Any], status: str = "200") -> dict[str, Any]:
    return {status: {"description": "ok", "content": json_content(schema)}}


def takes(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"required": required, "content": json_content(schema)}


def obj(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    document: dict[str, Any] = {"type": "object", "properties": properties}
    if required:
        document["required"] = list(required)
    return document


def query(name: str = "q", required: bool = False, schema: dict[str, Any] | None = None, **more: Any) -> dict:
    return {"name": name, "in": "query", "required": required, "schema": schema or STR, **more}


def path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": STR}


def sends(schema: dict[str, Any]) -> dict[str, Any]:
    """POST /things with a JSON body of ``schema``."""
    return post(requestBody=takes(schema))


def answers(schema: dict[str, Any]) -> dict[str, Any]:
    """GET /things answering ``schema``."""
    return get(responses=returns_json(schema))


def secured(security: list[dict[str, list[str]]] | None, **schemes: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {} if security is None else {"security": security}
    document = get(**fields)
    document["components"] = {
        "securitySchemes": schemes
        or {
            "bearer": {"type": "http", "scheme": "bearer"},
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
        }
    }
    return document


def served(*urls: str) -> dict[str, Any]:
    document = get()
    document["servers"] = [{"url": url} for url in urls]
    return document


def component(schemas: dict[str, Any], reference: str = "Thing") -> dict[str, Any]:
    return spec(
        {
            "/things": {
                "get": operation(responses=returns_json({"$ref": f"#/components/schemas/{reference}"}))
            }
        },
        schemas,
    )


THING = obj({"id": STR})
ENUM_AB = {"type": "string", "enum": ["a", "b"]}
ENUM_A = {"type": "string", "enum": ["a"]}


def diff_pair(tmp_path: Path, old: dict[str, Any], new: dict[str, Any], **extra: Any) -> DiffResult:
    for side in ("old", "new"):
        (tmp_path / side).mkdir(exist_ok=True)
    old_api, _ = build(tmp_path / "old", old, **extra)
    new_api, _ = build(tmp_path / "new", new, **extra)
    return diff_apis(old_api, new_api)


def sdk_triples(result: DiffResult) -> list[tuple[str, str, str]]:
    return [(s.kind, s.action, s.name) for s in result.sdk_changes]
