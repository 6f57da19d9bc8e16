# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The ``MeetingTokenProperties`` model."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

from .. import models
from .._models import Model, Wire, codec

if TYPE_CHECKING:
    from .meeting_token_properties_enable_recording import MeetingTokenPropertiesEnableRecording
    from .meeting_token_properties_lang import MeetingTokenPropertiesLang
    from .permissions import Permissions, PermissionsParam


@dataclasses.dataclass(kw_only=True, repr=False)
class MeetingTokenProperties(Model):
    """Used as ``CreateMeetingTokenRequest.properties``.

    Attributes:
        room_name: The room for which this token is valid.
        eject_at_token_exp: Kick this user out of the meeting at the time this meeting
            token expires.
        eject_after_elapsed: Kick this user out of the meeting this many seconds after
            they join the meeting.
        nbf: "Not before".
        exp: "Expires".
        is_owner: The user has [meeting owner
            privileges](https://docs.daily.co/docs/guides/privacy-and-security/controlling-who-joins-a-meeting#meeting-owner-privileges).
        user_name: The user's name in this meeting.
        user_id: The user's ID for this meeting session.
        enable_screenshare: Sets whether or not the user is allowed to screen share.
        start_video_off: Disable the default behavior of automatically turning on a
            participant's camera on a direct `join()` (i.e. without `startCamera()`
            first).
        start_audio_off: Disable the default behavior of automatically turning on a
            participant's microphone on a direct `join()` (i.e. without `startCamera()`
            first).
        enable_recording: Jump to [recording
            docs](https://docs.daily.co/products/rest-api/recordings).
        enable_prejoin_ui: Determines whether the participant using the meeting token
            enters a waiting room with a camera, mic, and browser check before joining a
            call.
        enable_live_captions_ui: Sets whether the participant sees a closed captions
            button in their Daily Prebuilt call tray.
        enable_recording_ui: Determines whether the participant using the meeting token
            can see the Recording button in Daily Prebuilt's UI, which can be found in
            the video call tray.
        enable_terse_logging: Reduces the volume of log messages.
        knocking: Requires the `enable_knocking` property to be set on the room.
        start_cloud_recording: Start cloud recording when the user joins the room.
        start_cloud_recording_opts: Options for use when `start_cloud_recording` is
            `true`.
        auto_start_transcription: Start transcription when an owner joins the room.
        close_tab_on_exit: (For meetings that open in a separate browser tab.) When a
            user leaves a meeting using the button in the in-call menu bar, the browser
            tab closes.
        redirect_on_meeting_exit: (For meetings that open in a separate browser tab.)
            When a user leaves a meeting using the button in the in-call menu bar, the
            browser loads this URL.
        lang: The default language of the [Daily prebuilt video call
            UI](https://docs.daily.co/products/prebuilt), for this room.
        permissions: Specifies the initial default permissions for a
            non-[meeting-owner](https://docs.daily.co/guides/configurations-and-settings/controlling-who-joins-a-meeting#meeting-owner-privileges)
            participant joining a call.
    """

    room_name: str | None = None
    """The room for which this token is valid. If `room_name` isn't set, the token is valid
    for all rooms in your domain. *You should always set `room_name` if you are using
    this token to control access to a meeting.
    """

    eject_at_token_exp: bool | None = None
    """Kick this user out of the meeting at the time this meeting token expires. If either
    this property or `eject_after_elapsed` are set for the token, the room's `eject`
    properties are overridden.

    _See an example in our [advanced security
    tutorial](https://www.daily.co/blog/add-advanced-security-features-to-video-chats-with-the-daily-api/)_.

    Defaults to ``false`` on the server when not sent.
    """

    eject_after_elapsed: int | None = None
    """Kick this user out of the meeting this many seconds after they join the meeting. If
    either this property or `eject_at_token_exp` are set for the token, the room's
    `eject` properties are overridden.

    _See an example in our [advanced security
    tutorial](https://www.daily.co/blog/add-advanced-security-features-to-video-chats-with-the-daily-api/)_.
    """

    nbf: int | None = None
    """"Not before". This is a [unix
    timestamp](https://stackoverflow.com/questions/20822821/what-is-a-unix-timestamp-and-why-use-it)
    (seconds since the epoch.) Users cannot join a meeting in with this token before
    this time.
    """

    exp: int | None = None
    """"Expires". This is a unix timestamp (seconds since the epoch.) Users cannot join a
    meeting with this token after this time.

    Daily strongly recommends adding an `exp` value to all meeting tokens. Learn more in
    our Daily blog post: [Add advanced security to video chats with the Daily
    API](https://www.daily.co/blog/add-advanced-security-features-to-video-chats-with-the-daily-api/)
    """

    is_owner: bool | None = None
    """The user has [meeting owner
    privileges](https://docs.daily.co/docs/guides/privacy-and-security/controlling-who-joins-a-meeting#meeting-owner-privileges).
    For example, this user can send video, audio, and screenshare, and can perform
    administrative actions like muting other participants.

    Defaults to ``false`` on the server when not sent.
    """

    user_name: str | None = None
    """The user's name in this meeting. The name displays in the user interface when the
    user is muted or has turned off the camera, and in the chat window. This username is
    also saved in the meeting events log (meeting events are retrievable using the
    [analytics](https://docs.daily.co/products/rest-api/meetings) API methods.)
    """

    user_id: str | None = None
    """The user's ID for this meeting session. During a session, this ID is retrievable in
    the
    [`participants()`](https://docs.daily.co/products/daily-js/instance-methods/participants)
    method and [related participant
    events](https://docs.daily.co/products/daily-js/events/participant-events). Either
    during or after a session concludes, this ID is retrievable using the
    [/meetings](https://docs.daily.co/products/rest-api/meetings) REST API endpoint. You
    can use `user_id` to map between your user database and meeting events/attendance.

    For domains configured for [HIPAA
    compliance](https://docs.daily.co/guides/privacy-and-security/hipaa), if the
    `user_id` value is a [UUID](https://www.ietf.org/rfc/rfc4122.txt) (for example,
    `f81d4fae-7dec-11d0-a765-00a0c91e6bf6`), then the UUID will be returned for the
    participant in the [`/meetings`](https://docs.daily.co/products/rest-api/meetings)
    REST API endpoint. Otherwise, the string `hipaa` will be returned in order to remove
    potential PHI. During a session, the provided `user_id` will always be returned
    through the `participants()` method and related events, regardless of the `user_id`
    value.

    The `user_id` has a limit of 36 characters.
    """

    enable_screenshare: bool | None = None
    """Sets whether or not the user is allowed to screen share. This setting applies for
    the duration of the meeting. If you're looking to dynamically control whether a user
    can screen share during a meeting, then use the
    [`permissions`](https://docs.daily.co/products/rest-api/meeting-tokens/config#permissions)
    token property.

    Defaults to ``true`` on the server when not sent.
    """

    start_video_off: bool | None = None
    """Disable the default behavior of automatically turning on a participant's camera on a
    direct `join()` (i.e. without `startCamera()` first).

    Defaults to ``false`` on the server when not sent.
    """

    start_audio_off: bool | None = None
    """Disable the default behavior of automatically turning on a participant's microphone
    on a direct `join()` (i.e. without `startCamera()` first).

    Defaults to ``false`` on the server when not sent.
    """

    enable_recording: (
        MeetingTokenPropertiesEnableRecording
        | str
        | list[MeetingTokenPropertiesEnableRecording | str]
        | None
    ) = None
    """Jump to [recording docs](https://docs.daily.co/products/rest-api/recordings)."""

    enable_prejoin_ui: bool | None = None
    """Determines whether the participant using the meeting token enters a waiting room
    with a camera, mic, and browser check before joining a call. If this property is
    also set in the room or domain's configuration, the meeting token's configuration
    will take priority.

    ⚠️ You must be using [Daily Prebuilt](https://daily.co/prebuilt) to use
    `enable_prejoin_ui`.
    """

    enable_live_captions_ui: bool | None = None
    """Sets whether the participant sees a closed captions button in their Daily Prebuilt
    call tray. When the closed caption button is clicked, closed captions are displayed
    locally.

    When set to `true`, a closed captions button appears in the call tray. When set to
    `false`, the closed captions button is hidden from the call tray.

    Note: Transcription must be enabled for the room or users must have permission to
    start transcription for this feature to be enabled. View the [transcription
    guide](https://docs.daily.co/guides/products/transcription) for more details.

    ⚠️ You must be using [Daily
    Prebuilt](https://daily.co/blog/daily-prebuilt-video-chat) to use
    `enable_live_captions_ui`.
    """

    enable_recording_ui: bool | None = None
    """Determines whether the participant using the meeting token can see the Recording
    button in Daily Prebuilt's UI, which can be found in the video call tray. If this
    value is `false`, the button will not be included in the tray. If it's `true`, the
    Recording button will be displayed.

    This option is useful when only specific call participants should have recording
    permissions.

    ⚠️ You must be using [Daily Prebuilt](https://daily.co/prebuilt) to use
    `enable_recording_ui`.
    """

    enable_terse_logging: bool | None = None
    """Reduces the volume of log messages. This feature should be enabled when there are
    more than 200 participants in a meeting to help improve performance.

    See our [guides for supporting large
    experiences](https://docs.daily.co/guides/scaling-calls) for additional instruction.

    Defaults to ``false`` on the server when not sent.
    """

    knocking: bool | None = None
    """Requires the `enable_knocking` property to be set on the room. By default, if a user
    joins a room with `enable_knocking` set, and with a token, they will bypass the
    waiting screen and join the room directly. If this property is set to `true`, the
    user will be required to request access, and the owner will need to accept them
    before they can join.

    Defaults to ``false`` on the server when not sent.
    """

    start_cloud_recording: bool | None = None
    """Start cloud recording when the user joins the room. This can be used to always
    record and archive meetings, for example in a customer support context.

    Note: This requires the `enable_recording` property of the room or token to be set
    to `cloud`. If you want to automatically record calls with other recording modes,
    use `callObject.startRecording()` after `await callObject.join()` in your code.

    Defaults to ``false`` on the server when not sent.
    """

    start_cloud_recording_opts: dict[str, Any] | None = None
    """Options for use when `start_cloud_recording` is `true`. See
    [`startRecording`](https://docs.daily.co/products/daily-js/instance-methods/start-recording)
    for available options.

    ⚠️ Specifying too many options may cause the token size to be very large. It is
    recommended to use token less than 2048 characters. For complex usecases, use the
    daily-js API.
    """

    auto_start_transcription: bool | None = None
    """Start transcription when an owner joins the room. This property can be used to
    always transcribe meetings once an owner joins.

    Defaults to ``false`` on the server when not sent.
    """

    close_tab_on_exit: bool | None = None
    """(For meetings that open in a separate browser tab.) When a user leaves a meeting
    using the button in the in-call menu bar, the browser tab closes. This can be a good
    way, especially on mobile, for users to be returned to a previous website flow after
    a call.

    Defaults to ``false`` on the server when not sent.
    """

    redirect_on_meeting_exit: str | None = None
    """(For meetings that open in a separate browser tab.) When a user leaves a meeting
    using the button in the in-call menu bar, the browser loads this URL. A query string
    that includes a parameter of the form `recent-call=<domain>/<room>` is appended to
    the URL. On mobile, you can redirect to a deep link to bring a user back into your
    app.
    """

    lang: MeetingTokenPropertiesLang | str | None = None
    """The default language of the [Daily prebuilt video call
    UI](https://docs.daily.co/products/prebuilt), for this room.

    Setting the language at the token level will override any room or domain-level
    language settings you have.

    `*` Norwegian `"no"` and Russian `"ru"` are only available in the new Daily
    Prebuilt.

    See [language settings](https://docs.daily.co/products/prebuilt/language) for all
    supported values and priority order.

    Defaults to ``"en"`` on the server when not sent.
    """

    permissions: Permissions | None = None
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
    """

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("room_name", "room_name", codec.STRING),
        Wire("eject_at_token_exp", "eject_at_token_exp", codec.BOOLEAN),
        Wire("eject_after_elapsed", "eject_after_elapsed", codec.INTEGER),
        Wire("nbf", "nbf", codec.INTEGER),
        Wire("exp", "exp", codec.INTEGER),
        Wire("is_owner", "is_owner", codec.BOOLEAN),
        Wire("user_name", "user_name", codec.STRING),
        Wire("user_id", "user_id", codec.STRING),
        Wire("enable_screenshare", "enable_screenshare", codec.BOOLEAN),
        Wire("start_video_off", "start_video_off", codec.BOOLEAN),
        Wire("start_audio_off", "start_audio_off", codec.BOOLEAN),
        Wire(
            "enable_recording",
            "enable_recording",
            codec.union(
                codec.enum(lambda: models.MeetingTokenPropertiesEnableRecording),
                codec.list_of(codec.enum(lambda: models.MeetingTokenPropertiesEnableRecording)),
            ),
        ),
        Wire("enable_prejoin_ui", "enable_prejoin_ui", codec.BOOLEAN),
        Wire("enable_live_captions_ui", "enable_live_captions_ui", codec.BOOLEAN),
        Wire("enable_recording_ui", "enable_recording_ui", codec.BOOLEAN),
        Wire("enable_terse_logging", "enable_terse_logging", codec.BOOLEAN),
        Wire("knocking", "knocking", codec.BOOLEAN),
        Wire("start_cloud_recording", "start_cloud_recording", codec.BOOLEAN),
        Wire("start_cloud_recording_opts", "start_cloud_recording_opts", codec.map_of(codec.ANY)),
        Wire("auto_start_transcription", "auto_start_transcription", codec.BOOLEAN),
        Wire("close_tab_on_exit", "close_tab_on_exit", codec.BOOLEAN),
        Wire("redirect_on_meeting_exit", "redirect_on_meeting_exit", codec.STRING),
        Wire("lang", "lang", codec.enum(lambda: models.MeetingTokenPropertiesLang)),
        Wire("permissions", "permissions", codec.model(lambda: models.Permissions)),
    )


class MeetingTokenPropertiesParam(TypedDict, total=False):
    """``MeetingTokenProperties`` as a dict, keyed by the JSON property names: methods take
    either.

    See ``MeetingTokenProperties`` for what each property means.
    """

    room_name: str
    eject_at_token_exp: bool
    eject_after_elapsed: int
    nbf: int
    exp: int
    is_owner: bool
    user_name: str
    user_id: str
    enable_screenshare: bool
    start_video_off: bool
    start_audio_off: bool
    enable_recording: (
        MeetingTokenPropertiesEnableRecording
        | str
        | list[MeetingTokenPropertiesEnableRecording | str]
    )
    enable_prejoin_ui: bool
    enable_live_captions_ui: bool
    enable_recording_ui: bool
    enable_terse_logging: bool
    knocking: bool
    start_cloud_recording: bool
    start_cloud_recording_opts: dict[str, Any]
    auto_start_transcription: bool
    close_tab_on_exit: bool
    redirect_on_meeting_exit: str
    lang: MeetingTokenPropertiesLang | str
    permissions: PermissionsParam
