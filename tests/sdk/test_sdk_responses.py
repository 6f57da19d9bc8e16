"""Raw and streamed responses and server-sent events, and how they are typed.

Every behaviour is checked with both clients against real servers on 127.0.0.1: the
scripted server for whole answers, and a streaming server (below) that sends its body in
chunks, as it is produced, with ``Transfer-Encoding: chunked``. Per-call clients and logging
are ``test_sdk_client_options.py``.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from daily_api import APIResponseValidationError, AsyncDailyClient, DailyClient
from daily_api._streaming import ServerSentEvent, SSEDecoder
from daily_api.models import CreateMeetingTokenResponse
from generator.model.ir import ModelType

from support.clients import Kind, daily
from support.http_server import BackgroundServer, ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.specs import build, import_sdk


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


# ------------------------------------------------------------ a streaming server

Writer = Callable[[bytes], None]


class StreamingServer:
    """Answers ``GET``/``POST`` on a path with ``handlers[path](write)``, chunk by chunk."""

    def __init__(self, handlers: dict[str, tuple[str, Callable[[Writer], None]]]) -> None:
        self.handlers = handlers
        self.bodies: list[bytes] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                outer.bodies.append(self.rfile.read(length) if length else b"")
                content_type, produce = outer.handlers[self.path.split("?")[0]]
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Transfer-Encoding", "chunked")
                self.send_header("X-Request-Id", "req_stream")
                self.end_headers()

                def write(chunk: bytes) -> None:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    self.wfile.flush()

                try:
                    produce(write)
                    self.wfile.write(b"0\r\n\r\n")
                    self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                self.close_connection = True

            do_GET = _serve  # noqa: N815
            do_POST = _serve  # noqa: N815

        self._server = BackgroundServer(Handler)

    @property
    def url(self) -> str:
        return self._server.url

    def close(self) -> None:
        self._server.close()


@pytest.fixture
def streaming_server() -> Iterator[Callable[..., StreamingServer]]:
    servers: list[StreamingServer] = []

    def make(handlers: dict[str, tuple[str, Callable[[Writer], None]]]) -> StreamingServer:
        server = StreamingServer(handlers)
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.close()


STREAMING_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Streams", "version": "1.0.0"},
    "paths": {
        "/files/{file_id}/content": {
            "get": {
                "operationId": "downloadFile",
                "tags": ["files"],
                "parameters": [
                    {"name": "file_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {
                    "200": {
                        "description": "The file.",
                        "content": {
                            "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}
                        },
                    }
                },
            }
        },
        "/events": {
            "get": {
                "operationId": "listenEvents",
                "tags": ["events"],
                "description": "Events as they happen, the stream terminated by a `data: [DONE]` message.",
                "responses": {
                    "200": {
                        "description": "Events.",
                        "content": {"text/event-stream": {"schema": {"$ref": "#/components/schemas/Tick"}}},
                    }
                },
            }
        },
        "/completions": {
            "post": {
                "operationId": "createCompletion",
                "tags": ["completions"],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["prompt"],
                                "properties": {
                                    "prompt": {"type": "string"},
                                    "stream": {
                                        "type": "boolean",
                                        "description": "Stream partial results, ending with `data: [DONE]`.",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "200": {
                        "description": "The completion.",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Completion"}},
                            "text/event-stream": {"schema": {"$ref": "#/components/schemas/Tick"}},
                        },
                    }
                },
            }
        },
    },
    "components": {
        "schemas": {
            "Tick": {
                "type": "object",
                "required": ["n"],
                "properties": {"n": {"type": "integer"}, "text": {"type": "string"}},
            },
            "Completion": {
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string"}},
            },
        }
    },
}


@pytest.fixture(scope="module")
def streams_sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("streams"), STREAMING_SPEC, "streams_sdk")


def with_client(sdk: Any, kind: Kind, url: str, use: Callable[[Any], Any], **options: Any) -> Any:
    """``use(client)`` with a client of ``kind``; ``use`` is a coroutine function for async."""
    if kind == "sync":
        with sdk.StreamsClient(base_url=url, **options) as client:
            return use(client)

    async def go() -> Any:
        async with sdk.AsyncStreamsClient(base_url=url, **options) as client:
            return await use(client)

    return asyncio.run(go())


# ------------------------------------------------------------------ raw responses


def test_raw_response_has_status_headers_request_id_and_parses(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    headers = {"X-Request-Id": "req_123", "X-Ratelimit-Remaining": "41"}
    scripted_server.enqueue(ScriptedResponse.of_json({"token": "t1"}, headers=headers))
    scripted_server.enqueue(ScriptedResponse.of_json({"token": "t1"}, headers=headers))

    def sync(client: DailyClient) -> Any:
        raw = client.meeting_tokens.with_raw_response.create()
        return raw, raw.parse(), raw.parse(), client.meeting_tokens.create()

    async def run_async(client: AsyncDailyClient) -> Any:
        raw = await client.meeting_tokens.with_raw_response.create()
        return raw, await raw.parse(), await raw.parse(), await client.meeting_tokens.create()

    raw, parsed, again, plain = daily(kind, scripted_server.url, sync if kind == "sync" else run_async)
    assert raw.status_code == 200
    assert raw.headers["x-ratelimit-remaining"] == "41"
    assert raw.request_id == "req_123"
    assert raw.http_response.json() == {"token": "t1"}
    assert raw.method == "POST"
    assert isinstance(parsed, CreateMeetingTokenResponse)
    assert parsed == plain and parsed is again
    assert len(scripted_server.requests) == 2


def test_raw_response_defers_validation_errors_to_parse(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("<html>oops</html>"))

    def sync(client: DailyClient) -> Any:
        raw = client.meeting_tokens.with_raw_response.create()
        assert raw.status_code == 200
        with pytest.raises(APIResponseValidationError):
            raw.parse()

    async def run_async(client: AsyncDailyClient) -> Any:
        raw = await client.meeting_tokens.with_raw_response.create()
        assert raw.status_code == 200
        with pytest.raises(APIResponseValidationError):
            await raw.parse()

    daily(kind, scripted_server.url, sync if kind == "sync" else run_async)


def test_streaming_response_parses_json_and_closes(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": "t2"}))

    def sync(client: DailyClient) -> Any:
        with client.meeting_tokens.with_streaming_response.create() as response:
            assert not response.http_response.is_stream_consumed
            token = response.parse()
        return response, token

    async def run_async(client: AsyncDailyClient) -> Any:
        async with client.meeting_tokens.with_streaming_response.create() as response:
            assert not response.http_response.is_stream_consumed
            token = await response.parse()
        return response, token

    response, token = daily(kind, scripted_server.url, sync if kind == "sync" else run_async)
    assert token.token == "t2"
    assert response.is_closed


# ------------------------------------------------------------ streamed downloads

CHUNK = 64 * 1024
CHUNKS = 64  # 4 MiB in all


def test_streamed_download_arrives_in_chunks_before_the_server_has_sent_it_all(
    kind: Kind, streams_sdk: Any, streaming_server: Callable[..., StreamingServer]
) -> None:
    first_chunk_seen = threading.Event()
    waited: list[bool] = []

    def produce(write: Writer) -> None:
        write(b"a" * CHUNK)
        # The rest is sent only once the client has the first chunk: a client that read
        # the whole body first would wait here until the timeout.
        waited.append(first_chunk_seen.wait(10))
        for _ in range(CHUNKS - 1):
            write(b"b" * CHUNK)

    server = streaming_server({"/files/f1/content": ("application/octet-stream", produce)})

    def sync(client: Any) -> Any:
        sizes = []
        with client.files.with_streaming_response.download("f1") as response:
            assert response.request_id == "req_stream"
            for chunk in response.iter_bytes():
                first_chunk_seen.set()
                sizes.append(len(chunk))
        return sizes, response.is_closed

    async def run_async(client: Any) -> Any:
        sizes = []
        async with client.files.with_streaming_response.download("f1") as response:
            async for chunk in response.iter_bytes():
                first_chunk_seen.set()
                sizes.append(len(chunk))
        return sizes, response.is_closed

    sizes, closed = with_client(streams_sdk, kind, server.url, sync if kind == "sync" else run_async)
    assert waited == [True]
    assert sum(sizes) == CHUNK * CHUNKS
    assert len(sizes) > 1 and max(sizes) < CHUNK * CHUNKS
    assert closed


def test_streamed_response_reads_lines_and_whole_body(
    kind: Kind, streams_sdk: Any, streaming_server: Callable[..., StreamingServer]
) -> None:
    def produce(write: Writer) -> None:
        for piece in (b"one\ntw", b"o\n", b"three"):
            write(piece)

    server = streaming_server({"/files/f2/content": ("application/octet-stream", produce)})

    def sync(client: Any) -> Any:
        with client.files.with_streaming_response.download("f2") as response:
            lines = list(response.iter_lines())
        with client.files.with_streaming_response.download("f2") as response:
            whole = response.read()
            parsed = response.parse()
        return lines, whole, parsed

    async def run_async(client: Any) -> Any:
        async with client.files.with_streaming_response.download("f2") as response:
            lines = [line async for line in response.iter_lines()]
        async with client.files.with_streaming_response.download("f2") as response:
            whole = await response.read()
            parsed = await response.parse()
        return lines, whole, parsed

    lines, whole, parsed = with_client(streams_sdk, kind, server.url, sync if kind == "sync" else run_async)
    assert lines == ["one", "two", "three"]
    assert whole == parsed == b"one\ntwo\nthree"


# ------------------------------------------------------------ server-sent events


def test_sse_decoder_follows_the_spec() -> None:
    decoder = SSEDecoder()
    text = (
        b": a comment\r\n"
        b"event: tick\r\n"
        b"id: 7\r\n"
        b"retry: 1500\r\n"
        b"data: first line\r\n"
        b"data:second line\r\n"
        b"\r\n"
        b"data: next\n\n"
        b"id: 8\rdata\r\r"
        b"event: ignored\n\n"
        b"data: cut off at the end"
    )
    chunks = [text[i : i + 3] for i in range(0, len(text), 3)]  # CRLFs split across chunks
    events = list(decoder.events(chunks))
    assert events == [
        ServerSentEvent("first line\nsecond line", "tick", "7", 1500),
        ServerSentEvent("next", None, "7", 1500),
        ServerSentEvent("", None, "8", 1500),
    ]


def test_sse_decoder_splits_multibyte_characters_across_chunks() -> None:
    data = 'data: {"text": "olá 🌍"}\n\n'.encode()
    events = list(SSEDecoder().events([data[i : i + 1] for i in range(len(data))]))
    assert [e.json() for e in events] == [{"text": "olá 🌍"}]


def sse_ticks(write: Writer) -> None:
    body = (
        b": keep-alive\n\n"
        b'event: tick\nid: 1\ndata: {"n": 1,\ndata:  "text": "a"}\n\n'
        b'data: {"n": 2}\n\n'
        b"data: [DONE]\n\n"
        b'data: {"n": 3}\n\n'
    )
    for i in range(0, len(body), 5):  # events split across chunks
        write(body[i : i + 5])


def test_event_stream_operation_returns_typed_events(
    kind: Kind, streams_sdk: Any, streaming_server: Callable[..., StreamingServer]
) -> None:
    server = streaming_server({"/events": ("text/event-stream", sse_ticks)})

    def sync(client: Any) -> Any:
        stream = client.events.listen()
        assert isinstance(stream, streams_sdk._streaming.Stream)
        return list(stream)

    async def run_async(client: Any) -> Any:
        stream = await client.events.listen()
        assert isinstance(stream, streams_sdk._streaming.AsyncStream)
        return [tick async for tick in stream]

    ticks = with_client(streams_sdk, kind, server.url, sync if kind == "sync" else run_async)
    assert [(t.n, t.text) for t in ticks] == [(1, "a"), (2, None)]
    assert type(ticks[0]).__name__ == "Tick"


def test_stream_flag_chooses_between_json_and_events(
    kind: Kind, streams_sdk: Any, streaming_server: Callable[..., StreamingServer]
) -> None:
    def completion(write: Writer) -> None:
        write(b'{"text": "whole"}')

    server = streaming_server({"/completions": ("text/event-stream", sse_ticks)})
    plain = streaming_server({"/completions": ("application/json", completion)})

    def sync(client: Any) -> Any:
        return [t.n for t in client.completions.create(prompt="p", stream=True)]

    async def run_async(client: Any) -> Any:
        return [t.n async for t in await client.completions.create(prompt="p", stream=True)]

    assert with_client(streams_sdk, kind, server.url, sync if kind == "sync" else run_async) == [1, 2]
    assert json.loads(server.bodies[0]) == {"prompt": "p", "stream": True}

    def sync_plain(client: Any) -> Any:
        return client.completions.create(prompt="p")

    async def async_plain(client: Any) -> Any:
        return await client.completions.create(prompt="p")

    result = with_client(streams_sdk, kind, plain.url, sync_plain if kind == "sync" else async_plain)
    assert type(result).__name__ == "Completion" and result.text == "whole"


@pytest.mark.parametrize(
    "body, error_name",
    [
        (b'data: {"n": 1}\n\ndata: {"n": 2}\n\n', "APIConnectionError"),  # no [DONE]: cut off
        (b'data: {"n": 1}\n\ndata: {"n":', "APIConnectionError"),
        (b"data: not json\n\n", "APIResponseValidationError"),
        (b'data: {"n": "one"}\n\ndata: [DONE]\n\n', "APIResponseValidationError"),
        (b"data: \xff\xfe\n\n", "APIConnectionError"),
    ],
)
def test_broken_event_stream_raises_an_sdk_error(
    kind: Kind,
    streams_sdk: Any,
    streaming_server: Callable[..., StreamingServer],
    body: bytes,
    error_name: str,
) -> None:
    error = getattr(streams_sdk, error_name)
    server = streaming_server({"/events": ("text/event-stream", lambda write: write(body))})

    def sync(client: Any) -> Any:
        with pytest.raises(error) as caught:
            list(client.events.listen())
        return caught.value

    async def run_async(client: Any) -> Any:
        with pytest.raises(error) as caught:
            _ = [tick async for tick in await client.events.listen()]
        return caught.value

    use = sync if kind == "sync" else run_async
    raised = with_client(streams_sdk, kind, server.url, use, strict_response_validation=True)
    assert isinstance(raised, streams_sdk.StreamsError)


def test_events_through_with_streaming_response(
    kind: Kind, streams_sdk: Any, streaming_server: Callable[..., StreamingServer]
) -> None:
    server = streaming_server({"/events": ("text/event-stream", sse_ticks)})

    def sync(client: Any) -> Any:
        with client.events.with_streaming_response.listen() as response:
            return [t.n for t in response.parse()]

    async def run_async(client: Any) -> Any:
        async with client.events.with_streaming_response.listen() as response:
            return [t.n async for t in await response.parse()]

    assert with_client(streams_sdk, kind, server.url, sync if kind == "sync" else run_async) == [1, 2]


# ------------------------------------------------------------------------- typing

USAGE = """
from typing_extensions import assert_type

