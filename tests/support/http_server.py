"""A scripted HTTP server for behaviour tests: real sockets, recorded requests, canned answers.

The server listens on ``127.0.0.1`` (a free port by default), answers every request
with the next :class:`ScriptedResponse` from its queue, and records every request it
receives as a :class:`RecordedRequest` (method, raw target, headers, body bytes and the
body parsed as JSON). A response may be delayed to provoke client time-outs; a delay
is cut short when the server shuts down, so closing never waits for it.

Use it as a context manager::

    with ScriptedHTTPServer() as server:
        server.enqueue(ScriptedResponse.of_json({"token": "t"}))
        ...  # point a client at server.url
        assert server.requests[0].path == "/meeting-tokens"

or through the pytest fixtures ``scripted_server`` (one started server per test) and
``scripted_server_factory`` (a callable that starts as many as a test needs); both
shut their servers down when the test ends. ``tests/conftest.py`` loads this module as a
plugin, so the fixtures are there in every folder.

Only the standard library is used (``http.server.ThreadingHTTPServer``); each
connection is served by its own thread, with HTTP/1.1 keep-alive.

PYTEST_DONT_REWRITE: its asserts are plain asserts, as in any helper a test module imports.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl

import pytest

__all__ = [
    "NO_SCRIPT_LEFT",
    "BackgroundServer",
    "RecordedRequest",
    "ScriptedHTTPServer",
    "ScriptedResponse",
    "ServerFactory",
    "scripted_server",
    "scripted_server_factory",
]

_HeaderItems = Mapping[str, str] | Iterable[tuple[str, str]]


class BackgroundServer:
    """Any request handler served on a free port of ``127.0.0.1`` from a daemon thread: for a
    test whose server is its own handler (a static folder, a webhook receiver, a streaming or
    OAuth endpoint) rather than a script of answers. Close it, or use it as a context manager."""

    def __init__(self, handler: Callable[..., BaseHTTPRequestHandler]) -> None:
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)

    def __enter__(self) -> BackgroundServer:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _header_tuple(headers: _HeaderItems | None) -> tuple[tuple[str, str], ...]:
    if headers is None:
        return ()
    items = headers.items() if isinstance(headers, Mapping) else headers
    return tuple((str(name), str(value)) for name, value in items)


@dataclass(frozen=True)
class ScriptedResponse:
    """One canned answer: a status, headers, a body, and how long to wait before sending it.

    ``Content-Length`` is added unless ``headers`` already has one. ``delay`` (seconds)
    holds the answer back after the request was read and recorded; a client with a
    shorter time-out gives up first.
    """

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    delay: float = 0.0

    @classmethod
    def of_json(
        cls,
        payload: Any,
        status: int = 200,
        *,
        headers: _HeaderItems | None = None,
        delay: float = 0.0,
    ) -> ScriptedResponse:
        """An ``application/json`` answer whose body is ``payload`` encoded as UTF-8 JSON."""
        body = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        return cls(
            status=status,
            headers=(("Content-Type", "application/json"), *_header_tuple(headers)),
            body=body,
            delay=delay,
        )

    @classmethod
    def of_text(
        cls,
        text: str,
        status: int = 200,
        *,
        headers: _HeaderItems | None = None,
        delay: float = 0.0,
    ) -> ScriptedResponse:
        """A ``text/plain`` answer (UTF-8)."""
        return cls(
            status=status,
            headers=(("Content-Type", "text/plain; charset=utf-8"), *_header_tuple(headers)),
            body=text.encode("utf-8"),
            delay=delay,
        )

    @classmethod
    def empty(
        cls, status: int = 204, *, headers: _HeaderItems | None = None, delay: float = 0.0
    ) -> ScriptedResponse:
        """An answer without a body."""
        return cls(status=status, headers=_header_tuple(headers), delay=delay)


NO_SCRIPT_LEFT = ScriptedResponse.of_json(
    {"error": "scripted-server", "info": "no scripted response left"},
    status=500,
    # Asks clients that understand it (Stainless-style SDKs) not to retry: an
    # unexpected extra request then fails fast instead of backing off.
    headers={"x-should-retry": "false"},
)
"""The answer when the queue is empty (and no other ``default`` was given)."""


@dataclass(frozen=True)
class RecordedRequest:
    """A request exactly as the server received it."""

    method: str
    target: str
    """The raw request target: the path with its raw query string, as sent."""
    headers: tuple[tuple[str, str], ...]
    """Every header line in order, names as sent (duplicates kept)."""
    body: bytes
    """The raw body (de-chunked when sent with ``Transfer-Encoding: chunked``)."""
    json: Any
    """The body parsed as JSON; ``None`` when it is empty or not JSON (see ``json_error``)."""
    json_error: str | None
    """Why the body is not JSON (``"empty body"`` when there is none); ``None`` when it is."""
    received_at: float
    """``time.monotonic()`` when the request had been read completely."""

    @property
    def path(self) -> str:
        """The target without its query string (still percent-encoded)."""
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str:
        """The raw query string, without ``?`` (``""`` when there is none)."""
        return self.target.split("?", 1)[1] if "?" in self.target else ""

    @property
    def query_params(self) -> list[tuple[str, str]]:
        """The query string decoded into ``(name, value)`` pairs, in order."""
        return parse_qsl(self.query, keep_blank_values=True)

    def header_values(self, name: str) -> list[str]:
        """Every value of header ``name`` (case-insensitive), in order."""
        wanted = name.lower()
        return [value for key, value in self.headers if key.lower() == wanted]

    def header(self, name: str) -> str | None:
        """The value of header ``name`` (case-insensitive); ``None`` when absent.

        Raises ``AssertionError`` when the header was sent more than once.
        """
        values = self.header_values(name)
        assert len(values) <= 1, f"header {name!r} sent {len(values)} times: {values!r}"
        return values[0] if values else None


class _Handler(BaseHTTPRequestHandler):
    """Records the request, then sends the next scripted answer."""

    protocol_version = "HTTP/1.1"  # keep-alive, like a real API server
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:  # the stdlib's signature
        """Silence the default access log on stderr."""

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks: list[bytes] = []
            while True:
                size_line = self.rfile.readline()
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    # Trailers, up to the empty line.
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()  # the CRLF after each chunk
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _handle(self) -> None:
        body = self._read_body()
        if not body:
            parsed, error = None, "empty body"
        else:
            try:
                parsed, error = json.loads(body), None
            except ValueError as exc:  # includes UnicodeDecodeError
                parsed, error = None, str(exc)
        scripted = self.server.owner._record_and_next(
            RecordedRequest(
                method=self.command,
                target=self.path,
                headers=tuple(self.headers.items()),
                body=body,
                json=parsed,
                json_error=error,
                received_at=time.monotonic(),
            )
        )
        if scripted.delay > 0 and self.server.owner._stopping.wait(scripted.delay):
            # Shutting down: drop the connection instead of answering.
            self.close_connection = True
            return
        try:
            self.send_response(scripted.status)
            names = {name.lower() for name, _ in scripted.headers}
            for name, value in scripted.headers:
                self.send_header(name, value)
            if "content-length" not in names:
                self.send_header("Content-Length", str(len(scripted.body)))
            self.end_headers()
            if scripted.body and self.command != "HEAD":
                self.wfile.write(scripted.body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (e.g. it timed out during a delay).
            self.close_connection = True

    def do_GET(self) -> None:
        self._handle()

    def do_HEAD(self) -> None:
        self._handle()

    def do_POST(self) -> None:
        self._handle()

    def do_PUT(self) -> None:
        self._handle()

    def do_PATCH(self) -> None:
        self._handle()

    def do_DELETE(self) -> None:
        self._handle()

    def do_OPTIONS(self) -> None:
        self._handle()


class _Server(ThreadingHTTPServer):
    """A ``ThreadingHTTPServer`` that tracks its connections so it can close them all."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, owner: ScriptedHTTPServer, address: tuple[str, int]) -> None:
        self.owner = owner
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._conn_threads: list[threading.Thread] = []
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        thread = threading.Thread(
            target=self.process_request_thread,
            args=(request, client_address),
            name=f"scripted-http-{client_address[1]}",
            daemon=True,
        )
        with self._lock:
            self._connections.add(request)
            self._conn_threads.append(thread)
        thread.start()

    def shutdown_request(self, request: Any) -> None:
        with self._lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Called from a connection's thread with the exception being handled.
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)) or self.owner._stopping.is_set():
            return
        if exc is not None:
            self.owner.errors.append(exc)

    def close_connections(self) -> None:
        """Unblock every connection thread (those waiting for a keep-alive request too)."""
        with self._lock:
            connections = list(self._connections)
        for conn in connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def join_threads(self, timeout: float) -> list[threading.Thread]:
        """Wait for the connection threads; returns those still alive after ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._conn_threads)
        for thread in threads:
            thread.join(max(0.0, deadline - time.monotonic()))
        return [thread for thread in threads if thread.is_alive()]


class ScriptedHTTPServer:
    """A threaded HTTP server on ``127.0.0.1`` answering from a queue of scripted responses.

    Args:
        host: The address to listen on (default ``127.0.0.1``).
        port: The port (default 0: a free one, see :attr:`port`).
        default: The answer when the queue is empty (default :data:`NO_SCRIPT_LEFT`,
            a 500 explaining that the test did not script this request).
        poll_interval: How often (seconds) the serving loop checks for shutdown.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        default: ScriptedResponse = NO_SCRIPT_LEFT,
        poll_interval: float = 0.02,
    ) -> None:
        self.host = host
        self.default = default
        self.errors: list[BaseException] = []
        """Unexpected exceptions raised while handling requests (client disconnects excluded)."""
        self._port = port
        self._poll_interval = poll_interval
        self._lock = threading.Lock()
        self._queue: deque[ScriptedResponse] = deque()
        self._requests: list[RecordedRequest] = []
        self._arrived = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ life cycle

    def start(self) -> ScriptedHTTPServer:
        """Bind and start serving in a background thread; returns ``self``."""
        if self._server is not None:
            raise RuntimeError("server already started")
        self._stopping.clear()
        self._server = _Server(self, (self.host, self._port))
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": self._poll_interval},
            name=f"scripted-http-server-{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def close(self, timeout: float = 5.0) -> None:
        """Stop serving, drop open connections, cut delays short and join every thread.

        Idempotent. Raises ``RuntimeError`` if a thread did not finish within ``timeout``.
        """
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._stopping.set()
        server.shutdown()  # returns once serve_forever has left its loop
        thread.join(timeout)
        server.server_close()  # no new connections
        server.close_connections()
        stuck = server.join_threads(timeout)
        self._server = None
        self._thread = None
        if thread.is_alive() or stuck:
            raise RuntimeError(f"scripted HTTP server did not shut down: {stuck or [thread]}")

    def __enter__(self) -> ScriptedHTTPServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._server is not None

    @property
    def port(self) -> int:
        """The port actually listened on."""
        if self._server is None:
            raise RuntimeError("server not started")
        return int(self._server.server_address[1])

    @property
    def url(self) -> str:
        """``http://host:port``, without a trailing slash."""
        return f"http://{self.host}:{self.port}"

    # ---------------------------------------------------------------- script

    def enqueue(self, *responses: ScriptedResponse) -> ScriptedHTTPServer:
        """Append answers to the queue (served in order, one per request); returns ``self``."""
        with self._lock:
            self._queue.extend(responses)
        return self

    def reply_json(
        self,
        payload: Any,
        status: int = 200,
        *,
        headers: _HeaderItems | None = None,
        delay: float = 0.0,
    ) -> ScriptedHTTPServer:
        """Shorthand for ``enqueue(ScriptedResponse.of_json(...))``."""
        return self.enqueue(ScriptedResponse.of_json(payload, status, headers=headers, delay=delay))

    @property
    def pending(self) -> int:
        """How many scripted answers have not been used yet."""
        with self._lock:
            return len(self._queue)

    def _record_and_next(self, request: RecordedRequest) -> ScriptedResponse:
        with self._lock:
            self._requests.append(request)
            self._arrived.notify_all()
            return self._queue.popleft() if self._queue else self.default

    # -------------------------------------------------------------- requests

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every request received so far, in arrival order (a copy)."""
        with self._lock:
            return list(self._requests)

    @property
    def last_request(self) -> RecordedRequest:
        """The latest request (``AssertionError`` if none arrived)."""
        requests = self.requests
        assert requests, "the server received no request"
        return requests[-1]

    def wait_for_requests(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Block until ``count`` requests have arrived (``TimeoutError`` after ``timeout``)."""
        with self._arrived:
            if not self._arrived.wait_for(lambda: len(self._requests) >= count, timeout):
                raise TimeoutError(
                    f"expected {count} request(s) within {timeout}s, got {len(self._requests)}"
                )
            return list(self._requests)


# ------------------------------------------------------------------ fixtures

ServerFactory = Callable[..., ScriptedHTTPServer]
"""``factory(**kwargs)`` starts a :class:`ScriptedHTTPServer` (kwargs as its constructor)."""


@pytest.fixture
def scripted_server_factory() -> Iterator[ServerFactory]:
    """A factory of started servers; all of them are closed when the test ends.

    The teardown fails if a server could not shut down or hit an unexpected error
    while handling a request (see :attr:`ScriptedHTTPServer.errors`).
    """
    servers: list[ScriptedHTTPServer] = []

    def make(**kwargs: Any) -> ScriptedHTTPServer:
        server = ScriptedHTTPServer(**kwargs).start()
        servers.append(server)
        return server

    yield make
    failures: list[BaseException] = []
    for server in reversed(servers):
        try:
            server.close()
        except RuntimeError as exc:  # pragma: no cover - reported below
            failures.append(exc)
        failures.extend(server.errors)
    if failures:
        raise RuntimeError(f"scripted HTTP server failed: {failures!r}") from failures[0]


@pytest.fixture
def scripted_server(scripted_server_factory: ServerFactory) -> ScriptedHTTPServer:
    """One started server for the test, closed when it ends."""
    return scripted_server_factory()
