"""The grown Daily spec: the Daily fixture spec (``tests/fixtures/daily``) grown by a rooms
resource in Daily's shape, and its SDK ``daily_rooms_api``.

``GET /rooms`` lists rooms a page at a time (``limit``, ``ending_before``, ``starting_after`` →
``{total_count, data: [room]}``); ``POST /rooms`` creates one from a body whose ``properties``
object holds a date-time and a UUID (so request objects, typed dicts and values meet in one
call). The fixture (a frozen copy of the vendored spec) has only ``POST /meeting-tokens``; this
is what the SDK becomes when Daily's rooms pages are added to ``upstream``.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from generator.emit.writer import write
from generator.pipeline import Result, generate_files

from support.paths import DAILY_FIXTURE_SPEC
from support.specs import settings_for

PACKAGE = "daily_rooms_api"

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


ROOM_PROPERTIES = {
    "type": "object",
    "properties": {
        "starts_at": {"type": "string", "format": "date-time"},
        "owner_id": {"type": "string", "format": "uuid"},
        "max_participants": {"type": "integer"},
        "enable_chat": {"type": "boolean"},
    },
}
CREATE_ROOM = {
    "tags": ["rooms"],
    "summary": "rooms",
    "description": "Create a room",
    "operationId": "CreateRoom",
    "requestBody": {
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["name"],
                    "properties": {
                        "name": {"type": "string"},
                        "privacy": {"type": "string", "enum": ["public", "private"]},
                        "properties": {"$ref": "#/components/schemas/room_properties"},
                    },
                }
            }
        }
    },
    "responses": {
        "200": {
            "description": "200",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/room"}}},
        }
    },
}


def grown_daily_spec() -> dict[str, Any]:
    """The fixture spec with ``GET /rooms`` and ``POST /rooms`` (a fresh copy each call)."""
    spec = yaml.safe_load(DAILY_FIXTURE_SPEC.read_text(encoding="utf-8"))
    spec["paths"]["/rooms"] = {**copy.deepcopy(LIST_ROOMS), "post": copy.deepcopy(CREATE_ROOM)}
    spec["components"]["schemas"]["room"] = copy.deepcopy(ROOM)
    spec["components"]["schemas"]["room_properties"] = copy.deepcopy(ROOM_PROPERTIES)
    return spec


def generate_grown_daily(folder: Path) -> tuple[Path, Result]:
    """Write the grown spec and its SDK (``daily_rooms_api``, ``DailyClient``) under ``folder``:
    (the folder to put on ``sys.path``, the generation's result)."""
    (folder / "daily.yaml").write_text(yaml.safe_dump(grown_daily_spec(), sort_keys=False), encoding="utf-8")
    settings = settings_for(
        folder / "daily.yaml", output=folder / "out", package=PACKAGE, client_class="DailyClient"
    )
    result = generate_files(settings)
    write(settings.output, result.files)
    return settings.output, result
