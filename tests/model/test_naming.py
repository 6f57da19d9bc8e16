"""Identifiers from spec names: valid, readable, stable, collision-free."""

from __future__ import annotations

import keyword

import pytest

from generator.model.method_names import english_method_name
from generator.model.naming import (
    NameAllocator,
    attribute_name,
    class_name,
    constant_name,
    pascal_case,
    singular,
    snake_case,
)


@pytest.mark.parametrize(
    ("text", "snake", "pascal"),
    [
        ("canSend", "can_send", "CanSend"),
        ("enable-recording", "enable_recording", "EnableRecording"),
        ("HTTPHealthCheck", "http_health_check", "HttpHealthCheck"),
        ("meeting-tokens", "meeting_tokens", "MeetingTokens"),
        ("X-Request-ID", "x_request_id", "XRequestId"),
        ("user.name", "user_name", "UserName"),
        ("already_snake", "already_snake", "AlreadySnake"),
        # A version is one word, however it is joined to its neighbours.
        ("Concurrency Limits V2", "concurrency_limits_v2", "ConcurrencyLimitsV2"),
        ("VerifyV2AccessToken", "verify_v2_access_token", "VerifyV2AccessToken"),
        ("APIV2Status", "api_v2_status", "ApiV2Status"),
        ("v10beta", "v10_beta", "V10Beta"),
        # Other digits still split: only a lone "v" before them makes a version.
        ("dev2", "dev_2", "Dev2"),
        ("line1", "line_1", "Line1"),
    ],
)
def test_case_conversion(text: str, snake: str, pascal: str) -> None:
    assert snake_case(text) == snake
    assert pascal_case(text) == pascal


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("class", "class_"),
        ("from", "from_"),
        ("2fa", "field_2_fa"),
        ("str", "str_"),
        ("$ref", "ref"),
        ("", "field"),
    ],
)
def test_attribute_names_are_safe(wire: str, expected: str) -> None:
    name = attribute_name(wire)
    assert name == expected
    assert name.isidentifier() and not keyword.iskeyword(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("properties", "Properties"), ("Model", "ModelModel"), ("200", "Model200"), ("class", "Class")],
)
def test_class_names(text: str, expected: str) -> None:
    assert class_name(text) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("pt-BR", "PT_BR"),
        ("no", "NO"),
        ("cloud-audio-only", "CLOUD_AUDIO_ONLY"),
        (1, "VALUE_1"),
        (-1, "VALUE_MINUS_1"),
        ("", "EMPTY"),
        ("GMT+0", "GMT_PLUS_0"),
        ("3d", "VALUE_3_D"),
        (True, "TRUE"),
    ],
)
def test_enum_member_names(value: object, expected: str) -> None:
    assert constant_name(value) == expected


def test_allocator_is_case_insensitive_and_numbers_collisions() -> None:
    names = NameAllocator(["Client"])
    assert names.claim("HttpCheck") == "HttpCheck"
    assert names.claim("HTTPCheck") == "HTTPCheck2"
    assert names.claim("Client", "ClientModel") == "ClientModel"
    assert names.claim("Client") == "Client2"
    assert names.claim("x_1") == "x_1"
    assert names.claim("x_1") == "x_1_2"


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("rooms", "room"),
        ("policies", "policy"),
        ("boxes", "box"),
        ("status", "status"),
        ("statuses", "status"),
        ("analysis", "analysis"),
        ("address", "address"),
        ("series", "series"),
        ("recordings", "recording"),
    ],
)
def test_singular(plural: str, single: str) -> None:
    assert singular(plural) == single


@pytest.mark.parametrize(
    ("operation_id", "tag", "expected"),
    [
        ("CreateMeetingToken", "meeting-tokens", "create"),
        ("ListRooms", "rooms", "list"),
        ("DeleteRoom", "rooms", "delete"),
        ("GetRoomPresence", "rooms", "get_presence"),
        ("getRecordingAccessLink", "recordings", "get_access_link"),
        ("Rooms", "rooms", "rooms"),
    ],
)
def test_method_names_drop_the_resource_noun(operation_id: str, tag: str, expected: str) -> None:
    assert english_method_name(operation_id, tag)[0] == expected


@pytest.mark.parametrize(
    ("text", "snake", "pascal"),
    [
        ("Größe", "grosse", "Grosse"),
        ("naïve-value", "naive_value", "NaiveValue"),
        ("名前", "u540d_u524d", "U540dU524d"),
    ],
)
def test_identifiers_are_ascii(text: str, snake: str, pascal: str) -> None:
    assert (snake_case(text), pascal_case(text)) == (snake, pascal)
    assert snake.isascii() and pascal.isascii()
