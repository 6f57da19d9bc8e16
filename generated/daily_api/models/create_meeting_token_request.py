# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``CreateMeetingTokenRequest`` model."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, ClassVar

from .. import models
from .._models import Model, Wire, codec

if TYPE_CHECKING:
    from .meeting_token_properties import MeetingTokenProperties


@dataclasses.dataclass(kw_only=True, repr=False)
class CreateMeetingTokenRequest(Model):
    """The ``CreateMeetingTokenRequest`` object.

    Attributes:
        properties: ``MeetingTokenProperties``.
    """

    properties: MeetingTokenProperties | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("properties", "properties", codec.model(lambda: models.MeetingTokenProperties)),
    )
