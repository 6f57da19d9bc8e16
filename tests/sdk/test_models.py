"""Behaviour of generated models: what is sent, what is read, and that nothing is lost."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path
from typing import Any

import pytest

from daily_api.models import (
    CreateMeetingTokenResponse,
    MeetingTokenProperties,
    MeetingTokenPropertiesEnableRecording,
    MeetingTokenPropertiesLang,
    Permissions,
)

from support.specs import import_sdk, minimal


def test_unset_fields_are_not_sent() -> None:
    assert MeetingTokenProperties().to_dict() == {}
    assert MeetingTokenProperties(room_name="r", is_owner=False).to_dict() == {
        "room_name": "r",
        "is_owner": False,
    }


def test_wire_names_and_enums() -> None:
    props = MeetingTokenProperties(
        lang=MeetingTokenPropertiesLang.PT_BR,
        enable_recording=[MeetingTokenPropertiesEnableRecording.CLOUD, "raw-tracks"],
        permissions=Permissions(
            can_send=["video"], can_admin=True, has_presence=False, can_receive={"base": False}
        ),
    )
    assert props.to_dict() == {
        "lang": "pt-BR",
        "enable_recording": ["cloud", "raw-tracks"],
        "permissions": {
            "canSend": ["video"],
            "canAdmin": True,
            "hasPresence": False,
            "canReceive": {"base": False},
        },
    }
    # The member and its plain value serialise identically.
    assert (
        MeetingTokenProperties(lang="pt-BR").to_dict()
        == MeetingTokenProperties(lang=MeetingTokenPropertiesLang.PT_BR).to_dict()
    )


def test_enum_members_read_as_their_values() -> None:
    """In text a member is its wire value, as a plain string would be (StrEnum), never ``Class.NAME``."""
    member = MeetingTokenPropertiesLang.PT_BR
    assert (str(member), f"{member}", f"lang={member}") == ("pt-BR", "pt-BR", "lang=pt-BR")
    assert member == "pt-BR" and isinstance(member, str)


def test_reading_decodes_enums_unions_and_nested_models() -> None:
    props = MeetingTokenProperties.from_dict(
        {
            "lang": "no",
            "enable_recording": "cloud",
            "permissions": {"canSend": True, "canAdmin": ["participants"]},
        }
    )
    assert props.lang is MeetingTokenPropertiesLang.NO
    assert props.enable_recording is MeetingTokenPropertiesEnableRecording.CLOUD
    assert props.permissions == Permissions(can_send=True, can_admin=["participants"])
    listed = MeetingTokenProperties.from_dict({"enable_recording": ["local", "cloud-audio-only"]})
    assert listed.enable_recording == [
        MeetingTokenPropertiesEnableRecording.LOCAL,
        MeetingTokenPropertiesEnableRecording.CLOUD_AUDIO_ONLY,
    ]


def test_unknown_fields_and_enum_values_are_kept() -> None:
    data = {"token": "t", "expires": 12, "nested": {"a": [1, 2]}}
    response = CreateMeetingTokenResponse.from_dict(data)
    assert response.token == "t"
    assert response.additional_properties == {"expires": 12, "nested": {"a": [1, 2]}}
    assert response.to_dict() == data
    props = MeetingTokenProperties.from_dict({"lang": "eo", "enable_recording": ["cloud", "hologram"]})
    assert props.lang == "eo"
    assert props.enable_recording == [MeetingTokenPropertiesEnableRecording.CLOUD, "hologram"]
    assert props.to_dict() == {"lang": "eo", "enable_recording": ["cloud", "hologram"]}


def test_values_of_unexpected_types_do_not_crash_and_round_trip() -> None:
    data: dict[str, Any] = {"exp": "soon", "permissions": "all", "room_name": None, "is_owner": 1}
    props = MeetingTokenProperties.from_dict(data)
    assert props.exp == "soon"
    assert props.to_dict() == data


FULL_PROPERTIES: dict[str, Any] = {
    "room_name": "standup",
    "eject_at_token_exp": True,
    "eject_after_elapsed": 60,
    "nbf": 1,
    "exp": 1_900_000_000,
    "is_owner": True,
    "user_name": "Ada",
    "user_id": "u-1",
    "enable_screenshare": False,
    "start_video_off": True,
    "start_audio_off": True,
    "enable_recording": ["cloud", "raw-tracks"],
    "enable_prejoin_ui": True,
    "enable_live_captions_ui": True,
    "enable_recording_ui": False,
    "enable_terse_logging": True,
    "knocking": True,
    "start_cloud_recording": True,
    "start_cloud_recording_opts": {"layout": {"preset": "default"}},
    "auto_start_transcription": True,
    "close_tab_on_exit": True,
    "redirect_on_meeting_exit": "https://example.com",
    "lang": "pt-BR",
    "permissions": {
        "hasPresence": True,
        "canSend": ["video", "audio"],
        "canReceive": {"base": True},
        "canAdmin": True,
    },
}


def test_round_trip_is_exact() -> None:
    assert (
        len(FULL_PROPERTIES) == len(dataclasses.fields(MeetingTokenProperties)) - 1
    )  # + additional_properties
    props = MeetingTokenProperties.from_dict(FULL_PROPERTIES)
    assert props.to_dict() == FULL_PROPERTIES
    assert MeetingTokenProperties.from_dict(props.to_dict()) == props


def test_repr_shows_only_what_is_set() -> None:
    assert repr(MeetingTokenProperties(room_name="r")) == "MeetingTokenProperties(room_name='r')"


def test_models_are_loaded_lazily() -> None:
    models = importlib.import_module("daily_api.models")
    assert "Permissions" in dir(models)
    with pytest.raises(AttributeError):
        models.NoSuchModel  # noqa: B018


NULLABLE_SPEC = minimal(
    version="3.1.0",
    schemas={
        "Item": {
            "type": "object",
            "required": ["id", "note"],
            "properties": {
                "id": {"type": "integer"},
                "note": {"type": ["string", "null"]},
                "label": {"type": ["string", "null"]},
                "size": {"type": "integer", "enum": [1, 2, 3]},
                "kind": {"enum": ["a", 1, True]},
                "tags": {"type": "object", "additionalProperties": {"type": "integer"}},
                "class": {"type": "string"},
            },
        },
    },
)


def test_nullable_optional_fields_distinguish_null_from_unset(tmp_path: Path) -> None:
    sdk = import_sdk(tmp_path, NULLABLE_SPEC, "nullable_sdk")
    models = importlib.import_module("nullable_sdk.models")
    item_class = models.Item
    assert item_class(id=1, note=None).to_dict() == {"id": 1, "note": None}
    assert item_class(id=1, note="x", label=None).to_dict() == {"id": 1, "note": "x", "label": None}
    item = item_class.from_dict(
        {"id": 1, "note": None, "label": None, "size": 2, "kind": 1, "tags": {"a": 1}, "class": "c"}
    )
    assert item.label is None and item.size is models.ItemSize.VALUE_2 and item.class_ == "c"
    assert item_class.from_dict({"id": 1, "note": None}).label is sdk.UNSET
    assert item.to_dict() == {
        "id": 1,
        "note": None,
        "label": None,
        "size": 2,
        "kind": 1,
        "tags": {"a": 1},
        "class": "c",
    }
