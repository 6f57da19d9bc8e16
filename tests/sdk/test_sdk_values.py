"""Datetimes, dates and UUIDs against a local server, sync and async (tests/fixtures/values).

Sent from their values or their strings in every place (path, query, header, JSON, form,
multipart); read into values, a bad one kept as its string unless validation is strict, where
it is reported with its path; a value JSON cannot hold is named by its field.
"""

from __future__ import annotations

import asyncio
import datetime
import importlib
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.paths import FIXTURES
from support.specs import settings_for

FIXTURE = FIXTURES / "values" / "openapi.yaml"
PACKAGE = "values_sdk"
AT = datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=datetime.UTC)
AT_TEXT = "2024-01-31T10:20:30Z"
DAY = datetime.date(2024, 1, 31)
ID = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")
EVENT = {"id": str(ID), "at": AT_TEXT, "day": "2024-01-31", "seen": [AT_TEXT]}


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    output = tmp_path_factory.mktemp("values") / "out"
    settings = settings_for(FIXTURE, output=output, package=PACKAGE)
    result = generate_files(settings)
    assert result.report.warnings == ()
    write(settings.output, result.files)
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))


def _run(sdk: Any, url: str, is_async: bool, call: Any, **options: Any) -> Any:
    """``call(client)`` on a sync or an async client (awaited)."""
    if not is_async:
        with sdk.ValuesClient(base_url=url, max_retries=0, **options) as client:
            return call(client)

    async def main() -> Any:
        async with sdk.AsyncValuesClient(base_url=url, max_retries=0, **options) as client:
            return await call(client)

    return asyncio.run(main())


MODES = pytest.mark.parametrize("is_async", [False, True], ids=["sync", "async"])


@MODES
@pytest.mark.parametrize("as_text", [False, True], ids=["values", "strings"])
def test_parameters_are_sent_as_their_text(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool, as_text: bool
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json(EVENT))
    given = (str(ID), AT_TEXT, ["2024-01-31"], "2024-01-31") if as_text else (ID, AT, [DAY], DAY)
    event = _run(
        sdk,
        scripted_server.url,
        is_async,
        lambda c: c.events.retrieve(given[0], after=given[1], days=given[2], x_as_of=given[3]),
    )
    sent = scripted_server.requests[0]
    assert urllib.parse.unquote(sent.path) == f"/events/{ID}"
    assert sent.query_params == [("after", AT_TEXT), ("days", "2024-01-31")]
    assert sent.header("X-As-Of") == "2024-01-31"
    assert (event.id, event.at, event.day, event.seen) == (ID, AT, DAY, [AT])


@MODES
def test_json_form_and_multipart_bodies_send_the_text(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json(EVENT), ScriptedResponse.empty(), ScriptedResponse.empty()
    )

    def each(client: Any) -> Iterator[Any]:
        yield client.events.create(at=AT, day=DAY, id=ID, properties={"when": AT, "who": [ID]})
        yield client.events.submit_form(at=AT_TEXT, day=DAY, id=str(ID))
        yield client.events.upload_file(file=b"x", at=AT, id=ID)

    def calls(client: Any) -> Any:
        if not is_async:
            return list(each(client))

        async def in_turn() -> None:
            for call in each(client):
                await call

        return in_turn()

    _run(sdk, scripted_server.url, is_async, calls)
    json_body, form, multipart = (r for r in scripted_server.requests)
    assert json_body.json == {
        "at": AT_TEXT,
        "day": "2024-01-31",
        "id": str(ID),
        "properties": {"when": AT_TEXT, "who": [str(ID)]},
    }
    assert urllib.parse.parse_qsl(form.body.decode()) == [
        ("at", AT_TEXT),
        ("day", "2024-01-31"),
        ("id", str(ID)),
    ]
    text = multipart.body.decode()
    assert f'name="at"\r\n\r\n{AT_TEXT}\r\n' in text
    assert f'name="id"\r\n\r\n{ID}\r\n' in text


@MODES
def test_a_bad_value_is_kept_as_its_string_unless_strict(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    bad = {**EVENT, "seen": [AT_TEXT, "last tuesday"]}
    scripted_server.enqueue(ScriptedResponse.of_json(bad), ScriptedResponse.of_json(bad))
    event = _run(sdk, scripted_server.url, is_async, lambda c: c.events.retrieve(ID))
    assert event.seen == [AT, "last tuesday"]
    assert event.to_dict() == bad
    with pytest.raises(sdk.APIResponseValidationError) as raised:
        _run(
            sdk,
            scripted_server.url,
            is_async,
            lambda c: c.events.retrieve(ID),
            strict_response_validation=True,
        )
    assert "body.seen[1]: expected a date-time (RFC 3339), got a string that is not one" in str(raised.value)


class Foo:
    pass


@MODES
def test_a_value_json_cannot_hold_is_named_by_its_field(
    sdk: Any, scripted_server: ScriptedHTTPServer, is_async: bool
) -> None:
    with pytest.raises(TypeError) as raised:
        _run(
            sdk,
            scripted_server.url,
            is_async,
            lambda c: c.events.create(at=AT, properties={"exp": Foo()}),
        )
    assert str(raised.value) == "properties.exp: Object of type Foo is not JSON serializable"
    assert scripted_server.requests == []
