# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Tests of ``client.meeting_tokens``: every method against the mock server."""

from __future__ import annotations

import pytest

from daily_api import AsyncDailyClient, DailyClient
from daily_api.models import (
    CreateMeetingTokenResponse,
    MeetingTokenProperties,
    MeetingTokenPropertiesEnableRecording,
    MeetingTokenPropertiesLang,
    Permissions,
)

from _support import Exchanges, unknown_fields


class TestMeetingTokens:
    def test_create(self, client: DailyClient, exchanges: Exchanges) -> None:
        result = client.meeting_tokens.create()
        status = exchanges.status
        assert status == 200, status
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []

    def test_create_with_all_params(self, client: DailyClient, exchanges: Exchanges) -> None:
        result = client.meeting_tokens.create(
            properties=MeetingTokenProperties(
                room_name="my-room",
                eject_at_token_exp=True,
                eject_after_elapsed=0,
                nbf=0,
                exp=0,
                is_owner=True,
                user_name="my-user",
                user_id="user_123",
                enable_screenshare=True,
                start_video_off=True,
                start_audio_off=True,
                enable_recording=MeetingTokenPropertiesEnableRecording.CLOUD,
                enable_prejoin_ui=True,
                enable_live_captions_ui=True,
                enable_recording_ui=True,
                enable_terse_logging=True,
                knocking=True,
                start_cloud_recording=True,
                start_cloud_recording_opts={},
                auto_start_transcription=True,
                close_tab_on_exit=True,
                redirect_on_meeting_exit="example",
                lang=MeetingTokenPropertiesLang.DA,
                permissions=Permissions(
                    has_presence=True,
                    can_send=True,
                    can_receive={},
                    can_admin=True,
                ),
            ),
        )
        status = exchanges.status
        assert status == 200, status
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []

    def test_raw_response_create(self, client: DailyClient, exchanges: Exchanges) -> None:
        response = client.meeting_tokens.with_raw_response.create()
        status = response.status_code
        assert status == 200, status
        assert status == exchanges.status
        result = response.parse()
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []


@pytest.mark.anyio
class TestAsyncMeetingTokens:
    async def test_create(self, async_client: AsyncDailyClient, exchanges: Exchanges) -> None:
        result = await async_client.meeting_tokens.create()
        status = exchanges.status
        assert status == 200, status
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []

    async def test_create_with_all_params(
        self,
        async_client: AsyncDailyClient,
        exchanges: Exchanges,
    ) -> None:
        result = await async_client.meeting_tokens.create(
            properties=MeetingTokenProperties(
                room_name="my-room",
                eject_at_token_exp=True,
                eject_after_elapsed=0,
                nbf=0,
                exp=0,
                is_owner=True,
                user_name="my-user",
                user_id="user_123",
                enable_screenshare=True,
                start_video_off=True,
                start_audio_off=True,
                enable_recording=MeetingTokenPropertiesEnableRecording.CLOUD,
                enable_prejoin_ui=True,
                enable_live_captions_ui=True,
                enable_recording_ui=True,
                enable_terse_logging=True,
                knocking=True,
                start_cloud_recording=True,
                start_cloud_recording_opts={},
                auto_start_transcription=True,
                close_tab_on_exit=True,
                redirect_on_meeting_exit="example",
                lang=MeetingTokenPropertiesLang.DA,
                permissions=Permissions(
                    has_presence=True,
                    can_send=True,
                    can_receive={},
                    can_admin=True,
                ),
            ),
        )
        status = exchanges.status
        assert status == 200, status
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []

    async def test_raw_response_create(
        self,
        async_client: AsyncDailyClient,
        exchanges: Exchanges,
    ) -> None:
        response = await async_client.meeting_tokens.with_raw_response.create()
        status = response.status_code
        assert status == 200, status
        assert status == exchanges.status
        result = await response.parse()
        assert isinstance(result, CreateMeetingTokenResponse)
        assert unknown_fields(result) == []
