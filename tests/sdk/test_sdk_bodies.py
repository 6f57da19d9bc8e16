"""SDK features end to end: bodies, responses, security, unions, nullability, naming.

Each spec below is small and inline; its SDK is generated once per module (a module
fixture; package names are unique in the session), imported, and called against the
scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over
the socket and on exactly what the SDK made of the bytes that came back. Every
generated SDK is also type-checked with ``mypy --strict`` once.

The xdist workers share the generator's content-addressed cache and one mypy cache
(both safe for concurrent use), so a spec's second generation and every mypy run
after the first are cheap.
"""

from __future__ import annotations

import asyncio
import base64
import email.parser
import email.policy
import functools
import importlib
import inspect
import io
import json
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse
from support.specs import settings_for, write_spec
from support.tools import require

KEY = "sk_feature_test_0123456789"


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _json_body(schema: dict[str, Any]) -> dict[str, Any]:
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _json_response(schema: dict[str, Any], description: str = "ok") -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


NO_CONTENT: dict[str, Any] = {"204": {"description": "done"}}


def _output_folder(sdk: Any) -> Path:
    """The folder that holds the generated package (what goes on ``sys.path``)."""
    return Path(sdk.__file__).resolve().parent.parent


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder all xdist workers of this run share (their base temp folders' parent)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if base.name.startswith("popen-gw") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


def _sdk(tmp_path_factory: pytest.TempPathFactory, spec: dict[str, Any], package: str) -> Any:
    """Generate and import ``package``, like ``spec_helpers.import_sdk``.

    The generator's content-addressed cache (whole runs) is shared by the workers,
    so the second worker to generate a spec does not build it all over again.
    """
    folder = tmp_path_factory.mktemp(package)
    settings = settings_for(
        write_spec(folder, spec),
        output=folder / "out",
        package=package,
        cache_dir=_shared_folder(tmp_path_factory, "generator-cache"),
    )
    write(settings.output, generate_files(settings).files)
    sys.path.insert(0, str(settings.output))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(settings.output))


def _assert_mypy_strict(sdk: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    require("mypy")
    cache = _shared_folder(tmp_path_factory, "mypy-cache")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), sdk.__name__],
        cwd=_output_folder(sdk),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _public_methods(cls: type) -> set[str]:
    """The operations of a resource class (not its ``with_raw_response``-style views)."""
    views = {"with_raw_response", "with_streaming_response"}
    return {name for name in vars(cls) if not name.startswith("_") and name not in views}


# ============================================================== request bodies

BODIES_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Bodies API", "version": "1.0.0"},
    "servers": [{"url": "https://bodies.example.invalid"}],
    "paths": {
        "/forms": {
            "post": {
                "operationId": "SubmitForm",
                "tags": ["forms"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "count": {"type": "integer"},
                                    "active": {"type": "boolean"},
                                    "tags": {"type": "array", "items": {"type": "string"}},
                                    "ids": {"type": "array", "items": {"type": "integer"}},
                                    "meta": {
                                        "type": "object",
                                        "properties": {
                                            "a": {"type": "integer"},
                                            "b": {
                                                "type": "object",
                                                "properties": {"c": {"type": "integer"}},
                                            },
                                        },
                                    },
                                },
                            },
                            "encoding": {
                                "meta": {"style": "deepObject", "explode": True},
                                "ids": {"style": "form", "explode": False},
                            },
                        }
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/uploads": {
            "post": {
                "operationId": "CreateUpload",
                "tags": ["uploads"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "required": ["file"],
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "title": {"type": "string"},
                                    "size": {"type": "integer"},
                                    "attachments": {
                                        "type": "array",
                                        "items": {"type": "string", "format": "binary"},
                                    },
                                    "meta": {"type": "object", "properties": {"k": {"type": "string"}}},
                                },
                            }
                        }
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/blobs": {
            "put": {
                "operationId": "PutBlob",
                "tags": ["blobs"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                    },
                },
                "responses": NO_CONTENT,
            }
        },
        "/notes": {
            "post": {
                "operationId": "CreateNote",
                "tags": ["notes"],
                "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
                "responses": NO_CONTENT,
            }
        },
        "/pets/batch": {
            "post": {
                "operationId": "CreatePets",
                "tags": ["pets"],
                "requestBody": _json_body({"type": "array", "items": _ref("Pet")}),
                "responses": NO_CONTENT,
            }
        },
        "/pets/either": {
            "post": {
                "operationId": "AddPet",
                "tags": ["pets"],
                "requestBody": _json_body({"oneOf": [_ref("Pet"), _ref("Toy")]}),
                "responses": NO_CONTENT,
            }
        },
    },
    "components": {
        "schemas": {
            "Pet": {
                "type": "object",
                "required": ["name"],
                "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
            },
            "Toy": {"type": "object", "required": ["sku"], "properties": {"sku": {"type": "string"}}},
        }
    },
}


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, BODIES_SPEC, "feat_bodies_sdk")


def _bodies_client(sdk: Any, server: ScriptedHTTPServer) -> Any:
    return sdk.FeatBodiesClient(base_url=server.url, max_retries=0)


def _multipart_parts(request: RecordedRequest) -> list[EmailMessage]:
    """The parts of a ``multipart/form-data`` body, parsed with the boundary its Content-Type names."""
    content_type = request.header("Content-Type")
    assert content_type is not None and content_type.startswith("multipart/form-data; boundary=")
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type.encode("ascii") + b"\r\n\r\n" + request.body
    )
    assert isinstance(message, EmailMessage) and message.is_multipart()
    return [part for part in message.iter_parts() if isinstance(part, EmailMessage)]


