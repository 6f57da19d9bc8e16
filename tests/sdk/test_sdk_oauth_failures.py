"""OAuth2 client credentials when things go wrong: token endpoint errors (refusals, 429 and 5xx
retried like any call, answers without a token), and the client secret and access tokens kept out
of every error, log record and repr; a token never leaves the API's origin.

Like ``test_sdk_oauth.py``, against a local token endpoint and API
(:class:`support.oauth_server.OAuthServer`).
"""

from __future__ import annotations

import asyncio
import base64
import logging
from collections.abc import Iterator
from typing import Any, Literal

import pytest

from support.feature_sdks import feature_sdk
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.oauth_server import OAUTH_SPEC, OAuthServer, token_error

Kind = Literal["sync", "async"]
CLIENT_ID = "failing-client"
SECRET = "Zq9-client+secret/0123456789"
BASIC = base64.b64encode(f"{CLIENT_ID}:{SECRET.replace('+', '%2B').replace('/', '%2F')}".encode()).decode()
"""The ``client_secret_basic`` token of the ID and secret (RFC 6749 form-encodes both first)."""
PACKAGE = "feat_oauth_failures_sdk"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, OAUTH_SPEC, PACKAGE)


@pytest.fixture
def server() -> Iterator[OAuthServer]:
    running = OAuthServer()
    yield running
    running.close()


def _list(sdk: Any, server: OAuthServer, kind: Kind, **options: Any) -> Any:
    """``client.things.list()`` on a new client of ``kind``; returns the result or the exception."""
    options = {"client_id": CLIENT_ID, "client_secret": SECRET, "base_url": f"{server.url}/v1", **options}
    try:
        if kind == "sync":
            with sdk.FeatOauthFailuresClient(**options) as client:
                return client.things.list()

        async def run() -> Any:
            async with sdk.AsyncFeatOauthFailuresClient(**options) as client:
                return await client.things.list()

        return asyncio.run(run())
    except sdk.FeatOauthFailuresError as exc:
        return exc


def _assert_no_secret(*texts: str) -> None:
    for text in texts:
        for secret in (SECRET, BASIC, "token-1"):
            assert secret not in text, f"{secret!r} shown in {text[:300]!r}"


def _error_texts(error: BaseException, body: bool = True) -> tuple[str, ...]:
    """What an error shows; the body of a token endpoint's error too (an API error's ``body``
    keeps the API's answer whole, as the SDK documents)."""
    texts = (str(error), repr(error), repr(error.args))
    return (*texts, repr(getattr(error, "body", None))) if body else texts


