# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Pages of list operations: iterate one to get every item of every page.

A list method that pages returns its own page class, a ``SyncPage[Item, Answer]`` (the
first page, already fetched) whose properties are the answer's fields (``page.data``,
``page.has_more``); its asynchronous twin returns an ``AsyncPaginator``, which ``await``
turns into the first page (an ``AsyncPage``) and ``async for`` iterates item by item::

    for item in client.things.list():           # every item, page after page
        ...
    page = client.things.list(limit=10)          # one page
    page.items, page.body, page.has_next_page()  # its items, its whole answer
    page.has_more                                # a field of the answer, typed
    for page in page.iter_pages(): ...           # this page and the next ones

The next page is asked for with the same call, its cursor, offset, page number or
token replaced, in the query or in the JSON body where the operation takes them (or the
query of the ``next`` URL the answer gives). Listing stops at the first empty page, when
the answer says there is no more, and when a next page would repeat the request that was
just made.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Generator, Iterator
from dataclasses import dataclass
from typing import Any, Generic, Self, TypeVar
from urllib.parse import parse_qsl, urlsplit

import httpx

from ._base_client import AsyncAPIClient, Call, Param, SyncAPIClient
from ._models import Codec

__all__ = ["AsyncPage", "AsyncPaginator", "PageRule", "SyncPage"]

_T = TypeVar("_T")
_B = TypeVar("_B")
_AsyncPageT = TypeVar("_AsyncPageT", bound="AsyncPage[Any, Any]")

_LINK_NEXT = re.compile(r'<([^>]*)>\s*;[^,]*\brel="?([^",]*\bnext\b[^",]*)"?', re.IGNORECASE)


@dataclass(frozen=True)
class PageRule:
    """How an operation's next page is asked for (JSON paths are property names)."""

    items: tuple[str, ...] = ()
    """Where the answer holds the items (``()``: the answer is the list)."""
    attributes: tuple[str, ...] = ()
    """The same path as attributes of the decoded answer."""
    cursor_param: str | None = None
    cursor_path: tuple[str, ...] | None = None
    cursor_item: str | None = None
    has_more: tuple[str, ...] | None = None
    next_url: tuple[str, ...] | None = None
    link_header: bool = False
    offset_param: str | None = None
    page_param: str | None = None
    total: tuple[str, ...] | None = None
    in_body: bool = False
    """The cursor, offset or page is a property of the JSON body, not a query parameter."""


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def _query_of(url: Any) -> dict[str, str] | None:
    if not isinstance(url, str) or not url:
        return None
    return dict(parse_qsl(urlsplit(url).query, keep_blank_values=True))


def _link_next(response: httpx.Response) -> str | None:
    for header in response.headers.get_list("link"):
        for match in _LINK_NEXT.finditer(header):
            if "next" in match.group(2).lower().split():
                return match.group(1)
    return None


def _current(rule: PageRule, call: Call, name: str) -> Any:
    if rule.in_body:
        return call.json.get(name) if isinstance(call.json, dict) else None
    for param in call.query:
        if param.name == name:
            return param.value
    return None


def _moved(rule: PageRule, call: Call, changes: dict[str, Any], from_url: bool) -> Call | None:
    """``call`` with ``changes`` (a next URL's go to the query), or ``None`` if nothing changes."""
    if rule.in_body and not from_url:
        body = call.json if isinstance(call.json, dict) else {}
        if all(name in body and body[name] == value for name, value in changes.items()):
            return None  # the same request again: the server is not moving forward
        return dataclasses.replace(call, json={**body, **changes})
    query = [p for p in call.query if p.name not in changes]
    query += [Param(name, value) for name, value in changes.items()]
    if sorted((p.name, str(p.value)) for p in query) == sorted(
        (p.name, str(p.value)) for p in call.query
    ):
        return None  # the same request again: the server is not moving forward
    return dataclasses.replace(call, query=query)


def _number(value: Any, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _next_call(
    rule: PageRule, call: Call, raw: Any, response: httpx.Response, seen: int
) -> Call | None:
    """The call for the page after this one, or ``None`` when this is the last."""
    items = _get(raw, rule.items) if rule.items else raw
    count = len(items) if isinstance(items, list) else 0
    if count == 0:
        return None  # an empty page ends the listing, whatever cursor came with it
    if rule.has_more is not None and _get(raw, rule.has_more) is False:
        return None
    total = _get(raw, rule.total) if rule.total is not None else None
    changes: dict[str, Any] | None
    if rule.link_header:
        changes = _query_of(_link_next(response))
    elif rule.next_url is not None:
        changes = _query_of(_get(raw, rule.next_url))
    elif rule.cursor_param is not None:
        cursor = _get(raw, rule.cursor_path) if rule.cursor_path is not None else None
        if cursor in (None, "") and rule.cursor_item is not None and isinstance(items, list):
            cursor = _get(items[-1], (rule.cursor_item,))
        changes = None if cursor in (None, "") else {rule.cursor_param: cursor}
    elif rule.offset_param is not None:
        offset = _number(_current(rule, call, rule.offset_param), 0) + count
        if isinstance(total, int) and offset >= total:
            return None
        changes = {rule.offset_param: offset}
    elif rule.page_param is not None:
        changes = {rule.page_param: _number(_current(rule, call, rule.page_param), 1) + 1}
    else:
        changes = None
    if isinstance(total, int) and rule.offset_param is None and seen >= total:
        return None
    if not changes:
        return None
    return _moved(rule, call, changes, from_url=rule.link_header or rule.next_url is not None)


class _Page(Generic[_T, _B]):
    """One page: its ``items``, its whole decoded answer ``body`` and the HTTP ``response``.

    Each list method has its own subclass whose properties are the fields of its answer
    (``page.data`` is ``page.body.data``), so they are typed and listed by ``help()``.
    """

    def __init__(
        self, items: list[_T], body: _B, response: httpx.Response, following: Call | None
    ) -> None:
        self.items = items
        """The items of this page."""
        self.body = body
        """The whole decoded answer."""
        self.response = response
        """The ``httpx.Response`` of this page."""
        self._following = following

    def has_next_page(self) -> bool:
        """Whether there is a page after this one (asking for it may still return an empty page)."""
        return self._following is not None

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(items={len(self.items)}, has_next_page={self.has_next_page()})"
        )


