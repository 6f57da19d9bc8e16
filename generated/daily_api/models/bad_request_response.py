# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``BadRequestResponse`` model."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

from .._models import Model, Wire, codec


@dataclasses.dataclass(kw_only=True, repr=False)
class BadRequestResponse(Model):
    """The ``BadRequestResponse`` object.

    Attributes:
        error: ``str``.
        info: ``str``.
    """

    error: str | None = None

    info: str | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("error", "error", codec.STRING),
        Wire("info", "info", codec.STRING),
    )
