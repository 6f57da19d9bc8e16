# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Credentials: how each is sent, which values are refused, and the forms redaction hides."""

from __future__ import annotations

import base64
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from ._exceptions import ConfigurationError

__all__ = ["REDACTED", "SecurityScheme", "check_credential", "secret_forms"]

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
    """How a credential is sent: a bearer token, HTTP basic, or an API key.

    ``credential`` names the client's argument that holds the token (``api_key``, or one per
    scheme when a spec has several); HTTP basic always sends ``username`` and ``password``.
    """

    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    credential: str = "api_key"


def secret_forms(credentials: Mapping[str, str | None]) -> tuple[str, ...]:
    """Every form in which a credential may show up in a message: as given, URL-encoded, and
    (for a username and password) as the basic-auth token. A username alone is not secret."""
    forms: set[str] = set()
    for name, value in credentials.items():
        if value and name != "username":
            forms |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    username, password = credentials.get("username"), credentials.get("password")
    if username is not None and password:
        forms.add(base64.b64encode(f"{username}:{password}".encode()).decode("ascii"))
    return tuple(sorted(forms, key=len, reverse=True))