def test_a_refused_client_raises_oauth_token_error(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    server.token_script.append(token_error(400, "invalid_client", f"Client authentication failed ({SECRET})"))
    error = _list(sdk, server, kind, max_retries=2)
    assert isinstance(error, sdk.OAuthTokenError) and isinstance(error, sdk.AuthenticationError)
    assert error.status_code == 400
    assert error.oauth_error == "invalid_client"
    assert error.oauth_error_description == "Client authentication failed ([REDACTED])"
    assert str(error) == (
        "the token endpoint refused to issue an access token (HTTP 400): "
        "invalid_client (Client authentication failed ([REDACTED]))"
    )
    _assert_no_secret(*_error_texts(error))
    assert len(server.token_requests) == 1  # a 400 is not retried
    assert server.api_requests == []


def test_a_429_from_the_token_endpoint_is_retried(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    server.token_script.append(token_error(429, "slow_down", headers={"Retry-After": "0"}))
    result = _list(sdk, server, kind, max_retries=1)
    assert result.ok is True
    assert len(server.token_requests) == 2 and server.bearers() == ["token-1"]


def test_5xx_from_the_token_endpoint_are_retried_then_raised(
    sdk: Any, server: OAuthServer, kind: Kind
) -> None:
    failing = ScriptedResponse.of_text("upstream down", 503, headers={"Retry-After": "0"})
    server.token_script.extend([failing] * 3)
    error = _list(sdk, server, kind, max_retries=2)
    assert isinstance(error, sdk.OAuthTokenError) and error.status_code == 503
    assert error.oauth_error is None
    assert str(error) == "the token endpoint refused to issue an access token (HTTP 503)"
    assert len(server.token_requests) == 3 and server.api_requests == []


def test_a_token_answer_without_a_token_raises(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    server.token_script.append(ScriptedResponse.of_json({"token_type": "Bearer", "expires_in": 60}))
    error = _list(sdk, server, kind)
    assert isinstance(error, sdk.OAuthTokenError) and error.status_code == 200
    assert str(error) == "the token endpoint's answer (HTTP 200) is unusable: the answer has no access_token"


def test_without_the_secret_no_token_is_asked_for(sdk: Any, server: OAuthServer) -> None:
    error = _list(sdk, server, "sync", client_secret=None)
    assert isinstance(error, sdk.AuthenticationError) and not isinstance(error, sdk.OAuthTokenError)
    assert server.token_requests == [] and server.bearers() == [None]


def test_no_secret_or_token_in_log_records_errors_or_repr(
    sdk: Any, server: OAuthServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger=PACKAGE)
    echo = ScriptedResponse.of_json({"error": "bad request", "echo": "Bearer token-1"}, 400)
    server.api_script.extend([ScriptedResponse.of_json({"ok": True}), echo])
    with sdk.FeatOauthFailuresClient(
        client_id=CLIENT_ID,
        client_secret=SECRET,
        base_url=f"{server.url}/v1",
        client_auth_method="client_secret_post",
        max_retries=0,
    ) as client:
        client.things.list()
        with pytest.raises(sdk.BadRequestError) as caught:
            client.things.list()
        _assert_no_secret(repr(client), *_error_texts(caught.value, body=False))
    server.token_script.append(token_error(401, "invalid_client", f"secret {SECRET} unknown"))
    refused = _list(sdk, server, "async", client_auth_method="client_secret_post")
    assert isinstance(refused, sdk.OAuthTokenError)
    _assert_no_secret(*_error_texts(refused))
    messages = [record.getMessage() for record in caplog.records]
    assert any("Request body: grant_type=client_credentials" in m for m in messages)  # logged, redacted
    assert any('"access_token": "[REDACTED]"' in m for m in messages)
    _assert_no_secret(*messages)
    assert server.form(0)["client_secret"] == SECRET  # what went out had it


def test_the_token_is_not_sent_to_another_origin(
    sdk: Any, server: OAuthServer, scripted_server: ScriptedHTTPServer, kind: Kind
) -> None:
    scripted_server.reply_json({"ok": True})
    server.api_script.append(
        ScriptedResponse.empty(307, headers={"Location": f"{scripted_server.url}/elsewhere"})
    )
    result = _list(sdk, server, kind)
    assert result.ok is True
    assert server.bearers() == ["token-1"]
    moved = scripted_server.last_request
    assert moved.path == "/elsewhere" and moved.header("Authorization") is None
    token_request = server.token_requests[0]
    assert (token_request.header("Authorization") or "").startswith("Basic ")  # never a bearer


def test_a_redirecting_token_endpoint_is_not_followed(
    sdk: Any, server: OAuthServer, scripted_server: ScriptedHTTPServer, kind: Kind
) -> None:
    """A 307 keeps the method and the body: followed, it would resend a ``client_secret_post``
    secret to wherever it points. The redirect is the endpoint's answer, a refusal."""
    scripted_server.reply_json({"access_token": "stolen", "token_type": "Bearer"})
    server.token_script.append(
        ScriptedResponse.empty(307, headers={"Location": f"{scripted_server.url}/oauth/token"})
    )
    error = _list(sdk, server, kind, client_auth_method="client_secret_post")
    assert isinstance(error, sdk.OAuthTokenError) and error.status_code == 307
    assert scripted_server.requests == []  # the other origin never saw the secret
    assert server.form(0)["client_secret"] == SECRET  # the token endpoint itself did
    assert server.api_requests == []
    _assert_no_secret(*_error_texts(error))
