"""Parameters on the wire: path values percent-encoded, query styles, headers, other bodies.

An SDK is generated from a small inline spec, imported, and called against the
scripted server on 127.0.0.1, so what is asserted is what really went over the socket.
"""

from __future__ import annotations

import asyncio
import importlib
from typing import Any

import pytest

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.specs import import_sdk

STRINGS = {"type": "array", "items": {"type": "string"}}
COLOR = {"type": "object", "additionalProperties": {"type": "integer"}}
SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Params API", "version": "2.0.0"},
    "servers": [{"url": "https://example.invalid/api"}],
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}},
    "security": [{"key": []}],
    "paths": {
        "/rooms/{name}/items/{index}": {
            "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "GetRoomItem",
                "tags": ["rooms"],
                "parameters": [
                    {"name": "index", "in": "path", "required": True, "schema": {"type": "integer"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                    {"name": "ids", "in": "query", "schema": {"type": "array", "items": {"type": "integer"}}},
                    {
                        "name": "tags",
                        "in": "query",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                    {
                        "name": "filter",
                        "in": "query",
                        "style": "deepObject",
                        "schema": {"type": "object", "additionalProperties": {"type": "string"}},
                    },
                    {"name": "X-Trace", "in": "header", "schema": {"type": "string"}},
                    {"name": "class", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"text/plain": {"schema": {"type": "string"}}}}
                },
            },
        },
        "/styled/{label}/{matrix}/{plain}": {
            "get": {
                "operationId": "GetStyled",
                "tags": ["rooms"],
                "parameters": [
                    {"name": "label", "in": "path", "required": True, "style": "label", "schema": STRINGS},
                    {
                        "name": "matrix",
                        "in": "path",
                        "required": True,
                        "style": "matrix",
                        "explode": True,
                        "schema": COLOR,
                    },
                    {"name": "plain", "in": "path", "required": True, "explode": True, "schema": COLOR},
                    {"name": "X-Color", "in": "header", "explode": True, "schema": COLOR},
                    {"name": "X-Tags", "in": "header", "schema": STRINGS},
                ],
                "responses": {"204": {"description": "ok"}},
            }
        },
        "/rooms": {
            "get": {
                "operationId": "ListRooms",
                "tags": ["rooms"],
                "security": [],
                # Named as the raw and streaming wrappers' own arguments once were (Stripe has `mode`).
                "parameters": [
                    {"name": "mode", "in": "query", "schema": {"type": "string"}},
                    {"name": "func", "in": "query", "schema": {"type": "string"}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Room"}}
                            }
                        },
                    }
                },
            },
            "delete": {
                "operationId": "DeleteRooms",
                "tags": ["rooms"],
                "responses": {"204": {"description": "gone"}},
            },
        },
    },
}
SPEC["components"]["schemas"] = {
    "Room": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("params"), SPEC, "params_sdk")


def test_path_values_are_percent_encoded(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("ok"))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        assert client.rooms.get_item("a/b c?d#e", 7) == "ok"
    request = scripted_server.requests[0]
    assert request.path == "/rooms/a%2Fb%20c%3Fd%23e/items/7"
    assert request.header("X-Api-Key") == "k"


# The examples of OpenAPI 3.0.3's "Style Examples" table (color = blue, [blue, black, brown],
# {R: 100, G: 200, B: 150}).
PRIMITIVE, ARRAY, OBJECT = "blue", ["blue", "black", "brown"], {"R": 100, "G": 200, "B": 150}
STYLE_EXAMPLES = [
    ("simple", False, PRIMITIVE, "blue"),
    ("simple", False, ARRAY, "blue,black,brown"),
    ("simple", False, OBJECT, "R,100,G,200,B,150"),
    ("simple", True, ARRAY, "blue,black,brown"),
    ("simple", True, OBJECT, "R=100,G=200,B=150"),
    ("label", False, PRIMITIVE, ".blue"),
    ("label", False, ARRAY, ".blue,black,brown"),
    ("label", False, OBJECT, ".R,100,G,200,B,150"),
    ("label", True, ARRAY, ".blue.black.brown"),
    ("label", True, OBJECT, ".R=100.G=200.B=150"),
    ("matrix", False, PRIMITIVE, ";color=blue"),
    ("matrix", False, ARRAY, ";color=blue,black,brown"),
    ("matrix", False, OBJECT, ";color=R,100,G,200,B,150"),
    ("matrix", True, ARRAY, ";color=blue;color=black;color=brown"),
    ("matrix", True, OBJECT, ";R=100;G=200;B=150"),
    ("matrix", False, "", ";color"),
    ("label", True, PRIMITIVE, ".blue"),
    ("matrix", True, PRIMITIVE, ";color=blue"),
    # An empty list or object is undefined (RFC 6570): nothing, in every style; None members too.
    ("simple", False, [], ""),
    ("label", True, {}, ""),
    ("matrix", True, [], ""),
    ("matrix", False, {}, ""),
    ("label", False, ["a", None, "b"], ".a,b"),
    ("matrix", True, {"R": 1, "G": None}, ";R=1"),
]


