# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Data models of the Daily API: one dataclass per object schema, one enum per enum.

Models are imported on first use (``from daily_api.models import X``),
so importing the SDK stays fast however large the API is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .bad_request_response import BadRequestResponse as BadRequestResponse
    from .create_meeting_token_request import CreateMeetingTokenRequest as CreateMeetingTokenRequest
    from .create_meeting_token_response import (
        CreateMeetingTokenResponse as CreateMeetingTokenResponse,
    )
    from .meeting_token_properties import MeetingTokenProperties as MeetingTokenProperties
    from .meeting_token_properties import MeetingTokenPropertiesParam as MeetingTokenPropertiesParam
    from .meeting_token_properties_enable_recording import (
        MeetingTokenPropertiesEnableRecording as MeetingTokenPropertiesEnableRecording,
    )
    from .meeting_token_properties_lang import (
        MeetingTokenPropertiesLang as MeetingTokenPropertiesLang,
    )
    from .permissions import Permissions as Permissions
    from .permissions import PermissionsParam as PermissionsParam

_MODULE_OF: dict[str, str] = {
    "BadRequestResponse": "bad_request_response",
    "CreateMeetingTokenRequest": "create_meeting_token_request",
    "CreateMeetingTokenResponse": "create_meeting_token_response",
    "MeetingTokenProperties": "meeting_token_properties",
    "MeetingTokenPropertiesParam": "meeting_token_properties",
    "MeetingTokenPropertiesEnableRecording": "meeting_token_properties_enable_recording",
    "MeetingTokenPropertiesLang": "meeting_token_properties_lang",
    "Permissions": "permissions",
    "PermissionsParam": "permissions",
}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
