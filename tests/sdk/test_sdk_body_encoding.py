"""Request bodies on the wire: multipart arrays, the ``encoding`` styles of a multipart body
(OpenAPI 3.1 applies them to ``multipart/form-data``, 3.0 ignores them there), and the
delimited styles of an object.

An SDK is generated from a small inline spec, imported, and called against the scripted
server on 127.0.0.1, so what is asserted is what really went over the socket.
"""

from __future__ import annotations

import importlib
import json
from typing import Any

import pytest

from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse
from support.multipart import multipart_parts
from support.specs import import_sdk

_COLOR = {"$ref": "#/components/schemas/Color"}


def _multipart_op(operation_id: str, encoding: dict[str, Any] | None = None) -> dict[str, Any]:
    media: dict[str, Any] = {
        "schema": {
            "type": "object",
            "properties": {
                "file": {"type": "string", "format": "binary"},
                "labels": {"type": "array", "items": {"type": "string"}},
                "points": {"type": "array", "items": _COLOR},
                "color": _COLOR,
            },
        }
    }
    if encoding is not None:
        media["encoding"] = encoding
    return {
        "operationId": operation_id,
        "tags": ["uploads"],
        "requestBody": {"content": {"multipart/form-data": media}},
        "responses": {"204": {"description": "done"}},
    }


_STYLED = {
    "labels": {"style": "form", "explode": False},
    "color": {"style": "form", "explode": True},
    "points": {"style": "form", "explode": True},
}


def _spec(version: str) -> dict[str, Any]:
    return {
        "openapi": version,
        "info": {"title": "Encodings API", "version": "1.0.0"},
        "servers": [{"url": "https://example.invalid"}],
        "paths": {
            "/plain": {"post": _multipart_op("PlainUpload")},
            "/styled": {"post": _multipart_op("StyledUpload", _STYLED)},
            "/delimited": {
                "post": _multipart_op(
                    "DelimitedUpload",
                    {
                        "labels": {"style": "pipeDelimited", "explode": False},
                        "color": {"style": "spaceDelimited", "explode": False},
                    },
                )
            },
            "/colors": {
                "get": {
                    "operationId": "ListColors",
                    "tags": ["colors"],
                    "parameters": [
                        {"name": "near", "in": "query", "style": "spaceDelimited", "schema": _COLOR},
                        {"name": "far", "in": "query", "style": "pipeDelimited", "schema": _COLOR},
                        {"name": "at", "in": "query", "explode": False, "schema": _COLOR},
                    ],
                    "responses": {"204": {"description": "done"}},
                }
            },
        },
        "components": {
            "schemas": {
                "Color": {
                    "type": "object",
                    "properties": {"r": {"type": "integer"}, "g": {"type": "integer"}},
                }
            }
        },
    }


@pytest.fixture(scope="module")
def sdk31(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("enc31"), _spec("3.1.0"), "body_encoding_31_sdk")


@pytest.fixture(scope="module")
def sdk30(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("enc30"), _spec("3.0.3"), "body_encoding_30_sdk")


def _client(sdk: Any, server: ScriptedHTTPServer) -> Any:
    return getattr(sdk, "BodyEncoding" + sdk.__name__.split("_")[2] + "Client")(
        base_url=server.url, max_retries=0
    )


def _call(sdk: Any, server: ScriptedHTTPServer, method: str, **arguments: Any) -> RecordedRequest:
    server.enqueue(ScriptedResponse.empty(204))
    with _client(sdk, server) as client:
        getattr(client.uploads, method)(**arguments)
    return server.requests[-1]


def _color(sdk: Any) -> Any:
    return importlib.import_module(f"{sdk.__name__}.models").Color(r=1, g=2)


@pytest.mark.parametrize("version", ["3.0", "3.1"])
def test_multipart_array_is_one_part_per_item(
    version: str, sdk30: Any, sdk31: Any, scripted_server: ScriptedHTTPServer
) -> None:
    """RFC 7578 section 4.3, as OpenAPI says: an array repeats the part, each item in the
    content type of its own type (strings as text, objects as JSON), never one JSON array."""
    sdk = sdk30 if version == "3.0" else sdk31
    points = [_color(sdk), _color(sdk)]
    request = _call(sdk, scripted_server, "plain", labels=["a,b", "c"], points=points)
    parts = multipart_parts(request)
    assert [(name, declared) for name, declared, _ in parts] == [
        ("labels", None),
        ("labels", None),
        ("points", "application/json"),
        ("points", "application/json"),
    ]
    assert [text for _, _, text in parts[:2]] == ["a,b", "c"]
    assert [json.loads(text) for _, _, text in parts[2:]] == [{"r": 1, "g": 2}, {"r": 1, "g": 2}]


def test_multipart_styles_of_a_31_spec_serialise_the_parts(
    sdk31: Any, scripted_server: ScriptedHTTPServer
) -> None:
    """In 3.1 ``style``/``explode`` apply to multipart/form-data: the query pairs become
    parts, names in the part headers, values unencoded (Appendix C)."""
    color = _color(sdk31)
    request = _call(sdk31, scripted_server, "styled", file=b"\x00bin", labels=["a b", "c"], color=color)
    assert [(name, text) for name, _, text in multipart_parts(request)] == [
        ("file", "\x00bin"),
        ("labels", "a b,c"),
        ("r", "1"),
        ("g", "2"),
    ]


def test_multipart_delimited_styles(sdk31: Any, scripted_server: ScriptedHTTPServer) -> None:
    color = _color(sdk31)
    request = _call(sdk31, scripted_server, "delimited", labels=["a", "b"], color=color)
    assert [(name, text) for name, _, text in multipart_parts(request)] == [
        ("labels", "a|b"),
        ("color", "r 1 g 2"),
    ]


def test_multipart_styles_are_ignored_in_a_30_spec(sdk30: Any, scripted_server: ScriptedHTTPServer) -> None:
    """OpenAPI 3.0: ``style`` and ``explode`` SHALL be ignored unless the body is form-urlencoded."""
    color = _color(sdk30)
    request = _call(sdk30, scripted_server, "styled", labels=["a", "c"], color=color)
    parts = multipart_parts(request)
    assert [(name, text) for name, _, text in parts[:2]] == [("labels", "a"), ("labels", "c")]
    assert parts[2][:2] == ("color", "application/json")
    assert json.loads(parts[2][2]) == {"r": 1, "g": 2}


def test_delimited_query_object_uses_its_delimiter(sdk31: Any, scripted_server: ScriptedHTTPServer) -> None:
    """spaceDelimited and pipeDelimited objects: properties and values joined by the delimiter
    (``R%20100%20G%20200`` and ``R|100|G|200`` in the spec's style examples)."""
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with _client(sdk31, scripted_server) as client:
        client.colors.list(near=_color(sdk31), far=_color(sdk31), at=_color(sdk31))
    assert scripted_server.requests[0].query_params == [
        ("near", "r 1 g 2"),
        ("far", "r|1|g|2"),
        ("at", "r,1,g,2"),
    ]