def _describe_part(part: EmailMessage) -> tuple[str | None, str | None, str | None, bytes]:
    """(field name, filename, declared content type or None, payload) of one part."""
    name = part.get_param("name", header="content-disposition")
    declared = part.get("Content-Type")
    payload = part.get_payload(decode=True)
    assert isinstance(payload, bytes)
    return (
        name if isinstance(name, str) else None,
        part.get_filename(),
        part.get_content_type() if declared is not None else None,
        payload,
    )


def test_form_body_flat_fields_arrays_and_deep_object(
    bodies: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_bodies_sdk.models")
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        result = client.forms.submit(
            name="Ann Lee",
            count=3,
            active=True,
            tags=["x", "y z"],
            ids=[1, 2, 3],
            meta=models.SubmitFormRequestMeta(a=1, b=models.SubmitFormRequestMetaB(c=2)),
        )
    assert result is None
    request = scripted_server.requests[0]
    assert (request.method, request.path) == ("POST", "/forms")
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert parse_qsl(request.body.decode("ascii"), keep_blank_values=True) == [
        ("name", "Ann Lee"),
        ("count", "3"),
        ("active", "true"),
        ("tags", "x"),
        ("tags", "y z"),
        ("ids", "1,2,3"),
        ("meta[a]", "1"),
        ("meta[b][c]", "2"),
    ]
    assert request.body == (
        b"name=Ann+Lee&count=3&active=true&tags=x&tags=y+z&ids=1%2C2%2C3&meta%5Ba%5D=1&meta%5Bb%5D%5Bc%5D=2"
    )


def test_form_body_sends_only_what_was_given(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.forms.submit(name="a&b=c")
    request = scripted_server.requests[0]
    assert request.body == b"name=a%26b%3Dc"
    assert parse_qsl(request.body.decode("ascii")) == [("name", "a&b=c")]


def test_multipart_file_as_bytes_with_text_and_integer_fields(
    bodies: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    content = b"\x89PNG\r\n\x1a\n\x00\xffbinary"
    with _bodies_client(bodies, scripted_server) as client:
        assert client.uploads.create(file=content, title="Quarterly report", size=42) is None
    request = scripted_server.requests[0]
    assert (request.method, request.path) == ("POST", "/uploads")
    parts = [_describe_part(part) for part in _multipart_parts(request)]
    assert [(name, payload) for name, _, _, payload in parts] == [
        ("file", content),
        ("title", b"Quarterly report"),
        ("size", b"42"),
    ]
    _, file_filename, file_type, _ = parts[0]
    assert file_filename is not None  # a file part, not a text field
    assert file_type == "application/octet-stream"
    # Text fields are plain form fields: no filename, no content type of their own.
    assert [(filename, ctype) for _, filename, ctype, _ in parts[1:]] == [(None, None), (None, None)]


def test_multipart_file_as_open_file_object(
    bodies: Any, scripted_server: ScriptedHTTPServer, tmp_path: Path
) -> None:
    path = tmp_path / "report.csv"
    path.write_bytes(b"a,b\r\n1,2\r\n")
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client, path.open("rb") as handle:
        client.uploads.create(file=handle, title="csv")
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert [(name, payload) for name, _, _, payload in parts] == [
        ("file", b"a,b\r\n1,2\r\n"),
        ("title", b"csv"),
    ]
    # The file's own name is the part's filename (as httpx, requests and curl do).
    assert parts[0][1] == "report.csv"
    assert parts[0][2] == "text/csv"


def test_multipart_file_as_filename_content_type_tuple(
    bodies: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.uploads.create(file=("photo.jpg", b"\xff\xd8\xff\xe0jpeg", "image/jpeg"), size=7)
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert parts == [
        ("file", "photo.jpg", "image/jpeg", b"\xff\xd8\xff\xe0jpeg"),
        ("size", None, None, b"7"),
    ]


def test_multipart_file_as_filename_content_pair(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.uploads.create(file=("notes.txt", b"hello"))
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert parts == [("file", "notes.txt", "text/plain", b"hello")]


def test_multipart_object_field_is_a_json_part(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_bodies_sdk.models")
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.uploads.create(file=b"f", meta=models.CreateUploadRequestMeta(k="v"))
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert [(name, filename is not None) for name, filename, _, _ in parts] == [
        ("file", True),
        ("meta", False),
    ]
    assert parts[1][2] == "application/json"
    assert json.loads(parts[1][3]) == {"k": "v"}


def test_multipart_array_of_files_repeats_the_part(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.uploads.create(file=b"main", attachments=[b"one", b"two"])
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert [(name, payload) for name, _, _, payload in parts] == [
        ("file", b"main"),
        ("attachments", b"one"),
        ("attachments", b"two"),
    ]
    assert all(filename is not None for _, filename, _, _ in parts)


def test_multipart_array_of_named_files(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.uploads.create(file=b"main", attachments=[("a.txt", b"one"), ("b.bin", b"two", "x-app/b")])
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert parts[1:] == [
        ("attachments", "a.txt", "text/plain", b"one"),
        ("attachments", "b.bin", "x-app/b", b"two"),
    ]


def test_multipart_upload_with_the_async_client(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))

    async def run() -> None:
        async with bodies.AsyncFeatBodiesClient(base_url=scripted_server.url, max_retries=0) as client:
            await client.uploads.create(file=b"async-bytes", title="t")

    asyncio.run(run())
    parts = [_describe_part(part) for part in _multipart_parts(scripted_server.requests[0])]
    assert [(name, payload) for name, _, _, payload in parts] == [("file", b"async-bytes"), ("title", b"t")]


def test_octet_stream_body_is_sent_raw(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    raw = bytes(range(256))
    scripted_server.enqueue(ScriptedResponse.empty(204), ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        assert client.blobs.update(body=raw) is None
        client.blobs.update(body=io.BytesIO(b"from a file object"))
    first, second = scripted_server.requests
    assert (first.method, first.path) == ("PUT", "/blobs")
    assert first.header("Content-Type") == "application/octet-stream"
    assert first.body == raw
    assert second.header("Content-Type") == "application/octet-stream"
    assert second.body == b"from a file object"


def test_octet_stream_file_body_with_the_async_client(
    bodies: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))

    async def run() -> None:
        async with bodies.AsyncFeatBodiesClient(base_url=scripted_server.url, max_retries=0) as client:
            await client.blobs.update(body=io.BytesIO(b"async file object"))

    asyncio.run(run())
    request = scripted_server.requests[0]
    assert request.header("Content-Type") == "application/octet-stream"
    assert request.body == b"async file object"


def test_octet_stream_file_body_is_sent_whole_again_on_retry(
    bodies: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json({"error": "busy"}, status=503, headers={"Retry-After": "0"}),
        ScriptedResponse.empty(204),
    )
    with bodies.FeatBodiesClient(base_url=scripted_server.url, max_retries=1) as client:
        assert client.blobs.update(body=io.BytesIO(b"retried payload")) is None
    assert [request.body for request in scripted_server.requests] == [b"retried payload", b"retried payload"]


def test_text_plain_body_is_sent_as_utf8_text(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    text = 'héllo "wörld" {not json}\n'
    with _bodies_client(bodies, scripted_server) as client:
        client.notes.create(body=text)
    request = scripted_server.requests[0]
    content_type = request.header("Content-Type")
    assert content_type is not None and content_type.split(";")[0] == "text/plain"
    assert request.body == text.encode("utf-8")


def test_json_array_of_models_body(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_bodies_sdk.models")
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.pets.create(
            body=[models.Pet(name="Rex", age=3), models.Pet(name="Tom", additional_properties={"x": 1})]
        )
    request = scripted_server.requests[0]
    assert (request.method, request.path) == ("POST", "/pets/batch")
    assert request.header("Content-Type") == "application/json"
    assert request.json == [{"name": "Rex", "age": 3}, {"name": "Tom", "x": 1}]


def test_json_one_of_body(bodies: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_bodies_sdk.models")
    scripted_server.enqueue(ScriptedResponse.empty(204), ScriptedResponse.empty(204))
    with _bodies_client(bodies, scripted_server) as client:
        client.pets.add(body=models.Toy(sku="T-1"))
        client.pets.add(body=models.Pet(name="Rex"))
    first, second = scripted_server.requests
    assert first.header("Content-Type") == "application/json"
    assert first.json == {"sku": "T-1"}
    assert second.json == {"name": "Rex"}


def test_bodies_sdk_passes_mypy_strict(bodies: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(bodies, tmp_path_factory)


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
                "responses": {"200": _json_response({"type": "array", "items": _ref("Item")})},
            },
            "post": {
                "operationId": "CreateItem",
                "tags": ["items"],
                "requestBody": _json_body(_ref("Item")),
                "responses": {
                    "200": _json_response(_ref("Item"), "already there"),
                    "201": _json_response(_ref("Item"), "created"),
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
                "responses": {"200": _json_response(_ref("Item"))},
            },
            "put": {
                "operationId": "ReplaceItem",
                "tags": ["items"],
                "requestBody": _json_body(_ref("Item")),
                "responses": {"200": _json_response(_ref("Item")), "204": {"description": "unchanged"}},
            },
            "delete": {"operationId": "DeleteItem", "tags": ["items"], "responses": NO_CONTENT},
        },
        "/jobs": {
            "post": {
                "operationId": "StartJob",
                "tags": ["jobs"],
                "responses": {
                    "200": _json_response(_ref("Item"), "done at once"),
                    "202": _json_response(_ref("Job"), "accepted"),
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
                "responses": {"default": _json_response(_ref("Item"), "whatever the status")},
            }
        },
        "/coffee": {
            "post": {
                "operationId": "BrewCoffee",
                "tags": ["coffee"],
                "responses": {
                    "200": _json_response(_ref("Item")),
                    "default": _json_response(_ref("Error"), "any error"),
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
    return _sdk(tmp_path_factory, RESPONSES_SPEC, "feat_responses_sdk")


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


def test_responses_sdk_passes_mypy_strict(responses: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(responses, tmp_path_factory)


# =================================================================== security


def _secured(operation_id: str, path: str, security: list[dict[str, list[str]]] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "tags": ["auth"], "responses": NO_CONTENT}
    if security is not None:
        operation["security"] = security
    return {path: {"get": operation}}


SECURITY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Security API", "version": "1.0.0"},
    "servers": [{"url": "https://security.example.invalid"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        **_secured("GetBearer", "/bearer", None),
        **_secured("GetBasic", "/basic", [{"basicAuth": []}]),
        **_secured("GetHeaderKey", "/header-key", [{"headerKey": []}]),
        **_secured("GetQueryKey", "/query-key", [{"queryKey": []}]),
        **_secured("GetCookieKey", "/cookie-key", [{"cookieKey": []}]),
        **_secured("GetOauth", "/oauth", [{"oauth": ["read"]}]),
        **_secured("GetPublic", "/public", []),
        **_secured("GetEither", "/either", [{"headerKey": []}, {"basicAuth": []}]),
        **_secured("GetBoth", "/both", [{"headerKey": [], "queryKey": []}]),
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "basicAuth": {"type": "http", "scheme": "basic"},
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session_id"},
            "oauth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": "https://security.example.invalid/token",
                        "scopes": {"read": "read things"},
                    }
                },
            },
        }
    },
}
SECURITY_SPEC["paths"]["/query-key"]["get"]["parameters"] = [
    {"name": "q", "in": "query", "schema": {"type": "string"}}
]
SECURITY_SPEC["paths"]["/cookie-key"]["get"]["parameters"] = [
    {"name": "theme", "in": "cookie", "schema": {"type": "string"}}
]

BASIC_HEADER = "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ=="
"""``aladdin:open sesame`` in base64."""
CREDENTIAL_HEADERS = ("Authorization", "X-API-Key", "Cookie")


@pytest.fixture(scope="module")
def security(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, SECURITY_SPEC, "feat_security_sdk")


def _call(sdk: Any, server: ScriptedHTTPServer, method: str, **credentials: str) -> RecordedRequest:
    """Call ``client.auth.<method>()`` with ``credentials``; returns what the server received."""
    before = len(server.requests)
    server.enqueue(ScriptedResponse.empty(204))
    with sdk.FeatSecurityClient(base_url=server.url, max_retries=0, **credentials) as client:
        assert getattr(client.auth, method)() is None
    requests = server.requests
    assert len(requests) == before + 1
    return requests[-1]


def _credentials_sent(request: RecordedRequest) -> dict[str, str]:
    return {name: value for name in CREDENTIAL_HEADERS if (value := request.header(name)) is not None}


def test_security_method_names(security: Any) -> None:
    resource = importlib.import_module("feat_security_sdk.resources.auth").Auth
    assert _public_methods(resource) == {
        "get_bearer",
        "get_basic",
        "get_header_key",
        "get_query_key",
        "get_cookie_key",
        "get_oauth",
        "get_public",
        "get_either",
        "get_both",
    }


def test_http_bearer(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_bearer", api_key=KEY)
    assert _credentials_sent(request) == {"Authorization": f"Bearer {KEY}"}
    assert request.query == ""


def test_http_basic_takes_username_and_password(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    parameters = inspect.signature(security.FeatSecurityClient).parameters
    assert {"api_key", "username", "password"} <= set(parameters)
    request = _call(security, scripted_server, "get_basic", username="aladdin", password="open sesame")
    assert _credentials_sent(request) == {"Authorization": BASIC_HEADER}
    assert base64.b64decode(BASIC_HEADER.removeprefix("Basic ")) == b"aladdin:open sesame"


def test_api_key_in_header(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_header_key", api_key=KEY)
    assert _credentials_sent(request) == {"X-API-Key": KEY}
    assert request.query == ""


def test_api_key_in_query(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with security.FeatSecurityClient(base_url=scripted_server.url, api_key=KEY, max_retries=0) as client:
        client.auth.get_query_key(q="a b")
    request = scripted_server.requests[0]
    assert request.query_params == [("q", "a b"), ("api_key", KEY)]
    assert _credentials_sent(request) == {}


def test_api_key_in_cookie(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204), ScriptedResponse.empty(204))
    with security.FeatSecurityClient(base_url=scripted_server.url, api_key=KEY, max_retries=0) as client:
        client.auth.get_cookie_key()
        client.auth.get_cookie_key(theme="dark")
    alone, with_param = scripted_server.requests
    assert _credentials_sent(alone) == {"Cookie": f"session_id={KEY}"}
    cookie = with_param.header("Cookie")
    assert cookie is not None
    assert sorted(cookie.split("; ")) == sorted(["theme=dark", f"session_id={KEY}"])
    assert with_param.header("Authorization") is None and with_param.query == ""


def test_oauth2_token_is_sent_as_bearer(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_oauth", api_key="oauth-access-token")
    assert _credentials_sent(request) == {"Authorization": "Bearer oauth-access-token"}


def test_empty_security_sends_no_credentials(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(
        security, scripted_server, "get_public", api_key=KEY, username="aladdin", password="open sesame"
    )
    assert _credentials_sent(request) == {}
    assert request.query == ""


def test_one_of_two_alternatives(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    key_only = _call(security, scripted_server, "get_either", api_key=KEY)
    basic_only = _call(security, scripted_server, "get_either", username="aladdin", password="open sesame")
    both = _call(
        security, scripted_server, "get_either", api_key=KEY, username="aladdin", password="open sesame"
    )
    assert _credentials_sent(key_only) == {"X-API-Key": KEY}
    assert _credentials_sent(basic_only) == {"Authorization": BASIC_HEADER}
    assert _credentials_sent(both) == {"X-API-Key": KEY}  # the first alternative that can be met


def test_requirement_with_two_schemes_sends_both(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_both", api_key=KEY)
    assert _credentials_sent(request) == {"X-API-Key": KEY}
    assert request.query_params == [("api_key", KEY)]


def test_security_sdk_passes_mypy_strict(security: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(security, tmp_path_factory)


# ======================================================= models (OpenAPI 3.0)


def _pet_variant(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["pet_type", "name"],
        "properties": {"pet_type": {"type": "string"}, "name": {"type": "string"}, **extra},
    }


MODELS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Models API", "version": "1.0.0"},
    "servers": [{"url": "https://models.example.invalid"}],
    "paths": {
        "/owners/{owner_id}": {
            "get": {
                "operationId": "GetOwner",
                "tags": ["owners"],
                "parameters": [
                    {"name": "owner_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _json_response(_ref("Owner"))},
            }
        },
        "/pets/{pet_id}": {
            "get": {
                "operationId": "GetPet",
                "tags": ["pets"],
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _json_response(_ref("Pet"))},
            }
        },
        "/notes": {
            "post": {
                "operationId": "CreateNote",
                "tags": ["notes"],
                "requestBody": _json_body(_ref("Note")),
                "responses": {"200": _json_response(_ref("Note"))},
            }
        },
        "/counts": {
            "get": {
                "operationId": "GetCounts",
                "tags": ["counts"],
                "responses": {"200": _json_response(_ref("Counts"))},
            }
        },
        "/labels": {
            "get": {
                "operationId": "GetLabels",
                "tags": ["labels"],
                "responses": {"200": _json_response(_ref("Labeled"))},
            }
        },
        "/catalog": {
            "get": {
                "operationId": "GetCatalog",
                "tags": ["catalog"],
                "responses": {"200": _json_response(_ref("Catalog"))},
            }
        },
        "/widgets": {
            "post": {
                "operationId": "CreateWidget",
                "tags": ["widgets"],
                "requestBody": _json_body(_ref("Widget")),
                "responses": {"201": _json_response(_ref("Widget"))},
            }
        },
    },
    "components": {
        "schemas": {
            "Cat": _pet_variant({"lives": {"type": "integer"}}),
            "Dog": _pet_variant({"good_boy": {"type": "boolean"}}),
            "Pet": {
                "oneOf": [_ref("Cat"), _ref("Dog")],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {"feline": "#/components/schemas/Cat", "canine": "#/components/schemas/Dog"},
                },
            },
            "PetShort": {
                "oneOf": [_ref("Cat"), _ref("Dog")],
                "discriminator": {"propertyName": "pet_type", "mapping": {"kitty": "Cat", "doggo": "Dog"}},
            },
            "PetByName": {
                "oneOf": [_ref("Cat"), _ref("Dog")],
                "discriminator": {"propertyName": "pet_type"},
            },
            "Owner": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "pet": _ref("Pet"),
                    "other": _ref("PetByName"),
                    "short": _ref("PetShort"),
                    "pets": {"type": "array", "items": _ref("Pet")},
                },
            },
            "Tag": {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}},
            "Note": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "nullable": True},
                    "due": {"type": "integer", "nullable": True},
                    "parent": {"allOf": [_ref("Tag")], "nullable": True},
                },
            },
            "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Labeled": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "additionalProperties": {"type": "integer"},
            },
            "Catalog": {
                "type": "object",
                "properties": {"title": {"type": "string"}},
                "additionalProperties": _ref("Tag"),
            },
            "Widget": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "name": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time", "readOnly": True},
                    "size": {"type": "integer"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def models30(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, MODELS_SPEC, "feat_models_sdk")


def _models_client(sdk: Any, server: ScriptedHTTPServer) -> Any:
    return sdk.FeatModelsClient(base_url=server.url, max_retries=0)


CAT = {"pet_type": "feline", "name": "Tom", "lives": 9}
DOG = {"pet_type": "canine", "name": "Rex", "good_boy": True}


def test_discriminator_with_mapping_picks_the_variant(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"name": "Ann", "pet": CAT, "pets": [DOG, CAT]}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        owner = client.owners.retrieve("o1")
    assert type(owner.pet) is models.Cat
    assert owner.pet == models.Cat(pet_type="feline", name="Tom", lives=9)
    assert [type(pet) for pet in owner.pets] == [models.Dog, models.Cat]
    assert owner.pets[0] == models.Dog(pet_type="canine", name="Rex", good_boy=True)
    assert owner.to_dict() == payload


def test_discriminator_without_mapping_uses_schema_names(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    cat = {"pet_type": "Cat", "name": "Tom"}
    dog = {"pet_type": "Dog", "name": "Rex", "good_boy": False}
    scripted_server.reply_json({"other": cat})
    scripted_server.reply_json({"other": dog})
    with _models_client(models30, scripted_server) as client:
        first = client.owners.retrieve("o1")
        second = client.owners.retrieve("o2")
    assert type(first.other) is models.Cat and first.other == models.Cat(pet_type="Cat", name="Tom")
    assert type(second.other) is models.Dog
    assert second.other == models.Dog(pet_type="Dog", name="Rex", good_boy=False)


def test_discriminator_mapping_to_bare_schema_names(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json({"short": {"pet_type": "doggo", "name": "Rex"}})
    scripted_server.reply_json({"short": {"pet_type": "kitty", "name": "Tom"}})
    with _models_client(models30, scripted_server) as client:
        dog = client.owners.retrieve("o1").short
        cat = client.owners.retrieve("o2").short
    assert type(dog) is models.Dog and dog == models.Dog(pet_type="doggo", name="Rex")
    assert type(cat) is models.Cat and cat == models.Cat(pet_type="kitty", name="Tom")


def test_discriminated_union_as_the_whole_response(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json(DOG)
    scripted_server.reply_json(CAT)
    with _models_client(models30, scripted_server) as client:
        dog = client.pets.retrieve("p1")
        cat = client.pets.retrieve("p2")
    assert type(dog) is models.Dog and dog == models.Dog(pet_type="canine", name="Rex", good_boy=True)
    assert type(cat) is models.Cat and cat.lives == 9


def test_unknown_discriminator_value_keeps_the_raw_object(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    bird = {"pet_type": "avian", "name": "Tweety", "wings": 2, "nested": {"a": [1, None]}}
    unmapped = {"pet_type": "feline", "name": "Tom", "lives": 9}  # a tag of the *other* union
    payload = {"name": "Ann", "pet": bird, "other": unmapped, "pets": [bird, CAT]}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        owner = client.owners.retrieve("o1")
    assert type(owner.pet) is dict and owner.pet == bird
    assert type(owner.other) is dict and owner.other == unmapped
    assert owner.pets[0] == bird
    assert owner.to_dict() == payload


def test_nullable_fields_round_trip_null(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json({"text": None, "due": None, "parent": None})
    scripted_server.reply_json({"text": "t", "due": 5, "parent": {"label": "p"}})
    with _models_client(models30, scripted_server) as client:
        empty = client.notes.create(text=None, due=None, parent=None)
        full = client.notes.create(text="t")
    sent_nulls, sent_text = scripted_server.requests
    assert sent_nulls.json == {"text": None, "due": None, "parent": None}
    assert sent_text.json == {"text": "t"}  # unset optional fields are not sent
    assert (empty.text, empty.due, empty.parent) == (None, None, None)
    assert empty.additional_properties == {}
    assert empty.to_dict() == {"text": None, "due": None, "parent": None}
    assert full == models.Note(text="t", due=5, parent=models.Tag(label="p"))
    assert models.Note.from_dict(empty.to_dict()) == empty


def test_additional_properties_without_properties_is_a_typed_dict(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"apples": 3, "pears": 0})
    with _models_client(models30, scripted_server) as client:
        # The resource class is not named ``Counts``: the schema took that name first.
        assert inspect.signature(type(client.counts).retrieve).return_annotation == "dict[str, int]"
        counts = client.counts.retrieve()
    assert type(counts) is dict and counts == {"apples": 3, "pears": 0}


def test_properties_and_additional_properties(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"name": "n", "x": 1, "y": 2}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        labeled = client.labels.retrieve()
    assert labeled == models.Labeled(name="n", additional_properties={"x": 1, "y": 2})
    assert labeled.to_dict() == payload


def test_additional_properties_of_a_model_type_are_decoded(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"title": "c", "first": {"label": "one"}, "second": {"label": "two", "x": True}}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        catalog = client.catalog.retrieve()
    assert catalog.title == "c"
    assert catalog.additional_properties == {
        "first": models.Tag(label="one"),
        "second": models.Tag(label="two", additional_properties={"x": True}),
    }
    assert catalog.to_dict() == payload


def test_read_only_properties_are_not_arguments_but_are_read(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"id": "w-1", "name": "gear", "created_at": "2024-05-01T12:00:00Z", "size": 3}
    scripted_server.reply_json(payload, status=201)
    with _models_client(models30, scripted_server) as client:
        arguments = set(inspect.signature(type(client.widgets).create).parameters)
        assert {"name", "size"} <= arguments
        assert not {"id", "created_at"} & arguments
        widget = client.widgets.create(name="gear", size=3)
    assert scripted_server.requests[0].json == {"name": "gear", "size": 3}
    assert type(widget) is models.Widget
    assert (widget.id, widget.name, widget.created_at, widget.size) == (
        "w-1",
        "gear",
        "2024-05-01T12:00:00Z",
        3,
    )
    assert widget.to_dict() == payload


def test_models_sdk_passes_mypy_strict(models30: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(models30, tmp_path_factory)


_FIRST_USE_PROBE = """
import json, sys
import feat_models_sdk as sdk

def models():
    return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("feat_models_sdk.models."))

client = sdk.FeatModelsClient(base_url=sys.argv[1], max_retries=0)
for name in ("owners", "pets", "notes", "counts", "labels", "catalog", "widgets"):
    getattr(client, name)
touched = models()
owner = client.owners.retrieve(1)
print(json.dumps({"touched": touched, "called": models(), "pet": type(owner.pet).__name__}))
"""


def test_models_load_on_first_use(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    """Touching resources imports no model; a call imports the models of what it reads, no more."""
    scripted_server.reply_json({"name": "Ann", "pet": {"pet_type": "feline", "name": "Tom", "lives": 9}})
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_USE_PROBE, scripted_server.url],
        cwd=_output_folder(models30),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["touched"] == []
    # Owner's other fields (PetByName, PetShort, ...) were not in the answer: not imported.
    assert loaded["called"] == ["cat", "owner"]
    assert loaded["pet"] == "Cat"


# ======================================================= models (OpenAPI 3.1)

MODELS31_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Models 3.1 API", "version": "1.0.0"},
    "servers": [{"url": "https://models31.example.invalid"}],
    "paths": {
        "/records": {
            "post": {
                "operationId": "CreateRecord",
                "tags": ["records"],
                "requestBody": _json_body(_ref("Record")),
                "responses": {"200": _json_response(_ref("Record"))},
            }
        },
    },
    "components": {
        "schemas": {
            "Ref": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
            "Record": {
                "type": "object",
                "required": ["id", "label"],
                "properties": {
                    "id": {"type": "integer"},
                    "label": {"type": ["string", "null"]},
                    "score": {"type": ["number", "null"]},
                    "tags": {"type": ["array", "null"], "items": {"type": "string"}},
                    "parent": {"oneOf": [_ref("Ref"), {"type": "null"}]},
                    "code": {"type": ["integer", "string"]},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def models31(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, MODELS31_SPEC, "feat_models31_sdk")


def test_type_lists_with_null_round_trip(models31: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models31_sdk.models")
    nulls = {"id": 1, "label": None, "score": None, "tags": None, "parent": None}
    values = {"id": 2, "label": "l", "score": 2, "tags": ["a"], "parent": {"id": 1}}
    scripted_server.reply_json(nulls)
    scripted_server.reply_json(values)
    with models31.FeatModels31Client(base_url=scripted_server.url, max_retries=0) as client:
        empty = client.records.create(id=1, label=None, score=None, tags=None, parent=None)
        full = client.records.create(id=2, label="l")
    sent_nulls, sent_values = scripted_server.requests
    assert sent_nulls.json == nulls
    assert sent_values.json == {"id": 2, "label": "l"}
    assert empty == models.Record(id=1, label=None, score=None, tags=None, parent=None)
    assert empty.additional_properties == {}
    assert empty.to_dict() == nulls
    assert full == models.Record(id=2, label="l", score=2.0, tags=["a"], parent=models.Ref(id=1))
    assert full.to_dict() == {**values, "score": 2.0}


def test_type_list_without_null_is_a_union(models31: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"id": 1, "label": "a", "code": 404})
    scripted_server.reply_json({"id": 2, "label": "b", "code": "E404"})
    with models31.FeatModels31Client(base_url=scripted_server.url, max_retries=0) as client:
        number = client.records.create(id=1, label="a", code=404)
        text = client.records.create(id=2, label="b", code="E404")
    assert [request.json["code"] for request in scripted_server.requests] == [404, "E404"]
    assert (number.code, text.code) == (404, "E404")
    assert number.additional_properties == {} and text.additional_properties == {}


def test_models31_sdk_passes_mypy_strict(models31: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(models31, tmp_path_factory)


# ============================================================ naming, servers

NAMING_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Naming API", "version": "1.0.0"},
    "servers": [
        {
            "url": "https://{region}.api.example.invalid:{port}/{basePath}",
            "variables": {
                "region": {"default": "eu-west", "enum": ["eu-west", "us-east"]},
                "port": {"default": "8443"},
                "basePath": {"default": "v2"},
            },
        },
        {"url": "https://fallback.example.invalid"},
    ],
    "paths": {
        "/v1/widgets": {
            "get": {"responses": {"200": _json_response({"type": "array", "items": {"type": "string"}})}},
            "post": {"responses": NO_CONTENT},
        },
        "/v1/widgets/{widget_id}": {
            "get": {
                "parameters": [
                    {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": _json_response({"type": "object"})},
            }
        },
        "/gadgets": {
            "post": {"operationId": "CreateGadget", "tags": ["gadgets", "admin"], "responses": NO_CONTENT}
        },
        "/api/v2/reports/{report_id}": {
            "get": {
                "operationId": "FetchReport",
                "parameters": [
                    {"name": "report_id", "in": "path", "required": True, "schema": {"type": "integer"}}
                ],
                "responses": NO_CONTENT,
            }
        },
        "/{tenant}/users": {
            "get": {
                "parameters": [
                    {"name": "tenant", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": NO_CONTENT,
            }
        },
    },
}


@pytest.fixture(scope="module")
def naming(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, NAMING_SPEC, "feat_naming_sdk")


def test_default_base_url_substitutes_server_variables(naming: Any) -> None:
    client = naming.FeatNamingClient()
    try:
        assert client.base_url == "https://eu-west.api.example.invalid:8443/v2"
    finally:
        client.close()


def test_resources_come_from_first_tag_or_first_path_segment(naming: Any) -> None:
    client_class = naming.FeatNamingClient
    resources = {
        name for name, value in vars(client_class).items() if isinstance(value, functools.cached_property)
    }
    assert resources == {"widgets", "gadgets", "reports", "users"}


def test_method_names_come_from_operation_id_or_method_and_path(naming: Any) -> None:
    with naming.FeatNamingClient() as client:
        assert _public_methods(type(client.gadgets)) == {"create"}  # CreateGadget, tags gadgets + admin
        # FetchReport, no tags: "fetch" alone is a generic verb, and the path an item.
        assert _public_methods(type(client.reports)) == {"retrieve"}
        assert _public_methods(type(client.users)) == {"list"}  # GET /{tenant}/users


def test_version_segments_stay_out_of_derived_method_names(naming: Any) -> None:
    with naming.FeatNamingClient() as client:
        # GET/POST /v1/widgets and GET /v1/widgets/{widget_id}: the resource is "widgets"
        # (the version segment is skipped); without operationIds, REST verbs of the shape.
        assert _public_methods(type(client.widgets)) == {"list", "create", "retrieve"}


def test_named_operations_reach_their_paths(naming: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(*(ScriptedResponse.empty(204) for _ in range(3)))
    with naming.FeatNamingClient(base_url=scripted_server.url, max_retries=0) as client:
        assert client.gadgets.create() is None
        assert client.reports.retrieve(12) is None
        assert client.users.list("acme co") is None
    assert [(r.method, r.path) for r in scripted_server.requests] == [
        ("POST", "/gadgets"),
        ("GET", "/api/v2/reports/12"),
        ("GET", "/acme%20co/users"),
    ]


def test_path_derived_methods_reach_their_paths(naming: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json(["a", "b"])
    scripted_server.reply_json({"id": "w 1"})
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with naming.FeatNamingClient(base_url=scripted_server.url, max_retries=0) as client:
        assert client.widgets.list() == ["a", "b"]
        assert client.widgets.retrieve("w 1") == {"id": "w 1"}
        assert client.widgets.create() is None
    assert [(r.method, r.path) for r in scripted_server.requests] == [
        ("GET", "/v1/widgets"),
        ("GET", "/v1/widgets/w%201"),
        ("POST", "/v1/widgets"),
    ]


def test_naming_sdk_passes_mypy_strict(naming: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(naming, tmp_path_factory)


# ============================================================ sub-resources


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _stripe_like(operation_id: str, *params: str, answer: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": [_path_param(p) for p in params],
        "responses": {"200": _json_response(answer or {"type": "object"})},
    }


# Machine-made operationIds that only spell method and path, as Stripe's: they nest.
NESTED_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Nested API", "version": "1.0.0"},
    "servers": [{"url": "https://nested.example.invalid"}],
    "paths": {
        "/v1/customers": {"get": _stripe_like("GetCustomers")},
        "/v1/customers/{customer}": {"get": _stripe_like("GetCustomersCustomer", "customer")},
        "/v1/customers/{customer}/bank_accounts": {
            "get": _stripe_like("GetCustomersCustomerBankAccounts", "customer"),
        },
        "/v1/customers/{customer}/bank_accounts/{id}": {
            "get": _stripe_like("GetCustomersCustomerBankAccountsId", "customer", "id"),
            "delete": _stripe_like("DeleteCustomersCustomerBankAccountsId", "customer", "id"),
        },
        "/v1/customers/{customer}/bank_accounts/{id}/verify": {
            "post": _stripe_like("PostCustomersCustomerBankAccountsIdVerify", "customer", "id"),
        },
        "/v1/charges/{charge}/capture": {"post": _stripe_like("PostChargesChargeCapture", "charge")},
    },
}


@pytest.fixture(scope="module")
def nested(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return _sdk(tmp_path_factory, NESTED_SPEC, "feat_nested_sdk")


def test_sub_resources_are_attributes_of_their_resource(nested: Any) -> None:
    with nested.FeatNestedClient() as client:
        assert _public_methods(type(client.customers)) == {"list", "retrieve", "bank_accounts"}
        assert _public_methods(type(client.customers.bank_accounts)) == {
            "list",
            "retrieve",
            "delete",
            "verify",
        }
        assert _public_methods(type(client.charges)) == {"capture"}  # a trailing action
        assert client.customers.bank_accounts is client.customers.bank_accounts  # made once


def test_sub_resources_load_lazily(nested: Any) -> None:
    module = "feat_nested_sdk.resources.customers_bank_accounts"
    sys.modules.pop(module, None)
    with nested.FeatNestedClient() as client:
        client.customers.list  # noqa: B018 - the parent resource alone
        assert module not in sys.modules
        client.customers.bank_accounts  # noqa: B018
        assert module in sys.modules


def test_nested_methods_reach_their_paths(nested: Any, scripted_server: ScriptedHTTPServer) -> None:
    for _ in range(4):
        scripted_server.reply_json({"id": "x"})
    with nested.FeatNestedClient(base_url=scripted_server.url, max_retries=0) as client:
        assert client.customers.bank_accounts.retrieve("cus 1", "ba_1") == {"id": "x"}
        client.customers.bank_accounts.delete("cus_1", "ba 2")
        client.customers.bank_accounts.verify("cus_1", "ba_3")
        client.charges.capture("ch_1")
    assert [(r.method, r.path) for r in scripted_server.requests] == [
        ("GET", "/v1/customers/cus%201/bank_accounts/ba_1"),
        ("DELETE", "/v1/customers/cus_1/bank_accounts/ba%202"),
        ("POST", "/v1/customers/cus_1/bank_accounts/ba_3/verify"),
        ("POST", "/v1/charges/ch_1/capture"),
    ]


def test_nested_methods_with_the_async_client(nested: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"id": "x"})

    async def run() -> Any:
        async with nested.AsyncFeatNestedClient(base_url=scripted_server.url, max_retries=0) as client:
            assert type(client.customers.bank_accounts).__name__ == "AsyncCustomersBankAccounts"
            return await client.customers.bank_accounts.retrieve("cus_1", "ba_1")

    assert asyncio.run(run()) == {"id": "x"}
    assert scripted_server.requests[0].path == "/v1/customers/cus_1/bank_accounts/ba_1"


def test_nested_calls_in_readme_and_docs(nested: Any) -> None:
    output = _output_folder(nested)
    readme = (output / "README.md").read_text(encoding="utf-8")
    assert 'result = client.customers.bank_accounts.list("string")' in readme
    index = (output / "docs" / "index.md").read_text(encoding="utf-8")
    assert (
        "[`client.customers.bank_accounts.retrieve()`](operations/customers_bank_accounts/retrieve.md)"
        in index
    )
    page = output / "docs" / "operations" / "customers_bank_accounts" / "retrieve.md"
    assert page.read_text(encoding="utf-8").startswith("# `client.customers.bank_accounts.retrieve()`")


def test_nested_sdk_passes_mypy_strict(nested: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    _assert_mypy_strict(nested, tmp_path_factory)
