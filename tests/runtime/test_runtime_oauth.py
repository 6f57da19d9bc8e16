"""The runtime's OAuth2 client-credentials parts, tested as source: the token cache and its clock,
token requests, the reading of token answers and errors, and which credentials are secret."""

from __future__ import annotations

import base64
import json
from urllib.parse import parse_qsl

import httpx
import pytest

from generator.runtime._credentials import (
    REDACTED,
    SecurityScheme,
    basic_token,
    chosen_schemes,
    secret_forms,
)
from generator.runtime._oauth import (
    TokenCache,
    oauth_error_fields,
    read_token,
    redact_tokens,
    token_failure,
    token_request,
)

SECRET = "s3cr3t/with+special=chars"
CREDENTIALS: dict[str, str | None] = {"client_id": "my app", "client_secret": SECRET}
SCHEME = SecurityScheme("oauth2", token_url="/oauth/token")
KEY = ("/oauth/token", ("read",))


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _answer(status: int, body: object) -> httpx.Response:
    request = httpx.Request("POST", "https://auth.example.com/token")
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    return httpx.Response(status, content=content, request=request)


def test_a_token_is_renewed_the_margin_before_it_expires() -> None:
    clock = FakeClock()
    cache = TokenCache(margin=60, clock=clock)
    assert cache.get(KEY) is None
    cache.store(KEY, "token-1", 3600)
    clock.now += 3539
    assert cache.get(KEY) == "token-1"
    clock.now += 1  # 60 s before expires_in runs out
    assert cache.get(KEY) is None


def test_a_short_lived_token_is_renewed_halfway_and_one_without_expiry_never() -> None:
    clock = FakeClock()
    cache = TokenCache(margin=60, clock=clock)
    cache.store(KEY, "short", 30)
    clock.now += 14.9
    assert cache.get(KEY) == "short"
    clock.now += 0.1
    assert cache.get(KEY) is None
    cache.store(KEY, "forever", None)
    clock.now += 10**9
    assert cache.get(KEY) == "forever"


def test_tokens_are_kept_per_scope_set_and_dropped_only_if_unchanged() -> None:
    cache = TokenCache(clock=FakeClock())
    other = ("/oauth/token", ("read", "write"))
    cache.store(KEY, "read-token", None)
    cache.store(other, "write-token", None)
    assert (cache.get(KEY), cache.get(other)) == ("read-token", "write-token")
    cache.drop(KEY, "an-older-token")  # another call renewed it already: kept
    assert cache.get(KEY) == "read-token"
    cache.drop(KEY, "read-token")
    assert cache.get(KEY) is None and cache.get(other) == "write-token"
    assert cache.values() == ("write-token",)
    emptied = cache.emptied()
    assert emptied.values() == () and emptied.margin == cache.margin


def test_the_cache_refuses_a_negative_margin_or_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="token_refresh_margin"):
        TokenCache(margin=-1)
    with pytest.raises(ValueError, match="client_secret_basic or client_secret_post"):
        TokenCache(auth_method="private_key_jwt")  # type: ignore[arg-type]


def test_client_secret_basic_form_encodes_id_and_secret() -> None:
    with httpx.Client() as http:
        request = token_request(
            http, "https://api.example.com/v1", SCHEME, ("b", "a"), CREDENTIALS, "client_secret_basic"
        )
    assert request.method == "POST"
    assert str(request.url) == "https://api.example.com/oauth/token"
    pair = base64.b64decode(request.headers["Authorization"].removeprefix("Basic ")).decode()
    assert pair == "my+app:s3cr3t%2Fwith%2Bspecial%3Dchars"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert dict(parse_qsl(request.content.decode())) == {"grant_type": "client_credentials", "scope": "b a"}


def test_client_secret_post_sends_them_in_the_body() -> None:
    relative = SecurityScheme("oauth2", token_url="token")
    with httpx.Client() as http:
        request = token_request(
            http, "https://api.example.com/v1", relative, (), CREDENTIALS, "client_secret_post"
        )
    assert str(request.url) == "https://api.example.com/v1/token"  # below the base URL's path
    assert "Authorization" not in request.headers
    assert dict(parse_qsl(request.content.decode())) == {
        "grant_type": "client_credentials",
        "client_id": "my app",
        "client_secret": SECRET,
    }


def test_an_absolute_token_url_is_kept() -> None:
    absolute = SecurityScheme("oauth2", token_url="https://login.example.org/connect/token")
    with httpx.Client() as http:
        request = token_request(
            http, "https://api.example.com", absolute, (), CREDENTIALS, "client_secret_basic"
        )
    assert str(request.url) == "https://login.example.org/connect/token"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"access_token": "t", "token_type": "Bearer", "expires_in": 3600}, ("t", 3600.0)),
        ({"access_token": "t", "token_type": "bearer", "expires_in": "120"}, ("t", 120.0)),
        ({"access_token": "t"}, ("t", None)),
        ({"access_token": "t", "expires_in": 0}, ("t", None)),
        ({"access_token": "t", "expires_in": True}, ("t", None)),
        ({"access_token": "", "expires_in": 10}, "the answer has no access_token"),
        ({"access_token": "t", "token_type": "mac"}, "the token_type is 'mac', not Bearer"),
        (["t"], "the answer is not a JSON object"),
        (b"<html>", "the answer is not JSON"),
    ],
)
def test_reading_a_token_answer(body: object, expected: object) -> None:
    assert read_token(_answer(200, body)) == expected


def test_a_token_endpoint_error_names_its_code_and_never_the_secret() -> None:
    body = {"error": "invalid_client", "error_description": f"bad secret {SECRET}"}

    def redact(text: str) -> str:
        return text.replace(SECRET, REDACTED)

    message, kept = token_failure(_answer(401, body), None, redact)
    assert message == (
        "the token endpoint refused to issue an access token (HTTP 401): "
        f"invalid_client (bad secret {REDACTED})"
    )
    assert kept == {"error": "invalid_client", "error_description": f"bad secret {REDACTED}"}
    assert oauth_error_fields(kept) == ("invalid_client", f"bad secret {REDACTED}")
    assert oauth_error_fields("text") == (None, None)
    message, kept = token_failure(_answer(200, {"access_token": "leaked"}), "the answer is odd", redact)
    assert message == "the token endpoint's answer (HTTP 200) is unusable: the answer is odd"
    assert "leaked" not in json.dumps(kept)


def test_token_answers_are_redacted_for_log_records() -> None:
    text = '{"access_token": "abc\\"def", "token_type": "Bearer", "refresh_token":"r"}'
    assert redact_tokens(text) == (
        f'{{"access_token": "{REDACTED}", "token_type": "Bearer", "refresh_token":"{REDACTED}"}}'
    )


def test_the_client_secret_is_secret_in_every_form_and_the_client_id_is_not() -> None:
    forms = secret_forms(CREDENTIALS)
    assert SECRET in forms and basic_token("my app", SECRET) in forms
    assert base64.b64encode(f"my app:{SECRET}".encode()).decode() in forms
    assert "my app" not in forms


def test_the_first_alternative_with_every_credential_is_chosen() -> None:
    schemes = {"oauth": SCHEME, "key": SecurityScheme("api_key", "header", "X-Key")}
    security = (("oauth",), ("key",))
    assert chosen_schemes(security, schemes, CREDENTIALS) == [("oauth", SCHEME)]
    only_id: dict[str, str | None] = {"client_id": "my app", "api_key": "k"}
    assert chosen_schemes(security, schemes, only_id) == [("key", schemes["key"])]
    assert chosen_schemes(security, schemes, {}) == []
