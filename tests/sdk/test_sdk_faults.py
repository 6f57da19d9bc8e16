"""The generated SDK under faults: only SDK errors escape, and no credential leaks.

Every test drives both clients (``sync`` / ``async``) against a real server on
127.0.0.1 that misbehaves on purpose: the scripted server for bad bodies and redirect
loops, and a raw TCP server (below) for what HTTP servers do not do willingly:
resetting a connection and trickling a body one byte at a time.
"""

from __future__ import annotations

import asyncio
import base64
import gzip
import importlib
import logging
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pytest

import daily_api
from daily_api import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncDailyClient,
    BadRequestError,
    ConfigurationError,
    DailyClient,
    DailyError,
)
from generator.emit.writer import write
from generator.pipeline import generate_files

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.paths import ROOT
from support.specs import settings_for, write_spec

Kind = Literal["sync", "async"]

API_KEY = "sk_test_Fault-Key_9f8e7d6c5b4a39281706"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJyIjoiZmF1bHQifQ.c2ln"


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


def run(kind: Kind, options: dict[str, Any], call: Callable[[Any], Any]) -> Any:
    """``call(resource)`` on a fresh client of ``kind`` (``client.meeting_tokens``), closed after."""
    if kind == "sync":
        with DailyClient(**options) as client:
            return call(client.meeting_tokens)

    async def go() -> Any:
        async with AsyncDailyClient(**options) as client:
            return await call(client.meeting_tokens)

    return asyncio.run(go())


def create(kind: Kind, options: dict[str, Any], **arguments: Any) -> Any:
    return run(kind, options, lambda tokens: tokens.create(**arguments))


def timed_failure(kind: Kind, options: dict[str, Any]) -> tuple[BaseException, float]:
    """The exception ``meeting_tokens.create()`` raises, and how long the call took (the client
    is built before the clock starts: building one loads TLS certificates, slow on a busy machine)."""

    async def go() -> tuple[BaseException, float]:
        async with AsyncDailyClient(**options) as client:
            started = time.monotonic()
            try:
                await client.meeting_tokens.create()
            except Exception as exc:
                return exc, time.monotonic() - started
        raise AssertionError("the call succeeded")

    if kind == "async":
        return asyncio.run(go())
    with DailyClient(**options) as client:
        started = time.monotonic()
        try:
            client.meeting_tokens.create()
        except Exception as exc:
            return exc, time.monotonic() - started
    raise AssertionError("the call succeeded")


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it chains (``__cause__`` and ``__context__``)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def assert_secret_absent(secret: str, exc: BaseException) -> None:
    for e in chain(exc):
        for text in (str(e), repr(e), repr(e.args)):
            assert secret not in text, f"credential leaked by {type(e).__name__}: {text[:300]!r}"


# ------------------------------------------------------------ a raw TCP server


class RawServer:
    """Accepts connections on 127.0.0.1 and hands each to ``handler(connection)``."""

    def __init__(self, handler: Callable[[socket.socket], None]) -> None:
        self._handler = handler
        self._listener = socket.socket()
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.05)
        self._stop = threading.Event()
        self.connections = 0
        self._threads: list[threading.Thread] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    @property
    def stopping(self) -> threading.Event:
        return self._stop

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self._listener.accept()
            except OSError:
                continue
            self.connections += 1
            thread = threading.Thread(target=self._serve, args=(connection,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, connection: socket.socket) -> None:
        with connection:
            try:
                self._handler(connection)
            except OSError:
                pass

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for thread in self._threads:
            thread.join(5)
        self._listener.close()


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket], None]) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


def read_request(connection: socket.socket) -> bytes:
    """The request's head and body (by ``Content-Length``)."""
    connection.settimeout(5)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return data
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += connection.recv(65536)
    return data


# ------------------------------------------------------ unreadable 2xx bodies

