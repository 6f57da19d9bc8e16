"""Pages with their answer's fields, paging in a POST body and by a next URL, end to end.

One SDK is generated from a spec built here: a FastAPI-style search that pages with
``offset``/``limit`` in its JSON body and answers ``{results, count, pages}``, one that
sends a cursor in its body, and a ``GET`` whose answer holds the next page's URL and that
takes no paging parameter. Each is called, sync and async, against the scripted server on
127.0.0.1; an extra request would get its "no script left" 500.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pytest

from support.http_server import ScriptedHTTPServer
from support.mypy import run_mypy
from support.pagination_specs import ITEM, obj, ref
from support.specs import import_sdk

Kind = Literal["sync", "async"]


def post(operation_id: str, body: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    return {
        "post": {
            "operationId": operation_id,
            "tags": ["things"],
            "requestBody": {"required": True, "content": {"application/json": {"schema": body}}},
            "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": answer}}}},
        }
    }


INT, STR = {"type": "integer"}, {"type": "string"}
DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Fields", "version": "1"},
    "paths": {
        "/things/filter": post(
            "filter",
            obj(offset=INT, limit=INT, name=STR),
            {
                "type": "object",
                "required": ["results", "count", "pages"],
                "properties": {
                    "results": {"type": "array", "items": ref("Thing")},
                    "count": INT,
                    "pages": INT,
                },
            },
        ),
        "/things/search": post(
            "search",
            obj(cursor=STR, limit=INT),
            obj(data={"type": "array", "items": ref("Thing")}, next_cursor={"type": ["string", "null"]}),
        ),
        "/things/recent": {
            "get": {
                "operationId": "recent",
                "tags": ["things"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": obj(
                                    things={"type": "array", "items": ref("Thing")},
                                    next={"type": ["string", "null"]},
                                )
                            }
                        },
                    }
                },
            }
        },
    },
    "components": {"schemas": {"Thing": ITEM}},
}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return import_sdk(tmp_path_factory.mktemp("fields"), DOCUMENT, "fields_sdk")


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


def thing(key: str) -> dict[str, str]:
    return {"id": key, "name": f"thing {key}"}


def run(sdk: Any, kind: Kind, server: ScriptedHTTPServer, use: Callable[[Any], Any]) -> Any:
    """``use(client.things)`` with the sync client, or awaited with the async one."""
    if kind == "sync":
        with sdk.FieldsClient(base_url=server.url, max_retries=0) as client:
            return use(client.things)

    async def main() -> Any:
        async with sdk.AsyncFieldsClient(base_url=server.url, max_retries=0) as client:
            return await use(client.things)

    return asyncio.run(main())


def every_id(sdk: Any, kind: Kind, server: ScriptedHTTPServer, start: Callable[[Any], Any]) -> list[str]:
    if kind == "sync":
        return list(run(sdk, kind, server, lambda things: [t.id for t in start(things)]))

    async def collect(things: Any) -> list[str]:
        return [t.id async for t in start(things)]

    return list(run(sdk, kind, server, collect))


def test_a_page_has_its_answers_fields_as_attributes(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"results": [thing("a"), thing("b")], "count": 3, "pages": 2})

    def fields(page: Any) -> tuple[Any, ...]:
        return ([t.id for t in page.results], page.count, page.pages, [t.id for t in page.items])

    if kind == "sync":
        found = run(sdk, kind, scripted_server, lambda things: fields(things.filter(limit=2)))
    else:

        async def use(things: Any) -> tuple[Any, ...]:
            return fields(await things.filter(limit=2))

        found = run(sdk, kind, scripted_server, use)
    assert found == (["a", "b"], 3, 2, ["a", "b"])
    assert len(scripted_server.requests) == 1


def test_with_raw_response_gives_the_response_whose_parse_is_the_page(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json(
        {"results": [thing("a")], "count": 1, "pages": 1}, headers={"x-request-id": "req_1"}
    )

    def sync(things: Any) -> tuple[Any, ...]:
        raw = things.with_raw_response.filter(limit=2)
        page = raw.parse()
        return (type(raw).__name__, raw.request_id, type(page).__name__, page.count, page.has_next_page())

    async def asynchronous(things: Any) -> tuple[Any, ...]:
        raw = await things.with_raw_response.filter(limit=2)
        page = await raw.parse()
        return (type(raw).__name__, raw.request_id, type(page).__name__, page.count, page.has_next_page())

    found = run(sdk, kind, scripted_server, sync if kind == "sync" else asynchronous)
    prefix = "" if kind == "sync" else "Async"
    assert found == (f"{prefix}APIResponse", "req_1", f"{prefix}ThingsFilterPage", 1, False)


def test_offset_and_limit_in_a_post_body_page_through_every_item(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"results": [thing("a"), thing("b")], "count": 5, "pages": 3})
    scripted_server.reply_json({"results": [thing("c"), thing("d")], "count": 5, "pages": 3})
    scripted_server.reply_json({"results": [thing("e")], "count": 5, "pages": 3})
    ids = every_id(sdk, kind, scripted_server, lambda things: things.filter(limit=2, name="x"))
    assert ids == ["a", "b", "c", "d", "e"]
    requests = scripted_server.requests
    assert [r.json for r in requests] == [
        {"limit": 2, "name": "x"},
        {"limit": 2, "name": "x", "offset": 2},
        {"limit": 2, "name": "x", "offset": 4},
    ]
    assert {(r.method, r.target) for r in requests} == {("POST", "/things/filter")}


def test_a_cursor_in_a_post_body_pages_until_there_is_none(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"data": [thing("a")], "next_cursor": "c1"})
    scripted_server.reply_json({"data": [thing("b")], "next_cursor": "c2"})
    scripted_server.reply_json({"data": [thing("c")], "next_cursor": None})
    ids = every_id(sdk, kind, scripted_server, lambda things: things.search(limit=1))
    assert ids == ["a", "b", "c"]
    assert [r.json for r in scripted_server.requests] == [
        {"limit": 1},
        {"limit": 1, "cursor": "c1"},
        {"limit": 1, "cursor": "c2"},
    ]


def test_a_get_follows_the_next_url_its_answer_holds(
    sdk: Any, kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    url = scripted_server.url
    scripted_server.reply_json({"things": [thing("a")], "next": f"{url}/things/recent?after=a&n=1"})
    scripted_server.reply_json({"things": [thing("b")], "next": f"{url}/things/recent?after=b&n=1"})
    scripted_server.reply_json({"things": [thing("c")], "next": None})
    ids = every_id(sdk, kind, scripted_server, lambda things: things.recent())
    assert ids == ["a", "b", "c"]
    assert [r.target for r in scripted_server.requests] == [
        "/things/recent",
        "/things/recent?after=a&n=1",
        "/things/recent?after=b&n=1",
    ]


USER_SCRIPT = """
from fields_sdk import AsyncFieldsClient, FieldsClient


