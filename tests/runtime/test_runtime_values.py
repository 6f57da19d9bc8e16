"""The runtime's codecs of ``date-time``, ``date`` and ``uuid`` strings, and how their Python
values are written back (tested as source, ``generator/runtime``)."""

from __future__ import annotations

import datetime
import json
import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

import pytest

from generator.runtime._formats import parse_date_time
from generator.runtime._models import Model, Wire, codec, json_text, to_wire
from generator.runtime._multipart import multipart_parts
from generator.runtime._params import Param, encode_query, header_value, path_segment

UTC = datetime.UTC
PLUS_TWO = datetime.timezone(datetime.timedelta(hours=2))
ID = uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2024-01-31T10:20:30Z", datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=UTC)),
        ("2024-01-31t10:20:30z", datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=UTC)),
        ("2024-01-31T10:20:30.5+02:00", datetime.datetime(2024, 1, 31, 10, 20, 30, 500000, PLUS_TWO)),
        ("2024-01-31T10:20:30.123456789Z", datetime.datetime(2024, 1, 31, 10, 20, 30, 123456, UTC)),
        ("2024-01-31 10:20:30", datetime.datetime(2024, 1, 31, 10, 20, 30)),
    ],
)
def test_rfc_3339_date_times_are_read(text: str, parsed: datetime.datetime) -> None:
    assert parse_date_time(text) == parsed
    assert codec.DATE_TIME.decode(text) == parsed


@pytest.mark.parametrize("text", ["yesterday", "2024-02-30T00:00:00Z", "2024-01-31", "", "2024-01-31T10:20Z"])
def test_a_date_time_that_does_not_parse_is_kept_as_it_came(text: str) -> None:
    assert codec.DATE_TIME.decode(text) == text
    assert codec.DATE_TIME.problem(text, "body.at", strict=False) is None
    found = codec.DATE_TIME.problem(text, "body.at", strict=True)
    assert found == "body.at: expected a date-time (RFC 3339), got a string that is not one"


def test_dates_and_uuids_are_read_and_bad_ones_kept() -> None:
    assert codec.DATE.decode("2024-01-31") == datetime.date(2024, 1, 31)
    assert codec.DATE.decode("2024-13-01") == "2024-13-01"
    assert codec.UUID.decode(str(ID)) == ID
    assert codec.UUID.decode("3fa85f64") == "3fa85f64"
    assert codec.UUID.problem("3fa85f64", "body.id", strict=True) == (
        "body.id: expected a UUID, got a string that is not one"
    )
    assert codec.UUID.problem(7, "body.id", strict=True) == "body.id: expected a UUID, got a number"


def test_a_union_prefers_the_value_a_string_parses_into() -> None:
    either = codec.union(codec.STRING, codec.DATE_TIME)
    assert either.decode("2024-01-31T00:00:00Z") == datetime.datetime(2024, 1, 31, tzinfo=UTC)
    assert either.decode("soon") == "soon"


@pytest.mark.parametrize(
    ("value", "wire"),
    [
        (datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=UTC), "2024-01-31T10:20:30Z"),
        (datetime.datetime(2024, 1, 31, 10, 20, 30, 500000, PLUS_TWO), "2024-01-31T10:20:30.500000+02:00"),
        (datetime.datetime(2024, 1, 31, 10, 20, 30), "2024-01-31T10:20:30"),  # naive: sent as given
        (datetime.date(2024, 1, 31), "2024-01-31"),
        (ID, "3fa85f64-5717-4562-b3fc-2c963f66afa6"),
        ("2024-01-31T10:20:30Z", "2024-01-31T10:20:30Z"),
    ],
)
def test_values_are_written_as_their_json_text(value: object, wire: str) -> None:
    assert to_wire(value) == wire
    assert to_wire([value]) == [wire]
    assert json.loads(json_text({"a": value})) == {"a": wire}


def test_every_parameter_location_writes_the_text() -> None:
    at = datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=UTC)
    assert path_segment(ID) == "3fa85f64-5717-4562-b3fc-2c963f66afa6"
    assert path_segment(at) == "2024-01-31T10%3A20%3A30Z"
    assert encode_query(Param("on", datetime.date(2024, 1, 31))) == [("on", "2024-01-31")]
    assert encode_query(Param("at", [at, "x"], explode=False)) == [("at", "2024-01-31T10:20:30Z,x")]
    assert header_value(ID) == str(ID)
    parts = multipart_parts({"at": at, "ids": [ID]}, {})
    assert parts == [("at", (None, "2024-01-31T10:20:30Z")), ("ids", (None, str(ID)))]


@dataclass(kw_only=True, repr=False)
class _Event(Model):
    at: datetime.datetime | None = None
    on: datetime.date | None = None
    id: uuid.UUID | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("at", "at", codec.DATE_TIME),
        Wire("on", "on", codec.DATE),
        Wire("id", "id", codec.UUID),
    )


def test_a_model_round_trips_its_values() -> None:
    data = {"at": "2024-01-31T10:20:30Z", "on": "2024-01-31", "id": str(ID)}
    event = _Event.from_dict(data)
    assert event.at == datetime.datetime(2024, 1, 31, 10, 20, 30, tzinfo=UTC)
    assert event.on == datetime.date(2024, 1, 31)
    assert event.id == ID
    assert event.to_dict() == data


def test_a_model_keeps_a_bad_value_as_its_string() -> None:
    data = {"at": "not a time", "on": "2024-01-31", "id": "x"}
    event = _Event.from_dict(data)
    assert event.at == "not a time"
    assert event.to_dict() == data


class _Foo:
    pass


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ({"properties": {"exp": _Foo()}}, "properties.exp"),
        ({"items": [1, {"a": _Foo()}]}, "items[1].a"),
        (_Foo(), "body"),
    ],
)
def test_a_value_json_cannot_hold_is_named_by_its_field(body: Any, where: str) -> None:
    with pytest.raises(TypeError) as raised:
        json_text(body)
    assert str(raised.value) == f"{where}: Object of type _Foo is not JSON serializable"