UNREADABLE_BODIES: dict[str, ScriptedResponse] = {
    "truncated-json": ScriptedResponse(200, (("Content-Type", "application/json"),), b'{"tok'),
    "html": ScriptedResponse(200, (("Content-Type", "text/html"),), b"<html><body>Gateway</body></html>"),
    "empty-200": ScriptedResponse(200, (("Content-Type", "application/json"),), b""),
    "text-ok": ScriptedResponse.of_text("OK"),
    "no-content": ScriptedResponse.empty(204),
    "array": ScriptedResponse.of_json([]),
    "null": ScriptedResponse.of_json(None),
    "string": ScriptedResponse.of_json("token"),
    "undecodable": ScriptedResponse(200, (("Content-Type", "application/json"),), b'{"token": "\xff\xfe"}'),
    "bad-gzip": ScriptedResponse(
        200, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), b'{"token": "t"}'
    ),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_BODIES))
def test_unreadable_success_body_raises_response_validation_error(
    kind: Kind, scripted_server: ScriptedHTTPServer, case: str
) -> None:
    scripted = UNREADABLE_BODIES[case]
    scripted_server.enqueue(
        ScriptedResponse(scripted.status, (*scripted.headers, ("x-request-id", "req_bad")), scripted.body)
    )

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    error = caught.value
    assert isinstance(error, APIError)
    assert isinstance(error, DailyError)
    assert error.status_code == scripted.status
    assert error.request_id == "req_bad"
    assert error.response.status_code == scripted.status
    assert str(error.status_code) in str(error)
    if case in ("truncated-json", "html", "text-ok"):
        assert scripted.body.decode()[:10] in str(error)  # an excerpt of the body
    assert len(scripted_server.requests) == 1  # not retried
    assert_secret_absent(API_KEY, error)


def test_long_unreadable_body_is_shown_as_a_short_excerpt(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    page = "<html>" + "x" * 100_000 + "</html>"
    scripted_server.enqueue(ScriptedResponse(200, (("Content-Type", "text/html"),), page.encode()))

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert "<html>xxx" in str(caught.value)
    assert len(str(caught.value)) < 600
    assert caught.value.body == page


def test_type_mismatch_is_kept_by_default(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": 12345}))

    result = create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert result.token == 12345


@pytest.mark.parametrize(
    ("body", "where"),
    [({"token": 12345}, "body.token"), ({"token": None}, "body.token"), ({"token": ["t"]}, "body.token")],
)
def test_strict_response_validation_refuses_type_mismatches(
    kind: Kind, scripted_server: ScriptedHTTPServer, body: Any, where: str
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json(body, headers={"x-request-id": "req_strict"}))
    options = {"api_key": API_KEY, "base_url": scripted_server.url, "strict_response_validation": True}

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, options)

    assert where in str(caught.value)
    assert caught.value.request_id == "req_strict"


def test_strict_response_validation_accepts_a_conforming_body(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": TOKEN, "unknown": [1, 2]}))
    options = {"api_key": API_KEY, "base_url": scripted_server.url, "strict_response_validation": True}

    assert create(kind, options).token == TOKEN


# --------------------------------------------------- other httpx failures


def test_redirect_loop_is_a_connection_error(kind: Kind, scripted_server_factory: Any) -> None:
    server = scripted_server_factory(default=ScriptedResponse(302, (("Location", "/meeting-tokens"),), b""))

    with pytest.raises(APIConnectionError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": server.url})

    assert "TooManyRedirects" in str(caught.value)
    assert len(server.requests) == 21  # the request and 20 redirects: not retried
    assert_secret_absent(API_KEY, caught.value)


def test_bad_gzip_on_an_error_answer_is_a_connection_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(
        ScriptedResponse(400, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), b"{}")
    )

    with pytest.raises(APIConnectionError, match="DecodingError"):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})


