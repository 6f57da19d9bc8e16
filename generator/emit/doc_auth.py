"""The docs' line on how an operation authenticates, said from its security schemes.

A reader needs to know what to get (a bearer token, an API key, a username and password, an
OAuth 2.0 access token and by which flow) and where the SDK sends it; the scheme's key in
the spec (``oauth_2_0``) says neither.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model.ir import SecurityScheme
from .text import code_span

_FLOWS = {
    "authorizationCode": "authorization code",
    "clientCredentials": "client credentials",
    "implicit": "implicit",
    "password": "password",
    "deviceAuthorization": "device authorization",
}


def _flows(flows: tuple[str, ...]) -> str:
    named = [_FLOWS.get(flow, flow) for flow in flows]
    if not named:
        return ""
    listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " or " + named[-1]
    return f" ({listed} flow{'s' if len(named) > 1 else ''})"


def scheme_text(scheme: SecurityScheme | None, key: str) -> str:
    """One scheme as a reader gets and the SDK sends it (``a bearer token in the Authorization header``)."""
    if scheme is None:
        return f"the {code_span(key)} scheme, which the SDK does not apply (send it with `extra_headers`)"
    if scheme.kind == "basic":
        return "HTTP basic authentication (the client's `username` and `password`)"
    if scheme.kind == "api_key":
        where = {"header": "header", "query": "query parameter", "cookie": "cookie"}[scheme.location]
        return f"an API key, sent in the {code_span(scheme.parameter_name)} {where}"
    if scheme.kind == "oauth2":
        return (
            "an OAuth 2.0 access token (client credentials flow), which the client gets with its "
            "`client_id` and `client_secret` and sends as a bearer token"
        )
    if scheme.token_source == "oauth2":  # noqa: S105 (a scheme's type, not a secret)
        return f"an OAuth 2.0 access token{_flows(scheme.flows)}, sent as a bearer token"
    if scheme.token_source == "openIdConnect":  # noqa: S105
        return "an OpenID Connect access token, sent as a bearer token"
    return "a bearer token, sent in the `Authorization` header"


def auth_text(security: tuple[tuple[str, ...], ...], schemes: Mapping[str, SecurityScheme]) -> str:
    """The sentence after **Authentication:** for an operation's security requirements."""
    if not security or all(not alternative for alternative in security):
        return "None."
    ways = [
        " and ".join(scheme_text(schemes.get(key), key) for key in alternative) or "none"
        for alternative in security
    ]
    unique = list(dict.fromkeys(ways))
    said = unique[0] if len(unique) == 1 else "; or ".join(unique)
    return said[:1].upper() + said[1:] + "."