from streams_sdk import AsyncStreamsClient, StreamsClient
from streams_sdk._response import APIResponse, AsyncAPIResponse, ResponseContextManager
from streams_sdk._streaming import AsyncStream, Stream
from streams_sdk.models import Completion, Tick

client = StreamsClient(base_url="http://127.0.0.1:9")
assert_type(client.completions.create(prompt="p"), Completion)
assert_type(client.completions.create(prompt="p", stream=True), Stream[Tick])
assert_type(client.completions.create(prompt="p", stream=bool()), Completion | Stream[Tick])
assert_type(client.events.listen(), Stream[Tick])
assert_type(client.completions.with_raw_response.create(prompt="p"), APIResponse[Completion])
assert_type(
    client.completions.with_raw_response.create(prompt="p", stream=True), APIResponse[Stream[Tick]]
)
assert_type(client.files.with_streaming_response.download("f"), ResponseContextManager[bytes])
assert_type(client.with_options(max_retries=0), StreamsClient)


async def use() -> None:
    aclient = AsyncStreamsClient(base_url="http://127.0.0.1:9")
    assert_type(await aclient.completions.create(prompt="p", stream=True), AsyncStream[Tick])
    raw = await aclient.completions.with_raw_response.create(prompt="p")
    assert_type(raw, AsyncAPIResponse[Completion])
    assert_type(await raw.parse(), Completion)
    async with aclient.files.with_streaming_response.download("f") as response:
        assert_type(await response.parse(), bytes)
    assert_type(aclient.copy(timeout=1.0), AsyncStreamsClient)