def test_connection_reset_names_its_cause(kind: Kind, raw_server: Any) -> None:
    def reset(connection: socket.socket) -> None:
        read_request(connection)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    server = raw_server(reset)

    with pytest.raises(APIConnectionError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": server.url, "max_retries": 0})

    message = str(caught.value)
    assert message.startswith("Connection error: ")
    assert message != "Connection error"
    assert "reset" in message.lower() or "disconnected" in message.lower(), message
    assert caught.value.__cause__ is not None
    assert_secret_absent(API_KEY, caught.value)


def test_local_error_is_not_retried(
    kind: Kind, scripted_server: ScriptedHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="daily_api")

    with pytest.raises(APIConnectionError) as caught:
        create(
            kind,
            {"api_key": API_KEY, "base_url": scripted_server.url},
            extra_headers={"X-Trace": "a\r\nInjected: yes"},
        )

    assert "LocalProtocolError" in str(caught.value)
    assert not any("Retrying" in record.getMessage() for record in caplog.records)
    assert scripted_server.requests == []


def test_unsupported_scheme_is_not_retried(kind: Kind, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="daily_api")

    with pytest.raises(APIConnectionError, match="UnsupportedProtocol"):
        create(kind, {"api_key": API_KEY, "base_url": "ftp://127.0.0.1:9"})

    # Counted from the log, not the clock (a loaded machine is slow without any retry).
    assert not any("Retrying" in record.getMessage() for record in caplog.records)


def test_json_nested_too_deep_is_a_response_validation_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse(200, (("Content-Type", "application/json"),), b"[" * 200_000))

    with pytest.raises(APIResponseValidationError):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})


def test_error_body_nested_too_deep_is_kept_as_text(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    body = b"[" * 200_000
    scripted_server.enqueue(ScriptedResponse(400, (("Content-Type", "application/json"),), body))

    with pytest.raises(BadRequestError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert caught.value.body == body.decode()
    assert len(str(caught.value)) <= 1100


def test_garbage_instead_of_http_is_a_connection_error(kind: Kind, raw_server: Any) -> None:
    def garbage(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(b"HELLO THERE\r\n\r\n")

    server = raw_server(garbage)

    with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
        create(kind, {"api_key": API_KEY, "base_url": server.url, "max_retries": 0})


def test_redirect_to_an_invalid_location_is_a_connection_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse(302, (("Location", "http://[::1"),), b""))

    with pytest.raises(APIConnectionError):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url, "max_retries": 0})


# ----------------------------------------------------------------- timeout


def test_timeout_is_a_deadline_for_the_whole_call(kind: Kind, raw_server: Any) -> None:
    def trickle(connection: socket.socket) -> None:
        read_request(connection)
        body = b'{"token": "' + b"t" * 40 + b'"}'
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        for byte in body:
            if raw.stopping.wait(0.15):
                return
            connection.sendall(bytes([byte]))

    raw = raw_server(trickle)

    error, elapsed = timed_failure(kind, {"api_key": API_KEY, "base_url": raw.url, "timeout": 0.5})

    assert isinstance(error, APITimeoutError)
    assert elapsed < 1.5, f"a 0.5 s call lasted {elapsed:.2f} s"  # trickled whole: 6.5 s
    assert raw.connections == 1  # no retry the deadline would cut off


def test_deadline_bounds_a_body_that_stalls(kind: Kind, raw_server: Any) -> None:
    def stall(connection: socket.socket) -> None:
        read_request(connection)
        if raw.stopping.wait(0.8):
            return
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"
        )
        raw.stopping.wait(5)

    raw = raw_server(stall)

    error, elapsed = timed_failure(kind, {"api_key": API_KEY, "base_url": raw.url, "timeout": 1.0})

    assert isinstance(error, APITimeoutError)
    # Without cutting the body's read limit, the sync client would wait 0.8 + 1.0 s.
    assert elapsed < 1.45, f"a 1.0 s call lasted {elapsed:.2f} s"


