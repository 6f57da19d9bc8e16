"""Security schemes: bearer, basic, API keys in header, query and cookie, OAuth2, alternatives and
requirements of two schemes, and the method names of the credentials.

Each spec is small and inline; its SDK is generated once per module (a module fixture; package
names are unique in the session, see :mod:`support.feature_sdks`), imported, and called against
the scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over the
socket and on exactly what the SDK made of the bytes that came back. The SDK is also
type-checked with ``mypy --strict`` once (the run's shared mypy cache).
"""

from __future__ import annotations

import base64
import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest

from support.feature_sdks import NO_CONTENT, assert_mypy_strict, feature_sdk, public_methods
from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse

KEY = "sk_feature_test_0123456789"

# =================================================================== security


def _secured(operation_id: str, path: str, security: list[dict[str, list[str]]] | None) -> dict[str, Any]:
    operation: dict[str, Any] = {"operationId": operation_id, "tags": ["auth"], "responses": NO_CONTENT}
    if security is not None:
        operation["security"] = security
    return {path: {"get": operation}}


SECURITY_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Security API", "version": "1.0.0"},
    "servers": [{"url": "https://security.example.invalid"}],
    "security": [{"bearerAuth": []}],
    "paths": {
        **_secured("GetBearer", "/bearer", None),
        **_secured("GetBasic", "/basic", [{"basicAuth": []}]),
        **_secured("GetHeaderKey", "/header-key", [{"headerKey": []}]),
        **_secured("GetQueryKey", "/query-key", [{"queryKey": []}]),
        **_secured("GetCookieKey", "/cookie-key", [{"cookieKey": []}]),
        **_secured("GetOauth", "/oauth", [{"oauth": ["read"]}]),
        **_secured("GetPublic", "/public", []),
        **_secured("GetEither", "/either", [{"headerKey": []}, {"basicAuth": []}]),
        **_secured("GetBoth", "/both", [{"headerKey": [], "queryKey": []}]),
    },
    "components": {
        "securitySchemes": {
            "bearerAuth": {"type": "http", "scheme": "bearer"},
            "basicAuth": {"type": "http", "scheme": "basic"},
            "headerKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "session_id"},
            "oauth": {  # no client-credentials flow: the client takes an access token
                "type": "oauth2",
                "flows": {
                    "authorizationCode": {
                        "authorizationUrl": "https://security.example.invalid/authorize",
                        "tokenUrl": "https://security.example.invalid/token",
                        "scopes": {"read": "read things"},
                    }
                },
            },
        }
    },
}
SECURITY_SPEC["paths"]["/query-key"]["get"]["parameters"] = [
    {"name": "q", "in": "query", "schema": {"type": "string"}}
]
SECURITY_SPEC["paths"]["/cookie-key"]["get"]["parameters"] = [
    {"name": "theme", "in": "cookie", "schema": {"type": "string"}}
]

BASIC_HEADER = "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ=="
"""``aladdin:open sesame`` in base64."""
CREDENTIAL_HEADERS = ("Authorization", "X-API-Key", "Cookie")
ALL_CREDENTIALS = {name: KEY for name in ("bearer_auth", "header_key", "query_key", "cookie_key", "oauth")}
"""The spec's five token schemes: one argument each, named after the scheme."""


@pytest.fixture(scope="module")
def security(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, SECURITY_SPEC, "feat_security_sdk")


def _call(sdk: Any, server: ScriptedHTTPServer, method: str, **credentials: str) -> RecordedRequest:
    """Call ``client.auth.<method>()`` with ``credentials``; returns what the server received."""
    before = len(server.requests)
    server.enqueue(ScriptedResponse.empty(204))
    with sdk.FeatSecurityClient(base_url=server.url, max_retries=0, **credentials) as client:
        assert getattr(client.auth, method)() is None
    requests = server.requests
    assert len(requests) == before + 1
    return requests[-1]


def _credentials_sent(request: RecordedRequest) -> dict[str, str]:
    return {name: value for name in CREDENTIAL_HEADERS if (value := request.header(name)) is not None}


def test_security_method_names(security: Any) -> None:
    resource = importlib.import_module("feat_security_sdk.resources.auth").Auth
    assert public_methods(resource) == {
        "get_bearer",
        "get_basic",
        "get_header_key",
        "get_query_key",
        "get_cookie_key",
        "get_oauth",
        "get_public",
        "get_either",
        "get_both",
    }


