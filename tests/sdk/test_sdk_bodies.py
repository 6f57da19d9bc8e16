"""Request bodies on the wire: form fields, multipart files and parts, raw octet streams, text,
JSON arrays and unions.

Each spec is small and inline; its SDK is generated once per module (a module fixture; package
names are unique in the session, see :mod:`support.feature_sdks`), imported, and called against
the scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over the
socket and on exactly what the SDK made of the bytes that came back. The SDK is also
type-checked with ``mypy --strict`` once (the run's shared mypy cache).
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import importlib
import io
import json
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from support.feature_sdks import BODIES_SPEC, assert_mypy_strict, feature_sdk
from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse

# ============================================================== request bodies


@pytest.fixture(scope="module")
def bodies(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, BODIES_SPEC, "feat_bodies_sdk")


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


def test_bodies_sdk_passes_mypy_strict(bodies: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(bodies, mypy_cache)