def test_deadline_counts_retries(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    slow = ScriptedResponse.of_json({"error": "slow"}, 503, headers={"Retry-After": "0"}, delay=0.6)
    scripted_server.enqueue(slow, slow, slow)

    error, elapsed = timed_failure(
        kind, {"api_key": API_KEY, "base_url": scripted_server.url, "timeout": 1.0}
    )

    assert isinstance(error, APITimeoutError)
    assert elapsed < 1.45  # three attempts would take 1.8 s
    assert len(scripted_server.requests) == 2


# --------------------------------------------------------- bounded messages


def test_error_message_is_bounded_and_body_is_whole(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    info = "x" * 2_000_000
    scripted_server.enqueue(ScriptedResponse.of_json({"error": "too-big", "info": info}, 400))

    with pytest.raises(BadRequestError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert len(str(caught.value)) <= 1100
    assert len(caught.value.message) <= 1100
    assert caught.value.body == {"error": "too-big", "info": info}


# -------------------------------------------------------------- credentials

MALFORMED_KEYS = {
    "trailing-newline": API_KEY + "\n",
    "trailing-space": API_KEY + " ",
    "leading-space": " " + API_KEY,
    "crlf-inside": API_KEY[:10] + "\r\n" + API_KEY[10:],
    "tab-inside": API_KEY[:10] + "\t" + API_KEY[10:],
    "non-ascii": API_KEY + "é",
}


@pytest.mark.parametrize("case", sorted(MALFORMED_KEYS))
def test_malformed_api_key_is_refused_when_the_client_is_built(
    kind: Kind, scripted_server: ScriptedHTTPServer, case: str
) -> None:
    key = MALFORMED_KEYS[case]

    with pytest.raises(ConfigurationError) as caught:
        create(kind, {"api_key": key, "base_url": scripted_server.url})

    assert isinstance(caught.value, DailyError)
    assert "API key" in str(caught.value)
    assert_secret_absent(API_KEY, caught.value)
    assert_secret_absent(key.strip(), caught.value)
    assert scripted_server.requests == []


def test_malformed_api_key_from_the_environment_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DAILY_API_KEY", API_KEY + "\n")

    for client_class in (DailyClient, AsyncDailyClient):
        with pytest.raises(ConfigurationError) as caught:
            client_class(base_url="http://127.0.0.1:9")
        assert_secret_absent(API_KEY, caught.value)


def test_every_sdk_error_has_one_root() -> None:
    errors = [getattr(daily_api, name) for name in daily_api.__all__ if name.endswith("Error")]
    assert len(errors) >= 10
    for error in errors:
        assert issubclass(error, DailyError), error
    assert issubclass(APIError, DailyError)
    assert issubclass(ConfigurationError, DailyError)


# ----------------------------------- credentials of every kind, in every failure

SECRETS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Secrets API", "version": "1.0.0"},
    "servers": [{"url": "https://secrets.example.invalid"}],
    "paths": {
        f"/{name}": {
            "post": {
                "operationId": f"Post{name.title().replace('-', '')}",
                "tags": ["things"],
                "security": [{name: []}],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
                            }
                        },
                    }
                },
            }
        }
        for name in ("bearer", "basic", "header", "query", "cookie")
    },
    "components": {
        "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer"},
            "basic": {"type": "http", "scheme": "basic"},
            "header": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
            "query": {"type": "apiKey", "in": "query", "name": "api_key"},
            "cookie": {"type": "apiKey", "in": "cookie", "name": "session"},
        }
    },
}
PASSWORD = "pw-Open-Sesame-4815162342"


@pytest.fixture(scope="module")
def secrets_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("secrets"), SECRETS_SPEC, "fault_secrets_sdk")


def import_sdk(folder: Path, spec: dict[str, Any], package: str, **settings: Any) -> Any:
    """Generate ``spec`` as ``package`` (with extra ``settings``) and import it."""
    options = settings_for(write_spec(folder, spec), output=folder / "out", package=package, **settings)
    write(options.output, generate_files(options).files)
    sys.path.insert(0, str(options.output))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(options.output))