def _parse(
    client: SyncAPIClient | AsyncAPIClient, rule: PageRule, decoder: Codec, response: httpx.Response
) -> tuple[list[Any], Any, Any]:
    raw = client._read_json(response)
    body = client._read(response, decoder)
    items: Any = body
    for attribute in rule.attributes:
        items = getattr(items, attribute, None)
    return list(items or ()), body, raw


class SyncPage(_Page[_T, _B]):
    """A page of a list; iterating it yields the items of this page and all the next ones."""

    def __init__(
        self,
        client: SyncAPIClient,
        call: Call,
        rule: PageRule,
        decoder: Codec,
        response: httpx.Response,
        seen: int = 0,
    ) -> None:
        items, body, raw = _parse(client, rule, decoder, response)
        self._seen = seen + len(items)
        super().__init__(items, body, response, _next_call(rule, call, raw, response, self._seen))
        self._client, self._rule, self._decoder = client, rule, decoder

    @classmethod
    def first(cls, client: SyncAPIClient, call: Call, rule: PageRule, decoder: Codec) -> Self:
        # Through ``_request``: ``with_raw_response`` gets the response; its ``parse()`` is the page.
        return client._request(call, lambda response: cls(client, call, rule, decoder, response))

    def next_page(self) -> Self:
        """Fetch the next page; ``RuntimeError`` when :meth:`has_next_page` is false."""
        if self._following is None:
            raise RuntimeError("this is the last page: check has_next_page() first")
        response = self._client._send_call(self._following)
        return type(self)(
            self._client, self._following, self._rule, self._decoder, response, self._seen
        )

    def iter_pages(self) -> Iterator[Self]:
        """This page, then each next page as it is fetched."""
        page = self
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[_T]:
        for page in self.iter_pages():
            yield from page.items


class AsyncPage(_Page[_T, _B]):
    """A page of a list; ``async for`` over it yields the items of this page and the next ones."""

    def __init__(
        self,
        client: AsyncAPIClient,
        call: Call,
        rule: PageRule,
        decoder: Codec,
        response: httpx.Response,
        seen: int = 0,
    ) -> None:
        items, body, raw = _parse(client, rule, decoder, response)
        self._seen = seen + len(items)
        super().__init__(items, body, response, _next_call(rule, call, raw, response, self._seen))
        self._client, self._rule, self._decoder = client, rule, decoder

    async def next_page(self) -> Self:
        """Fetch the next page; ``RuntimeError`` when :meth:`has_next_page` is false."""
        if self._following is None:
            raise RuntimeError("this is the last page: check has_next_page() first")
        response = await self._client._send_call(self._following)
        return type(self)(
            self._client, self._following, self._rule, self._decoder, response, self._seen
        )

    async def iter_pages(self) -> AsyncIterator[Self]:
        """This page, then each next page as it is fetched."""
        page = self
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[_T]:
        async for page in self.iter_pages():
            for item in page.items:
                yield item


class AsyncPaginator(Generic[_AsyncPageT, _T]):
    """What an asynchronous list method returns: ``await`` it for the first page (of the
    method's own ``AsyncPage`` class), or ``async for`` over it for every item of every page."""

    def __init__(
        self,
        client: AsyncAPIClient,
        call: Call,
        rule: PageRule,
        decoder: Codec,
        page: type[_AsyncPageT],
    ) -> None:
        self._client, self._call, self._rule, self._decoder = client, call, rule, decoder
        self._page = page

    async def _first(self) -> _AsyncPageT:
        # Through ``_request``: ``with_raw_response`` gets the response; its ``parse()`` is the page.
        return await self._client._request(
            self._call,
            lambda response: self._page(
                self._client, self._call, self._rule, self._decoder, response
            ),
        )

    def __await__(self) -> Generator[Any, None, _AsyncPageT]:
        return self._first().__await__()

    async def __aiter__(self) -> AsyncIterator[_T]:
        page = await self._first()
        async for item in page:
            yield item