"""


def test_results_are_typed_for_mypy_strict(streams_sdk: Any, tmp_path: Path, mypy_cache: Path) -> None:
    """Overloads on the ``stream`` flag, raw/streamed wrappers and copies keep their types."""
    folder = Path(streams_sdk.__file__).parent.parent
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    arguments = ("--strict", str(tmp_path / "usage.py"), str(folder / "streams_sdk"))
    env = {**os.environ, "MYPYPATH": str(folder)}
    result = run_mypy(*arguments, cwd=folder, cache=mypy_cache, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_model_keeps_event_streams_their_type_and_end(tmp_path: Path) -> None:
    api, report = build(tmp_path, STREAMING_SPEC)
    operations = {op.operation_id: op for resource in api.resources for op in resource.operations}
    listen = operations["listenEvents"].successes[0]
    assert (listen.kind, listen.events, listen.event_end) == ("text", True, "[DONE]")
    assert isinstance(listen.event_type, ModelType) and listen.event_type.name == "Tick"
    both = operations["createCompletion"].successes[0]
    assert (both.kind, both.events, both.media_type) == ("json", True, "application/json")
    assert both.event_end is None  # said by the stream flag's description, read by the view
    download = operations["downloadFile"].successes[0]
    assert (download.kind, download.events) == ("binary", False)
    assert not report.diagnostics


def test_resources_and_methods_are_named_around_the_new_attributes(tmp_path: Path) -> None:
    def get(operation_id: str, tag: str) -> dict[str, Any]:
        return {"operationId": operation_id, "tags": [tag], "responses": {"204": {"description": "ok"}}}

    spec = {
        "openapi": "3.0.3",
        "info": {"title": "Clash", "version": "1.0.0"},
        "paths": {
            "/copy": {"get": get("getCopy", "copy")},
            "/opts": {"get": get("with_options", "with_options")},
            "/raw": {"get": get("with_raw_response", "things")},
        },
    }
    api, _ = build(tmp_path, spec)
    resources = {r.name for r in api.resources}
    assert not resources & {"copy", "with_options"}
    things = next(
        r for r in api.resources if any(op.operation_id == "with_raw_response" for op in r.operations)
    )
    assert things.operations[0].method_name != "with_raw_response"


@pytest.mark.parametrize("pause, completes", [(0.15, True), (1.5, False)])
def test_streamed_body_outlives_the_deadline_but_not_a_stalled_chunk(
    kind: Kind,
    streams_sdk: Any,
    streaming_server: Callable[..., StreamingServer],
    pause: float,
    completes: bool,
) -> None:
    def produce(write: Writer) -> None:
        for _ in range(6 if completes else 2):  # 6 x 0.15 s: longer than the 0.5 s timeout in all
            write(b"x" * 10)
            time.sleep(pause)

    server = streaming_server({"/files/slow/content": ("application/octet-stream", produce)})

    def sync(client: Any) -> Any:
        with client.files.with_streaming_response.download("slow") as response:
            return b"".join(response.iter_bytes())

    async def run_async(client: Any) -> Any:
        async with client.files.with_streaming_response.download("slow") as response:
            return b"".join([chunk async for chunk in response.iter_bytes()])

    use = sync if kind == "sync" else run_async
    if completes:
        assert with_client(streams_sdk, kind, server.url, use, timeout=0.5) == b"x" * 60
    else:
        with pytest.raises(streams_sdk.APITimeoutError):
            with_client(streams_sdk, kind, server.url, use, timeout=0.5)