def _secret_call(sdk: Any, kind: Kind, scheme: str, base_url: str, **options: Any) -> Any:
    credentials = {"api_key": API_KEY, "username": "aladdin", "password": PASSWORD}
    method = f"post_{scheme}"
    if kind == "sync":
        with sdk.FaultSecretsClient(base_url=base_url, **credentials, **options) as client:
            return getattr(client.things, method)()

    async def go() -> Any:
        async with sdk.AsyncFaultSecretsClient(base_url=base_url, **credentials, **options) as client:
            return await getattr(client.things, method)()

    return asyncio.run(go())


FAILURES = (
    "bad-body",
    "status",
    "echo-status",
    "echo-body",
    "echo-undecodable",
    "redirect-loop",
    "reset",
    "timeout",
    "refused",
)
BASIC_TOKEN = base64.b64encode(f"aladdin:{PASSWORD}".encode()).decode()
ECHO = f"invalid credentials: {API_KEY} {PASSWORD} {BASIC_TOKEN}"
"""What a careless server answers: the credentials it got, echoed back."""


@pytest.mark.parametrize("scheme", ["bearer", "basic", "header", "query", "cookie"])
@pytest.mark.parametrize("failure", FAILURES)
def test_no_credential_in_any_failure(
    secrets_sdk: Any,
    kind: Kind,
    scheme: str,
    failure: str,
    scripted_server_factory: Any,
    raw_server: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG, logger="fault_secrets_sdk")
    if failure == "bad-body":
        url = scripted_server_factory(default=ScriptedResponse.of_text("OK")).url
    elif failure == "status":
        url = scripted_server_factory(default=ScriptedResponse.of_json({"echo": "x" * 5000}, 400)).url
    elif failure == "echo-status":
        url = scripted_server_factory(default=ScriptedResponse.of_json({"error": ECHO}, 401)).url
    elif failure == "echo-body":
        url = scripted_server_factory(default=ScriptedResponse.of_text(ECHO)).url
    elif failure == "echo-undecodable":
        echo = ScriptedResponse(200, (("Content-Type", "application/json"),), b"\xff" + ECHO.encode())
        url = scripted_server_factory(default=echo).url
    elif failure == "redirect-loop":
        url = scripted_server_factory(default=ScriptedResponse(302, (("Location", "/x"),), b"")).url
    elif failure == "timeout":
        url = scripted_server_factory(default=ScriptedResponse.of_json({}, delay=2.0)).url
    elif failure == "refused":
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{probe.getsockname()[1]}"
        probe.close()
    else:

        def reset(connection: socket.socket) -> None:
            read_request(connection)
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

        url = raw_server(reset).url

    with pytest.raises(secrets_sdk.FaultSecretsError) as caught:
        _secret_call(secrets_sdk, kind, scheme, url, max_retries=1, timeout=0.3)

    for secret in (API_KEY, PASSWORD, BASIC_TOKEN):
        assert_secret_absent(secret, caught.value)
        for record in caplog.records:
            assert secret not in record.getMessage()
            assert secret not in repr(record.args)


def test_client_repr_shows_no_credential(secrets_sdk: Any) -> None:
    for client_class in (secrets_sdk.FaultSecretsClient, secrets_sdk.AsyncFaultSecretsClient):
        client = client_class(
            base_url="http://127.0.0.1:9", api_key=API_KEY, username="aladdin", password=PASSWORD
        )
        for secret in (API_KEY, PASSWORD):
            assert secret not in repr(client)
            assert secret not in str(client)


