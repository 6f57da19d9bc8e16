"""FastAPI's made-up operationIds are recognised exactly and trimmed to the function name.

The fixture ``tests/fixtures/fastapi/openapi.json`` is the document of a real FastAPI
app (``make_openapi.py`` beside it), so the operationIds are FastAPI's own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.model.method_names import fastapi_function_name, with_place

from support.paths import FIXTURES
from support.specs import build

FIXTURE = FIXTURES / "fastapi" / "openapi.json"


def _fastapi_id(name: str, path: str, method: str) -> str:
    """What ``fastapi.routing.generate_unique_id`` makes for a route."""
    return re.sub(r"\W", "_", f"{name}{path}") + f"_{method}"


@pytest.mark.parametrize(
    ("name", "path", "method"),
    [
        ("read_flow", "/flows/{id}", "get"),
        ("create_flow", "/flows/", "post"),
        ("bulk_increment_active_slots_with_lease", "/v2/concurrency_limits/increment-with-lease", "post"),
        ("read_deployment_by_name", "/deployments/name/{flow_name}/{deployment_name}", "get"),
        ("health_check", "/health", "get"),
        # A function named like its path is still cut at the right place.
        ("flows", "/flows", "get"),
    ],
)
def test_fastapi_operation_ids_give_the_function_name(name: str, path: str, method: str) -> None:
    assert fastapi_function_name(_fastapi_id(name, path, method), method.upper(), path) == name


@pytest.mark.parametrize(
    ("operation_id", "method", "path"),
    [
        ("read_flow_flows__id__get", "POST", "/flows/{id}"),  # another method
        ("read_flow_flows__id__get", "GET", "/flows/{flow_id}"),  # another path
        ("getUserList", "GET", "/tests/"),  # a person's name
        ("list_users_get", "GET", "/people"),  # ends in _get, but not in the path
        ("_flows_get", "GET", "/flows"),  # nothing before the path
    ],
)
def test_other_operation_ids_are_not_taken_for_fastapis(operation_id: str, method: str, path: str) -> None:
    assert fastapi_function_name(operation_id, method, path) is None


def test_an_app_mounted_below_a_prefix_is_recognised_by_the_route_tail() -> None:
    # The document spells /api/flows/{id}; the route FastAPI named was /flows/{id}.
    assert fastapi_function_name("read_flow_flows__id__get", "GET", "/api/flows/{id}") == "read_flow"
    # The whole path is tried first: a function whose name ends in the prefix keeps it.
    assert fastapi_function_name("read_api_flows__id__get", "GET", "/api/flows/{id}") == "read"


def test_with_place_adds_the_path_words_a_name_lacks() -> None:
    assert with_place("read_flow", "/ui/flows/{id}", "Flows") == "read_flow_ui"
    assert with_place("read_deployment", "/deployments/by-id/{id}", "Deployments") == "read_deployment_by_id"
    assert with_place("read_flow", "/flows/{id}", "Flows") == "read_flow"


def _methods(folder: Path, document: object) -> list[str]:
    api, _ = build(folder, json.dumps(document))
    return sorted(f"{r.name}.{o.method_name}" for r in api.all_resources for o in r.operations)


def test_a_fastapi_document_gets_the_names_its_functions_have(tmp_path: Path) -> None:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert _methods(tmp_path, document) == [
        "concurrency_limits_v2.bulk_decrement_active_slots",
        "concurrency_limits_v2.bulk_increment_active_slots",
        "concurrency_limits_v2.bulk_increment_active_slots_with_lease",
        "concurrency_limits_v2.create",
        "concurrency_limits_v2.delete",
        # read_all_concurrency_limits_v2 on POST /filter: reading all of them lists.
        "concurrency_limits_v2.list",
        "concurrency_limits_v2.retrieve",
        "concurrency_limits_v2.update",
        # One function on two paths: the current route keeps "retrieve", the deprecated
        # one takes the function name and the path word that tells it apart.
        "deployments.read_deployment_by_id",
        "deployments.retrieve",
        "deployments.retrieve_by_name",
        "flow_runs.create",
        "flow_runs.list",
        "flow_runs.read_graph_v2",
        "flow_runs.retrieve",
        "flow_runs.set_state",
        "flows.count",
        "flows.create",
        "flows.delete",
        # read_flows (plural) lists, read_flow (singular) retrieves: no clash.
        "flows.list",
        "flows.paginate",
        "flows.retrieve",
        "flows.retrieve_by_name",
        "flows.update",
        "root.health_check",
        "root.server_version",
    ]


def test_the_same_function_on_two_methods_differs_by_method(tmp_path: Path) -> None:
    def route(method: str) -> dict[str, object]:
        return {
            "operationId": _fastapi_id("octet_stream", "/tests/octet_stream", method),
            "tags": ["tests"],
            "responses": {"200": {"description": "ok"}},
        }

    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {"/tests/octet_stream": {"get": route("get"), "post": route("post")}},
    }
    assert _methods(tmp_path, document) == ["tests.get_octet_stream", "tests.post_octet_stream"]


def test_operation_ids_that_are_not_fastapis_keep_their_names(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "T", "version": "1.0.0"},
        "paths": {
            # Looks like FastAPI's, but the path is another: left as it is.
            "/flows/{flow_id}": {
                "get": {
                    "operationId": "read_flow_flows__id__get",
                    "tags": ["Flows"],
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
    }
    assert _methods(tmp_path, document) == ["flows.read_flow_id_get"]
