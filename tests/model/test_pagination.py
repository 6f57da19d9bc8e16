"""Which operations paginate, and how: ``generator/model/pagination.py`` and its settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.model.ir import Api, ModelType, Pagination

from support.pagination_specs import (
    BOOL,
    CURSOR,
    INT,
    ITEMS,
    NEAR_MISSES,
    PATTERNS,
    document,
    get,
    obj,
    query,
)
from support.specs import build


def paginations(api: Api) -> dict[str, Pagination | None]:
    return {op.operation_id: op.pagination for r in api.resources for op in r.operations}


@pytest.fixture(scope="module")
def detected(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pagination | None]:
    api, _ = build(tmp_path_factory.mktemp("detect"), document({**PATTERNS, **NEAR_MISSES}))
    return paginations(api)


@pytest.mark.parametrize(
    ("operation_id", "expected"),
    [
        ("ListStripe", dict(style="cursor", items=("data",), cursor_param="starting_after", cursor_item="id",
                            cursor_path=None, has_more=("has_more",), total=None)),
        ("ListDaily", dict(style="cursor", items=("data",), cursor_param="starting_after", cursor_item="id",
                           has_more=None, total=("total_count",))),
        ("ListOpenai", dict(style="cursor", cursor_param="after", cursor_path=("last_id",), cursor_item="id",
                            has_more=("has_more",))),
        ("ListSpotify", dict(style="offset", items=("items",), next_url=("next",), cursor_param=None)),
        ("ListSpotifyNested", dict(style="offset", items=("albums", "items"), attributes=("albums", "items"),
                                   next_url=("albums", "next"), total=None)),
        ("ListTwilio", dict(style="page_token", items=("things",), next_url=("meta", "next_page_url"))),
        ("ListGoogle", dict(style="page_token", cursor_param="pageToken", cursor_path=("nextPageToken",))),
        ("ListGithub", dict(style="link_header", items=(), link_header=True)),
        ("ListNumbered", dict(style="page_number", items=("results",), page_param="page",
                              has_more=("has_more",))),
        ("ListStripeSearch", dict(style="page_token", cursor_param="page", cursor_path=("next_page",),
                                  has_more=("has_more",))),
        ("ListListennotes", dict(style="page_number", items=("podcasts",), cursor_param="page",
                                 cursor_path=("next_page_number",), has_more=("has_next",))),
        ("ListTwitter", dict(style="page_token", cursor_param="next_token",
                             cursor_path=("meta", "next_token"))),
        ("ListCustom", dict(origin="x-pagination", items=("rows",), cursor_param="token",
                            cursor_path=("meta", "continuation"))),
        ("ListSpeakeasy", dict(origin="x-speakeasy-pagination", style="cursor", items=("results",),
                               cursor_param="since", cursor_item="id", cursor_path=None)),
    ],
)  # fmt: skip
def test_each_pattern_is_detected(
    detected: dict[str, Pagination | None], operation_id: str, expected: dict[str, Any]
) -> None:
    pagination = detected[operation_id]
    assert pagination is not None
    assert {key: getattr(pagination, key) for key in expected} == expected
    assert pagination.item_type == ModelType("Item")


@pytest.mark.parametrize("path", sorted(NEAR_MISSES))
def test_near_misses_stay_plain_calls(detected: dict[str, Pagination | None], path: str) -> None:
    operation_id = NEAR_MISSES[path]["get"]["operationId"]
    assert detected[operation_id] is None


def test_only_get_operations_are_inferred(tmp_path: Path) -> None:
    spec = get("ListPosted", CURSOR, obj(data=ITEMS, has_more=BOOL))
    api, _ = build(tmp_path, document({"/posted": {"post": spec["get"]}}))
    assert paginations(api) == {"ListPosted": None}


def test_the_report_says_which_operations_paginate_and_how(tmp_path: Path) -> None:
    _, report = build(tmp_path, document({"/stripe": PATTERNS["/stripe"], "/off": NEAR_MISSES["/off"]}))
    notes = [d.format() for d in report.notes]
    assert len(notes) == 1
    assert "GET /stripe (ListStripe) paginates: cursor (inferred): items in data; next page: " in notes[0]
    assert "starting_after = the last item's 'id'; stops when 'has_more' is false" in notes[0]


def test_inference_can_be_turned_off_and_one_operation_on(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        document(PATTERNS),
        infer_pagination=False,
        pagination={"ListStripe": True, "ListCustom": False},
    )
    found = {k for k, v in paginations(api).items() if v is not None}
    # x-pagination and x-speakeasy-pagination are explicit: inference being off keeps them
    assert found == {"ListStripe", "ListSpeakeasy"}


def test_config_turns_one_operation_off(tmp_path: Path) -> None:
    api, _ = build(tmp_path, document(PATTERNS), pagination={"ListDaily": {"enabled": False}})
    assert paginations(api)["ListDaily"] is None
    assert paginations(api)["ListStripe"] is not None


def test_config_names_the_fields_of_an_operation_inference_misses(tmp_path: Path) -> None:
    paths = {
        "/no-signal": NEAR_MISSES["/no-signal"],
        "/feed": get("ListFeed", [query("from"), query("n", "integer")], obj(entries_list=ITEMS, more=BOOL)),
    }
    config = {
        "ListNoSignal": {"cursor": "starting_after", "next-cursor": "item.id"},
        "ListFeed": {"cursor": "from", "items": "entries_list", "has-more": "more", "next-cursor": "item.id"},
    }
    api, report = build(tmp_path, document(paths), pagination=config)
    found = paginations(api)
    assert found["ListNoSignal"] == Pagination(
        "cursor", ModelType("Item"), ("data",), ("data",), "config", "starting_after", cursor_item="id"
    )
    feed = found["ListFeed"]
    assert feed is not None and feed.origin == "config"
    assert (feed.items, feed.cursor_param, feed.cursor_item, feed.has_more) == (
        ("entries_list",),
        "from",
        "id",
        ("more",),
    )
    assert not report.warnings


def test_a_setting_that_does_not_fit_is_a_warning_and_no_pagination(tmp_path: Path) -> None:
    config = {
        "ListStripe": {"cursor": "nope"},
        "ListDaily": {"items": "missing"},
        "ListOpenai": {"curser": "after"},
    }
    api, report = build(tmp_path, document(PATTERNS), pagination=config)
    found = paginations(api)
    assert found["ListStripe"] is None and found["ListDaily"] is None and found["ListOpenai"] is None
    messages = " | ".join(d.message for d in report.warnings)
    assert "'nope' is not a query parameter" in messages
    assert "the answer has no list 'missing'" in messages
    assert "unknown key(s) curser" in messages


def test_speakeasy_offset_limit_and_url_shapes(tmp_path: Path) -> None:
    def speakeasy(kind: str, inputs: list[dict[str, str]], outputs: dict[str, str]) -> dict[str, Any]:
        return {"x-speakeasy-pagination": {"type": kind, "inputs": inputs, "outputs": outputs}}

    offset = [{"name": "skip", "in": "parameters", "type": "offset"}, {"name": "take", "type": "limit"}]
    paths = {
        "/offset": get(
            "ListOffset",
            [query("skip", "integer"), query("take", "integer")],
            obj(payload=obj(rows=ITEMS), count=INT),
            **speakeasy("offsetLimit", offset, {"results": "$.payload.rows"}),
        ),
        "/url": get(
            "ListUrl",
            [query("q")],
            obj(rows=ITEMS, links=obj(following={"type": "string"})),
            **speakeasy("url", [], {"nextUrl": "$.links.following"}),
        ),
        "/bad": get("ListBad", [query("q")], obj(rows=ITEMS), **speakeasy("sideways", [], {})),
    }
    api, report = build(tmp_path, document(paths))
    found = paginations(api)
    by_offset = found["ListOffset"]
    assert by_offset is not None
    assert (by_offset.style, by_offset.offset_param, by_offset.items, by_offset.attributes) == (
        "offset",
        "skip",
        ("payload", "rows"),
        ("payload", "rows"),
    )
    by_url = found["ListUrl"]
    assert by_url is not None and by_url.next_url == ("links", "following") and by_url.items == ("rows",)
    assert found["ListBad"] is None
    assert any("unknown x-speakeasy-pagination type 'sideways'" in d.message for d in report.warnings)


def test_pagination_settings_are_read_from_pyproject(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = ["a.yaml"]\noutput = "out"\npackage = "p"\n'
        "[tool.generator.pagination]\ninfer = false\n"
        "[tool.generator.pagination.operations]\nListRooms = true\nListLogs = false\n"
        'ListFeed = { cursor = "from", items = "entries" }\n',
        encoding="utf-8",
    )
    settings = load_settings(pyproject=pyproject)
    assert settings.infer_pagination is False
    assert settings.pagination == {
        "ListRooms": True,
        "ListLogs": False,
        "ListFeed": {"cursor": "from", "items": "entries"},
    }
    pyproject.write_text(
        '[tool.generator]\nspec = ["a.yaml"]\noutput = "out"\npackage = "p"\n'
        "[tool.generator.pagination]\nListRooms = true\n",
        encoding="utf-8",
    )
    with pytest.raises(SpecError, match="takes 'infer'"):
        load_settings(pyproject=pyproject)


def test_azure_x_ms_pageable(tmp_path: Path) -> None:
    answer = obj(value=ITEMS, nextLink={"type": "string"})
    paths = {
        "/subscriptions": get(
            "Subs_List", [query("api-version")], answer, **{"x-ms-pageable": {"nextLinkName": "nextLink"}}
        ),
        "/one-page": get(
            "One_List", [query("api-version")], answer, **{"x-ms-pageable": {"nextLinkName": None}}
        ),
    }
    api, report = build(tmp_path, document(paths))
    found = paginations(api)
    subs = found["Subs_List"]
    assert subs is not None
    assert (subs.style, subs.origin, subs.items, subs.next_url) == (
        "next_url",
        "x-ms-pageable",
        ("value",),
        ("nextLink",),
    )
    assert found["One_List"] is None
    assert not report.warnings
