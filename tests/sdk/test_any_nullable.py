"""Edit after decode: a model read from JSON and then changed sends what was changed.

A field's value never also sits in ``additional_properties``: a null read into an ``Any``
field (``{}`` or ``anyOf: [{}, {type: null}]``, which admit null) is the field's value, and
a null the spec does not allow leaves the field unset; either way a later assignment is
what ``to_dict()`` writes. Every kind of field is covered, each read as a value, as null
and absent, against the SDK of tests/fixtures/edit-after-decode (and through a local
server, sync and async).
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.paths import FIXTURES
from support.specs import settings_for

FIXTURE = FIXTURES / "edit-after-decode" / "openapi.yaml"
PACKAGE = "edit_after_decode_sdk"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    output = tmp_path_factory.mktemp("edit_after_decode") / "out"
    settings = settings_for(FIXTURE, output=output, package=PACKAGE)
    result = generate_files(settings)
    assert result.report.warnings == ()
    write(settings.output, result.files)
    sys.path.insert(0, str(output))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(output))


@dataclass(frozen=True)
class Kind:
    """One field of ``Thing``: what is read, what is assigned, and its JSON."""

    attribute: str
    read: Any
    """A JSON value read into the field."""
    assigned: Callable[[Any], Any]
    """The new value, given the SDK's ``models`` module."""
    sent: Any
    """The JSON ``to_dict`` writes for the new value."""
    nullable: bool


KINDS = [
    Kind("id", 1, lambda models: 2, 2, nullable=False),  # required scalar
    Kind("count", 3, lambda models: 4, 4, nullable=False),  # optional scalar
    Kind("status", "active", lambda models: models.ThingStatus.ARCHIVED, "archived", nullable=False),
    Kind("owner", {"name": "x"}, lambda models: models.Person(name="y"), {"name": "y"}, nullable=False),
    Kind("tags", ["a"], lambda models: ["b", "c"], ["b", "c"], nullable=False),
    Kind("labels", {"k": "v"}, lambda models: {"k2": "w"}, {"k2": "w"}, nullable=False),
    Kind("payload", {"deep": [1]}, lambda models: {"other": True}, {"other": True}, nullable=True),  # {}
    Kind("maybe", 5, lambda models: {"x": 1}, {"x": 1}, nullable=True),  # anyOf: [{}, {type: null}]
    Kind("note", "n", lambda models: "m", "m", nullable=True),  # [string, null]
    Kind("parent", {"name": "p"}, lambda models: models.Person(name="q"), {"name": "q"}, nullable=True),
]
BASE = {"id": 1, "name": "thing"}
STARTS = ("value", "null", "absent")


def _read(kind: Kind, start: str) -> dict[str, Any]:
    data = {key: value for key, value in BASE.items() if key != kind.attribute}
    if start == "value":
        data[kind.attribute] = kind.read
    elif start == "null":
        data[kind.attribute] = None
    return data


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("kind", KINDS, ids=[k.attribute for k in KINDS])
def test_an_edit_after_decode_is_what_to_dict_writes(sdk: Any, kind: Kind, start: str) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    thing = models.Thing.from_dict(_read(kind, start))
    assert thing.additional_properties == {}
    new = kind.assigned(models)
    setattr(thing, kind.attribute, new)
    written = thing.to_dict()
    assert written[kind.attribute] == kind.sent
    assert {key: value for key, value in written.items() if key != kind.attribute} == {
        key: value for key, value in BASE.items() if key != kind.attribute
    }
    assert getattr(models.Thing.from_dict(written), kind.attribute) == new


@pytest.mark.parametrize("kind", KINDS, ids=[k.attribute for k in KINDS])
def test_a_null_read_is_written_back_until_the_field_changes(sdk: Any, kind: Kind) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    data = _read(kind, "null")
    thing = models.Thing.from_dict(data)
    assert getattr(thing, kind.attribute) is None
    assert thing.additional_properties == {}
    assert thing.to_dict() == data  # nothing read is lost
    assert [w.nullable for w in models.Thing._wire if w.attribute == kind.attribute] == [kind.nullable]


def test_a_nullable_field_set_to_none_sends_null_and_others_leave_it_out(sdk: Any) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    for kind in KINDS:
        thing = models.Thing.from_dict({**BASE, kind.attribute: kind.read})
        setattr(thing, kind.attribute, None)
        written = thing.to_dict()
        if kind.nullable:
            assert written[kind.attribute] is None, kind.attribute
        else:
            assert kind.attribute not in written, kind.attribute


def test_an_any_field_is_unset_by_default_and_null_is_a_value(sdk: Any) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    assert models.Thing(id=1, name="thing").to_dict() == BASE
    assert models.Thing(id=1, name="thing", payload=None).to_dict() == {**BASE, "payload": None}
    assert models.Thing(id=1, name="thing").payload is sdk.UNSET


def test_a_set_field_wins_over_an_unknown_property_of_its_name(sdk: Any) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    thing = models.Thing(id=1, name="thing", count=2, additional_properties={"count": 9, "other": 1})
    assert thing.to_dict() == {**BASE, "count": 2, "other": 1}
    unset = models.Thing(id=1, name="thing", additional_properties={"count": 9})
    assert unset.to_dict() == {**BASE, "count": 9}


# ------------------------------------------------------------------ through a server

ANSWER = {**BASE, **{kind.attribute: None for kind in KINDS if kind.attribute != "id"}}


def _edit(models: Any, thing: Any) -> dict[str, Any]:
    """Give every field its new value; the keyword arguments that send the edited thing."""
    for kind in KINDS:
        setattr(thing, kind.attribute, kind.assigned(models))
    names = [f.name for f in dataclasses.fields(thing) if f.name != "additional_properties"]
    return {name: getattr(thing, name) for name in names}


def _expected() -> dict[str, Any]:
    return {"name": "thing", **{kind.attribute: kind.sent for kind in KINDS}}


def test_a_thing_read_edited_and_sent_back(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    scripted_server.enqueue(ScriptedResponse.of_json(ANSWER), ScriptedResponse.of_json(BASE))
    with sdk.EditAfterDecodeClient(base_url=scripted_server.url, max_retries=0) as client:
        thing = client.things.retrieve(1)
        assert thing.additional_properties == {}
        client.things.replace(1, **_edit(models, thing))
    assert scripted_server.requests[1].json == _expected()


def test_a_thing_read_edited_and_sent_back_async(sdk: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module(f"{PACKAGE}.models")
    scripted_server.enqueue(ScriptedResponse.of_json(ANSWER), ScriptedResponse.of_json(BASE))

    async def run() -> None:
        async with sdk.AsyncEditAfterDecodeClient(base_url=scripted_server.url, max_retries=0) as client:
            thing = await client.things.retrieve(1)
            assert thing.additional_properties == {}
            await client.things.replace(1, **_edit(models, thing))

    asyncio.run(run())
    assert scripted_server.requests[1].json == _expected()
