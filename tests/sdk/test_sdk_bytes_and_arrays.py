"""Bytes in a query or a form-urlencoded body, and empty arrays in a multipart body.

A URL and a form have no spelling for raw bytes: ``format: byte`` values travel as base64
text, and bytes anywhere else (``format: binary`` included) are refused with a ``TypeError``
naming the field, never sent as ``b'...'``. An empty array in a multipart body sends no
part, required or not (the rule the README's "What is supported" states).

An SDK is generated from a small inline spec, imported, and called against the scripted
server on 127.0.0.1, so what is asserted is what really went over the socket.
"""

from __future__ import annotations

import base64
import io
import urllib.parse
from typing import Any

import pytest

from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse
from support.multipart import multipart_parts
from support.specs import import_sdk

_BYTE = {"type": "string", "format": "byte"}
_BINARY = {"type": "string", "format": "binary"}
_TEXTS = {"type": "array", "items": {"type": "string"}}


def _spec(version: str) -> dict[str, Any]:
    uploads: dict[str, Any] = {
        "schema": {
            "type": "object",
            "required": ["labels", "files", "joined", "title"],
            "properties": {
                "title": {"type": "string"},
                "labels": _TEXTS,
                "files": {"type": "array", "items": _BINARY},
                "joined": _TEXTS,
            },
        },
        "encoding": {"joined": {"style": "form", "explode": False}},
    }
    return {
        "openapi": version,
        "info": {"title": "Bytes API", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid"}],
        "paths": {
            "/search": {
                "get": {
                    "operationId": "Search",
                    "tags": ["search"],
                    "parameters": [
                        {"name": "token", "in": "query", "schema": _BYTE},
                        {"name": "tokens", "in": "query", "schema": {"type": "array", "items": _BYTE}},
                        {"name": "blob", "in": "query", "schema": _BINARY},
                        {"name": "name", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            },
            "/forms": {
                "post": {
                    "operationId": "SubmitForm",
                    "tags": ["forms"],
                    "requestBody": {
                        "content": {
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "properties": {
                                        "data": _BYTE,
                                        "file": _BINARY,
                                        "note": {"type": "string"},
                                    },
                                }
                            }
                        }
                    },
                    "responses": {"204": {"description": "done"}},
                }
            },
            "/uploads": {
                "post": {
                    "operationId": "Upload",
                    "tags": ["uploads"],
                    "requestBody": {"required": True, "content": {"multipart/form-data": uploads}},
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
    }


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("bytes31"), _spec("3.1.0"), "bytes_arrays_31_sdk")


@pytest.fixture(scope="module")
def sdk30(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("bytes30"), _spec("3.0.3"), "bytes_arrays_30_sdk")


def _client(sdk: Any, url: str) -> Any:
    """The SDK's sync client (``BytesArrays31Client``: named after the package)."""
    name = "".join(part.title() for part in sdk.__name__.split("_")[:3]) + "Client"
    return getattr(sdk, name)(base_url=url, max_retries=0)


def _call(
    sdk: Any, server: ScriptedHTTPServer, resource: str, method: str, **arguments: Any
) -> RecordedRequest:
    server.enqueue(ScriptedResponse.empty(204))
    with _client(sdk, server.url) as client:
        getattr(getattr(client, resource), method)(**arguments)
    return server.requests[-1]


def _refused(sdk: Any, resource: str, method: str, **arguments: Any) -> str:
    """The ``TypeError`` a call raises before anything is sent (no server is listening)."""
    with _client(sdk, "http://127.0.0.1:9") as client:
        with pytest.raises(TypeError) as raised:
            getattr(getattr(client, resource), method)(**arguments)
    return str(raised.value)


def test_byte_query_values_travel_as_base64(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    raw = b"\x00\xffhi?"
    request = _call(sdk, scripted_server, "search", "search", token=raw, tokens=[b"a", b"\xfe"], name="x")
    encoded = base64.b64encode(raw).decode("ascii")
    assert request.query_params == [("token", encoded), ("tokens", "YQ=="), ("tokens", "/g=="), ("name", "x")]
    assert "b%27" not in request.query  # never Python's repr of bytes


def test_byte_query_text_is_sent_as_given(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(sdk, scripted_server, "search", "search", token="aGk=")
    assert request.query_params == [("token", "aGk=")]


def test_binary_and_untyped_bytes_in_a_query_are_refused_naming_the_field(sdk: Any) -> None:
    assert _refused(sdk, "search", "search", blob=b"\x00") == (
        "blob: bytes (format: binary) cannot be sent in a query or form-urlencoded value; "
        "pass text (a field declared format: byte takes bytes and sends them as base64)"
    )
    assert _refused(sdk, "search", "search", name=b"x").startswith("name: bytes cannot be sent in a query")
    assert _refused(sdk, "search", "search", blob=io.BytesIO(b"x")).startswith("blob: a file cannot be sent")


def test_byte_form_fields_travel_as_base64(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(sdk, scripted_server, "forms", "submit", data=b"\x01\x02", note="n")
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert urllib.parse.parse_qsl(request.body.decode("ascii")) == [("data", "AQI="), ("note", "n")]


def test_binary_form_fields_are_refused_naming_the_field(sdk: Any) -> None:
    message = _refused(sdk, "forms", "submit", file=b"\x00", note="n")
    assert message.startswith(
        "file: bytes (format: binary) cannot be sent in a query or form-urlencoded value"
    )
    assert _refused(sdk, "forms", "submit", file=("a.bin", b"\x00")).startswith("file: a file cannot be sent")
    assert _refused(sdk, "forms", "submit", note=b"n").startswith("note: bytes cannot be sent")


def _parts(request: RecordedRequest) -> list[tuple[str | None, str]]:
    """(name, text) of each part of a multipart body."""
    return [(name, text) for name, _, text in multipart_parts(request)]


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_a_required_empty_array_in_multipart_sends_no_part(
    version: str, sdk: Any, sdk30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    """Whatever its style: ``joined`` is ``form`` unexploded in 3.1 (``a,b`` in one part)."""
    chosen = sdk if version == "3.1" else sdk30
    request = _call(chosen, scripted_server, "uploads", "upload", title="t", labels=[], files=[], joined=[])
    assert _parts(request) == [("title", "t")]
    request = _call(
        chosen, scripted_server, "uploads", "upload", title="t", labels=["a"], files=[], joined=["a", "b"]
    )
    joined = [("joined", "a,b")] if version == "3.1" else [("joined", "a"), ("joined", "b")]
    assert _parts(request) == [("title", "t"), ("labels", "a"), *joined]