@pytest.mark.parametrize(("style", "explode", "value", "wire"), STYLE_EXAMPLES)
def test_path_styles_follow_the_openapi_examples(
    sdk: Any, style: str, explode: bool, value: Any, wire: str
) -> None:
    path_segment = importlib.import_module("params_sdk._base_client").path_segment
    assert path_segment(value, style=style, explode=explode, name="color") == wire


def test_styled_path_and_header_parameters_on_the_wire(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        client.rooms.get_styled(
            ["a b", "c/d"], {"R": 1, "G": 2}, {"B": 3}, x_color={"R": 4, "G": 5}, x_tags=["x", "y"]
        )
    request = scripted_server.requests[0]
    assert request.path == "/styled/.a%20b,c%2Fd/;R=1;G=2/B=3"
    assert request.header("X-Color") == "R=4,G=5"
    assert request.header("X-Tags") == "x,y"


def test_query_styles_and_booleans(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("ok"))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        client.rooms.get_item(
            "r",
            1,
            verbose=False,
            ids=[1, 2],
            tags=["x", "y"],
            filter={"state": "open"},
            x_trace="t-1",
            class_="c",
        )
    request = scripted_server.requests[0]
    assert request.query_params == [
        ("verbose", "false"),
        ("ids", "1"),
        ("ids", "2"),
        ("tags", "x,y"),
        ("filter[state]", "open"),
        ("class", "c"),
    ]
    assert request.header("X-Trace") == "t-1"


def test_unset_query_parameters_are_left_out(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("ok"))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        client.rooms.get_item("r", 1, verbose=True)
    assert scripted_server.requests[0].query == "verbose=true"


def test_lists_of_models_and_anonymous_operations(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json([{"name": "a"}, {"name": "b", "extra": 1}]))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        rooms = client.rooms.list()
    room = importlib.import_module("params_sdk.models").Room
    assert rooms == [room(name="a"), room(name="b", additional_properties={"extra": 1})]
    assert scripted_server.requests[0].header("X-Api-Key") is None  # security: [] sends no key


def test_arguments_named_mode_or_func_reach_the_wire_through_every_wrapper(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    for _ in range(4):
        scripted_server.enqueue(ScriptedResponse.of_json([]))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        assert client.rooms.with_raw_response.list(mode="m1", func="f1").parse() == []
        with client.rooms.with_streaming_response.list(mode="m2", func="f2") as response:
            assert response.status_code == 200

    async def run_async() -> None:
        async with sdk.AsyncParamsClient(api_key="k", base_url=scripted_server.url) as client:
            assert await (await client.rooms.with_raw_response.list(mode="m3", func="f3")).parse() == []
            async with client.rooms.with_streaming_response.list(mode="m4", func="f4") as response:
                assert response.status_code == 200

    asyncio.run(run_async())
    assert [r.query for r in scripted_server.requests] == [f"mode=m{i}&func=f{i}" for i in range(1, 5)]


def test_empty_responses_return_none(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with sdk.ParamsClient(api_key="k", base_url=scripted_server.url) as client:
        assert client.rooms.delete() is None
    assert scripted_server.requests[0].method == "DELETE"


def test_default_base_url_comes_from_servers(sdk: Any) -> None:
    client = sdk.ParamsClient(api_key="k")
    assert client.base_url == "https://example.invalid/api"
    client.close()


def test_generated_package_for_params_spec_has_expected_methods(sdk: Any) -> None:
    resources = importlib.import_module("params_sdk.resources.rooms")
    views = {"with_raw_response", "with_streaming_response"}
    assert {name for name in vars(resources.Rooms) if not name.startswith("_")} - views == {
        "get_item",
        "get_styled",
        "list",
        "delete",
    }
