"""Decoding a union whose value several variants take (an ``anyOf`` of objects allows it).

The rule (``_Union`` in the runtime's ``_models``): variants the value validates against come
first, then the one whose fields name most of its properties, then the spec's order; the
properties the chosen class does not name stay in its ``additional_properties``. Answers come
from the scripted server on 127.0.0.1, through the generated client.
"""

from __future__ import annotations

from typing import Any

import pytest

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.specs import import_sdk

_SUMMARY = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}
_DETAIL = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "integer"}, "name": {"type": "string"}, "size": {"type": "integer"}},
}
_TWIN = {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}}


def _operation(name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "get": {
            "operationId": name,
            "tags": ["volumes"],
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
        }
    }


_SPEC = {
    "openapi": "3.1.0",
    "info": {"title": "Any API", "version": "1.0.0"},
    "servers": [{"url": "https://example.invalid"}],
    "paths": {
        "/any": _operation(
            "GetAny",
            {"anyOf": [{"$ref": "#/components/schemas/Summary"}, {"$ref": "#/components/schemas/Detail"}]},
        ),
        "/twin": _operation(
            "GetTwin",
            {"anyOf": [{"$ref": "#/components/schemas/Twin"}, {"$ref": "#/components/schemas/Summary"}]},
        ),
    },
    "components": {"schemas": {"Summary": _SUMMARY, "Detail": _DETAIL, "Twin": _TWIN}},
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("anyof"), _SPEC, "any_of_sdk")


def _get(sdk: Any, server: ScriptedHTTPServer, method: str, payload: Any) -> Any:
    server.enqueue(ScriptedResponse.of_json(payload))
    with sdk.AnyOfClient(base_url=server.url, max_retries=0) as client:
        return getattr(client.volumes, method)()


def test_a_value_both_variants_take_is_read_as_the_one_naming_most_of_it(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    result = _get(sdk, scripted_server, "get_any", {"id": 1, "name": "data", "size": 10})
    assert type(result).__name__ == "Detail"
    assert (result.id, result.name, result.size) == (1, "data", 10)
    assert result.additional_properties == {}


def test_a_variant_the_value_breaks_is_not_chosen_though_it_names_more(
    sdk: Any, scripted_server: ScriptedHTTPServer
) -> None:
    """``size`` is text, which Detail's integer rejects: Summary, which the value validates
    against, is chosen, and nothing is lost."""
    result = _get(sdk, scripted_server, "get_any", {"id": 1, "name": "data", "size": "big"})
    assert type(result).__name__ == "Summary"
    assert result.id == 1
    assert result.additional_properties == {"name": "data", "size": "big"}
    assert result.to_dict() == {"id": 1, "name": "data", "size": "big"}


def test_equal_fits_are_read_as_the_first_variant(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    for _ in range(3):  # the same choice every time
        result = _get(sdk, scripted_server, "get_twin", {"id": 7})
        assert type(result).__name__ == "Twin"
