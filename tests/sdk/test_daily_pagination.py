"""The Daily SDK with a list endpoint: the grown Daily spec (:mod:`support.daily_grown`), whose
``GET /rooms`` pages in Daily's shape, so ``for room in client.rooms.list()`` fetches page after
page from a local server.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from typing import Any

import pytest

from support.daily_grown import PACKAGE, generate_grown_daily
from support.http_server import ScriptedHTTPServer

KEY = "sk_daily_rooms_0123456789"


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> Any:
    output, result = generate_grown_daily(tmp_path_factory.mktemp("daily-rooms"))
    notes = [d.message for d in result.report.notes]
    assert any(n.startswith("GET /rooms (ListRooms) paginates: cursor (inferred)") for n in notes), notes
    sys.path.insert(0, str(output))
    try:
        return importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))


def rooms(*names: str) -> list[dict[str, Any]]:
    return [
        {"id": f"id-{n}", "name": n, "privacy": "public", "url": f"https://x.daily.co/{n}"} for n in names
    ]


def test_for_room_in_client_rooms_list(daily: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"total_count": 5, "data": rooms("a", "b")})
    scripted_server.reply_json({"total_count": 5, "data": rooms("c", "d")})
    scripted_server.reply_json({"total_count": 5, "data": rooms("e")})
    with daily.DailyClient(api_key=KEY, base_url=scripted_server.url) as client:
        names = [room.name for room in client.rooms.list(limit=2)]
    assert names == ["a", "b", "c", "d", "e"]
    targets = [r.target for r in scripted_server.requests]
    assert targets == [
        "/rooms?limit=2",
        "/rooms?limit=2&starting_after=id-b",
        "/rooms?limit=2&starting_after=id-d",
    ]
    assert all(r.header("Authorization") == f"Bearer {KEY}" for r in scripted_server.requests)


def test_async_for_room_in_client_rooms_list(daily: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"total_count": 3, "data": rooms("a", "b")})
    scripted_server.reply_json({"total_count": 3, "data": rooms("c")})
    scripted_server.reply_json({"total_count": 3, "data": rooms("a")})

    async def main() -> tuple[list[str], int, bool]:
        async with daily.AsyncDailyClient(api_key=KEY, base_url=scripted_server.url) as client:
            names = [room.name async for room in client.rooms.list(limit=2)]
            first = await client.rooms.list(limit=1)  # ``await`` gives the first page only
            return names, first.body.total_count, first.has_next_page()

    assert asyncio.run(main()) == (["a", "b", "c"], 3, True)
    assert [r.target for r in scripted_server.requests] == [
        "/rooms?limit=2",
        "/rooms?limit=2&starting_after=id-b",
        "/rooms?limit=1",
    ]


def test_one_page_of_rooms(daily: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"total_count": 7, "data": rooms("a", "b")})
    with daily.DailyClient(api_key=KEY, base_url=scripted_server.url) as client:
        page = client.rooms.list(limit=2)
        assert page.body.total_count == 7
        assert [room.url for room in page.items] == ["https://x.daily.co/a", "https://x.daily.co/b"]
        assert page.has_next_page()
    assert len(scripted_server.requests) == 1
