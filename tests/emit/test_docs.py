"""The generated docs read cleanly: filled tables, HTML as Markdown, the spec's own examples, help()."""

from __future__ import annotations

import importlib
import pydoc
import re
from pathlib import Path
from typing import Any

from support.daily_fixture import daily_sdk
from support.specs import generate_sdk, import_sdk, minimal

EXAMPLES: dict[str, Any] = minimal(
    paths={
        "/rooms/{name}": {
            "post": {
                "operationId": "UpdateRoom",
                "tags": ["rooms"],
                "parameters": [
                    {
                        "name": "name",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": "standup",
                    },
                    {
                        "name": "region",
                        "in": "query",
                        "required": True,
                        "schema": {"$ref": "#/components/schemas/Region"},
                        "examples": {"europe": {"value": "eu-west"}},
                    },
                ],
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/RoomUpdate"},
                            "example": {"privacy": "private", "max_participants": 12},
                        }
                    }
                },
                "responses": {
                    "200": {
                        "description": "The room",
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Room"},
                                "example": {"name": "standup", "privacy": "private"},
                            }
                        },
                    }
                },
            }
        }
    },
    schemas={
        "Region": {"type": "string", "enum": ["us-east", "eu-west"]},
        "RoomUpdate": {
            "type": "object",
            "properties": {
                "privacy": {"type": "string", "enum": ["public", "private"]},
                "max_participants": {"type": "integer"},
                "nickname": {"type": "string", "example": "Daily standup"},
            },
        },
        "Room": {
            "type": "object",
            "description": 'A room. See <a href="https://example.com/rooms">the guide</a> &amp; <b>more</b>.',
            "required": ["name"],
            "properties": {
                "name": {"type": "string", "description": "Its name, i.e. the last part of its URL. More."},
                "privacy": {"type": "string"},
                "created_at": {"type": "string", "readOnly": True},
            },
        },
    },
)


def _tables(markdown: str) -> list[list[str]]:
    """The cells of every table row in ``markdown`` (header and separator rows excluded)."""
    rows = []
    for line in markdown.splitlines():
        if line.startswith("| ") and not set(line) <= set("|- "):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            rows.append(cells)
    return rows


def test_no_reference_table_has_an_empty_cell() -> None:
    """Daily's pages: every column is filled ("—" where the spec says nothing)."""
    sdk = daily_sdk()
    pages = sorted((sdk / "docs").rglob("*.md"))
    assert pages
    empty = [
        f"{page.relative_to(sdk)}: {row}"
        for page in pages
        for row in _tables(page.read_text(encoding="utf-8"))
        if "" in row
    ]
    assert empty == []
    create = (sdk / "docs" / "operations" / "meeting_tokens" / "create.md").read_text(encoding="utf-8")
    assert (
        "| `properties` | [`MeetingTokenProperties`](../../models/MeetingTokenProperties.md) | no | — | — |"
        in create
    )
    assert "| 400 | `BadRequestError` | HTTP 400: the request was invalid. |" in create


def test_examples_come_from_the_spec(tmp_path: Path) -> None:
    out = generate_sdk(tmp_path, EXAMPLES, "docs_examples_sdk")
    page = (out / "docs" / "operations" / "rooms" / "update.md").read_text(encoding="utf-8")
    example = page.split("## Example", 1)[1]
    assert (
        'client.rooms.update(\n        "standup",' in example or 'client.rooms.update("standup",' in example
    )
    assert "region=Region.EU_WEST" in example
    assert "privacy=RoomUpdatePrivacy.PRIVATE" in example and "max_participants=12" in example
    assert '"string"' not in example and "nickname" not in example  # only what the body example sets
    assert '"name": "standup"' in page.split("## Response", 1)[1]  # the answer's example, as JSON
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "region=Region.EU_WEST" in readme


def test_html_in_descriptions_is_markdown_in_pages_and_text_in_docstrings(tmp_path: Path) -> None:
    sdk = import_sdk(tmp_path, EXAMPLES, "docs_html_sdk")
    out = tmp_path / "out"
    page = (out / "docs" / "models" / "Room.md").read_text(encoding="utf-8")
    assert "A room. See [the guide](https://example.com/rooms) &amp; **more**." in page
    assert "&lt;a" not in page and "<a " not in page
    room = importlib.import_module(f"{sdk.__name__}.models.room").Room
    assert room.__doc__.startswith("A room. See [the guide](https://example.com/rooms) & **more**.")


def test_help_on_a_model_lists_its_fields(tmp_path: Path) -> None:
    sdk = import_sdk(tmp_path, EXAMPLES, "docs_help_sdk")
    room = importlib.import_module(f"{sdk.__name__}.models.room").Room
    text = pydoc.render_doc(room, renderer=pydoc.plaintext)
    assert "Attributes:" in text
    assert "name: Its name, i.e. the last part of its URL." in text  # first sentence, not cut at "i.e."
    assert "privacy: ``str``." in text  # undescribed: its type
    assert "created_at: ``str``. Read-only." in text