def test_http_bearer(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_bearer", bearer_auth=KEY)
    assert _credentials_sent(request) == {"Authorization": f"Bearer {KEY}"}
    assert request.query == ""


def test_http_basic_takes_username_and_password(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    parameters = inspect.signature(security.FeatSecurityClient).parameters
    assert {"bearer_auth", "header_key", "query_key", "cookie_key", "oauth", "username", "password"} <= set(
        parameters
    )
    assert "api_key" not in parameters  # several token schemes: one argument each
    request = _call(security, scripted_server, "get_basic", username="aladdin", password="open sesame")
    assert _credentials_sent(request) == {"Authorization": BASIC_HEADER}
    assert base64.b64decode(BASIC_HEADER.removeprefix("Basic ")) == b"aladdin:open sesame"


def test_api_key_in_header(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_header_key", header_key=KEY)
    assert _credentials_sent(request) == {"X-API-Key": KEY}
    assert request.query == ""


def test_api_key_in_query(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204))
    with security.FeatSecurityClient(base_url=scripted_server.url, query_key=KEY, max_retries=0) as client:
        client.auth.get_query_key(q="a b")
    request = scripted_server.requests[0]
    assert request.query_params == [("q", "a b"), ("api_key", KEY)]
    assert _credentials_sent(request) == {}


def test_api_key_in_cookie(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.empty(204), ScriptedResponse.empty(204))
    with security.FeatSecurityClient(base_url=scripted_server.url, cookie_key=KEY, max_retries=0) as client:
        client.auth.get_cookie_key()
        client.auth.get_cookie_key(theme="dark")
    alone, with_param = scripted_server.requests
    assert _credentials_sent(alone) == {"Cookie": f"session_id={KEY}"}
    cookie = with_param.header("Cookie")
    assert cookie is not None
    assert sorted(cookie.split("; ")) == sorted(["theme=dark", f"session_id={KEY}"])
    assert with_param.header("Authorization") is None and with_param.query == ""


def test_oauth2_token_is_sent_as_bearer(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_oauth", oauth="oauth-access-token")
    assert _credentials_sent(request) == {"Authorization": "Bearer oauth-access-token"}


def test_empty_security_sends_no_credentials(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(
        security, scripted_server, "get_public", **ALL_CREDENTIALS, username="aladdin", password="open sesame"
    )
    assert _credentials_sent(request) == {}
    assert request.query == ""


def test_one_of_two_alternatives(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    key_only = _call(security, scripted_server, "get_either", header_key=KEY)
    basic_only = _call(security, scripted_server, "get_either", username="aladdin", password="open sesame")
    both = _call(
        security, scripted_server, "get_either", header_key=KEY, username="aladdin", password="open sesame"
    )
    assert _credentials_sent(key_only) == {"X-API-Key": KEY}
    assert _credentials_sent(basic_only) == {"Authorization": BASIC_HEADER}
    assert _credentials_sent(both) == {"X-API-Key": KEY}  # the first alternative that can be met


def test_requirement_with_two_schemes_sends_both(security: Any, scripted_server: ScriptedHTTPServer) -> None:
    request = _call(security, scripted_server, "get_both", header_key=KEY, query_key="query-secret")
    assert _credentials_sent(request) == {"X-API-Key": KEY}
    assert request.query_params == [("api_key", "query-secret")]


def test_requirement_of_two_schemes_is_not_met_by_one(
    security: Any, scripted_server: ScriptedHTTPServer
) -> None:
    request = _call(security, scripted_server, "get_both", header_key=KEY)
    assert _credentials_sent(request) == {} and request.query == ""


@pytest.mark.parametrize(
    ("method", "sent"),
    [
        ("get_bearer", {"Authorization": "Bearer secret-of-bearer_auth"}),
        ("get_header_key", {"X-API-Key": "secret-of-header_key"}),
        ("get_cookie_key", {"Cookie": "session_id=secret-of-cookie_key"}),
        ("get_oauth", {"Authorization": "Bearer secret-of-oauth"}),
    ],
)
def test_each_scheme_sends_its_own_credential(
    security: Any, scripted_server: ScriptedHTTPServer, method: str, sent: dict[str, str]
) -> None:
    """With every credential given, an operation that needs scheme B sends B's and nobody else's."""
    credentials = {name: f"secret-of-{name}" for name in ALL_CREDENTIALS}
    request = _call(security, scripted_server, method, **credentials)
    assert _credentials_sent(request) == sent
    assert request.query == ""


def test_each_credential_is_read_from_its_own_variable(
    security: Any, scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FEAT_SECURITY_HEADER_KEY", "from-the-environment")
    monkeypatch.setenv("FEAT_SECURITY_API_KEY", "never-read")
    request = _call(security, scripted_server, "get_header_key")
    assert _credentials_sent(request) == {"X-API-Key": "from-the-environment"}


def test_security_sdk_passes_mypy_strict(security: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(security, mypy_cache)
