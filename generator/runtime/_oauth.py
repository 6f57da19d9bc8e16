"""OAuth2 client credentials (RFC 6749 §4.4): what a token request holds, what its answer means,
and the access tokens a client keeps.

The client (``_base_client.py``) sends token requests through its own retry loop, so a 429 or
a 5xx from the token endpoint is retried like any call, within the call's deadline. Tokens are
cached per token endpoint and scope set, renewed a margin before ``expires_in`` runs out, and
dropped when the API answers 401 to one. A token is only ever sent to the client's base URL:
the token request itself carries the client's ID and secret, never a token.
"""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.parse
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

import anyio
import httpx

from ._call import Call
from ._credentials import REDACTED, SecurityScheme, basic_token, chosen_schemes
from ._defaults import TOKEN_REFRESH_MARGIN

__all__ = [
    "ClientAuthMethod",
    "TokenCache",
    "TokenKey",
    "oauth_error_fields",
    "read_token",
    "redact_tokens",
    "token_failure",
    "token_request",
]

ClientAuthMethod = Literal["client_secret_basic", "client_secret_post"]
"""How the client authenticates to the token endpoint (RFC 7591 names): HTTP basic, which
RFC 6749 §2.3.1 says every server supports, or the ID and secret in the form body."""
TokenKey = tuple[str, tuple[str, ...]]
"""A cached token's token URL (as the spec gives it) and its scopes, sorted."""
_TOKEN_FIELDS = re.compile(r'("(?:access_token|refresh_token|id_token)"\s*:\s*)"(?:[^"\\]|\\.)*"')


@dataclass(frozen=True)
class _Token:
    value: str
    renew_at: float | None
    """The clock's reading from which the token is renewed; ``None``: it is kept until the API
    refuses it (the endpoint gave no ``expires_in``)."""


class TokenCache:
    """The access tokens of one client (and of the copies that share its base URL).

    ``margin``: seconds before ``expires_in`` runs out at which a token is renewed; a token that
    lives less than twice the margin is renewed halfway through its life instead, so a short
    lifetime does not mean a token request per call. ``clock`` is injectable for tests. The
    locks make one renewal at a time: callers check :meth:`get` again once they hold one.
    """

    def __init__(
        self,
        *,
        margin: float = TOKEN_REFRESH_MARGIN,
        auth_method: ClientAuthMethod = "client_secret_basic",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if margin < 0:
            raise ValueError("token_refresh_margin must be 0 or more")
        if auth_method not in get_args(ClientAuthMethod):
            choices = " or ".join(get_args(ClientAuthMethod))
            raise ValueError(f"client_auth_method must be {choices}")
        self.margin = margin
        self.auth_method: ClientAuthMethod = auth_method
        self.clock = clock
        self.lock = threading.Lock()
        """Held by the synchronous client while it fetches a token."""
        self._async_lock: anyio.Lock | None = None
        self._tokens: dict[TokenKey, _Token] = {}

    def emptied(self) -> TokenCache:
        """A cache with the same settings and no token (for a copy with another base URL: a
        token is never sent to a host it was not obtained for)."""
        return TokenCache(margin=self.margin, auth_method=self.auth_method, clock=self.clock)

    @property
    def async_lock(self) -> anyio.Lock:
        """Held by the asynchronous client while it fetches a token (made in its event loop)."""
        if self._async_lock is None:
            self._async_lock = anyio.Lock()
        return self._async_lock

    def get(self, key: TokenKey) -> str | None:
        """The token for ``key``, unless there is none or it is due for renewal."""
        token = self._tokens.get(key)
        if token is None or (token.renew_at is not None and self.clock() >= token.renew_at):
            return None
        return token.value

    def store(self, key: TokenKey, value: str, expires_in: float | None) -> None:
        renew_at = None
        if expires_in is not None:
            renew_at = self.clock() + expires_in - min(self.margin, expires_in / 2)
        self._tokens[key] = _Token(value, renew_at)

    def drop(self, key: TokenKey, value: str) -> None:
        """Forget ``value`` (the API refused it), unless another call has renewed it already."""
        token = self._tokens.get(key)
        if token is not None and token.value == value:
            del self._tokens[key]

    def values(self) -> tuple[str, ...]:
        """The tokens held: secrets that messages and log records must not show."""
        return tuple(token.value for token in self._tokens.values())

    @staticmethod
    def needs(
        call: Call, schemes: Mapping[str, SecurityScheme], credentials: Mapping[str, str | None]
    ) -> list[tuple[str, SecurityScheme, TokenKey]]:
        """The OAuth2 schemes ``call`` will be sent with, each with the key of its token: the
        scopes its operation names for the scheme (none named, none asked for)."""
        scopes = call.scopes or {}
        return [
            (key, scheme, (scheme.token_url, tuple(sorted(set(scopes.get(key, ()))))))
            for key, scheme in chosen_schemes(call.security, schemes, credentials)
            if scheme.kind == "oauth2"
        ]

    def request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        base_url: str,
        scheme: SecurityScheme,
        key: TokenKey,
        credentials: Mapping[str, str | None],
    ) -> httpx.Request:
        """The token request for ``key`` (see :func:`token_request`)."""
        return token_request(http, base_url, scheme, key[1], credentials, self.auth_method)

    def keep(
        self, key: TokenKey, response: httpx.Response, redact: Callable[[str], str]
    ) -> str | tuple[str, object]:
        """The access token in the token endpoint's ``response``, now cached; else the
        message and body of the error to raise (see :func:`token_failure`)."""
        found = read_token(response) if response.is_success else None
        if not isinstance(found, tuple):
            return token_failure(response, found, redact)
        self.store(key, *found)
        return found[0]

    @staticmethod
    def redactor(redact: Callable[[str], str]) -> Callable[[str], str]:
        """``redact``, and the tokens of a token endpoint's answer: for its log records."""
        return lambda text: redact(redact_tokens(text))


