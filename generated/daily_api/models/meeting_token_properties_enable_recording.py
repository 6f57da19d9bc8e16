# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``MeetingTokenPropertiesEnableRecording`` enum."""

from __future__ import annotations

from .._models import StrEnum


class MeetingTokenPropertiesEnableRecording(StrEnum):
    """Values of ``MeetingTokenProperties.enable_recording``."""

    CLOUD = "cloud"
    CLOUD_AUDIO_ONLY = "cloud-audio-only"
    LOCAL = "local"
    RAW_TRACKS = "raw-tracks"
