"""Security schemes and requirements, read from the spec: how the SDK authenticates, and which
scheme (and OAuth2 scopes) each operation asks for."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..diagnostics import Report
from ..spec.refs import Node, Workspace
from .ir import SecurityScheme
from .text import spec_text


@dataclass(frozen=True)
class Requirements:
    """A ``security`` list: its alternatives of scheme keys (sorted within each), and the
    scopes listed for each scheme, from the first alternative that names it."""

    alternatives: tuple[tuple[str, ...], ...] = ()
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def token_scopes(self, schemes: Mapping[str, SecurityScheme]) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """The scopes of the OAuth2 client-credentials schemes: those the SDK asks tokens for."""
        return tuple(
            (key, names) for key, names in self.scopes if key in schemes and schemes[key].kind == "oauth2"
        )


def requirements(value: Any) -> Requirements:
    if not isinstance(value, list):
        return Requirements()
    listed = [req for req in value if isinstance(req, dict)]
    scopes: dict[str, tuple[str, ...]] = {}
    for requirement in listed:
        for key, names in requirement.items():
            if isinstance(names, list) and names and key not in scopes:
                scopes[str(key)] = tuple(dict.fromkeys(str(name) for name in names))
    alternatives = tuple(tuple(sorted(str(key) for key in req)) for req in listed)
    return Requirements(alternatives, tuple(sorted(scopes.items())))


def security_schemes(
    components: Node | None, workspace: Workspace, report: Report
) -> dict[str, SecurityScheme]:
    """The schemes the SDK can apply by itself, by key; the others are reported.

    OAuth2 with a ``clientCredentials`` flow becomes a token the client fetches itself; other
    OAuth2 flows and OpenID Connect take an access token obtained elsewhere, sent as a bearer.
    """
    listed = components.get("securitySchemes") if components else None
    if listed is None or not isinstance(listed.value, dict):
        return {}
    schemes: dict[str, SecurityScheme] = {}
    for key in sorted(listed.value):
        node = workspace.resolve(listed.child(key))
        spec = node.value if isinstance(node.value, dict) else {}
        kind = spec.get("type")
        description = spec_text(spec.get("description"))
        scheme = str(spec.get("scheme", "")).lower()
        flow = _client_credentials(spec) if kind == "oauth2" else None
        if kind == "http" and scheme == "bearer":
            schemes[key] = SecurityScheme(key, "bearer", description=description)
        elif kind == "http" and scheme == "basic":
            schemes[key] = SecurityScheme(key, "basic", description=description)
        elif kind == "apiKey" and spec.get("in") in ("header", "query", "cookie") and spec.get("name"):
            schemes[key] = SecurityScheme(
                key, "api_key", spec["in"], str(spec["name"]), description=description
            )
        elif flow is not None:
            scopes = flow.get("scopes")
            names = tuple(str(name) for name in scopes) if isinstance(scopes, dict) else ()
            schemes[key] = SecurityScheme(
                key,
                "oauth2",
                description=description,
                token_url=flow["tokenUrl"],
                scopes=names,
                token_source="oauth2",  # noqa: S106 (a scheme type, not a secret)
                flows=_flow_names(spec),
            )
        elif kind in ("oauth2", "openIdConnect"):
            # The SDK takes an access token obtained elsewhere and sends it as a bearer token.
            schemes[key] = SecurityScheme(
                key, "bearer", description=description, token_source=kind, flows=_flow_names(spec)
            )
        else:
            report.warn(
                f"security scheme '{key}' ({kind} {scheme}".rstrip() + ") is not supported; "
                "operations that need only it are generated without authentication",
                node.location,
            )
    return schemes


def _client_credentials(spec: dict[str, Any]) -> dict[str, Any] | None:
    """The scheme's ``clientCredentials`` flow, if it has one with a token URL."""
    flows = spec.get("flows")
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    if isinstance(flow, dict) and isinstance(flow.get("tokenUrl"), str) and flow["tokenUrl"].strip():
        return flow
    return None


def _flow_names(spec: dict[str, Any]) -> tuple[str, ...]:
    """The OAuth 2.0 flows a scheme declares, sorted (the docs name them)."""
    flows = spec.get("flows")
    return tuple(sorted(str(flow) for flow in flows)) if isinstance(flows, dict) else ()