def token_request(
    http: httpx.Client | httpx.AsyncClient,
    base_url: str,
    scheme: SecurityScheme,
    scopes: Sequence[str],
    credentials: Mapping[str, str | None],
    auth_method: ClientAuthMethod,
) -> httpx.Request:
    """The client credentials grant for ``scopes``; a relative token URL is resolved against
    the base URL as a folder (``/oauth/token`` from its host, ``token`` below its path)."""
    client_id, client_secret = credentials.get("client_id") or "", credentials.get("client_secret")
    form = {"grant_type": "client_credentials"}
    if scopes:
        form["scope"] = " ".join(scopes)
    sent = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}
    if auth_method == "client_secret_post":
        form |= {"client_id": client_id, "client_secret": client_secret or ""}
    else:
        sent["Authorization"] = "Basic " + basic_token(client_id, client_secret or "")
    url = httpx.URL(base_url + "/").join(scheme.token_url)
    content = urllib.parse.urlencode(form).encode("ascii")
    return http.build_request("POST", url, headers=sent, content=content)


def read_token(response: httpx.Response) -> tuple[str, float | None] | str:
    """The access token and its ``expires_in`` from a 2xx answer, or why it has none."""
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        return "the answer is not JSON"
    if not isinstance(body, dict):
        return "the answer is not a JSON object"
    token = body.get("access_token")
    if not isinstance(token, str) or not token:
        return "the answer has no access_token"
    token_type = body.get("token_type", "Bearer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        return f"the token_type is {str(token_type)[:40]!r}, not Bearer"
    expires_in = body.get("expires_in")
    if isinstance(expires_in, str):  # some servers send "3600"
        try:
            expires_in = float(expires_in)
        except ValueError:
            expires_in = None
    if isinstance(expires_in, bool) or not isinstance(expires_in, int | float) or expires_in <= 0:
        return token, None
    return token, float(expires_in)


def oauth_error_fields(body: object) -> tuple[str | None, str | None]:
    """The ``error`` and ``error_description`` of a token endpoint's error body (RFC 6749 §5.2)."""
    if not isinstance(body, Mapping):
        return None, None
    error, description = body.get("error"), body.get("error_description")
    return (
        error if isinstance(error, str) else None,
        description if isinstance(description, str) else None,
    )


def token_failure(
    response: httpx.Response, problem: str | None, redact: Callable[[str], str]
) -> tuple[str, object]:
    """The message and body of the error for a token endpoint's answer: a non-2xx one, or a 2xx
    one without a usable token (``problem``). The body is read after ``redact``: a server that
    echoes the secret back does not put it in the error."""
    text = redact(redact_tokens(response.text)) if response.content else ""
    body: object = text or None
    try:
        body = json.loads(text) if text else None
    except (ValueError, RecursionError):
        pass
    status = response.status_code
    if problem is not None:
        return f"the token endpoint's answer (HTTP {status}) is unusable: {problem}", body
    error, description = oauth_error_fields(body)
    message = f"the token endpoint refused to issue an access token (HTTP {status})"
    if error:
        message += f": {error}" + (f" ({description})" if description else "")
    return message, body


def redact_tokens(text: str) -> str:
    """``text`` (a token endpoint's JSON answer) with its tokens replaced, for log records."""
    return _TOKEN_FIELDS.sub(rf'\1"{REDACTED}"', text)
