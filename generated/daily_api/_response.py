# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Raw and streamed responses: ``with_raw_response`` and ``with_streaming_response``.

``client.<resource>.with_raw_response.<method>(...)`` returns an ``APIResponse`` (the
status, the headers, the request id and the ``httpx.Response``; ``parse()`` gives what the
plain call returns). ``with_streaming_response`` makes the same call in a context manager
that has not read the body yet: read it with ``iter_bytes()``, ``iter_lines()``, ``read()``
or ``parse()``; the connection is closed when the block ends.
"""

from __future__ import annotations

import functools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextvars import ContextVar
from types import TracebackType
from typing import TYPE_CHECKING, Any, Generic, Literal, ParamSpec, TypeVar, cast

import httpx

from ._exceptions import APIError

if TYPE_CHECKING:
    from ._base_client import _BaseClient

__all__ = [
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncResponseContextManager",
    "ResponseContextManager",
    "async_to_raw_response_wrapper",
    "async_to_streamed_response_wrapper",
    "to_raw_response_wrapper",
    "to_streamed_response_wrapper",
]

_T = TypeVar("_T")
_P = ParamSpec("_P")
Mode = Literal["parse", "raw", "stream"]

_MODE: ContextVar[Mode] = ContextVar(f"{__package__}_response_mode", default="parse")


def response_mode() -> Mode:
    """What the call being made returns: its result, or an ``APIResponse`` (read or not)."""
    return _MODE.get()


class _BaseAPIResponse(Generic[_T]):
    def __init__(
        self,
        response: httpx.Response,
        parse: Callable[[httpx.Response], _T],
        client: _BaseClient,
        *,
        lazy: bool,
    ) -> None:
        self.http_response = response
        """The ``httpx.Response`` itself."""
        self._parse = parse
        self._client = client
        self._lazy = lazy
        self._parsed: list[_T] = []

    @property
    def status_code(self) -> int:
        return self.http_response.status_code

    @property
    def headers(self) -> httpx.Headers:
        return self.http_response.headers

    @property
    def request_id(self) -> str | None:
        """The ``x-request-id`` (or ``request-id``) header, when the server sends one."""
        headers = self.http_response.headers
        value = headers.get("x-request-id") or headers.get("request-id")
        return str(value) if value else None

    @property
    def url(self) -> httpx.URL:
        return self.http_response.url

    @property
    def method(self) -> str:
        return self.http_response.request.method

    @property
    def is_closed(self) -> bool:
        return self.http_response.is_closed

    def _result(self) -> _T:
        if not self._parsed:
            self._parsed.append(self._parse(self.http_response))
        return self._parsed[0]

    def _broken(self, exc: httpx.HTTPError) -> APIError:
        """The SDK error for a body that broke off (reset, timed out, undecodable)."""
        error, _ = self._client._failure(self.http_response.request, exc)
        return error

    def __repr__(self) -> str:
        return f"<{type(self).__name__} [{self.status_code} {self.http_response.reason_phrase}]>"


class APIResponse(_BaseAPIResponse[_T]):
    """An answer of the synchronous client, with its typed result on demand."""

    def parse(self) -> _T:
        """What the plain call returns (read from the body, which is read first if needed)."""
        if not self._lazy:
            self.read()
        return self._result()

    def read(self) -> bytes:
        """The whole body."""
        try:
            return self.http_response.read()
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    def text(self) -> str:
        self.read()
        return self.http_response.text

    def json(self) -> Any:
        self.read()
        return self.http_response.json()

    def iter_bytes(self, chunk_size: int | None = None) -> Iterator[bytes]:
        """The body chunk by chunk, as it arrives (decompressed)."""
        try:
            yield from self.http_response.iter_bytes(chunk_size)
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    def iter_text(self, chunk_size: int | None = None) -> Iterator[str]:
        try:
            yield from self.http_response.iter_text(chunk_size)
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    def iter_lines(self) -> Iterator[str]:
        try:
            yield from self.http_response.iter_lines()
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    def close(self) -> None:
        """Release the connection (the rest of an unread body is dropped)."""
        self.http_response.close()


class AsyncAPIResponse(_BaseAPIResponse[_T]):
    """An answer of the asynchronous client, with its typed result on demand."""

    async def parse(self) -> _T:
        """What the plain call returns (read from the body, which is read first if needed)."""
        if not self._lazy:
            await self.read()
        return self._result()

    async def read(self) -> bytes:
        """The whole body."""
        try:
            return await self.http_response.aread()
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    async def text(self) -> str:
        await self.read()
        return self.http_response.text

    async def json(self) -> Any:
        await self.read()
        return self.http_response.json()

    async def iter_bytes(self, chunk_size: int | None = None) -> AsyncIterator[bytes]:
        """The body chunk by chunk, as it arrives (decompressed)."""
        try:
            async for chunk in self.http_response.aiter_bytes(chunk_size):
                yield chunk
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    async def iter_text(self, chunk_size: int | None = None) -> AsyncIterator[str]:
        try:
            async for text in self.http_response.aiter_text(chunk_size):
                yield text
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    async def iter_lines(self) -> AsyncIterator[str]:
        try:
            async for line in self.http_response.aiter_lines():
                yield line
        except httpx.HTTPError as exc:
            self._client._raise(self._broken(exc), exc)

    async def close(self) -> None:
        """Release the connection (the rest of an unread body is dropped)."""
        await self.http_response.aclose()


class ResponseContextManager(Generic[_T]):
    """Makes the call on entry and closes its response on exit."""

    def __init__(self, make: Callable[[], APIResponse[_T]]) -> None:
        self._make = make
        self._response: APIResponse[_T] | None = None

    def __enter__(self) -> APIResponse[_T]:
        self._response = self._make()
        return self._response

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            self._response.close()


class AsyncResponseContextManager(Generic[_T]):
    """Makes the call on entry and closes its response on exit."""

    def __init__(self, make: Callable[[], Awaitable[AsyncAPIResponse[_T]]]) -> None:
        self._make = make
        self._response: AsyncAPIResponse[_T] | None = None

    async def __aenter__(self) -> AsyncAPIResponse[_T]:
        self._response = await self._make()
        return self._response

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if self._response is not None:
            await self._response.close()


def _in_mode(mode: Mode, func: Callable[_P, Any], /, *args: _P.args, **kwargs: _P.kwargs) -> Any:
    # Positional-only: an operation's own keyword arguments may be named `mode` or `func`.
    token = _MODE.set(mode)
    try:
        return func(*args, **kwargs)
    finally:
        _MODE.reset(token)


async def _in_mode_async(
    mode: Mode, func: Callable[_P, Awaitable[Any]], /, *args: _P.args, **kwargs: _P.kwargs
) -> Any:
    token = _MODE.set(mode)
    try:
        return await func(*args, **kwargs)
    finally:
        _MODE.reset(token)


def to_raw_response_wrapper(func: Callable[_P, _T]) -> Callable[_P, APIResponse[_T]]:
    """``func`` returning its ``APIResponse`` (body read) instead of its result."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> APIResponse[_T]:
        return cast("APIResponse[_T]", _in_mode("raw", func, *args, **kwargs))

    return wrapped


