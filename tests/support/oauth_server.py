"""A local OAuth2 token endpoint with an API behind it, on 127.0.0.1, for the client-credentials
tests (``tests/sdk/test_sdk_oauth*.py``).

``POST /oauth/token`` issues ``token-1``, ``token-2``, ... (or answers from ``token_script``
first); every other path is the API, which answers 200 ``{"ok": true}`` to a bearer token it
issued and has not revoked, and 401 to anything else (or answers from ``api_script`` first).
Every request is recorded, token and API ones apart, so tests count them.

PYTEST_DONT_REWRITE: its asserts are plain asserts, as in any helper a test module imports.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl

from support.http_server import BackgroundServer, RecordedRequest, ScriptedResponse

TOKEN_PATH = "/oauth/token"


class OAuthServer:
    """The token endpoint and the API; see the module's docstring."""

    def __init__(self) -> None:
        self.expires_in: float | None = 3600
        """What issued tokens say in ``expires_in`` (``None``: left out)."""
        self.token_delay = 0.0
        """Seconds the token endpoint waits before answering (to make calls overlap)."""
        self.token_script: deque[ScriptedResponse] = deque()
        self.api_script: deque[ScriptedResponse] = deque()
        self.token_requests: list[RecordedRequest] = []
        self.api_requests: list[RecordedRequest] = []
        self.valid: set[str] = set()
        self._issued = 0
        self._lock = threading.Lock()
        self._server = BackgroundServer(_handler(self))

    @property
    def url(self) -> str:
        return self._server.url

    def close(self) -> None:
        self._server.close()

    def revoke(self, token: str) -> None:
        """The API answers 401 to ``token`` from now on (as after a key rotation)."""
        with self._lock:
            self.valid.discard(token)

    def form(self, index: int) -> dict[str, str]:
        """The form body of token request ``index``."""
        return dict(parse_qsl(self.token_requests[index].body.decode()))

    def bearers(self) -> list[str | None]:
        """The bearer token of each API request, in order (``None`` when it had none)."""
        found = [request.header("Authorization") for request in self.api_requests]
        return [value.removeprefix("Bearer ") if value else None for value in found]

    def answer(self, method: str, path: str, headers: dict[str, str], body: bytes) -> ScriptedResponse:
        """Record the request, and the answer to send (see the module's docstring)."""
        request = RecordedRequest(method, path, tuple(headers.items()), body, None, None, time.monotonic())
        with self._lock:
            if path.split("?")[0] == TOKEN_PATH:
                self.token_requests.append(request)
                if self.token_script:
                    return self.token_script.popleft()
                self._issued += 1
                token = f"token-{self._issued}"
                self.valid.add(token)
                payload: dict[str, Any] = {"access_token": token, "token_type": "Bearer"}
                if self.expires_in is not None:
                    payload["expires_in"] = self.expires_in
                return ScriptedResponse.of_json(payload, delay=self.token_delay)
            self.api_requests.append(request)
            if self.api_script:
                return self.api_script.popleft()
            bearer = headers.get("authorization", "").removeprefix("Bearer ")
            if bearer in self.valid:
                return ScriptedResponse.of_json({"ok": True})
            return ScriptedResponse.of_json({"error": "invalid_token"}, 401)


def _handler(server: OAuthServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the access log."""

        def _handle(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {name.lower(): value for name, value in self.headers.items()}
            answer = server.answer(self.command, self.path, headers, body)
            time.sleep(answer.delay)
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        def do_GET(self) -> None:
            self._handle()

        def do_POST(self) -> None:
            self._handle()

    return Handler


def token_error(
    status: int, error: str, description: str = "", headers: dict[str, str] | None = None
) -> ScriptedResponse:
    """A token endpoint's error answer (RFC 6749 §5.2)."""
    body = {"error": error, **({"error_description": description} if description else {})}
    return ScriptedResponse(
        status, (("Content-Type", "application/json"), *(headers or {}).items()), json.dumps(body).encode()
    )


def _operation(operation_id: str, security: list[dict[str, list[str]]] | None = None) -> dict[str, Any]:
    schema = {"type": "object", "properties": {"ok": {"type": "boolean"}}}
    ok = {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}
    operation: dict[str, Any] = {"operationId": operation_id, "tags": ["things"], "responses": ok}
    if security is not None:
        operation["security"] = security
    return operation


OAUTH_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "OAuth API", "version": "1.0.0"},
    "servers": [{"url": "https://oauth.example.invalid/v1"}],
    "security": [{"clientAuth": ["read"]}],
    "paths": {
        "/things": {
            "get": _operation("ListThings"),
            "post": _operation("CreateThing", [{"clientAuth": ["write", "read"]}]),
        },
        "/plain": {"get": _operation("GetPlain", [{"clientAuth": []}])},
        "/keyed": {"get": _operation("GetKeyed", [{"apiKey": []}])},
        "/public": {"get": _operation("GetPublic", [])},
    },
    "components": {
        "securitySchemes": {
            "clientAuth": {
                "type": "oauth2",
                "flows": {
                    "clientCredentials": {
                        "tokenUrl": TOKEN_PATH,
                        "scopes": {"read": "Read things", "write": "Write things"},
                    }
                },
            },
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        }
    },
}
"""The spec of the OAuth tests: a client-credentials scheme with a relative token URL (on the API's
host), scopes per operation, an operation without scopes, one with an API key, and a public one."""
