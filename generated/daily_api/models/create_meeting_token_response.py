# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``CreateMeetingTokenResponse`` model."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from .._models import Model, Wire, codec


@dataclasses.dataclass(kw_only=True, repr=False)
class CreateMeetingTokenResponse(Model):
    """The ``CreateMeetingTokenResponse`` object.

    Attributes:
        token: ``str``.
    """

    token: str | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (Wire("token", "token", codec.STRING),)
