"""Possessive and plural operationIds read as actions on the resource, and collisions
are resolved by meaning before suffixes.

The specs are small copies of Spotify's shapes (``get-users-saved-albums`` on
``/me/albums``, ids in the query and in the body), written here, not read from the corpus.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from generator.model.ir import Api
from generator.model.method_names import (
    PathShape,
    carry_qualifiers,
    read_verb,
    starts_at_caller,
    without_caller,
)

from support.specs import build, minimal

# ------------------------------------------------------------------ unit rules


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/me/albums", True),
        ("/v1/me", True),
        ("/user/repos", True),  # GitHub's authenticated user
        ("/users/{user_id}/playlists", False),
        ("/user/{id}", False),  # one user among others
        ("/albums", False),
    ],
)
def test_paths_that_start_at_the_caller(path: str, expected: bool) -> None:
    assert starts_at_caller(path) is expected


@pytest.mark.parametrize(
    ("tidy", "expected"),
    [
        (["get", "users", "saved"], ["get", "saved"]),
        (["save", "user"], ["save"]),
        (["list", "current", "users"], ["list"]),
        (["get", "current", "profile"], ["get", "current", "profile"]),  # "current" alone stays
        (["get", "users"], ["get"]),
        (["users"], ["users"]),  # the verb's place always stays
    ],
)
def test_words_naming_the_caller_go(tidy: list[str], expected: list[str]) -> None:
    assert without_caller(tidy) == expected


COLLECTION = PathShape("GET", item=False, collection=True)
SINGLE_OBJECT = PathShape("GET", item=False, collection=False)
ITEM = PathShape("GET", item=True)
FILTER = PathShape("POST", item=False, collection=False)


@pytest.mark.parametrize(
    ("tidy", "plural", "shape", "expected"),
    [
        (["get", "saved"], True, COLLECTION, ["list", "saved"]),
        (["get", "multiple"], True, COLLECTION, ["get", "several"]),
        (
            ["fetch", "several", "audio", "features"],
            True,
            COLLECTION,
            ["get", "several", "audio", "features"],
        ),
        (["get", "recommendations"], True, SINGLE_OBJECT, ["get", "recommendations"]),  # one object
        (["get", "tracks"], True, ITEM, ["get", "tracks"]),
        (
            ["get", "basic", "list", "of", "strings"],
            True,
            COLLECTION,
            ["get", "basic", "list", "of", "strings"],
        ),
        (["read"], True, FILTER, ["list"]),  # FastAPI's read_flows on POST /flows/filter
        (["read", "all"], True, FILTER, ["list"]),
        (["read", "history"], True, FILTER, ["read", "history"]),  # more than "all": not a list
        (["read"], False, ITEM, ["read"]),  # singular: the REST verb decides later
        (["save"], True, COLLECTION, ["save"]),  # not a reading verb
    ],
)
def test_reading_verbs(tidy: list[str], plural: bool, shape: PathShape, expected: list[str]) -> None:
    assert read_verb(tidy, plural, shape) == expected


def test_a_lists_qualifier_is_carried_to_the_verbs_of_its_path() -> None:
    named = [
        ("GET", "/me/albums", "list_saved"),
        ("PUT", "/me/albums", "save"),
        ("DELETE", "/me/albums", "remove"),
        ("GET", "/me/albums/contains", "check_saved"),
        ("DELETE", "/albums", "remove"),  # another path: nothing to carry
        ("GET", "/users/{id}/albums", "list_for_user"),
        ("DELETE", "/users/{id}/albums", "remove"),  # "for user" is no qualifier
    ]
    assert carry_qualifiers(named) == [
        "list_saved",
        "save",
        "remove_saved",
        "check_saved",
        "remove",
        "list_for_user",
        "remove",
    ]


# ------------------------------------------------------------------ the model

PAGE = {
    "allOf": [
        {"$ref": "#/components/schemas/Paging"},
        {"type": "object", "properties": {"items": {"type": "array", "items": {"type": "object"}}}},
    ]
}
IDS_QUERY = {"name": "ids", "in": "query", "required": True, "schema": {"type": "string"}}


def _op(operation_id: str, tag: str, *, answer: Any = None, **extra: Any) -> dict[str, Any]:
    response: dict[str, Any] = {"description": "ok"}
    if answer is not None:
        response["content"] = {"application/json": {"schema": answer}}
    return {"operationId": operation_id, "tags": [tag], "responses": {"200": response}, **extra}


def _ids_body(required: list[str] | None = None, ids: Any = None) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {"ids": ids or {"type": "array", "items": {"type": "string"}}},
    }
    if required:
        schema["required"] = required
    return {"content": {"application/json": {"schema": schema}}}


SPOTIFY_LIKE = minimal(
    {
        "/albums": {"get": _op("get-multiple-albums", "Albums", parameters=[IDS_QUERY])},
        "/albums/{id}": {
            "get": _op(
                "get-an-album",
                "Albums",
                parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            )
        },
        "/albums/{id}/tracks": {
            "get": _op(
                "get-an-albums-tracks",
                "Albums",
                answer=PAGE,
                parameters=[{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            )
        },
        "/me/albums": {
            "get": _op("get-users-saved-albums", "Albums", answer=PAGE),
            "put": _op("save-albums-user", "Albums", parameters=[IDS_QUERY], requestBody=_ids_body()),
            "delete": _op("remove-albums-user", "Albums", parameters=[IDS_QUERY], requestBody=_ids_body()),
        },
        "/me/albums/contains": {"get": _op("check-users-saved-albums", "Albums", parameters=[IDS_QUERY])},
        "/tracks": {"get": _op("get-several-tracks", "Tracks", parameters=[IDS_QUERY])},
        "/recommendations": {
            "get": _op(
                "get-recommendations",
                "Tracks",
                answer={"type": "object", "properties": {"seeds": {"type": "array", "items": {}}}},
            )
        },
        "/me/playlists": {"get": _op("get-a-list-of-current-users-playlists", "Playlists", answer=PAGE)},
        "/me/player/pause": {"put": _op("pause-a-users-playback", "Player")},
    },
    schemas={"Paging": {"type": "object", "properties": {"total": {"type": "integer"}}}},
)


def _methods(api: Api) -> dict[str, list[str]]:
    return {r.name: [o.method_name for o in r.operations] for r in api.resources}


def test_possessive_and_plural_names_read_as_actions(tmp_path: Path) -> None:
    api, _ = build(tmp_path, SPOTIFY_LIKE)
    assert _methods(api) == {
        "albums": [
            "get_several",
            "retrieve",
            "list_tracks",
            "list_saved",
            "save",
            "remove_saved",
            "check_saved",
        ],
        "player": ["pause_playback"],
        "playlists": ["list"],
        # get-several-tracks and get-multiple-albums say the same: one word for both.
        "tracks": ["get_several", "get_recommendations"],
    }


def _arguments(api: Api, resource: str, method: str) -> list[str]:
    (found,) = (
        o for r in api.resources if r.name == resource for o in r.operations if o.method_name == method
    )
    body = [f.argument for f in found.body.fields] if found.body is not None else []
    return [p.name for p in found.parameters] + body


def test_a_body_property_that_repeats_a_parameter_is_taken_once(tmp_path: Path) -> None:
    api, report = build(tmp_path, SPOTIFY_LIKE)
    assert _arguments(api, "albums", "save") == ["ids"]
    assert _arguments(api, "albums", "remove_saved") == ["ids"]
    notes = [n.message for n in report.notes]
    assert sum("body property 'ids' repeats the query parameter 'ids'" in n for n in notes) == 2


@pytest.mark.parametrize(
    "body",
    [
        _ids_body(required=["ids"]),  # the body needs it: the caller must be able to give it
        _ids_body(ids={"type": "object", "properties": {"a": {"type": "string"}}}),  # another value
    ],
)
def test_a_body_property_with_another_meaning_keeps_its_own_argument(tmp_path: Path, body: Any) -> None:
    document = minimal(
        {"/me/albums": {"put": _op("save-albums-user", "Albums", parameters=[IDS_QUERY], requestBody=body)}}
    )
    api, _ = build(tmp_path, document)
    assert _arguments(api, "albums", "save") == ["ids", "body_ids"]