@pytest.mark.parametrize("password", [PASSWORD + "\n", "pässword-Ünicode", "pw\x00null"])
def test_malformed_password_is_refused_without_echo(secrets_sdk: Any, password: str) -> None:
    for client_class in (secrets_sdk.FaultSecretsClient, secrets_sdk.AsyncFaultSecretsClient):
        with pytest.raises(secrets_sdk.ConfigurationError, match="password") as caught:
            client_class(base_url="http://127.0.0.1:9", username="aladdin", password=password)
        assert_secret_absent(password.strip(), caught.value)


# -------------------------------------------------------------- idempotency

IDEMPOTENT_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Charges API", "version": "1.0.0"},
    "servers": [{"url": "https://charges.example.invalid"}],
    "paths": {
        "/charges": {
            "post": {
                "operationId": "CreateCharge",
                "tags": ["charges"],
                "parameters": [
                    {"name": "idempotency-key", "in": "header", "schema": {"type": "string"}},
                ],
                "responses": {"200": {"description": "ok"}},
            },
            "get": {
                "operationId": "ListCharges",
                "tags": ["charges"],
                "responses": {"200": {"description": "ok"}},
            },
        },
        "/refunds": {
            "post": {
                "operationId": "CreateRefund",
                "tags": ["charges"],
                "responses": {"200": {"description": "ok"}},
            }
        },
    },
}


@pytest.fixture(scope="module")
def charges_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("charges"), IDEMPOTENT_SPEC, "fault_charges_sdk")


@pytest.fixture(scope="module")
def configured_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    spec = {**IDEMPOTENT_SPEC, "paths": {"/refunds": IDEMPOTENT_SPEC["paths"]["/refunds"]}}
    spec["paths"]["/charges"] = {"get": IDEMPOTENT_SPEC["paths"]["/charges"]["get"]}
    return import_sdk(
        tmp_path_factory.mktemp("configured"),
        spec,
        "fault_configured_sdk",
        idempotency_header="Idempotency-Key",
    )


def _charges(sdk: Any, kind: Kind, url: str, method: str, **arguments: Any) -> None:
    client_class = getattr(
        sdk, next(name for name in sdk.__all__ if name.endswith("Client") and "Async" not in name)
    )
    async_class = getattr(sdk, "Async" + client_class.__name__)
    if kind == "sync":
        with client_class(base_url=url) as client:
            getattr(client.charges, method)(**arguments)
        return

    async def go() -> None:
        async with async_class(base_url=url) as client:
            await getattr(client.charges, method)(**arguments)

    asyncio.run(go())


def _retry_then_ok() -> tuple[ScriptedResponse, ...]:
    retry = ScriptedResponse.of_json({"error": "busy"}, 503, headers={"Retry-After": "0"})
    return (retry, retry, ScriptedResponse.empty(200))


def test_declared_idempotency_key_is_made_once_per_call(
    charges_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok(), *_retry_then_ok())

    _charges(charges_sdk, kind, scripted_server.url, "create")
    _charges(charges_sdk, kind, scripted_server.url, "create")

    keys = [request.header("idempotency-key") for request in scripted_server.requests]
    assert len(keys) == 6
    assert keys[0] and keys[3]
    assert keys[0] == keys[1] == keys[2]  # every retry of a call: the same key
    assert keys[3] == keys[4] == keys[5]
    assert keys[0] != keys[3]  # each call: its own key


def test_callers_idempotency_key_is_kept(
    charges_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok())

    _charges(charges_sdk, kind, scripted_server.url, "create", idempotency_key="order-17")

    assert [r.header("idempotency-key") for r in scripted_server.requests] == ["order-17"] * 3


