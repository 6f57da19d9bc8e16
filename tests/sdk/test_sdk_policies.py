"""Policies of the generated runtime that only an exact scenario can pin down.

Each test here was written against a deliberate bug (see ``scripts/mutation_catalogue.py``)
that the rest of the suite let through: it fails with the bug and passes without it.
Both clients, over real sockets on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import importlib
from pathlib import Path
from typing import Any, Literal

import pytest

from daily_api import AsyncDailyClient, DailyClient, InternalServerError

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.specs import import_sdk

Kind = Literal["sync", "async"]
API_KEY = "sk_test_policies_0123456789"
TOKEN = {"token": "t0k3n"}


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


def create_token(kind: Kind, server: ScriptedHTTPServer, max_retries: int = 1) -> Any:
    options = {"api_key": API_KEY, "base_url": server.url, "max_retries": max_retries}
    if kind == "sync":
        with DailyClient(**options) as client:
            return client.meeting_tokens.create()

    async def run() -> Any:
        async with AsyncDailyClient(**options) as client:
            return await client.meeting_tokens.create()

    return asyncio.run(run())


def answer(status: int, **headers: str) -> ScriptedResponse:
    return ScriptedResponse.of_json({"error": f"status-{status}"}, status, headers=headers)


# ----------------------------------------------------------------- retries


def test_retry_after_longer_than_the_backoff_is_waited_for(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    """The backoff alone waits at most 0.5 s before the first retry; the server asked for 1.2 s."""
    scripted_server.enqueue(answer(429, **{"Retry-After": "1.2"}), ScriptedResponse.of_json(TOKEN))
    assert create_token(kind, scripted_server).token == "t0k3n"
    first, second = scripted_server.requests
    assert second.received_at - first.received_at >= 1.15


@pytest.mark.parametrize("status", [408, 409])
def test_timeouts_and_conflicts_are_retried(
    kind: Kind, scripted_server: ScriptedHTTPServer, status: int
) -> None:
    scripted_server.enqueue(answer(status, **{"Retry-After": "0"}), ScriptedResponse.of_json(TOKEN))
    assert create_token(kind, scripted_server).token == "t0k3n"
    assert len(scripted_server.requests) == 2


def test_x_should_retry_true_retries_what_would_not_be(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(
        answer(400, **{"x-should-retry": "true", "Retry-After": "0"}), ScriptedResponse.of_json(TOKEN)
    )
    assert create_token(kind, scripted_server).token == "t0k3n"
    assert len(scripted_server.requests) == 2


def test_x_should_retry_false_stops_what_would_be(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(answer(503, **{"x-should-retry": "false"}), ScriptedResponse.of_json(TOKEN))
    with pytest.raises(InternalServerError):
        create_token(kind, scripted_server, max_retries=2)
    assert len(scripted_server.requests) == 1
    assert scripted_server.pending == 1


# ----------------------------------------------------------------- a spec of its own

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Policies API", "version": "1.0.0"},
    "paths": {
        "/files/{names}": {
            "get": {
                "operationId": "GetFiles",
                "tags": ["files"],
                "parameters": [
                    {
                        "name": "names",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    }
                ],
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/pets/{id}": {
            "get": {
                "operationId": "GetPet",
                "tags": ["pets"],
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/any_pet"}}},
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            # Schema names that are not class names (house_cat → HouseCat), and variants that
            # only the tag tells apart: a discriminator keyed by class name picks wrongly.
            "house_cat": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
            },
            "wild_dog": {
                "type": "object",
                "required": ["kind"],
                "properties": {"kind": {"type": "string"}, "name": {"type": "string"}},
            },
            "any_pet": {
                "oneOf": [
                    {"$ref": "#/components/schemas/house_cat"},
                    {"$ref": "#/components/schemas/wild_dog"},
                ],
                "discriminator": {"propertyName": "kind"},
            },
        }
    },
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(Path(tmp_path_factory.mktemp("policies")), SPEC, "policies_sdk")


def test_list_path_parameters_encode_slashes_in_each_item(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse(status=204))
    with sdk.PoliciesClient(base_url=scripted_server.url, max_retries=0) as client:
        client.files.retrieve(["a/b", "c d", "e"])
    assert scripted_server.requests[0].path == "/files/a%2Fb,c%20d,e"


def test_a_discriminator_without_mapping_is_keyed_by_schema_name(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("policies_sdk.models")
    scripted_server.reply_json({"kind": "wild_dog", "name": "Rex"})
    scripted_server.reply_json({"kind": "house_cat", "name": "Tom"})
    with sdk.PoliciesClient(base_url=scripted_server.url, max_retries=0) as client:
        dog = client.pets.retrieve("p1")
        cat = client.pets.retrieve("p2")
    assert type(dog) is models.WildDog and dog.name == "Rex"
    assert type(cat) is models.HouseCat and cat.name == "Tom"
