"""Small specs with one list operation per pagination pattern (and near misses), shared by
``test_pagination.py`` (detection) and ``test_sdk_pagination.py`` (behaviour)."""

from __future__ import annotations

from typing import Any

ITEM = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def query(name: str, kind: str = "string") -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": {"type": kind}}


def get(
    operation_id: str, params: list[dict[str, Any]], answer: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok", "content": {"application/json": {"schema": answer}}}
    if "headers" in extra:
        response["headers"] = extra.pop("headers")
    return {
        "get": {
            "operationId": operation_id,
            "tags": ["items"],
            "parameters": params,
            "responses": {"200": response},
            **extra,
        }
    }


def obj(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


ITEMS = {"type": "array", "items": ref("Item")}
STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
BOOL = {"type": "boolean"}
INT = {"type": "integer"}
CURSOR = [query("starting_after"), query("ending_before"), query("limit", "integer")]

PATTERNS: dict[str, dict[str, Any]] = {
    "/stripe": get("ListStripe", CURSOR, obj(object=STRING, data=ITEMS, has_more=BOOL, url=STRING)),
    "/daily": get("ListDaily", CURSOR, obj(total_count=INT, data=ITEMS)),
    "/openai": get(
        "ListOpenai",
        [query("after"), query("limit", "integer")],
        obj(object=STRING, data=ITEMS, first_id=STRING, last_id=STRING, has_more=BOOL),
    ),
    "/spotify": get(
        "ListSpotify",
        [query("offset", "integer"), query("limit", "integer")],
        obj(href=STRING, items=ITEMS, limit=INT, next=NULLABLE_STRING, offset=INT, total=INT),
    ),
    "/twilio": get(
        "ListTwilio",
        [query("PageSize", "integer"), query("Page", "integer"), query("PageToken")],
        obj(things=ITEMS, meta=obj(page=INT, page_size=INT, next_page_url=NULLABLE_STRING, url=STRING)),
    ),
    "/google": get(
        "ListGoogle",
        [query("pageToken"), query("maxResults", "integer")],
        obj(items=ITEMS, nextPageToken=STRING),
    ),
    "/github": get(
        "ListGithub",
        [query("per_page", "integer"), query("page", "integer")],
        ITEMS,
        headers={"Link": {"schema": {"type": "string"}}},
    ),
    "/numbered": get(
        "ListNumbered",
        [query("page", "integer"), query("per_page", "integer")],
        obj(results=ITEMS, has_more=BOOL),
    ),
    "/stripe_search": get(
        "ListStripeSearch",
        [query("query"), query("page"), query("limit", "integer")],
        obj(object=STRING, data=ITEMS, has_more=BOOL, next_page=NULLABLE_STRING, url=STRING),
    ),
    "/listennotes": get(
        "ListListennotes",
        [query("page", "integer"), query("region")],
        obj(podcasts=ITEMS, has_next=BOOL, next_page_number=INT, page_number=INT),
    ),
    "/twitter": get(
        "ListTwitter",
        [query("next_token"), query("max_results", "integer")],
        obj(data=ITEMS, meta=obj(result_count=INT, next_token=STRING)),
    ),
    "/spotify_nested": get(
        "ListSpotifyNested",
        [query("offset", "integer"), query("limit", "integer")],
        obj(message=STRING, albums=obj(href=STRING, items=ITEMS, next=NULLABLE_STRING, total=INT)),
    ),
    "/custom": get(
        "ListCustom",
        [query("token"), query("limit", "integer")],
        obj(rows=ITEMS, meta=obj(continuation=STRING)),
        **{"x-pagination": {"cursor": "token", "next-cursor": "meta.continuation", "items": "rows"}},
    ),
    "/speakeasy": get(
        "ListSpeakeasy",
        [query("since"), query("limit", "integer")],
        obj(results=ITEMS, more=BOOL),
        **{
            "x-speakeasy-pagination": {
                "type": "cursor",
                "inputs": [{"name": "since", "in": "parameters", "type": "cursor"}],
                "outputs": {"nextCursor": "$.results[-1].id", "results": "$.results"},
            }
        },
    ),
}

NEAR_MISSES: dict[str, dict[str, Any]] = {
    # a limit alone says nothing about a next page
    "/limit-only": get("ListLimitOnly", [query("limit", "integer")], obj(data=ITEMS, has_more=BOOL)),
    # a cursor, but no sign of more pages and no next cursor
    "/no-signal": get("ListNoSignal", CURSOR, obj(data=ITEMS)),
    # a cursor, but the answer has no list
    "/no-list": get("GetNoList", [query("after")], obj(id=STRING, has_more=BOOL)),
    # two lists, neither named like items
    "/two-lists": get(
        "ListTwoLists", [query("offset", "integer")], obj(apples=ITEMS, pears=ITEMS, total=INT)
    ),
    # several paging objects side by side (Spotify's search): which one would page?
    "/search": get(
        "ListSearch",
        [query("offset", "integer"), query("limit", "integer")],
        obj(
            albums=obj(items=ITEMS, next=NULLABLE_STRING, total=INT),
            tracks=obj(items=ITEMS, next=NULLABLE_STRING, total=INT),
        ),
    ),
    # a page token, but the answer does not give the next one
    "/no-token": get("ListNoToken", [query("pageToken")], obj(items=ITEMS)),
    # a Link header on an answer that is not a list
    "/link-object": get(
        "GetLinkObject",
        [query("page", "integer")],
        ref("Item"),
        headers={"Link": {"schema": {"type": "string"}}},
    ),
    # fits, but turned off by the extension
    "/off": get("ListOff", CURSOR, obj(data=ITEMS, has_more=BOOL), **{"x-pagination": False}),
}


def document(paths: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Pages API", "version": "1.0.0"},
        "paths": paths,
        "components": {"schemas": {"Item": ITEM}},
    }
