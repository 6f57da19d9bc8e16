"""Per-call clients and logging: ``with_options`` and ``copy`` share the pool and change only the
copy, and the SDK's log (on with its environment variable) shows requests without credentials
or bodies.

Both clients, against the scripted server on 127.0.0.1.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from daily_api import AsyncDailyClient, DailyClient, InternalServerError

from support.clients import API_KEY, Kind, daily
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.specs import import_sdk

# ---------------------------------------------------------------- per-call clients


def test_with_options_shares_the_pool_and_applies_only_to_the_copy(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json({"error": "busy"}, 503),
        ScriptedResponse.of_json({"token": "copy"}),
        ScriptedResponse.of_json({"error": "busy"}, 503),
    )

    def check(client: Any, copy: Any) -> None:
        assert copy is not client and type(copy) is type(client)
        assert copy._http is client._http  # one connection pool
        assert copy.max_retries == 0 and client.max_retries == 2
        assert copy.timeout == 7.5 and client.timeout != 7.5
        assert copy.meeting_tokens is not client.meeting_tokens
        assert copy.meeting_tokens._client is copy

    def sync(client: DailyClient) -> None:
        copy = client.with_options(timeout=7.5, max_retries=0, default_headers={"X-Trace": "on"})
        check(client, copy)
        assert client.copy(max_retries=1).max_retries == 1
        with pytest.raises(InternalServerError):  # 503, not retried by the copy
            copy.meeting_tokens.create()
        assert client.meeting_tokens.create().token == "copy"  # retried by the original
        copy.close()  # the pool stays open: the original owns it
        with pytest.raises(InternalServerError):
            client.with_options(max_retries=0).meeting_tokens.create()

    async def run_async(client: AsyncDailyClient) -> None:
        copy = client.with_options(timeout=7.5, max_retries=0, default_headers={"X-Trace": "on"})
        check(client, copy)
        assert client.copy(max_retries=1).max_retries == 1
        with pytest.raises(InternalServerError):
            await copy.meeting_tokens.create()
        assert (await client.meeting_tokens.create()).token == "copy"
        await copy.close()
        with pytest.raises(InternalServerError):
            await client.with_options(max_retries=0).meeting_tokens.create()

    daily(kind, scripted_server.url, sync if kind == "sync" else run_async)
    traces = [r.header("X-Trace") for r in scripted_server.requests]
    assert traces == ["on", None, None]
    assert all(r.header("Authorization") == f"Bearer {API_KEY}" for r in scripted_server.requests)


def test_copy_can_replace_the_default_headers(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json({"token": "t"}), ScriptedResponse.of_json({"token": "t"})
    )
    with DailyClient(api_key=API_KEY, base_url=scripted_server.url, default_headers={"X-A": "1"}) as client:
        client.copy(default_headers={"X-B": "2"}).meeting_tokens.create()
        client.copy(set_default_headers={"X-B": "2"}).meeting_tokens.create()
    first, second = scripted_server.requests
    assert (first.header("X-A"), first.header("X-B")) == ("1", "2")
    assert (second.header("X-A"), second.header("X-B")) == (None, "2")


# ------------------------------------------------------------------------ logging

QUERY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Logged", "version": "1.0.0"},
    "components": {"securitySchemes": {"key": {"type": "apiKey", "in": "query", "name": "api_key"}}},
    "security": [{"key": []}],
    "paths": {
        "/things": {
            "post": {
                "operationId": "createThing",
                "tags": ["things"],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "properties": {"name": {"type": "string"}}}
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"type": "object"}}},
                    }
                },
            }
        }
    },
}


@pytest.fixture
def logger_reset() -> Iterator[None]:
    yield
    for name in ("daily_api", "logged_sdk"):
        logger = logging.getLogger(name)
        logger.setLevel(logging.NOTSET)


@pytest.mark.parametrize("level", ["info", "debug"])
def test_daily_log_logs_requests_without_credentials_or_bodies_at_info(
    kind: Kind,
    level: str,
    scripted_server: ScriptedHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    logger_reset: None,
) -> None:
    monkeypatch.setenv("DAILY_LOG", level)
    scripted_server.enqueue(
        ScriptedResponse.of_json({"error": "busy"}, 429, headers={"Retry-After": "0"}),
        ScriptedResponse.of_json({"token": "the-response-body"}),
    )

    def sync(client: DailyClient) -> Any:
        return client.meeting_tokens.create(properties=None)

    async def run_async(client: AsyncDailyClient) -> Any:
        return await client.meeting_tokens.create(properties=None)

    daily(kind, scripted_server.url, sync if kind == "sync" else run_async, timeout=5.0)
    assert logging.getLogger("daily_api").level == (logging.DEBUG if level == "debug" else logging.INFO)
    records = [r for r in caplog.records if r.name == "daily_api"]
    messages = [r.getMessage() for r in records]
    requests = [m for m in messages if m.startswith("HTTP Request: POST")]
    assert len(requests) == 2
    assert '/meeting-tokens "429 Too Many Requests" in ' in requests[0]
    assert '"200 OK" in ' in requests[1] and requests[1].endswith("s")
    assert any(m.startswith("Retrying POST /meeting-tokens") for m in messages)
    for record in records:
        assert API_KEY not in record.getMessage() and API_KEY not in repr(record.args)
        if record.levelno >= logging.INFO:
            assert "the-response-body" not in record.getMessage()
    bodies = [m for m in messages if "the-response-body" in m]
    assert bool(bodies) == (level == "debug")


def test_log_hides_a_query_credential_and_the_request_body(
    tmp_path: Path,
    scripted_server: ScriptedHTTPServer,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    logger_reset: None,
) -> None:
    sdk = import_sdk(tmp_path, QUERY_SPEC, "logged_sdk")
    assert sdk._logs.LOG_ENV == "LOGGED_LOG"
    monkeypatch.setenv("LOGGED_LOG", "debug")
    scripted_server.enqueue(ScriptedResponse.of_json({"echo": API_KEY}))
    with sdk.LoggedClient(api_key=API_KEY, base_url=scripted_server.url) as client:
        client.things.create(name=f"secret-name {API_KEY}")
    assert scripted_server.last_request.query_params == [("api_key", API_KEY)]
    messages = [r.getMessage() for r in caplog.records if r.name == "logged_sdk"]
    assert any(m.startswith("HTTP Request: POST") and "/things?api_key=[REDACTED] " in m for m in messages)
    assert 'Response body: {"echo": "[REDACTED]"}' in messages
    assert any(m.startswith("Request body:") and "secret-name" in m for m in messages)
    for record in caplog.records:
        assert API_KEY not in record.getMessage()
        if record.levelno >= logging.INFO:
            assert "secret-name" not in record.getMessage()


def test_no_logging_without_the_variable(
    scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch, logger_reset: None
) -> None:
    monkeypatch.delenv("DAILY_LOG", raising=False)
    scripted_server.enqueue(ScriptedResponse.of_json({"token": "t"}))
    with DailyClient(api_key=API_KEY, base_url=scripted_server.url) as client:
        client.meeting_tokens.create()
    assert logging.getLogger("daily_api").level == logging.NOTSET
