"""Idempotency keys: made once per call and kept across retries (also after a connection broken
mid-POST), a caller's key kept, and the ``idempotency-header`` setting.

Every test drives both clients (``sync`` / ``async``, the ``kind`` fixture of
``tests/sdk/conftest.py``) against a real server on 127.0.0.1 that misbehaves on purpose:
the scripted server, or the raw TCP server (:mod:`support.raw_server`) for what HTTP
servers do not do willingly.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import pytest

from support.fault_calls import Kind, import_sdk
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.raw_server import read_request

# -------------------------------------------------------------- idempotency

IDEMPOTENT_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Charges API", "version": "1.0.0"},
    "servers": [{"url": "https://charges.example.invalid"}],
    "paths": {
        "/charges": {
            "post": {
                "operationId": "CreateCharge",
                "tags": ["charges"],
                "parameters": [
                    {"name": "idempotency-key", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            },
            "get": {
                "operationId": "ListCharges",
                "tags": ["charges"],
                "responses": {"200": {"description": "ok"}},
            },
        },
        "/refunds": {
            "post": {
                "operationId": "CreateRefund",
                "tags": ["charges"],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def charges_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("charges"), IDEMPOTENT_SPEC, "fault_charges_sdk")


@pytest.fixture(scope="module")
def configured_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spec = {**IDEMPOTENT_SPEC, "paths": {"/refunds": IDEMPOTENT_SPEC["paths"]["/refunds"]}}
    spec["paths"]["/charges"] = {"get": IDEMPOTENT_SPEC["paths"]["/charges"]["get"]}
    return import_sdk(
        tmp_path_factory.mktemp("configured"),
        spec,
        "fault_configured_sdk",
        idempotency_header="Idempotency-Key",
    )


def _charges(sdk: Any, kind: Kind, url: str, method: str, **arguments: Any) -> None:
    client_class = getattr(
        sdk, next(name for name in sdk.__all__ if name.endswith("Client") and "Async" not in name)
    )
    async_class = getattr(sdk, "Async" + client_class.__name__)
    if kind == "sync":
        with client_class(base_url=url) as client:
            getattr(client.charges, method)(**arguments)
        return

    async def go() -> None:
        async with async_class(base_url=url) as client:
            await getattr(client.charges, method)(**arguments)

    asyncio.run(go())


def _retry_then_ok() -> tuple[ScriptedResponse, ...]:
    retry = ScriptedResponse.of_json({"error": "busy"}, 503, headers={"Retry-After": "0"})
    return (retry, retry, ScriptedResponse.empty(200))


def test_declared_idempotency_key_is_made_once_per_call(
    charges_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok(), *_retry_then_ok())

    _charges(charges_sdk, kind, scripted_server.url, "create")
    _charges(charges_sdk, kind, scripted_server.url, "create")

    keys = [request.header("idempotency-key") for request in scripted_server.requests]
    assert len(keys) == 6
    assert keys[0] and keys[3]
    assert keys[0] == keys[1] == keys[2]  # every retry of a call: the same key
    assert keys[3] == keys[4] == keys[5]
    assert keys[0] != keys[3]  # each call: its own key


def test_callers_idempotency_key_is_kept(
    charges_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok())

    _charges(charges_sdk, kind, scripted_server.url, "create", idempotency_key="order-17")

    assert [r.header("idempotency-key") for r in scripted_server.requests] == ["order-17"] * 3


def test_configured_idempotency_header_is_sent_on_posts(
    configured_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok(), ScriptedResponse.empty(200))

    _charges(configured_sdk, kind, scripted_server.url, "create_refund")
    _charges(configured_sdk, kind, scripted_server.url, "list")

    posts = [r for r in scripted_server.requests if r.method == "POST"]
    keys = {r.header("Idempotency-Key") for r in posts}
    assert len(posts) == 3 and len(keys) == 1 and None not in keys
    gets = [r for r in scripted_server.requests if r.method == "GET"]
    assert [r.header("Idempotency-Key") for r in gets] == [None]


def test_connection_broken_after_the_post_is_retried_with_the_same_key(
    charges_sdk: Any, kind: Kind, raw_server: Any
) -> None:
    seen: list[bytes] = []

    def handler(connection: socket.socket) -> None:
        request = read_request(connection)
        seen.append(request)
        if len(seen) == 1:
            return  # received, then the connection breaks without an answer
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    server = raw_server(handler)

    _charges(charges_sdk, kind, server.url, "create")

    keys = [
        line.split(b":", 1)[1].strip()
        for request in seen
        for line in request.split(b"\r\n")
        if line.lower().startswith(b"idempotency-key:")
    ]
    assert len(seen) == 2 and len(keys) == 2 and keys[0] == keys[1]


# ------------------------------------------------------------- settings, docs


def test_idempotency_header_setting(tmp_path: Path) -> None:
    from generator.config import load_settings
    from generator.diagnostics import SpecError

    pyproject = tmp_path / "pyproject.toml"
    table = '[tool.generator]\nspec = "a.yaml"\noutput = "out"\npackage = "pay_api"\n'
    pyproject.write_text(table + 'idempotency-header = "Idempotency-Key"\n')
    settings = load_settings(pyproject=pyproject)
    assert settings.idempotency_header == "Idempotency-Key"
    assert settings.root_error == "PayError"

    pyproject.write_text(table + 'idempotency-header = "Idempotency Key"\n')
    with pytest.raises(SpecError, match="idempotency-header"):
        load_settings(pyproject=pyproject)


@pytest.mark.parametrize("fixture", ["charges_sdk", "configured_sdk"])
def test_the_idempotency_sdks_pass_mypy_strict(
    fixture: str, request: pytest.FixtureRequest, mypy_cache: Path
) -> None:
    sdk = request.getfixturevalue(fixture)
    result = run_mypy(
        "--strict", sdk.__name__, cwd=Path(sdk.__file__).resolve().parent.parent, cache=mypy_cache
    )
    assert result.returncode == 0, result.stdout + result.stderr
