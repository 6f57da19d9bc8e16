"""OAuth2 client credentials: the SDK fetches its access tokens from a local token endpoint, caches
them per scope set, renews them before they expire, fetches one token for many concurrent calls,
and retries a call refused with 401 once with a new token.

The SDK of :data:`support.oauth_server.OAUTH_SPEC` is generated once for the module; each test
gets a fresh token endpoint and API (:class:`support.oauth_server.OAuthServer`) and counts what
they received. Token endpoint failures and secrets are in ``test_sdk_oauth_failures.py``.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

from support.feature_sdks import assert_mypy_strict, feature_sdk
from support.http_server import ScriptedResponse
from support.oauth_server import OAUTH_SPEC, TOKEN_PATH, OAuthServer

Kind = Literal["sync", "async"]

CLIENT_ID = "test-client"
SECRET = "client-secret-0123456789"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, OAUTH_SPEC, "feat_oauth_sdk")


@pytest.fixture
def server() -> Iterator[OAuthServer]:
    running = OAuthServer()
    yield running
    running.close()


def _client(sdk: Any, server: OAuthServer, kind: Kind = "sync", **options: Any) -> Any:
    cls = sdk.FeatOauthClient if kind == "sync" else sdk.AsyncFeatOauthClient
    options = {"client_id": CLIENT_ID, "client_secret": SECRET, "max_retries": 0, **options}
    return cls(base_url=f"{server.url}/v1", **options)


def _calls(sdk: Any, server: OAuthServer, kind: Kind, names: list[str], **options: Any) -> list[Any]:
    """Call ``client.things.<name>()`` for each name, on one client of ``kind``."""
    if kind == "sync":
        with _client(sdk, server, **options) as client:
            return [getattr(client.things, name)() for name in names]

    async def run() -> list[Any]:
        async with _client(sdk, server, "async", **options) as client:
            return [await getattr(client.things, name)() for name in names]

    return asyncio.run(run())


def test_the_client_takes_client_credentials_and_token_options(sdk: Any) -> None:
    parameters = inspect.signature(sdk.FeatOauthClient).parameters
    assert {"client_id", "client_secret", "api_key", "token_refresh_margin", "client_auth_method"} <= set(
        parameters
    )
    assert parameters["token_refresh_margin"].default == 60.0
    assert parameters["client_auth_method"].default == "client_secret_basic"


def test_one_token_serves_every_call_of_its_scopes(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    results = _calls(sdk, server, kind, ["list", "list", "list"])
    assert [result.ok for result in results] == [True, True, True]
    assert len(server.token_requests) == 1
    assert server.bearers() == ["token-1", "token-1", "token-1"]
    request = server.token_requests[0]
    assert request.method == "POST" and request.target == TOKEN_PATH  # relative to the base URL's host
    assert request.header("Content-Type") == "application/x-www-form-urlencoded"
    assert server.form(0) == {"grant_type": "client_credentials", "scope": "read"}
    basic = request.header("Authorization") or ""
    assert base64.b64decode(basic.removeprefix("Basic ")).decode() == f"{CLIENT_ID}:{SECRET}"


def test_each_scope_set_gets_its_own_token(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    _calls(sdk, server, kind, ["list", "create", "get_plain", "create", "list"])
    assert [server.form(i).get("scope") for i in range(3)] == ["read", "read write", None]
    assert server.bearers() == ["token-1", "token-2", "token-3", "token-2", "token-1"]


def test_client_secret_post_sends_the_credentials_in_the_body(
    sdk: Any, server: OAuthServer, kind: Kind
) -> None:
    _calls(sdk, server, kind, ["list"], client_auth_method="client_secret_post")
    assert server.token_requests[0].header("Authorization") is None
    assert server.form(0) == {
        "grant_type": "client_credentials",
        "scope": "read",
        "client_id": CLIENT_ID,
        "client_secret": SECRET,
    }


def test_credentials_are_read_from_the_environment(
    sdk: Any, server: OAuthServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEAT_OAUTH_CLIENT_ID", "env-client")
    monkeypatch.setenv("FEAT_OAUTH_CLIENT_SECRET", "env-secret")
    with sdk.FeatOauthClient(base_url=f"{server.url}/v1") as client:
        assert client.things.list().ok is True
    basic = server.token_requests[0].header("Authorization") or ""
    assert base64.b64decode(basic.removeprefix("Basic ")) == b"env-client:env-secret"


def test_an_api_key_operation_uses_the_key_and_fetches_no_token(sdk: Any, server: OAuthServer) -> None:
    ok = ScriptedResponse.of_json({"ok": True})
    server.api_script.extend([ok, ok])  # the API's default answer checks a bearer token
    with _client(sdk, server, api_key="key-123") as client:
        client.things.get_keyed()
        client.things.get_public()
    assert server.token_requests == []
    keyed, public = server.api_requests
    assert keyed.header("X-API-Key") == "key-123" and keyed.header("Authorization") is None
    assert public.header("X-API-Key") is None and public.header("Authorization") is None


def test_a_token_is_renewed_the_margin_before_it_expires(sdk: Any, server: OAuthServer, kind: Kind) -> None:
    server.expires_in = 1.0

    async def run_async(client: Any) -> None:
        await client.things.list()
        await asyncio.sleep(0.5)
        await client.things.list()  # 0.5 s into a 1 s token renewed 0.2 s early: kept
        await asyncio.sleep(0.35)
        await client.things.list()  # 0.85 s: renewed

    if kind == "sync":
        with _client(sdk, server, token_refresh_margin=0.2) as client:
            client.things.list()
            time.sleep(0.5)
            client.things.list()
            time.sleep(0.35)
            client.things.list()
    else:

        async def main() -> None:
            async with _client(sdk, server, "async", token_refresh_margin=0.2) as client:
                await run_async(client)

        asyncio.run(main())
    assert server.bearers() == ["token-1", "token-1", "token-2"]
    assert len(server.token_requests) == 2


def test_a_token_without_expires_in_is_kept(sdk: Any, server: OAuthServer) -> None:
    server.expires_in = None
    with _client(sdk, server, token_refresh_margin=0.0) as client:
        client.things.list()
        time.sleep(0.2)
        client.things.list()
    assert len(server.token_requests) == 1


def test_a_401_drops_the_token_and_retries_once_with_a_new_one(
    sdk: Any, server: OAuthServer, kind: Kind
) -> None:
    if kind == "sync":
        with _client(sdk, server) as client:  # max_retries=0: the retry is not one of them
            client.things.list()
            server.revoke("token-1")
            assert client.things.list().ok is True
            client.things.list()
    else:

        async def main() -> None:
            async with _client(sdk, server, "async") as client:
                await client.things.list()
                server.revoke("token-1")
                assert (await client.things.list()).ok is True
                await client.things.list()

        asyncio.run(main())
    assert server.bearers() == ["token-1", "token-1", "token-2", "token-2"]
    assert len(server.token_requests) == 2


def test_a_second_401_is_raised(sdk: Any, server: OAuthServer) -> None:
    refused = ScriptedResponse.of_json({"error": "invalid_token"}, 401)
    server.api_script.extend([refused, refused, refused])
    with _client(sdk, server, max_retries=2) as client, pytest.raises(sdk.AuthenticationError) as caught:
        client.things.list()
    assert not isinstance(caught.value, sdk.OAuthTokenError)
    assert len(server.api_requests) == 2 and len(server.token_requests) == 2


def test_twenty_concurrent_async_calls_fetch_one_token(sdk: Any, server: OAuthServer) -> None:
    server.token_delay = 0.2

    async def main() -> list[Any]:
        async with _client(sdk, server, "async") as client:
            return list(await asyncio.gather(*(client.things.list() for _ in range(20))))

    results = asyncio.run(main())
    assert len(results) == 20 and all(result.ok for result in results)
    assert len(server.token_requests) == 1
    assert server.bearers() == ["token-1"] * 20


def test_twenty_threads_fetch_one_token(sdk: Any, server: OAuthServer) -> None:
    server.token_delay = 0.2
    results: list[Any] = []
    with _client(sdk, server) as client:
        threads = [threading.Thread(target=lambda: results.append(client.things.list())) for _ in range(20)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(10)
    assert len(results) == 20 and len(server.token_requests) == 1
    assert server.bearers() == ["token-1"] * 20


def test_a_copy_shares_the_token_unless_its_base_url_differs(sdk: Any, server: OAuthServer) -> None:
    other = OAuthServer()
    try:
        with _client(sdk, server) as client:
            client.things.list()
            client.with_options(timeout=5.0).things.list()
            client.with_options(base_url=f"{other.url}/v1").things.list()
        assert server.bearers() == ["token-1", "token-1"] and len(server.token_requests) == 1
        assert other.bearers() == ["token-1"]  # its own token endpoint's first token, not server's
        assert len(other.token_requests) == 1
    finally:
        other.close()


def test_the_oauth_sdk_passes_mypy_strict(sdk: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(sdk, mypy_cache)
