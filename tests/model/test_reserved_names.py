"""Schemas named after the SDK's own classes: every runtime export, every error class, the
client and the root exception. The SDK names its models around them, so it still passes
``mypy --strict`` and each error status raises its own class carrying the typed body.

(Before there was one list of reserved names, a 400 body schema named ``ConfigurationError``
gave an ``errors.py`` that imported the model and then redefined the class.)
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.model.naming import class_name
from generator.model.reserved import STATUS_ERRORS, sdk_names

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.specs import generate_sdk, settings_for, write_spec

PACKAGE = "reserved_names_sdk"
_BODY = {
    "type": "object",
    "properties": {"message": {"type": "string"}, "code": {"type": "integer"}},
}
# The status each error body schema answers with, and the name of that schema.
_ERROR_BODIES = {
    400: "ConfigurationError",
    401: "APIResponseValidationError",
    403: "ROOT",
    404: "NotFoundError",
    409: "APIError",
    422: "BadRequestError",
    429: "CLIENT",
    500: "InternalServerError",
}


def _spec(client_class: str, root_error: str) -> dict[str, Any]:
    """Every SDK name as a component schema (an object, so each becomes a class)."""
    names = sorted(sdk_names() | {client_class, "Async" + client_class, root_error})
    schemas: dict[str, Any] = {name: _BODY for name in names}
    # The request body refers to every one of them, so that each is generated and imported.
    schemas["Param"] = {
        "type": "object",
        "properties": {
            f"p{index}": {"$ref": f"#/components/schemas/{name}"} for index, name in enumerate(names)
        },
    }
    named = {"ROOT": root_error, "CLIENT": client_class}
    responses: dict[str, Any] = {
        "200": {
            "description": "the thing",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Call"}}},
        }
    }
    for status, schema in _ERROR_BODIES.items():
        ref = f"#/components/schemas/{named.get(schema, schema)}"
        responses[str(status)] = {
            "description": "an error",
            "content": {"application/json": {"schema": {"$ref": ref}}},
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Reserved names", "version": "1.0.0"},
        "servers": [{"url": "https://api.example.com"}],
        "paths": {
            "/things": {
                "post": {
                    "operationId": "createThing",
                    "tags": ["things"],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Param"}}},
                    },
                    "responses": responses,
                }
            }
        },
        "components": {"schemas": schemas},
    }


@pytest.fixture(scope="module")
def reserved_sdk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    folder = tmp_path_factory.mktemp("reserved")
    settings = settings_for(write_spec(folder, {}), package=PACKAGE)
    output = generate_sdk(folder, _spec(settings.client_class, settings.root_error), PACKAGE)
    sys.path.insert(0, str(output))
    try:
        return output, importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))


def test_an_sdk_whose_schemas_take_every_sdk_name_passes_mypy_strict(
    reserved_sdk: tuple[Path, Any], mypy_cache: Path
) -> None:
    output, _ = reserved_sdk
    result = run_mypy("--strict", "-p", PACKAGE, cwd=output, cache=mypy_cache)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr


def test_the_sdk_classes_keep_their_names_and_the_models_step_aside(reserved_sdk: tuple[Path, Any]) -> None:
    _, sdk = reserved_sdk
    runtime = importlib.import_module(f"{PACKAGE}._exceptions")
    assert sdk.ConfigurationError is runtime.ConfigurationError
    assert sdk.errors.ConfigurationError is runtime.ConfigurationError
    exported = set(sdk.models.__all__)
    taken = sdk_names() | set(sdk.__all__)
    assert len(exported) > len(sdk_names())  # every schema became a model
    assert not {name.casefold() for name in exported} & {name.casefold() for name in taken}
    for name in ("ConfigurationError", "Call", "Param", "Stream", "SyncPage", "InternalServerError"):
        assert class_name(name) + "Model" in exported, name


@pytest.mark.parametrize("status", sorted(_ERROR_BODIES))
def test_each_status_raises_its_class_with_the_typed_body(
    reserved_sdk: tuple[Path, Any], scripted_server: ScriptedHTTPServer, status: int
) -> None:
    _, sdk = reserved_sdk
    settings = settings_for(Path("openapi.yaml"), package=PACKAGE)
    by_status = {code: name for name, code, _ in STATUS_ERRORS if code is not None}
    expected = getattr(sdk.errors, by_status.get(status, "InternalServerError"))
    client = getattr(sdk, settings.client_class)(base_url=scripted_server.url, max_retries=0)
    scripted_server.enqueue(ScriptedResponse.of_json({"message": "refused", "code": status}, status))
    with pytest.raises(expected) as caught:
        client.things.create()
    error = caught.value
    assert type(error) is expected
    assert isinstance(error, getattr(sdk, settings.root_error)) and isinstance(error, sdk.APIStatusError)
    assert error.status_code == status and error.body == {"message": "refused", "code": status}
    if status in by_status:  # 4xx classes read their documented body (5xx ones keep it raw)
        assert error.data is not None and error.data.code == status and error.code == status
        assert type(error.data).__name__.endswith("Model")
