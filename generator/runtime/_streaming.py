"""Server-sent events: ``Stream`` and ``AsyncStream`` for answers in ``text/event-stream``.

The decoder follows the HTML standard's event-stream interpretation: lines end in CR, LF
or CRLF (also across network chunks), ``data`` lines of one event are joined with
newlines, ``event``, ``id`` and ``retry`` are kept, lines starting with ``:`` are comments,
and an event is dispatched at a blank line (an event cut off by the end of the stream is
not). Each event's ``data`` is JSON read as the type the spec documents; where the API
ends its streams with a sentinel (``[DONE]``), iteration stops there.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

import httpx

from ._exceptions import APIConnectionError, APIResponseValidationError
from ._models import Codec

if TYPE_CHECKING:
    from ._base_client import _BaseClient

__all__ = ["AsyncStream", "SSEDecoder", "ServerSentEvent", "Stream"]

_T = TypeVar("_T")
_EOL = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class ServerSentEvent:
    """One event as it came: its type, data, last event id and reconnection time."""

    data: str
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def json(self) -> Any:
        return json.loads(self.data)


class SSEDecoder:
    """Turns the lines of an event stream into events."""

    def __init__(self) -> None:
        self._data: list[str] = []
        self._event: str | None = None
        self._last_id: str | None = None
        self._retry: int | None = None

    def decode(self, line: str) -> ServerSentEvent | None:
        """Feed one line (without its end); an event comes back at the blank line that ends it."""
        if not line:
            if not self._data:
                self._event = None  # nothing to dispatch
                return None
            event = ServerSentEvent("\n".join(self._data), self._event, self._last_id, self._retry)
            self._data, self._event = [], None
            return event
        if line.startswith(":"):
            return None  # a comment
        name, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if name == "data":
            self._data.append(value)
        elif name == "event":
            self._event = value
        elif name == "id" and "\0" not in value:
            self._last_id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self._retry = int(value)
        return None

    def lines(self, chunks: Iterable[bytes]) -> Iterator[str]:
        """The lines of a body given chunk by chunk (a line may span chunks)."""
        splitter = _LineSplitter()
        for chunk in chunks:
            yield from splitter.feed(chunk)
        yield from splitter.feed(b"", final=True)

    def events(self, chunks: Iterable[bytes]) -> Iterator[ServerSentEvent]:
        for line in self.lines(chunks):
            event = self.decode(line)
            if event is not None:
                yield event


class _LineSplitter:
    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self._rest = ""

    def feed(self, chunk: bytes, *, final: bool = False) -> list[str]:
        text = self._rest + self._decoder.decode(chunk, final=final)
        hold = ""
        if not final and text.endswith("\r"):
            text, hold = text[:-1], "\r"  # may be the first half of a CRLF
        pieces = _EOL.split(text)
        self._rest = "" if final else pieces[-1] + hold
        return pieces[:-1]


class _BaseStream(Generic[_T]):
    def __init__(
        self, response: httpx.Response, decoder: Codec, client: _BaseClient, *, end: str | None
    ) -> None:
        self.response = response
        """The ``httpx.Response`` being read."""
        self._decoder = decoder
        self._client = client
        self._end = end
        self._sse = SSEDecoder()

    def _item(self, event: ServerSentEvent) -> _T:
        body = event.data.encode("utf-8")
        try:
            value = json.loads(event.data)
        except (ValueError, RecursionError) as exc:
            reason = f"an event's data is not JSON: {type(exc).__name__}"
            raise self._client._scrub(
                APIResponseValidationError(reason, response=self.response, body=body)
            ) from None
        result: _T = self._client._decode(self.response, value, self._decoder, body=body)
        return result

    def _broken(self, exc: BaseException) -> BaseException:
        if isinstance(exc, httpx.HTTPError):
            error, _ = self._client._failure(self.response.request, exc)
            return error
        # UnicodeDecodeError: its args hold the bytes, which are not shown.
        return self._client._scrub(
            APIConnectionError(
                self.response.request, message="Connection error: the event stream is not UTF-8"
            )
        )

    def _incomplete(self) -> APIConnectionError:
        message = f"Connection error: the event stream ended before {self._end}"
        return APIConnectionError(self.response.request, message=message)


class Stream(_BaseStream[_T]):
    """The events of a ``text/event-stream`` answer, each read as ``_T``; iterate it once.

    Use it as a context manager (or call ``close()``) to release the connection early.
    """

    def __iter__(self) -> Iterator[_T]:
        for event in self.events():
            if self._end is not None and event.data == self._end:
                self.close()
                return
            yield self._item(event)
        if self._end is not None:
            raise self._incomplete()

    def events(self) -> Iterator[ServerSentEvent]:
        """The events as they came, not decoded."""
        failure: BaseException | None = None
        try:
            yield from self._sse.events(self.response.iter_bytes())
        except (httpx.HTTPError, UnicodeDecodeError) as exc:
            failure = exc
        finally:
            self.response.close()
        if failure is not None:
            raise self._broken(failure) from None

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Stream[_T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncStream(_BaseStream[_T]):
    """The events of a ``text/event-stream`` answer, each read as ``_T``; iterate it once.

    Use it as an async context manager (or call ``close()``) to release the connection early.
    """

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for event in self.events():
            if self._end is not None and event.data == self._end:
                await self.close()
                return
            yield self._item(event)
        if self._end is not None:
            raise self._incomplete()

    async def events(self) -> AsyncIterator[ServerSentEvent]:
        """The events as they came, not decoded."""
        splitter = _LineSplitter()
        failure: BaseException | None = None
        try:
            async for chunk in self.response.aiter_bytes():
                for line in splitter.feed(chunk):
                    event = self._sse.decode(line)
                    if event is not None:
                        yield event
            for line in splitter.feed(b"", final=True):
                event = self._sse.decode(line)
                if event is not None:
                    yield event
        except (httpx.HTTPError, UnicodeDecodeError) as exc:
            failure = exc
        finally:
            await self.response.aclose()
        if failure is not None:
            raise self._broken(failure) from None

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[_T]:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
