"""Pagination end to end: list methods of a generated SDK against a server that pages.

One SDK is generated from ``pagination_specs`` (one operation per pattern) and called,
sync and async, against the scripted server on 127.0.0.1. Every pattern is run through
several pages, an empty first page, a last page, and a server that promises more (a
cursor, a next URL, ``has_more``) with no items: the listing must stop there. An extra
request would get the server's "no script left" 500, so it could not pass unnoticed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.mypy import run_mypy
from support.pagination_specs import NEAR_MISSES, PATTERNS, document
from support.specs import import_sdk

Kind = Literal["sync", "async"]


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("pages")
    return import_sdk(folder, document({**PATTERNS, **NEAR_MISSES}), "pages_sdk")


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


def item(key: str) -> dict[str, str]:
    return {"id": key, "name": f"item {key}"}


A, B, C = item("a"), item("b"), item("c")


def page(pattern: str, items: list[dict[str, str]], more: str | None, url: str) -> ScriptedResponse:
    """An answer of ``pattern`` with ``items``; ``more`` is the next cursor (``None``: last page)."""
    following = f"{url}/{pattern}?limit=2&{more}" if more else None
    bodies: dict[str, Any] = {
        "stripe": {"object": "list", "data": items, "has_more": more is not None, "url": "/stripe"},
        "daily": {"total_count": 3 if more is not None or items else 0, "data": items},
        "openai": {
            "object": "list",
            "data": items,
            "first_id": items[0]["id"] if items else None,
            "last_id": more,
            "has_more": more is not None,
        },
        "spotify": {"href": "x", "items": items, "limit": 2, "next": following, "offset": 0, "total": 3},
        "spotify_nested": {
            "message": "new",
            "albums": {"href": "x", "items": items, "next": following, "total": 3},
        },
        "twilio": {"things": items, "meta": {"page": 0, "page_size": 2, "next_page_url": following}},
        "google": {"items": items, **({"nextPageToken": more} if more else {})},
        "numbered": {"results": items, "has_more": more is not None},
        "stripe_search": {
            "object": "search_result",
            "data": items,
            "has_more": more is not None,
            "next_page": more,
            "url": "/v1/search",
        },
        "listennotes": {
            "podcasts": items,
            "has_next": more is not None,
            "page_number": 1,
            **({"next_page_number": int(more)} if more and pattern == "listennotes" else {}),
        },
        "twitter": {
            "data": items,
            "meta": {"result_count": len(items), **({"next_token": more} if more else {})},
        },
        "custom": {"rows": items, "meta": {"continuation": more} if more else {}},
        "speakeasy": {"results": items, "more": more is not None},
    }
    if pattern == "github":
        link = {"Link": f'<{following}>; rel="next", <{url}/github?page=9>; rel="last"'} if following else {}
        return ScriptedResponse.of_json(items, headers=link)
    if pattern == "daily" and more is None and items:
        bodies["daily"]["total_count"] = 3
    return ScriptedResponse.of_json(bodies[pattern])


# pattern → (method, the cursor query the second request must carry, the value the first page gives)
SECOND_REQUEST: dict[str, tuple[str, str, str]] = {
    "stripe": ("list_stripe", "starting_after", "b"),
    "daily": ("list_daily", "starting_after", "b"),
    "openai": ("list_openai", "after", "b"),
    "spotify": ("list_spotify", "offset", "2"),
    "spotify_nested": ("list_spotify_nested", "offset", "2"),
    "twilio": ("list_twilio", "PageToken", "PT1"),
    "google": ("list_google", "pageToken", "t1"),
    "github": ("list_github", "page", "2"),
    "numbered": ("list_numbered", "page", "2"),
    "stripe_search": ("list_stripe_search", "page", "pg2"),
    "listennotes": ("list_listennotes", "page", "2"),
    "twitter": ("list_twitter", "next_token", "nt2"),
    "custom": ("list_custom", "token", "k1"),
    "speakeasy": ("list_speakeasy", "since", "b"),
}
PATTERN_NAMES = sorted(SECOND_REQUEST)
SIZE = {"twilio": "PageSize", "google": "maxResults", "github": "per_page", "numbered": "per_page"}
SIZE |= {"twitter": "max_results", "listennotes": ""}  # Listen Notes has no page size
SIZE |= {p: "limit" for p in PATTERN_NAMES if p not in SIZE}


def first_more(pattern: str) -> str:
    """What page one gives as its "more" (a cursor, or the query of the next URL)."""
    _, name, value = SECOND_REQUEST[pattern]
    return f"{name}={value}" if pattern in ("spotify", "spotify_nested", "twilio", "github") else value


def run(sdk: Any, kind: Kind, server: ScriptedHTTPServer, use: Callable[[Any], Any]) -> Any:
    """``use(method_result)`` with the sync client, or its async twin with the async one."""
    if kind == "sync":
        with sdk.PagesClient(base_url=server.url, max_retries=0) as client:
            return use(client.items)

    async def main() -> Any:
        async with sdk.AsyncPagesClient(base_url=server.url, max_retries=0) as client:
            return await use(client.items)

    return asyncio.run(main())


def call(items: Any, method: str) -> Any:
    """The list method of ``method``, asked for pages of 2 (in its own page-size parameter)."""
    pattern = next(p for p, (m, *_) in SECOND_REQUEST.items() if m == method)
    size = {"PageSize": "page_size", "maxResults": "max_results"}.get(SIZE[pattern], SIZE[pattern])
    return getattr(items, method)(**{size: 2} if size else {})


def all_ids(sdk: Any, kind: Kind, server: ScriptedHTTPServer, method: str) -> list[str]:
    if kind == "sync":
        return run(sdk, kind, server, lambda items: [i.id for i in call(items, method)])

    async def collect(items: Any) -> list[str]:
        return [i.id async for i in call(items, method)]

    return list(run(sdk, kind, server, collect))


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_iterating_fetches_page_after_page(
    sdk: Any, kind: Kind, pattern: str, scripted_server: ScriptedHTTPServer
) -> None:
    method, name, value = SECOND_REQUEST[pattern]
    url = scripted_server.url
    script = [page(pattern, [A, B], first_more(pattern), url), page(pattern, [C], None, url)]
    if pattern == "speakeasy":  # its cursor is the last item's id: only an empty page ends it
        script = [page(pattern, [A, B], "b", url), page(pattern, [C], "c", url), page(pattern, [], None, url)]
    if pattern == "daily":  # no has_more: three items of total_count 3 end it
        script = [page(pattern, [A, B], "b", url), page(pattern, [C], "c", url)]
    scripted_server.enqueue(*script)
    assert all_ids(sdk, kind, scripted_server, method) == ["a", "b", "c"]
    requests = scripted_server.requests
    assert len(requests) == len(script)
    size = SIZE[pattern]
    assert dict(requests[0].query_params) == ({size: "2"} if size else {})
    second = dict(requests[1].query_params)
    assert second[name] == value, requests[1].target
    assert requests[1].path == f"/{pattern}"


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_an_empty_first_page_is_one_request_and_no_items(
    sdk: Any, kind: Kind, pattern: str, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(page(pattern, [], None, scripted_server.url))
    assert all_ids(sdk, kind, scripted_server, SECOND_REQUEST[pattern][0]) == []
    assert len(scripted_server.requests) == 1


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_a_cursor_without_items_stops_the_listing(
    sdk: Any, kind: Kind, pattern: str, scripted_server: ScriptedHTTPServer
) -> None:
    """The server says there is more (a cursor, a next URL, has_more) but sends no items."""
    url = scripted_server.url
    scripted_server.enqueue(
        page(pattern, [A], first_more(pattern), url), page(pattern, [], first_more(pattern), url)
    )
    assert all_ids(sdk, kind, scripted_server, SECOND_REQUEST[pattern][0]) == ["a"]
    assert len(scripted_server.requests) == 2


@pytest.mark.parametrize("pattern", PATTERN_NAMES)
def test_a_last_page_has_no_next_page(
    sdk: Any, kind: Kind, pattern: str, scripted_server: ScriptedHTTPServer
) -> None:
    method = SECOND_REQUEST[pattern][0]
    scripted_server.enqueue(
        page(pattern, [A, B, C] if pattern != "speakeasy" else [], None, scripted_server.url)
    )

    def check(first: Any) -> None:
        assert not first.has_next_page()
        with pytest.raises(RuntimeError, match="last page"):
            first.next_page()

    if kind == "sync":
        run(sdk, kind, scripted_server, lambda items: check(call(items, method)))
    else:

        async def use(items: Any) -> None:
            first = await call(items, method)
            assert not first.has_next_page()
            with pytest.raises(RuntimeError, match="last page"):
                await first.next_page()

        run(sdk, kind, scripted_server, use)
    assert len(scripted_server.requests) == 1


def test_pages_one_by_one_with_their_own_fields(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    url = scripted_server.url
    scripted_server.enqueue(page("stripe", [A, B], "b", url), page("stripe", [C], None, url))

    def use_sync(items: Any) -> list[tuple[list[str], bool, bool]]:
        first = items.list_stripe(limit=2)
        assert first.body.url == "/stripe" and first.response.status_code == 200
        assert [i.name for i in first.items] == ["item a", "item b"]
        second = first.next_page()
        assert [i.id for i in second.items] == ["c"]
        return [([i.id for i in p.items], p.body.has_more, p.has_next_page()) for p in (first, second)]

    async def use_async(items: Any) -> list[tuple[list[str], bool, bool]]:
        first = await items.list_stripe(limit=2)
        assert first.body.url == "/stripe" and first.response.status_code == 200
        return [
            ([i.id for i in p.items], p.body.has_more, p.has_next_page()) async for p in first.iter_pages()
        ]

    pages = run(sdk, kind, scripted_server, use_sync if kind == "sync" else use_async)
    assert pages == [(["a", "b"], True, True), (["c"], False, False)]
    assert len(scripted_server.requests) == 2


def test_raw_and_streamed_responses_of_a_list_parse_to_its_first_page(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    url = scripted_server.url
    scripted_server.enqueue(page("stripe", [A, B], "b", url), page("stripe", [C], None, url))

    def use_sync(items: Any) -> list[Any]:
        raw = items.with_raw_response.list_stripe(limit=2)
        first = raw.parse()
        with items.with_streaming_response.list_stripe(limit=2) as streamed:
            again = streamed.parse()
        return [
            raw.status_code,
            type(first).__name__,
            first.has_more,
            [i.id for i in first.items],
            [i.id for i in again.items],
        ]

    async def use_async(items: Any) -> list[Any]:
        raw = await items.with_raw_response.list_stripe(limit=2)
        first = await raw.parse()
        async with items.with_streaming_response.list_stripe(limit=2) as streamed:
            again = await streamed.parse()
        return [
            raw.status_code,
            type(first).__name__,
            first.has_more,
            [i.id for i in first.items],
            [i.id for i in again.items],
        ]

    found = run(sdk, kind, scripted_server, use_sync if kind == "sync" else use_async)
    page_class = "ItemsListStripePage" if kind == "sync" else "AsyncItemsListStripePage"
    assert found == [200, page_class, True, ["a", "b"], ["c"]]
    assert len(scripted_server.requests) == 2


def test_iter_pages_of_a_sync_page(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    url = scripted_server.url
    scripted_server.enqueue(page("google", [A], "t1", url), page("google", [B, C], None, url))
    sizes = run(
        sdk, "sync", scripted_server, lambda items: [len(p.items) for p in items.list_google().iter_pages()]
    )
    assert sizes == [1, 2]


def test_a_server_that_repeats_its_cursor_is_not_asked_forever(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    url = scripted_server.url
    scripted_server.enqueue(page("google", [A], "t1", url), page("google", [B], "t1", url))
    assert all_ids(sdk, kind, scripted_server, "list_google") == ["a", "b"]
    assert len(scripted_server.requests) == 2


def test_the_callers_filters_are_kept_on_every_page(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    url = scripted_server.url
    scripted_server.enqueue(page("stripe", [A], "a", url), page("stripe", [B], None, url))
    assert all_ids(sdk, kind, scripted_server, "list_stripe") == ["a", "b"]
    assert [dict(r.query_params) for r in scripted_server.requests] == [
        {"limit": "2"},
        {"limit": "2", "starting_after": "a"},
    ]


def test_near_misses_stay_plain_calls(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"data": [A], "has_more": True})
    result = run(sdk, "sync", scripted_server, lambda items: items.list_limit_only(limit=1))
    assert type(result).__name__ == "ListLimitOnlyResponse"
    assert [i.id for i in result.data] == ["a"]


def test_the_paging_sdk_passes_mypy_strict(sdk: Any, mypy_cache: Path) -> None:
    folder = Path(sdk.__file__).resolve().parent.parent
    done = run_mypy("--strict", "-p", "pages_sdk", cwd=folder, cache=mypy_cache)
    assert done.returncode == 0, done.stdout + done.stderr
