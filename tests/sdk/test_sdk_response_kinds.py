"""Responses by kind: JSON models and lists, text, bytes, no content, several success statuses, the
``Accept`` header and ``default`` responses (for success and for errors).

Each spec is small and inline; its SDK is generated once per module (a module fixture; package
names are unique in the session, see :mod:`support.feature_sdks`), imported, and called against
the scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over the
socket and on exactly what the SDK made of the bytes that came back. The SDK is also
type-checked with ``mypy --strict`` once (the run's shared mypy cache).
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import pytest

from support.feature_sdks import NO_CONTENT, assert_mypy_strict, feature_sdk, json_body, json_response, ref
from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse

# ================================================================== responses

ITEM = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "price": {"type": "number"}},
}
JOB = {
    "type": "object",
    "required": ["job_id"],
    "properties": {"job_id": {"type": "string"}, "state": {"type": "string"}},
}

RESPONSES_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Responses API", "version": "1.0.0"},
    "servers": [{"url": "https://responses.example.invalid"}],
    "paths": {
        "/items": {
            "get": {
                "operationId": "ListItems",
                "tags": ["items"],
                "responses": {"200": json_response({"type": "array", "items": ref("Item")})},
            },
            "post": {
                "operationId": "CreateItem",
                "tags": ["items"],
                "requestBody": json_body(ref("Item")),
                "responses": {
                    "200": json_response(ref("Item"), "already there"),
                    "201": json_response(ref("Item"), "created"),
                },
            },
        },
        "/items/{item_id}": {
            "parameters": [
                {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
            ],
            "get": {
                "operationId": "GetItem",
                "tags": ["items"],
                "responses": {"200": json_response(ref("Item"))},
            },
            "put": {
                "operationId": "ReplaceItem",
                "tags": ["items"],
                "requestBody": json_body(ref("Item")),
                "responses": {"200": json_response(ref("Item")), "204": {"description": "unchanged"}},
            },
            "delete": {"operationId": "DeleteItem", "tags": ["items"], "responses": NO_CONTENT},
        },
        "/jobs": {
            "post": {
                "operationId": "StartJob",
                "tags": ["jobs"],
                "responses": {
                    "200": json_response(ref("Item"), "done at once"),
                    "202": json_response(ref("Job"), "accepted"),
                },
            }
        },
        "/report": {
            "get": {
                "operationId": "GetReport",
                "tags": ["reports"],
                "responses": {
                    "200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}
                },
            }
        },
        "/files/{file_id}": {
            "get": {
                "operationId": "DownloadFile",
                "tags": ["files"],
                "parameters": [
                    {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                        },
                    }
                },
            }
        },
        "/legacy": {
            "get": {
                "operationId": "GetLegacy",
                "tags": ["legacy"],
                "responses": {"default": json_response(ref("Item"), "whatever the status")},
            }
        },
        "/coffee": {
            "post": {
                "operationId": "BrewCoffee",
                "tags": ["coffee"],
                "responses": {
                    "200": json_response(ref("Item")),
                    "default": json_response(ref("Error"), "any error"),
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Item": ITEM,
            "Job": JOB,
            "Error": {
                "type": "object",
                "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def responses(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, RESPONSES_SPEC, "feat_responses_sdk")


def _responses_client(sdk: Any, server: ScriptedHTTPServer) -> Any:
    return sdk.FeatResponsesClient(base_url=server.url, max_retries=0)


def test_json_object_response_becomes_a_model(responses: Any, scripted_server: ScriptedHTTPServer) -> None:
    item_class = importlib.import_module("feat_responses_sdk.models").Item
    scripted_server.reply_json({"id": 7, "name": "lamp", "price": 3})
    with _responses_client(responses, scripted_server) as client:
        item = client.items.retrieve(7)
    assert type(item) is item_class
    assert item == item_class(id=7, name="lamp", price=3.0)
    assert isinstance(item.price, float)
    assert scripted_server.requests[0].path == "/items/7"


def test_json_array_response_becomes_a_list_of_models(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    item_class = importlib.import_module("feat_responses_sdk.models").Item
    scripted_server.reply_json([{"id": 1, "name": "a"}, {"id": 2, "name": "b", "price": 0.5}])
    with _responses_client(responses, scripted_server) as client:
        items = client.items.list()
    assert items == [item_class(id=1, name="a"), item_class(id=2, name="b", price=0.5)]
    assert all(type(item) is item_class for item in items)


def test_text_response_is_a_str(responses: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text('line 1\nlïne 2 {"not": "json"}'))
    with _responses_client(responses, scripted_server) as client:
        report = client.reports.retrieve()
    assert report == 'line 1\nlïne 2 {"not": "json"}'


def test_binary_response_is_bytes(responses: Any, scripted_server: ScriptedHTTPServer) -> None:
    raw = b"\x00\x01\xfe\xff" + bytes(range(256))
    scripted_server.enqueue(
        ScriptedResponse(status=200, headers=(("Content-Type", "application/octet-stream"),), body=raw)
    )
    with _responses_client(responses, scripted_server) as client:
        content = client.files.download("f 1")
    assert isinstance(content, bytes)
    assert content == raw
    assert scripted_server.requests[0].path == "/files/f%201"


def test_no_content_response_is_none(responses: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _responses_client(responses, scripted_server) as client:
        assert client.items.delete(3) is None
    assert (scripted_server.requests[0].method, scripted_server.requests[0].path) == ("DELETE", "/items/3")


@pytest.mark.parametrize("status", [200, 201])
def test_either_declared_success_status_is_parsed(
    responses: Any, scripted_server: ScriptedHTTPServer, status: int
) -> None:
    item_class = importlib.import_module("feat_responses_sdk.models").Item
    scripted_server.reply_json({"id": status, "name": "n"}, status=status)
    with _responses_client(responses, scripted_server) as client:
        item = client.items.create(id=0, name="n")
    assert item == item_class(id=status, name="n")
    assert scripted_server.requests[0].json == {"id": 0, "name": "n"}


def test_success_statuses_with_different_schemas_are_parsed_by_the_status_sent(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_responses_sdk.models")
    scripted_server.reply_json({"id": 1, "name": "done"}, status=200)
    scripted_server.reply_json({"job_id": "j-1", "state": "queued"}, status=202)
    with _responses_client(responses, scripted_server) as client:
        done = client.jobs.start()
        accepted = client.jobs.start()
    assert done == models.Item(id=1, name="done")
    assert type(accepted) is models.Job
    assert accepted == models.Job(job_id="j-1", state="queued")


def test_declared_no_content_alternative_returns_none(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    item_class = importlib.import_module("feat_responses_sdk.models").Item
    scripted_server.reply_json({"id": 5, "name": "new"})
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _responses_client(responses, scripted_server) as client:
        changed = client.items.replace(5, id=5, name="new")
        unchanged = client.items.replace(5, id=5, name="new")
    assert changed == item_class(id=5, name="new")
    assert unchanged is None


def test_accept_header_admits_the_documented_media_type(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("report"))
    scripted_server.enqueue(
        ScriptedResponse(status=200, headers=(("Content-Type", "application/octet-stream"),), body=b"\x00")
    )
    scripted_server.reply_json({"id": 1, "name": "n"})
    with _responses_client(responses, scripted_server) as client:
        client.reports.retrieve()
        client.files.download("f")
        client.items.retrieve(1)
    text, binary, json_request = scripted_server.requests

    def accepted(request: RecordedRequest) -> list[str]:
        header = request.header("Accept")
        assert header, "every call says what it accepts"
        return [part.split(";")[0].strip() for part in header.split(",")]

    # The documented type by name: a wildcard alone would admit anything.
    assert "application/json" in accepted(json_request)
    assert "text/plain" in accepted(text)
    assert "application/octet-stream" in accepted(binary)


def test_default_only_response_describes_success_too(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    item_class = importlib.import_module("feat_responses_sdk.models").Item
    scripted_server.reply_json({"id": 9, "name": "old"})
    with _responses_client(responses, scripted_server) as client:
        item = client.legacy.retrieve()
    assert type(item) is item_class and item == item_class(id=9, name="old")


def test_default_response_describes_errors(responses: Any, scripted_server: ScriptedHTTPServer) -> None:
    body = {"code": 418, "message": "I'm a teapot"}
    scripted_server.reply_json(body, status=418)
    with (
        _responses_client(responses, scripted_server) as client,
        pytest.raises(responses.APIStatusError) as caught,
    ):
        client.coffee.brew()
    error = caught.value
    assert type(error) is responses.APIStatusError
    assert error.status_code == 418
    assert error.body == body
    assert len(scripted_server.requests) == 1


def test_default_response_errors_keep_the_status_classes(
    responses: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"code": 400, "message": "bad"}, status=400)
    scripted_server.enqueue(ScriptedResponse.of_text("teapot, not JSON", status=418))
    with _responses_client(responses, scripted_server) as client:
        with pytest.raises(responses.BadRequestError) as bad:
            client.coffee.brew()
        with pytest.raises(responses.APIStatusError) as teapot:
            client.coffee.brew()
    assert (bad.value.status_code, bad.value.body) == (400, {"code": 400, "message": "bad"})
    assert (teapot.value.status_code, teapot.value.body) == (418, "teapot, not JSON")


def test_responses_sdk_passes_mypy_strict(responses: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(responses, mypy_cache)