def async_to_raw_response_wrapper(
    func: Callable[_P, Awaitable[_T]],
) -> Callable[_P, Awaitable[AsyncAPIResponse[_T]]]:
    """``func`` returning its ``AsyncAPIResponse`` (body read) instead of its result."""

    @functools.wraps(func)
    async def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncAPIResponse[_T]:
        return cast("AsyncAPIResponse[_T]", await _in_mode_async("raw", func, *args, **kwargs))

    return wrapped


def to_streamed_response_wrapper(
    func: Callable[_P, _T],
) -> Callable[_P, ResponseContextManager[_T]]:
    """``func`` as a context manager giving its ``APIResponse`` with the body not yet read."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> ResponseContextManager[_T]:
        return ResponseContextManager(
            lambda: cast("APIResponse[_T]", _in_mode("stream", func, *args, **kwargs))
        )

    return wrapped


def async_to_streamed_response_wrapper(
    func: Callable[_P, Awaitable[_T]],
) -> Callable[_P, AsyncResponseContextManager[_T]]:
    """``func`` as an async context manager giving its ``AsyncAPIResponse``, body not yet read."""

    @functools.wraps(func)
    def wrapped(*args: _P.args, **kwargs: _P.kwargs) -> AsyncResponseContextManager[_T]:
        async def make() -> AsyncAPIResponse[_T]:
            return cast(
                "AsyncAPIResponse[_T]", await _in_mode_async("stream", func, *args, **kwargs)
            )

        return AsyncResponseContextManager(make)

    return wrapped
