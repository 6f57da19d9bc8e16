"""Credentials under faults: malformed keys and passwords are refused without echo, and no
credential of any kind appears in any failure or in a client's ``repr``.

Every test drives both clients (``sync`` / ``async``, the ``kind`` fixture of
``tests/sdk/conftest.py``) against a real server on 127.0.0.1 that misbehaves on purpose:
the scripted server, or the raw TCP server (:mod:`support.raw_server`) for what HTTP
servers do not do willingly.
"""

from __future__ import annotations

import asyncio
import base64
import logging
import socket
from pathlib import Path
from typing import Any

import pytest

import daily_api
from daily_api import (
    APIError,
    AsyncDailyClient,
    ConfigurationError,
    DailyClient,
    DailyError,
)

from support.fault_calls import API_KEY, Kind, assert_secret_absent, create, import_sdk
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.raw_server import read_request

# -------------------------------------------------------------- credentials

MALFORMED_KEYS = {
    "trailing-newline": API_KEY + "\n",
    "trailing-space": API_KEY + " ",
    "leading-space": " " + API_KEY,
    "crlf-inside": API_KEY[:10] + "\r\n" + API_KEY[10:],
    "tab-inside": API_KEY[:10] + "\t" + API_KEY[10:],
    "non-ascii": API_KEY + "é",
}


@pytest.mark.parametrize("case", sorted(MALFORMED_KEYS))
def test_malformed_api_key_is_refused_when_the_client_is_built(
    kind: Kind, scripted_server: ScriptedHTTPServer, case: str
) -> None:
    key = MALFORMED_KEYS[case]

    with pytest.raises(ConfigurationError) as caught:
        create(kind, {"api_key": key, "base_url": scripted_server.url})

    assert isinstance(caught.value, DailyError)
    assert "API key" in str(caught.value)
    assert_secret_absent(API_KEY, caught.value)
    assert_secret_absent(key.strip(), caught.value)
    assert scripted_server.requests == []


def test_malformed_api_key_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILY_API_KEY", API_KEY + "\n")

    for client_class in (DailyClient, AsyncDailyClient):
        with pytest.raises(ConfigurationError) as caught:
            client_class(base_url="http://127.0.0.1:9")
        assert_secret_absent(API_KEY, caught.value)


def test_every_sdk_error_has_one_root() -> None:
    errors = [getattr(daily_api, name) for name in daily_api.__all__ if name.endswith("Error")]
    assert len(errors) >= 10
    for error in errors:
        assert issubclass(error, DailyError), error
    assert issubclass(APIError, DailyError)
    assert issubclass(ConfigurationError, DailyError)


# ----------------------------------- credentials of every kind, in every failure

SECRETS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Secrets API", "version": "1.0.0"},
    "servers": [{"url": "https://secrets.example.invalid"}],
    "paths": {
        f"/{name}": {
            "post": {
                "operationId": f"Post{name.title().replace('-', '')}",
                "tags": ["things"],
                "security": [{name: []}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
                            }
                        },
                    }
                },
            }
        }
        for name in ("bearer", "basic", "header", "query", "cookie")
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
            "header": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "query": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
        }
    },
}
PASSWORD = "pw-Open-Sesame-4815162342"


@pytest.fixture(scope="module")
def secrets_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("secrets"), SECRETS_SPEC, "fault_secrets_sdk")


TOKENS = {"bearer": API_KEY, "header": API_KEY, "query": API_KEY, "cookie": API_KEY}
"""The spec's four token schemes each have their own argument (named after the scheme)."""


def _secret_call(sdk: Any, kind: Kind, scheme: str, base_url: str, **options: Any) -> Any:
    credentials = {**TOKENS, "username": "aladdin", "password": PASSWORD}
    method = f"post_{scheme}"
    if kind == "sync":
        with sdk.FaultSecretsClient(base_url=base_url, **credentials, **options) as client:
            return getattr(client.things, method)()

    async def go() -> Any:
        async with sdk.AsyncFaultSecretsClient(base_url=base_url, **credentials, **options) as client:
            return await getattr(client.things, method)()

    return asyncio.run(go())


