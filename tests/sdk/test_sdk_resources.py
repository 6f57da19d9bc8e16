"""Resources and methods: names from tags, operationIds and paths, server variables, and
sub-resources nested from Stripe-like paths (lazy attributes, sync and async, in README and docs).

Each spec is small and inline; its SDK is generated once per module (a module fixture; package
names are unique in the session, see :mod:`support.feature_sdks`), imported, and called against
the scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over the
socket and on exactly what the SDK made of the bytes that came back. The SDK is also
type-checked with ``mypy --strict`` once (the run's shared mypy cache).
"""

from __future__ import annotations

import asyncio
import pydoc
import sys
from pathlib import Path
from typing import Any

import pytest

from support.feature_sdks import (
    NO_CONTENT,
    assert_mypy_strict,
    feature_sdk,
    json_response,
    output_folder,
    public_methods,
)
from support.http_server import ScriptedHTTPServer, ScriptedResponse

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
            "get": {"responses": {"200": json_response({"type": "array", "items": {"type": "string"}})}},
            "post": {"responses": NO_CONTENT},
        },
        "/v1/widgets/{widget_id}": {
            "get": {
                "parameters": [
                    {"name": "widget_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": json_response({"type": "object"})},
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
    return feature_sdk(tmp_path_factory, NAMING_SPEC, "feat_naming_sdk")


def test_default_base_url_substitutes_server_variables(naming: Any) -> None:
    client = naming.FeatNamingClient()
    try:
        assert client.base_url == "https://eu-west.api.example.invalid:8443/v2"
    finally:
        client.close()


def test_resources_come_from_first_tag_or_first_path_segment(naming: Any) -> None:
    client_class = naming.FeatNamingClient
    resources = {name for name, value in vars(client_class).items() if isinstance(value, property)}
    assert resources == {"widgets", "gadgets", "reports", "users"}


def test_method_names_come_from_operation_id_or_method_and_path(naming: Any) -> None:
    with naming.FeatNamingClient() as client:
        assert public_methods(type(client.gadgets)) == {"create"}  # CreateGadget, tags gadgets + admin
        # FetchReport, no tags: "fetch" alone is a generic verb, and the path an item.
        assert public_methods(type(client.reports)) == {"retrieve"}
        assert public_methods(type(client.users)) == {"list"}  # GET /{tenant}/users


def test_version_segments_stay_out_of_derived_method_names(naming: Any) -> None:
    with naming.FeatNamingClient() as client:
        # GET/POST /v1/widgets and GET /v1/widgets/{widget_id}: the resource is "widgets"
        # (the version segment is skipped); without operationIds, REST verbs of the shape.
        assert public_methods(type(client.widgets)) == {"list", "create", "retrieve"}


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


def test_naming_sdk_passes_mypy_strict(naming: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(naming, mypy_cache)


# ============================================================ sub-resources


def _path_param(name: str) -> dict[str, Any]:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _stripe_like(operation_id: str, *params: str, answer: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "parameters": [_path_param(p) for p in params],
        "responses": {"200": json_response(answer or {"type": "object"})},
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
    return feature_sdk(tmp_path_factory, NESTED_SPEC, "feat_nested_sdk")


def test_sub_resources_are_attributes_of_their_resource(nested: Any) -> None:
    with nested.FeatNestedClient() as client:
        assert public_methods(type(client.customers)) == {"list", "retrieve", "bank_accounts"}
        assert public_methods(type(client.customers.bank_accounts)) == {
            "list",
            "retrieve",
            "delete",
            "verify",
        }
        assert public_methods(type(client.charges)) == {"capture"}  # a trailing action
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
    output = output_folder(nested)
    readme = (output / "README.md").read_text(encoding="utf-8")
    assert 'result = client.customers.bank_accounts.list("example")' in readme
    index = (output / "docs" / "index.md").read_text(encoding="utf-8")
    # the sub-resource nested under its resource, its methods under it
    assert "- [`client.customers`](resources/customers.md)\n" in index
    assert (
        "  - [`client.customers.bank_accounts`](resources/customers_bank_accounts.md)\n"
        "    - [`list()`](operations/customers_bank_accounts/list.md)" in index
    )
    assert "    - [`retrieve()`](operations/customers_bank_accounts/retrieve.md)" in index
    page = output / "docs" / "operations" / "customers_bank_accounts" / "retrieve.md"
    assert page.read_text(encoding="utf-8").startswith("# `client.customers.bank_accounts.retrieve()`")


def test_help_on_a_resource_shows_its_views_and_sub_resources(nested: Any) -> None:
    for client_class in (nested.FeatNestedClient, nested.AsyncFeatNestedClient):
        client = client_class(base_url="http://127.0.0.1:9")
        text = pydoc.render_doc(client.customers, renderer=pydoc.plaintext)
        assert "cached_property" not in text
        readonly = text.split("Readonly properties defined here:")[1]
        assert "\n |  bank_accounts\n |      Operations on customers: bank accounts." in readonly
        assert "\n |  with_raw_response\n |      These methods, returning the " in readonly
        raw = pydoc.render_doc(client.customers.bank_accounts.with_raw_response, renderer=pydoc.plaintext)
        assert ".with_raw_response``: its methods returning the" in raw
        assert "Methods: ``list()``, ``retrieve()``, ``delete()``, ``verify()``." in raw
        streaming = pydoc.render_doc(client.customers.with_streaming_response, renderer=pydoc.plaintext)
        assert "Methods: ``list()``, ``retrieve()``." in streaming


def test_nested_sdk_passes_mypy_strict(nested: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(nested, mypy_cache)
