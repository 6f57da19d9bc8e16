"""The generated docs read cleanly: filled tables, HTML as Markdown, the spec's own examples, help()."""

from __future__ import annotations

import ast
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


def test_fields_parameters_and_responses_have_their_descriptions_under_them() -> None:
    """Daily's pages: one list item per field, parameter and response (name, type, whether it
    is required, its default), its description under it; no five-column table hides it."""
    sdk = daily_sdk()
    model = (sdk / "docs" / "models" / "MeetingTokenProperties.md").read_text(encoding="utf-8")
    assert "| Field |" not in model and "## Fields\n\n- **`room_name`** · `str` · optional\n\n" in model
    assert "- **`eject_at_token_exp`** · `bool` · optional, default `false`\n\n  Kick this user out" in model
    create = (sdk / "docs" / "operations" / "meeting_tokens" / "create.md").read_text(encoding="utf-8")
    assert (
        "- **`properties`** · [`MeetingTokenProperties`](../../models/MeetingTokenProperties.md) · optional\n"
        in create
    )
    assert "## Response\n\n- **200** · returns [`CreateMeetingTokenResponse`](" in create
    assert "- **400** · raises `BadRequestError`\n\n  HTTP 400: the request was invalid.\n" in create


def test_a_union_wraps_between_its_members() -> None:
    """``|`` stands between spaces outside the code spans: a code span is one unbreakable run."""
    page = (daily_sdk() / "docs" / "models" / "MeetingTokenProperties.md").read_text(encoding="utf-8")
    recording = next(line for line in page.splitlines() if line.startswith("- **`enable_recording`**"))
    link = "[`MeetingTokenPropertiesEnableRecording`](../models/MeetingTokenPropertiesEnableRecording.md)"
    assert f"· {link} | `str` | `list[`{link} | `str]` · optional" in recording
    assert not any("|" in span for span in re.findall(r"`([^`]*)`", recording))


PARAMETERS: dict[str, Any] = minimal(
    paths={
        "/search": {
            "get": {
                "operationId": "Search",
                "tags": ["search"],
                "parameters": [
                    {
                        "name": "q",
                        "in": "query",
                        "required": True,
                        "schema": {"type": "string"},
                        "example": "cats, " * 30,
                    },
                    {
                        "name": "X-Request-Source",
                        "in": "header",
                        "schema": {"type": "integer", "default": 3},
                        "description": "Who asks.",
                    },
                ],
                "responses": {
                    "200": {
                        "description": "Pages of results",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "properties": {"token": {"type": "string"}}},
                                "example": {"token": "t" * 150, "short": "s"},
                            }
                        },
                    }
                },
            }
        }
    },
)


def test_parameters_say_where_they_go_and_long_example_strings_fit_the_page(tmp_path: Path) -> None:
    out = generate_sdk(tmp_path, PARAMETERS, "docs_parameters_sdk")
    page = (out / "docs" / "operations" / "search" / "search.md").read_text(encoding="utf-8")
    assert "- **`q`** · `str` · required · in the query\n" in page  # undescribed: nothing under it
    assert (
        "- **`x_request_source`** · `int` · optional, default `3` · a header `X-Request-Source`\n\n"
        "  Who asks.\n" in page
    )
    assert "query." not in page
    assert "  Pages of results\n" in page  # the answer's description, as its own paragraph
    example = re.findall(r"```json\n(.*?)\n```", page, re.DOTALL)[0]
    assert max(len(line) for line in example.splitlines()) == 100
    assert f'"token": "{"t" * 85}…",' in example and '"short": "s"' in example
    assert "strings too long for a line are shortened with `…`" in page
    call = re.findall(r"```python\n(.*?)\n```", page, re.DOTALL)[0]
    assert max(len(line) for line in call.splitlines()) <= 100
    assert '        q=(\n            "cats, cats, ' in call  # split into literals Python joins, not cut
    assert "cats, " * 30 in [
        node.value for node in ast.walk(ast.parse(call)) if isinstance(node, ast.Constant)
    ]


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