FAILURES = (
    "bad-body",
    "status",
    "echo-status",
    "echo-body",
    "echo-undecodable",
    "redirect-loop",
    "reset",
    "timeout",
    "refused",
)
BASIC_TOKEN = base64.b64encode(f"aladdin:{PASSWORD}".encode()).decode()
ECHO = f"invalid credentials: {API_KEY} {PASSWORD} {BASIC_TOKEN}"
"""What a careless server answers: the credentials it got, echoed back."""


@pytest.mark.parametrize("scheme", ["bearer", "basic", "header", "query", "cookie"])
@pytest.mark.parametrize("failure", FAILURES)
def test_no_credential_in_any_failure(
    secrets_sdk: Any,
    kind: Kind,
    scheme: str,
    failure: str,
    scripted_server_factory: Any,
    raw_server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="fault_secrets_sdk")
    if failure == "bad-body":
        url = scripted_server_factory(default=ScriptedResponse.of_text("OK")).url
    elif failure == "status":
        url = scripted_server_factory(default=ScriptedResponse.of_json({"echo": "x" * 5000}, 400)).url
    elif failure == "echo-status":
        url = scripted_server_factory(default=ScriptedResponse.of_json({"error": ECHO}, 401)).url
    elif failure == "echo-body":
        url = scripted_server_factory(default=ScriptedResponse.of_text(ECHO)).url
    elif failure == "echo-undecodable":
        echo = ScriptedResponse(200, (("Content-Type", "application/json"),), b"\xff" + ECHO.encode())
        url = scripted_server_factory(default=echo).url
    elif failure == "redirect-loop":
        url = scripted_server_factory(default=ScriptedResponse(302, (("Location", "/x"),), b"")).url
    elif failure == "timeout":
        url = scripted_server_factory(default=ScriptedResponse.of_json({}, delay=2.0)).url
    elif failure == "refused":
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
        probe.close()
    else:

        def reset(connection: socket.socket) -> None:
            read_request(connection)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

        url = raw_server(reset).url

    with pytest.raises(secrets_sdk.FaultSecretsError) as caught:
        _secret_call(secrets_sdk, kind, scheme, url, max_retries=1, timeout=0.3)

    for secret in (API_KEY, PASSWORD, BASIC_TOKEN):
        assert_secret_absent(secret, caught.value)
        for record in caplog.records:
            assert secret not in record.getMessage()
            assert secret not in repr(record.args)


def test_client_repr_shows_no_credential(secrets_sdk: Any) -> None:
    for client_class in (secrets_sdk.FaultSecretsClient, secrets_sdk.AsyncFaultSecretsClient):
        client = client_class(base_url="http://127.0.0.1:9", **TOKENS, username="aladdin", password=PASSWORD)
        for secret in (API_KEY, PASSWORD):
            assert secret not in repr(client)
            assert secret not in str(client)


@pytest.mark.parametrize("password", [PASSWORD + "\n", "pässword-Ünicode", "pw\x00null"])
def test_malformed_password_is_refused_without_echo(secrets_sdk: Any, password: str) -> None:
    for client_class in (secrets_sdk.FaultSecretsClient, secrets_sdk.AsyncFaultSecretsClient):
        with pytest.raises(secrets_sdk.ConfigurationError, match="password") as caught:
            client_class(base_url="http://127.0.0.1:9", username="aladdin", password=password)
        assert_secret_absent(password.strip(), caught.value)


def test_the_secrets_sdk_passes_mypy_strict(secrets_sdk: Any, mypy_cache: Path) -> None:
    folder = Path(secrets_sdk.__file__).resolve().parent.parent
    result = run_mypy("--strict", secrets_sdk.__name__, cwd=folder, cache=mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr
