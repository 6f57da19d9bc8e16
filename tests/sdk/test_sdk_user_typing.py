"""A user's script in the style of openai-python's README (dicts as params, pages, enums, datetimes
and UUIDs in and out) type-checks with ``mypy --strict`` and pyright (strict) against the Daily
fixture SDK and the grown Daily spec's SDK; the same script with a misspelt key fails both.

The scripts are only type-checked here; what a dict param sends is shown against a local server
in ``test_sdk_dict_params.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support.daily_fixture import daily_sdk
from support.daily_grown import generate_grown_daily
from support.mypy import run_mypy
from support.pyright import require_pyright, run_pyright

FIXTURE_SCRIPT = '''\
"""Meeting tokens, as the Daily SDK's README shows them."""

from __future__ import annotations

from daily_api import DailyClient
from daily_api.models import MeetingTokenPropertiesLang, MeetingTokenPropertiesParam

client = DailyClient(api_key="sk_test_0123456789")

properties: MeetingTokenPropertiesParam = {
    "room_name": "standup",  # KEY room_name
    "is_owner": True,
    "lang": MeetingTokenPropertiesLang.FR,
    "permissions": {"canSend": ["video", "audio"], "hasPresence": True},  # KEY canSend
}
token = client.meeting_tokens.create(properties=properties)
print(token.token)

token = client.meeting_tokens.create(
    properties={"room_name": "retro", "exp": 1767225600, "lang": "de"},  # INLINE room_name
)
lang = MeetingTokenPropertiesLang.FR
print(f"{lang}", str(lang), token.to_dict())
'''

GROWN_SCRIPT = '''\
"""Rooms, as the grown Daily SDK's README shows them: sync and async."""

from __future__ import annotations

import asyncio
import datetime
import json
import uuid

from daily_rooms_api import AsyncDailyClient, DailyClient
from daily_rooms_api.models import Privacy, Room, RoomPropertiesParam

client = DailyClient(api_key="sk_test_0123456789")

properties: RoomPropertiesParam = {
    "starts_at": datetime.datetime(2026, 1, 2, 9, 30, tzinfo=datetime.UTC),
    "owner_id": uuid.UUID("6f1c0c8e-2d4b-4c8e-9a3f-0b1c2d3e4f50"),
    "max_participants": 8,  # KEY max_participants
}
room = client.rooms.create(name="standup", privacy=Privacy.PRIVATE, properties=properties)
room = client.rooms.create(
    name="retro",
    privacy="public",
    properties={"starts_at": "2026-01-02T09:30:00Z", "enable_chat": True},  # INLINE enable_chat
)
created: datetime.datetime | None = room.created_at
room_id: uuid.UUID | None = room.id
print(f"{room.privacy}", json.dumps(room.to_dict()), created, room_id)

for listed in client.rooms.list(limit=10):
    print(listed.name, listed.created_at)

page = client.rooms.list(limit=10)
rooms: list[Room] = page.data or []
total: int | None = page.total_count
while page.has_next_page():
    page = page.next_page()
    rooms += page.items


async def main() -> None:
    async with AsyncDailyClient(api_key="sk_test_0123456789") as async_client:
        made = await async_client.rooms.create(name="x", properties={"max_participants": 2})
        print(made.id)
        async for listed in async_client.rooms.list():
            print(listed.id)


asyncio.run(main())
'''


@pytest.fixture(scope="module")
def grown_sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output, _ = generate_grown_daily(tmp_path_factory.mktemp("daily-grown-typing"))
    return output


def _misspelt(script: str) -> tuple[str, dict[int, str]]:
    """``script`` with the key of every ``# KEY name`` and ``# INLINE name`` line misspelt (its last
    letter dropped): the new text, and each such line's number with the misspelt key."""
    lines = script.splitlines()
    wrong: dict[int, str] = {}
    for number, line in enumerate(lines, start=1):
        found = re.search(r"# (KEY|INLINE) (\w+)$", line)
        if found is not None:
            key = found.group(2)
            lines[number - 1] = line.replace(f'"{key}"', f'"{key[:-1]}"', 1)
            wrong[number] = key[:-1]
    return "\n".join(lines) + "\n", wrong


def _checkers(script: Path, sdk: Path, mypy_cache: Path) -> dict[str, str]:
    """Each checker's output on ``script`` (``""`` when it passed, else what it reported)."""
    mypy = run_mypy("--strict", script.name, cwd=script.parent, cache=mypy_cache, env={"MYPYPATH": str(sdk)})
    pyright = run_pyright(script, sdk)
    return {
        "mypy": "" if mypy.returncode == 0 else mypy.stdout + mypy.stderr or "mypy failed silently",
        "pyright": "" if pyright.returncode == 0 else pyright.stdout + pyright.stderr or "pyright failed",
    }


def _errors_on(output: str, lines: range) -> list[str]:
    """The checker's messages about ``lines`` of the script (mypy's ``x.py:7:``, pyright's
    ``x.py:7:5``; mypy reports a dict's key on the statement's first line), with the note lines
    that follow each (pyright explains on the next lines)."""
    found: list[str] = []
    output_lines = output.splitlines()
    for index, text in enumerate(output_lines):
        where = re.search(r"\.py:(\d+):", text)
        if where is not None and int(where.group(1)) in lines:
            rest = [t for t in output_lines[index + 1 : index + 4] if not re.search(r"\.py:\d+:", t)]
            found.append("\n".join([text, *rest]))
    return found


def _statement(script: str, line: int) -> range:
    """The lines of the top-level statement that holds ``line`` (its unindented first line to the
    line before the next one): a checker may report a dict's keys on any of them, and pyright only
    the first wrong key of a statement."""
    lines = script.splitlines()
    first = line
    while first > 1 and (lines[first - 1][:1].isspace() or lines[first - 1].startswith((")", "}"))):
        first -= 1
    last = line
    while last < len(lines) and (lines[last][:1].isspace() or lines[last].startswith((")", "}"))):
        last += 1
    return range(first, last + 1)


@pytest.mark.parametrize("which", ["fixture", "grown"])
def test_the_readme_style_script_type_checks_and_a_misspelt_key_fails(
    which: str, grown_sdk: Path, mypy_cache: Path, tmp_path: Path
) -> None:
    require_pyright()
    sdk, script_text = (daily_sdk(), FIXTURE_SCRIPT) if which == "fixture" else (grown_sdk, GROWN_SCRIPT)
    good = tmp_path / "good" / "user_script.py"
    good.parent.mkdir()
    good.write_text(script_text, encoding="utf-8")
    assert _checkers(good, sdk, mypy_cache) == {"mypy": "", "pyright": ""}

    text, wrong = _misspelt(script_text)
    assert len(wrong) >= 2
    bad = tmp_path / "bad" / "user_script.py"
    bad.parent.mkdir()
    bad.write_text(text, encoding="utf-8")
    outputs = _checkers(bad, sdk, mypy_cache)
    for checker, output in outputs.items():
        assert output, f"{checker} accepted a misspelt key"
        statements: dict[range, list[int]] = {}
        for line in wrong:
            statements.setdefault(_statement(text, line), []).append(line)
        for statement, lines in statements.items():
            keys = [wrong[line] for line in lines]
            errors = _errors_on(output, statement)
            assert errors, f"{checker} reported nothing on lines {statement} (keys {keys}):\n{output}"
            if any("# KEY" in text.splitlines()[line - 1] for line in lines):
                # A dict declared as the typed dict: the message names the unknown key.
                assert any(f'"{key}"' in error for error in errors for key in keys), (checker, errors)