def names(client: FieldsClient) -> list[str]:
    page = client.things.filter(limit=10)
    total: int = page.count
    found = [thing.id for thing in page.results]
    if page.has_next_page():
        found += [thing.id for thing in page.next_page().results]
    raw = client.things.with_raw_response.filter(limit=10)
    pages: int = raw.parse().pages
    cursor = client.things.search().next_cursor
    return [*found, str(total), str(pages), str(cursor), *(t.id for t in client.things.recent())]


async def first_count(client: AsyncFieldsClient) -> int:
    page = await client.things.filter(limit=10)
    async for thing in client.things.filter(limit=10):
        print(thing.name)
    return page.count + (await page.next_page()).pages
"""


def test_page_fields_type_check_and_a_misspelt_one_does_not(
    sdk: Any, mypy_cache: Path, tmp_path: Path
) -> None:
    folder = Path(sdk.__file__).resolve().parent.parent
    script = tmp_path / "user_script.py"
    script.write_text(USER_SCRIPT)
    env = {**os.environ, "MYPYPATH": str(folder)}
    done = run_mypy("--strict", str(script), cwd=folder, cache=mypy_cache, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    # A file of its own: mypy's cache knows a file by its size and mtime, and a misspelling of the
    # same length written within the same second would replay the first run's verdict.
    misspelt = tmp_path / "user_script_misspelt.py"
    misspelt.write_text(USER_SCRIPT.replace("page.count", "page.cuont"))
    done = run_mypy("--strict", str(misspelt), cwd=folder, cache=mypy_cache, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert '"ThingsFilterPage" has no attribute "cuont"' in done.stdout
    assert '"AsyncThingsFilterPage" has no attribute "cuont"' in done.stdout