def test_configured_idempotency_header_is_sent_on_posts(
    configured_sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(*_retry_then_ok(), ScriptedResponse.empty(200))

    _charges(configured_sdk, kind, scripted_server.url, "create_refund")
    _charges(configured_sdk, kind, scripted_server.url, "list")

    posts = [r for r in scripted_server.requests if r.method == "POST"]
    keys = {r.header("Idempotency-Key") for r in posts}
    assert len(posts) == 3 and len(keys) == 1 and None not in keys
    gets = [r for r in scripted_server.requests if r.method == "GET"]
    assert [r.header("Idempotency-Key") for r in gets] == [None]


def test_connection_broken_after_the_post_is_retried_with_the_same_key(
    charges_sdk: Any, kind: Kind, raw_server: Any
) -> None:
    seen: list[bytes] = []

    def handler(connection: socket.socket) -> None:
        request = read_request(connection)
        seen.append(request)
        if len(seen) == 1:
            return  # received, then the connection breaks without an answer
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")

    server = raw_server(handler)

    _charges(charges_sdk, kind, server.url, "create")

    keys = [
        line.split(b":", 1)[1].strip()
        for request in seen
        for line in request.split(b"\r\n")
        if line.lower().startswith(b"idempotency-key:")
    ]
    assert len(seen) == 2 and len(keys) == 2 and keys[0] == keys[1]


def test_gzip_success_body_still_reads(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    body = gzip.compress(b'{"token": "' + TOKEN.encode() + b'"}')
    scripted_server.enqueue(
        ScriptedResponse(200, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), body)
    )

    assert create(kind, {"api_key": API_KEY, "base_url": scripted_server.url}).token == TOKEN


# ------------------------------------------------------------- settings, docs


def test_idempotency_header_setting(tmp_path: Path) -> None:
    from generator.config import load_settings
    from generator.diagnostics import SpecError

    pyproject = tmp_path / "pyproject.toml"
    table = '[tool.generator]\nspec = "a.yaml"\noutput = "out"\npackage = "pay_api"\n'
    pyproject.write_text(table + 'idempotency-header = "Idempotency-Key"\n')
    settings = load_settings(pyproject=pyproject)
    assert settings.idempotency_header == "Idempotency-Key"
    assert settings.root_error == "PayError"

    pyproject.write_text(table + 'idempotency-header = "Idempotency Key"\n')
    with pytest.raises(SpecError, match="idempotency-header"):
        load_settings(pyproject=pyproject)


@pytest.mark.parametrize(
    ("client_class", "root"),
    [
        ("DailyClient", "DailyError"),
        ("Client", "ClientError"),
        ("APIClient", "APIClientError"),
        ("Stripe", "StripeError"),
    ],
)
def test_root_error_is_named_after_the_client(tmp_path: Path, client_class: str, root: str) -> None:
    from dataclasses import replace

    settings = settings_for(tmp_path / "openapi.yaml")
    assert replace(settings, client_class=client_class).root_error == root


def test_readmes_list_every_error_class() -> None:
    root = ROOT
    errors = [name for name in daily_api.__all__ if name.endswith("Error")]
    generated = (root / "generated" / "README.md").read_text(encoding="utf-8")
    project = (root / "README.md").read_text(encoding="utf-8")
    generated_errors = generated.split("## Errors", 1)[1].split("\n## ", 1)[0]
    project_errors = project.split("### Errors of a generated SDK", 1)[1].split("\n## ", 1)[0]
    for name in errors:
        assert f"`{name}`" in generated_errors, name
        assert f"`{name}`" in project_errors, name


@pytest.mark.parametrize("client_class", [DailyClient, AsyncDailyClient])
def test_invalid_base_url_is_a_configuration_error(client_class: Any) -> None:
    with pytest.raises(ConfigurationError, match="base URL"):
        client_class(api_key=API_KEY, base_url="http://[::1")


@pytest.mark.parametrize("fixture", ["secrets_sdk", "charges_sdk", "configured_sdk"])
def test_fault_sdks_pass_mypy_strict(fixture: str, request: pytest.FixtureRequest, tmp_path: Path) -> None:
    import subprocess

    from support.tools import require

    require("mypy")
    sdk = request.getfixturevalue(fixture)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), sdk.__name__],
        cwd=Path(sdk.__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
