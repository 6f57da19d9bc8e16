"""Method names that read like English, sub-resources from path nesting, and renames.

Unit tests on the public naming functions first, then the model built from small specs
(where every rule meets the others: collisions, sub-resources, renames), then the
settings that carry renames (with their located errors).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.model.ir import Api, Resource
from generator.model.method_names import (
    PathShape,
    english_method_name,
    is_path_named,
    is_plural,
    namespace_of,
    path_owners,
    place_by_path,
    rest_verb,
    shape_of,
    tidy_words,
)
from generator.model.renames import RenameError, parse_renames

from support.paths import ROOT
from support.specs import build, minimal

# ------------------------------------------------------------------ unit rules


@pytest.mark.parametrize(
    ("tokens", "expected"),
    [
        (["get", "an"], ["get"]),
        (["get", "a", "categories"], ["get", "categories"]),
        (["get", "the", "users", "queue"], ["get", "users", "queue"]),
        (["get", "a", "list", "of", "current", "users"], ["list", "current", "users"]),
        (["get", "list", "users"], ["list", "users"]),
        (["get", "information", "about", "the", "users", "playback"], ["get", "users", "playback"]),
        (["add", "tracks", "to"], ["add", "tracks"]),
        (["seek", "to", "position"], ["seek", "to", "position"]),
        (["the"], ["the"]),  # nothing would be left: the words stay
    ],
)
def test_articles_and_filler_words_are_dropped(tokens: list[str], expected: list[str]) -> None:
    assert tidy_words(tokens) == expected


ITEM_GET = PathShape("GET", item=True)
COLLECTION_GET = PathShape("GET", item=False, collection=True)


@pytest.mark.parametrize(
    ("operation_id", "resource", "shape", "expected"),
    [
        ("get-an-album", "Albums", ITEM_GET, "retrieve"),
        ("get-a-category", "Categories", ITEM_GET, "retrieve"),
        ("get-categories", "Categories", COLLECTION_GET, "list"),
        ("get-an-artists-top-tracks", "Artists", ITEM_GET, "get_top_tracks"),
        ("get-a-categories-playlists", "Playlists", ITEM_GET, "get_categories"),
        ("add-tracks-to-playlist", "Playlists", PathShape("POST", item=False), "add_tracks"),
        ("CreateMeetingToken", "meeting-tokens", PathShape("POST", item=False), "create"),
        ("GetRoomPresence", "rooms", ITEM_GET, "get_presence"),
        ("PostWidget", "widgets", PathShape("POST", item=True), "update"),
        ("PutWidget", "widgets", PathShape("PUT", item=True), "update"),
    ],
)
def test_english_method_names(operation_id: str, resource: str, shape: PathShape, expected: str) -> None:
    assert english_method_name(operation_id, resource, shape)[0] == expected


@pytest.mark.parametrize(
    ("operation_id", "tag", "expected"),
    [
        ("ListRateLimit", "VerifyV2RateLimit", "list"),  # a tail of the tag's noun
        ("CreateNewFactorPasskey", "VerifyV2NewFactor", "create_passkey"),
        ("FetchAccessToken", "VerifyV2AccessToken", "retrieve"),
    ],
)
def test_the_longest_tail_of_the_resource_noun_is_dropped(operation_id: str, tag: str, expected: str) -> None:
    assert english_method_name(operation_id, tag, ITEM_GET)[0] == expected


def test_a_namespace_every_operation_id_shares_is_dropped() -> None:
    assert namespace_of(["youtube.videos.list", "youtube.videos.getRating"]) == ("youtube",)
    assert namespace_of(["youtube.videos.list", "drive.files.list"]) == ()
    assert namespace_of(["youtube.videos.list"]) == ()  # one operation says nothing
    assert namespace_of(["youtube.videos.list", "ListVideos"]) == ()
    assert (
        english_method_name("youtube.videos.getRating", "videos", ITEM_GET, ("youtube",))[0] == "get_rating"
    )
    assert english_method_name("youtube.videos.list", "videos", COLLECTION_GET, ("youtube",))[0] == "list"


def test_an_owner_before_a_trailing_noun_reads_as_for() -> None:
    assert path_owners("/v1/users/{user_id}/playlists") == ["users"]
    assert path_owners("/browse/categories/{category_id}/playlists") == ["categories"]
    assert path_owners("/me/playlists") == []
    owners = ["categories"]
    # "a category's playlists": the plural in the operationId says it lists.
    singleton = PathShape("GET", item=False, collection=False)  # the answer is no list
    assert english_method_name("get-a-categories-playlists", "Playlists", singleton, owners=owners)[0] == (
        "list_for_category"
    )
    post = PathShape("POST", item=False)
    assert english_method_name("create-booking-payment", "Payments", post, owners=["bookings"])[0] == (
        "create_for_booking"
    )
    # The noun in the middle: the word before it is not a possessive of the result.
    assert (
        english_method_name("get-an-albums-tracks", "Albums", ITEM_GET, owners=["albums"])[0] == "get_tracks"
    )


def test_the_fallback_is_the_whole_operation_id_without_articles() -> None:
    assert english_method_name("get-an-album", "albums", ITEM_GET) == ("retrieve", "get_album")


@pytest.mark.parametrize(
    ("shape", "verb"),
    [
        (PathShape("GET", item=True), "retrieve"),
        (PathShape("GET", item=False, collection=True), "list"),
        (PathShape("GET", item=False, collection=False), "retrieve"),  # a singleton: /v1/balance
        (PathShape("POST", item=False, collection=True), "create"),
        (PathShape("POST", item=False, collection=False), "update"),
        (PathShape("POST", item=True, post_updates=True), "update"),
        (PathShape("POST", item=True, post_updates=False), None),  # the path has PUT/PATCH
        (PathShape("PATCH", item=True), "update"),
        (PathShape("DELETE", item=True), "delete"),
        (PathShape("OPTIONS", item=True), None),
    ],
)
def test_rest_verbs_follow_the_shape(shape: PathShape, verb: str | None) -> None:
    assert rest_verb(shape) == verb


def test_shape_of_tells_collections_items_and_singletons() -> None:
    paths = {("GET", "/v1/customers"), ("GET", "/v1/customers/{id}"), ("GET", "/v1/balance")}
    paths |= {("GET", "/v1/balance/history/{id}"), ("PUT", "/v1/things/{id}"), ("POST", "/v1/things/{id}")}
    assert shape_of("GET", "/v1/customers", paths) == PathShape("GET", item=False, collection=True)
    assert shape_of("GET", "/v1/balance", paths).collection is False  # history/{id} is deeper
    assert shape_of("get", "/v1/customers/{id}", paths).item is True
    assert shape_of("POST", "/v1/things/{id}", paths).post_updates is False


@pytest.mark.parametrize(
    ("segment", "plural"),
    [("bank_accounts", True), ("sessions", True), ("status", False), ("analysis", False), ("capture", False)],
)
def test_plural_segments(segment: str, plural: bool) -> None:
    assert is_plural(segment) is plural


@pytest.mark.parametrize(
    ("operation_id", "method", "path", "expected"),
    [
        ("GetCustomersCustomerBankAccountsId", "get", "/v1/customers/{customer}/bank_accounts/{id}", True),
        ("PostChargesChargeCapture", "post", "/v1/charges/{charge}/capture", True),
        (None, "get", "/rooms/{name}", True),
        ("", "get", "/rooms/{name}", True),
        ("ListRooms", "get", "/rooms", False),
        ("GetRoomPresence", "get", "/rooms/{name}/presence", False),
    ],
)
def test_path_named_operation_ids(operation_id: str | None, method: str, path: str, expected: bool) -> None:
    assert is_path_named(operation_id, method, path) is expected


STRIPE_LIKE = {
    ("GET", "/v1/customers"),
    ("POST", "/v1/customers"),
    ("GET", "/v1/customers/search"),
    ("GET", "/v1/customers/{customer}"),
    ("POST", "/v1/customers/{customer}"),
    ("DELETE", "/v1/customers/{customer}"),
    ("GET", "/v1/customers/{customer}/bank_accounts"),
    ("POST", "/v1/customers/{customer}/bank_accounts"),
    ("GET", "/v1/customers/{customer}/bank_accounts/{id}"),
    ("DELETE", "/v1/customers/{customer}/bank_accounts/{id}"),
    ("POST", "/v1/customers/{customer}/bank_accounts/{id}/verify"),
    ("DELETE", "/v1/customers/{customer}/discount"),
    ("POST", "/v1/customers/{customer}/login_links"),
}


@pytest.mark.parametrize(
    ("method", "path", "chain", "name"),
    [
        ("GET", "/v1/customers", (), "list"),
        ("POST", "/v1/customers", (), "create"),
        ("GET", "/v1/customers/search", (), "search"),  # a trailing action
        ("GET", "/v1/customers/{customer}", (), "retrieve"),
        ("POST", "/v1/customers/{customer}", (), "update"),
        ("DELETE", "/v1/customers/{customer}", (), "delete"),
        ("GET", "/v1/customers/{customer}/bank_accounts", ("bank_accounts",), "list"),
        ("POST", "/v1/customers/{customer}/bank_accounts", ("bank_accounts",), "create"),
        ("GET", "/v1/customers/{customer}/bank_accounts/{id}", ("bank_accounts",), "retrieve"),
        ("DELETE", "/v1/customers/{customer}/bank_accounts/{id}", ("bank_accounts",), "delete"),
        ("POST", "/v1/customers/{customer}/bank_accounts/{id}/verify", ("bank_accounts",), "verify"),
        ("DELETE", "/v1/customers/{customer}/discount", (), "delete_discount"),
        # A plural segment is a collection even with one operation.
        ("POST", "/v1/customers/{customer}/login_links", ("login_links",), "create"),
    ],
)
def test_path_named_operations_are_placed_by_their_path(
    method: str, path: str, chain: tuple[str, ...], name: str
) -> None:
    placed = place_by_path(method, path, "customers", STRIPE_LIKE, "fallback")
    assert (placed.chain, placed.preferred, placed.fallback) == (chain, name, "fallback")


def test_renames_by_operation_id_route_and_pattern() -> None:
    renames = parse_renames(
        {
            "GetRoomPresence": "presence",
            "get /rooms/{name}/config": "config",
            r"re:^Get(?P<what>\w+)Stats$": "stats_{what}",
            r"re:^Get(?P<what>\w+)$": "fetch_{what}",
        }
    )
    assert renames.name_for("GetRoomPresence", "GET", "/anything") == "presence"
    assert renames.name_for("x", "GET", "/rooms/{name}/config") == "config"
    assert renames.name_for("x", "POST", "/rooms/{name}/config") is None
    assert renames.name_for("GetRoomStats", "GET", "/s") == "stats_room"  # the first pattern that matches
    assert renames.name_for("GetRoomList", "GET", "/s") == "fetch_room_list"
    assert renames.name_for("ListRooms", "GET", "/s") is None  # patterns match the whole id


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"re:Get(": "x"}, "is not a valid regular expression"),
        (
            {r"re:^Get(?P<what>\w+)$": "get_{which}"},
            "uses {which}, which 're:^Get(?P<what>\\\\w+)$' does not capture",
        ),
        ({"FROB /rooms": "x"}, "'FROB' in 'FROB /rooms' is not an HTTP method"),
        ({"GetRooms": ""}, "must be a non-empty string"),
        ({"GetRooms": 3}, "must be a non-empty string"),
        ({"Get Rooms Now": "x"}, "is neither an operationId nor 'METHOD /path'"),
    ],
)
def test_bad_renames_are_refused(table: dict[str, Any], message: str) -> None:
    with pytest.raises(RenameError, match=None) as caught:
        parse_renames(table)
    assert message in str(caught.value)
    assert caught.value.key == next(iter(table))


def test_bad_renames_in_pyproject_are_located(tmp_path: Path) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = ["s.yaml"]\noutput = "out"\npackage = "sdk"\n\n'
        "[tool.generator.names.operations]\n"
        'ListRooms = "list"\n'
        '"re:^Get(?P<what>.+)$" = "get_{that}"\n',
        encoding="utf-8",
    )
    with pytest.raises(SpecError) as caught:
        load_settings(pyproject=pyproject)
    (diagnostic,) = caught.value.diagnostics
    assert diagnostic.line == 8
    assert "uses {that}" in diagnostic.message
    assert diagnostic.format().startswith(f"{pyproject}:8:")


# ------------------------------------------------------------------ the model


def _op(operation_id: str | None = None, *, params: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> Any:
    spec: dict[str, Any] = {"responses": {"204": {"description": "done"}}}
    if operation_id:
        spec["operationId"] = operation_id
    if tags:
        spec["tags"] = list(tags)
    if params:
        spec["parameters"] = [
            {"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in params
        ]
    return spec


def _tree(api: Api) -> dict[str, Any]:
    def node(resource: Resource) -> dict[str, Any]:
        found: dict[str, Any] = {"": [o.method_name for o in resource.operations]}
        for sub in resource.resources:
            found[sub.name] = node(sub)
        return found

    return {r.name: node(r) for r in api.resources}


STRIPE_SPEC = minimal(
    {
        "/v1/customers": {"get": _op("GetCustomers"), "post": _op("PostCustomers")},
        "/v1/customers/{customer}": {
            "get": _op("GetCustomersCustomer", params=("customer",)),
            "post": _op("PostCustomersCustomer", params=("customer",)),
            "delete": _op("DeleteCustomersCustomer", params=("customer",)),
        },
        "/v1/customers/{customer}/bank_accounts": {
            "get": _op("GetCustomersCustomerBankAccounts", params=("customer",)),
        },
        "/v1/customers/{customer}/bank_accounts/{id}": {
            "get": _op("GetCustomersCustomerBankAccountsId", params=("customer", "id")),
            "delete": _op("DeleteCustomersCustomerBankAccountsId", params=("customer", "id")),
        },
        "/v1/customers/{customer}/bank_accounts/{id}/verify": {
            "post": _op("PostCustomersCustomerBankAccountsIdVerify", params=("customer", "id")),
        },
        "/v1/charges/{charge}/capture": {"post": _op("PostChargesChargeCapture", params=("charge",))},
        "/v1/charges/search": {"get": _op("GetChargesSearch")},
        "/v1/charges/{charge}": {"get": _op(None, params=("charge",))},
    }
)


def test_machine_named_operations_nest_into_sub_resources(tmp_path: Path) -> None:
    api, _ = build(tmp_path, STRIPE_SPEC)
    assert _tree(api) == {
        "charges": {"": ["capture", "search", "retrieve"]},
        "customers": {
            "": ["list", "create", "retrieve", "update", "delete"],
            "bank_accounts": {"": ["list", "retrieve", "delete", "verify"]},
        },
    }
    bank_accounts = api.resources[1].resources[0]
    assert (bank_accounts.qualified_name, bank_accounts.class_name, bank_accounts.module) == (
        "customers.bank_accounts",
        "CustomersBankAccounts",
        "customers_bank_accounts",
    )
    assert [r.access for r in api.all_resources] == ["charges", "customers", "customers.bank_accounts"]
    assert len(api.operations) == 12


def test_people_named_operations_stay_flat(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            {
                "/albums/{id}": {"get": _op("get-an-album", params=("id",), tags=("Albums",))},
                "/albums/{id}/tracks": {"get": _op("get-an-albums-tracks", params=("id",), tags=("Albums",))},
                "/browse/categories": {"get": _op("get-categories", tags=("Categories",))},
                "/browse/categories/{id}": {
                    "get": _op("get-a-category", params=("id",), tags=("Categories",))
                },
                "/recommendations": {"get": _op("get-recommendations", tags=("Tracks",))},
            }
        ),
    )
    assert _tree(api) == {
        # "get an album's tracks": a reading verb before a plural noun lists.
        "albums": {"": ["retrieve", "list_tracks"]},
        "categories": {"": ["list", "retrieve"]},
        # The id spells method and path, but /recommendations is not the tag's noun: flat.
        "tracks": {"": ["list_recommendations"]},
    }


def test_colliding_names_fall_back_to_the_longer_name(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            {
                # Both reduce to "retrieve": both take their whole operationId, and
                # the second, still taken, the path's word that tells them apart.
                "/rooms/{name}": {"get": _op("GetARoom", params=("name",))},
                "/rooms/{name}/x": {"get": _op("GetTheRoom", params=("name",), tags=("rooms",))},
                # A method never shadows a sub-resource: "parts" is one.
                "/things/{thing}/parts": {"get": _op(None, params=("thing",))},
                "/things/{thing}/y": {"get": _op("Parts", params=("thing",), tags=("things",))},
            }
        ),
    )
    tree = _tree(api)
    assert tree["rooms"] == {"": ["get_room", "get_room_x"]}
    assert tree["things"] == {"": ["parts_y"], "parts": {"": ["list"]}}


def test_sub_resources_never_take_reserved_or_keyword_names(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            {
                "/items/{item}/class": {
                    "get": _op(None, params=("item",)),
                    "post": _op(None, params=("item",)),
                },
                "/items/{item}/list": {
                    "get": _op(None, params=("item",)),
                    "delete": _op(None, params=("item",)),
                },
            }
        ),
    )
    (items,) = api.resources
    assert [r.name for r in items.resources] == ["class_", "list_"]
    assert all(name.isidentifier() for name in (r.name for r in items.resources))


def test_renames_apply_in_sub_resources_and_win(tmp_path: Path) -> None:
    renames = {
        "GetCustomersCustomerBankAccountsId": "fetch",
        "POST /v1/charges/{charge}/capture": "capture_now",
        r"re:^Get(?P<what>Charges)Search$": "find_{what}",
    }
    api, _ = build(tmp_path, STRIPE_SPEC, operation_names=renames)
    tree = _tree(api)
    assert tree["charges"][""] == ["capture_now", "find_charges", "retrieve"]
    assert tree["customers"]["bank_accounts"][""] == ["list", "fetch", "delete", "verify"]


def test_names_do_not_depend_on_path_order(tmp_path: Path) -> None:
    reordered = dict(STRIPE_SPEC, paths=dict(reversed(list(STRIPE_SPEC["paths"].items()))))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, _ = build(tmp_path / "a", STRIPE_SPEC)
    second, _ = build(tmp_path / "b", reordered)

    def names(api: Api) -> set[tuple[str, str, str]]:
        return {(r.access, o.method_name, o.path) for o, r in api.operations}

    assert names(first) == names(second)


def test_the_readme_rename_example_works(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Naming and overrides") :]
    block = section[
        section.index("```toml") + len("```toml") : section.index("```", section.index("```toml") + 7)
    ]
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = ["s.yaml"]\noutput = "o"\npackage = "p"\n' + block, encoding="utf-8"
    )
    renames = parse_renames(load_settings(pyproject=pyproject).operation_names)
    assert renames.name_for("GetRoomStats", "GET", "/stats") == "stats_room"
    assert renames.name_for("x", "GET", "/rooms/{name}/presence") == "presence"


def test_names_the_resource_class_body_uses_are_never_taken(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            {
                "/tools/{tool}/httpx": {
                    "get": _op(None, params=("tool",)),
                    "post": _op(None, params=("tool",)),
                },
                "/tools/{tool}/y": {"get": _op("Builtins", params=("tool",), tags=("tools",))},
            }
        ),
    )
    (tools,) = api.resources
    assert [r.name for r in tools.resources] == ["httpx2"]
    assert [o.method_name for o in tools.operations] == ["builtins_y"]


def test_a_rename_that_matches_nothing_is_reported(tmp_path: Path) -> None:
    renames = {"GetCustomers": "all", "GetNothing": "x", "GET /v1/nowhere": "y", "re:^Zzz(?P<a>.*)$": "z_{a}"}
    api, report = build(tmp_path, STRIPE_SPEC, operation_names=renames)
    assert api.resources[1].operations[0].method_name == "all"
    assert [w.message for w in report.warnings] == [
        f"[tool.generator.names.operations] {key!r} matches no operation; it is unused"
        for key in ("GET /v1/nowhere", "GetNothing", "re:^Zzz(?P<a>.*)$")
    ]


def test_action_names_are_never_keywords() -> None:
    paths = {("POST", "/v1/orders/{id}/return"), ("POST", "/v1/orders/{id}/3ds")}
    assert place_by_path("POST", "/v1/orders/{id}/return", "orders", paths, "f").preferred == "return_"
    assert place_by_path("POST", "/v1/orders/{id}/3ds", "orders", paths, "f").preferred == "call_3_ds"
