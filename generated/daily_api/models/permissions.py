# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``Permissions`` model."""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar, TypedDict

from .._models import Model, Wire, codec


@dataclasses.dataclass(kw_only=True, repr=False)
class Permissions(Model):
    """Specifies the initial default permissions for a
    non-[meeting-owner](https://docs.daily.co/guides/configurations-and-settings/controlling-who-joins-a-meeting#meeting-owner-privileges)
    participant joining a call.

    Each permission (i.e. each of the properties listed below) can be configured in the
    meeting token, the room, and/or the domain, in decreasing order of precedence.

    Participant admins (those with the `'participants'` value in their `canAdmin`
    permission) can also change participants' permissions on the fly during a call using
    [`updateParticipant()`](https://docs.daily.co/products/daily-js/instance-methods/update-participant#param-update-permissions)
    or
    [`updateParticipants()`](https://docs.daily.co/products/daily-js/instance-methods/update-participants).

    Attributes:
        has_presence: Whether the participant appears as "present" in the call, i.e.
            whether they appear in
            [`participants()`](https://docs.daily.co/products/daily-js/instance-methods/participants).
        can_send: Which types of media a participant should be permitted to send.
        can_receive: Which media the participant should be permitted to receive.
        can_admin: Which admin tasks a participant is permitted to do.
    """

    has_presence: bool | None = None
    """Whether the participant appears as "present" in the call, i.e. whether they appear
    in
    [`participants()`](https://docs.daily.co/products/daily-js/instance-methods/participants).
    """

    can_send: bool | list[str] | None = None
    """Which types of media a participant should be permitted to send.

    Can be:
    - An Array containing any of `'video'`, `'audio'`, `'screenVideo'`, and `'screenAudio'`
    - `true` (meaning "all")
    - `false` (meaning "none")
    """

    can_receive: dict[str, Any] | None = None
    """Which media the participant should be permitted to receive.

    [See here for `canReceive` object
    format](https://docs.daily.co/products/daily-js/instance-methods/participants#permissionscanreceive-properties).
    """

    can_admin: bool | list[str] | None = None
    """Which admin tasks a participant is permitted to do.

    Can be:
    - An array containing any of `'participants'`, `'streaming'`, or `'transcription'`
    - `true` (meaning "all")
    - `false` (meaning "none")
    """

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("has_presence", "hasPresence", codec.BOOLEAN),
        Wire("can_send", "canSend", codec.union(codec.BOOLEAN, codec.list_of(codec.STRING))),
        Wire("can_receive", "canReceive", codec.map_of(codec.ANY)),
        Wire("can_admin", "canAdmin", codec.union(codec.BOOLEAN, codec.list_of(codec.STRING))),
    )


class PermissionsParam(TypedDict, total=False):
    """``Permissions`` as a dict, keyed by the JSON property names: methods take either.

    See ``Permissions`` for what each property means.
    """

    hasPresence: bool
    canSend: bool | list[str]
    canReceive: dict[str, Any]
    canAdmin: bool | list[str]
