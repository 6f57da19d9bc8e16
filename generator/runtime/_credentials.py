"""Credentials: how each is sent, which values are refused, and the forms redaction hides."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from ._exceptions import ConfigurationError

__all__ = [
    "REDACTED",
    "SecurityScheme",
    "basic_token",
    "check_credential",
    "chosen_schemes",
    "has_credentials",
    "secret_forms",
]

REDACTED = "[REDACTED]"
"""What a credential is replaced by in messages and log records."""


def check_credential(what: str, value: str | None) -> None:
    """Refuse a credential that could not be sent as it is; the message never shows its value."""
    if not value:
        return
    problem = None
    if value != value.strip():
        problem = "has leading or trailing whitespace (a newline read from a key file?)"
    elif any(ord(c) < 32 or ord(c) == 127 for c in value):
        problem = "contains a control character"
    elif not value.isascii():
        problem = "contains non-ASCII characters"
    if problem is not None:
        raise ConfigurationError(f"{what} {problem}; its value is not shown")


@dataclass(frozen=True)
class SecurityScheme:
    """How a credential is sent: a bearer token, HTTP basic, an API key, or an OAuth2 access
    token obtained with client credentials (``oauth2``) from ``token_url``.

    ``credential`` names the client's argument that holds the token (``api_key``, or one per
    scheme when a spec has several); HTTP basic always sends ``username`` and ``password``,
    and ``oauth2`` exchanges ``client_id`` and ``client_secret`` for a bearer token.
    """

    kind: Literal["bearer", "basic", "api_key", "oauth2"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    credential: str = "api_key"
    token_url: str = ""
    """``oauth2``: the token endpoint, absolute or relative to the base URL."""


_PAIRS = {"basic": ("username", "password"), "oauth2": ("client_id", "client_secret")}
"""The schemes that take two credentials; the first of each pair is an identifier, not a secret."""


def has_credentials(scheme: SecurityScheme, credentials: Mapping[str, str | None]) -> bool:
    """Whether the client was given what ``scheme`` needs."""
    pair = _PAIRS.get(scheme.kind)
    if pair is not None:
        return all(credentials.get(name) is not None for name in pair)
    return bool(credentials.get(scheme.credential))


def chosen_schemes(
    security: Sequence[Sequence[str]],
    schemes: Mapping[str, SecurityScheme],
    credentials: Mapping[str, str | None],
) -> list[tuple[str, SecurityScheme]]:
    """The schemes of the first alternative of ``security`` the client has every credential
    for (``[]`` when none: the call goes out without authentication)."""
    for alternative in security:
        chosen = [(key, schemes[key]) for key in alternative]
        if all(has_credentials(scheme, credentials) for _, scheme in chosen):
            return chosen
    return []


def secret_forms(credentials: Mapping[str, str | None]) -> tuple[str, ...]:
    """Every form in which a credential may show up in a message: as given, URL-encoded, and
    (for a username and password, or a client ID and secret) as the basic-auth token. A
    username or a client ID alone is not secret."""
    forms: set[str] = set()
    identifiers = {first for first, _ in _PAIRS.values()}
    for name, value in credentials.items():
        if value and name not in identifiers:
            forms |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    username, password = credentials.get("username"), credentials.get("password")
    if username is not None and password:
        forms.add(base64.b64encode(f"{username}:{password}".encode()).decode("ascii"))
    client_id, client_secret = credentials.get("client_id"), credentials.get("client_secret")
    if client_id is not None and client_secret:
        forms.add(basic_token(client_id, client_secret))
        forms.add(base64.b64encode(f"{client_id}:{client_secret}".encode()).decode("ascii"))
    return tuple(sorted(forms, key=len, reverse=True))


def basic_token(client_id: str, client_secret: str) -> str:
    """The HTTP basic token of a client at a token endpoint: RFC 6749 §2.3.1 form-encodes the
    ID and the secret before joining them (unlike a username and password)."""
    pair = f"{urllib.parse.quote_plus(client_id)}:{urllib.parse.quote_plus(client_secret)}"
    return base64.b64encode(pair.encode()).decode("ascii")
