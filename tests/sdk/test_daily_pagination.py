"""The Daily SDK with a list endpoint: the Daily fixture spec grown by ``GET /rooms`` in Daily's
shape (``limit``, ``ending_before``, ``starting_after`` → ``{total_count, data: [room]}``),
so ``for room in client.rooms.list()`` fetches page after page from a local server.

The fixture (a frozen copy of the vendored spec) has no list operation (only
``POST /meeting-tokens``); this is what the SDK becomes when Daily's ``GET /rooms`` page is
added to ``upstream``.
"""

from __future__ import annotations

import asyncio
import importlib
import sys
from typing import Any

import pytest
import yaml

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.http_server import ScriptedHTTPServer
from support.paths import DAILY_FIXTURE_SPEC
from support.specs import settings_for

KEY = "sk_daily_rooms_0123456789"

ROOM = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "format": "uuid"},
        "name": {"type": "string"},
        "api_created": {"type": "boolean"},
        "privacy": {"type": "string", "enum": ["public", "private"]},
        "url": {"type": "string"},
        "created_at": {"type": "string", "format": "date-time"},
        "config": {"type": "object", "additionalProperties": True},
    },
}
LIST_ROOMS = {
    "get": {
        "tags": ["rooms"],
        "summary": "rooms",
        "description": "List rooms",
        "operationId": "ListRooms",
        "parameters": [
            {"name": name, "in": "query", "schema": {"type": kind}}
            for name, kind in (
                ("limit", "integer"),
                ("ending_before", "string"),
                ("starting_after", "string"),
            )
        ],
        "responses": {
            "200": {
                "description": "200",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "total_count": {"type": "integer"},
                                "data": {"type": "array", "items": {"$ref": "#/components/schemas/room"}},
                            },
                        }
                    }
                },
            }
        },
    }
}


@pytest.fixture(scope="module")
def daily(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("daily-rooms")
    spec = yaml.safe_load(DAILY_FIXTURE_SPEC.read_text(encoding="utf-8"))
    spec["paths"]["/rooms"] = LIST_ROOMS
    spec["components"]["schemas"]["room"] = ROOM
    (folder / "daily.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    settings = settings_for(
        folder / "daily.yaml", output=folder / "out", package="daily_rooms_api", client_class="DailyClient"
    )
    result = generate_files(settings)
    notes = [d.message for d in result.report.notes]
    assert any(n.startswith("GET /rooms (ListRooms) paginates: cursor (inferred)") for n in notes), notes
    write(settings.output, result.files)
    sys.path.insert(0, str(settings.output))
    try:
        return importlib.import_module("daily_rooms_api")
    finally:
        sys.path.remove(str(settings.output))


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
