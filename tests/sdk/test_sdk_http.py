"""Behaviour tests of the generated Daily SDK against a real (local, scripted) HTTP server.

Every test runs the synchronous ``DailyClient`` and the asynchronous
``AsyncDailyClient`` (parametrised as ``sync`` / ``async``) over real sockets: no
``httpx`` mocks, no ``MockTransport``. The server (``tests/support/http_server.py``) records
each request and answers from a script, so the assertions are on the exact bytes the
SDK sent and on what it makes of the exact bytes it got back.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, Literal

import httpx
import pytest

import daily_api
from daily_api import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
    AsyncDailyClient,
    AuthenticationError,
    BadRequestError,
    DailyClient,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)
from daily_api.models import (
    BadRequestResponse,
    CreateMeetingTokenResponse,
    MeetingTokenProperties,
    MeetingTokenPropertiesEnableRecording,
    MeetingTokenPropertiesLang,
    Permissions,
)

from support.http_server import RecordedRequest, ScriptedHTTPServer, ScriptedResponse

Kind = Literal["sync", "async"]

API_KEY = "sk_test_Sup3rSecret-Key_0123456789abcdef"
"""Distinctive, so that a leak anywhere is found by a plain substring search."""
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJyIjoicm9vbS0wMjUzIn0.c2lnbmF0dXJl"
BAD_REQUEST_BODY = {"error": "invalid-request-error", "info": "missing required field"}


# ------------------------------------------------------------------- helpers


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    """Which client a test drives: ``DailyClient`` or ``AsyncDailyClient``."""
    value: Kind = request.param
    return value


def options(server: ScriptedHTTPServer, **overrides: Any) -> dict[str, Any]:
    """Client options pointing at ``server`` with the test key."""
    return {"api_key": API_KEY, "base_url": server.url, **overrides}


def create_token(kind: Kind, client_options: Mapping[str, Any], **call: Any) -> Any:
    """``meeting_tokens.create(**call)`` on a fresh client of ``kind`` (closed afterwards).

    Exceptions propagate unchanged; the async client runs in its own event loop.
    """
    if kind == "sync":
        with DailyClient(**client_options) as client:
            return client.meeting_tokens.create(**call)

    async def run() -> Any:
        async with AsyncDailyClient(**client_options) as client:
            return await client.meeting_tokens.create(**call)

    return asyncio.run(run())


def token_reply(**extra: Any) -> ScriptedResponse:
    return ScriptedResponse.of_json({"token": TOKEN, **extra})


def retry_reply(status: int, retry_after: str = "0") -> ScriptedResponse:
    return ScriptedResponse.of_json(
        {"error": f"status-{status}"}, status, headers={"Retry-After": retry_after}
    )


def free_port() -> int:
    """A 127.0.0.1 port that nothing listens on (bound, read, released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def close(client: DailyClient | AsyncDailyClient) -> None:
    """Close a client of either kind from synchronous code."""
    if isinstance(client, AsyncDailyClient):
        asyncio.run(client.close())
    else:
        client.close()


def assert_no_key(*texts: str) -> None:
    for text in texts:
        assert API_KEY not in text, f"API key leaked in: {text!r}"


def full_properties() -> MeetingTokenProperties:
    """A ``MeetingTokenProperties`` with every field set."""
    return MeetingTokenProperties(
        room_name="daily-standup",
        eject_at_token_exp=True,
        eject_after_elapsed=3600,
        nbf=1_700_000_000,
        exp=1_700_086_400,
        is_owner=False,
        user_name="Zoë Ümlaut",
        user_id="f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        enable_screenshare=False,
        start_video_off=True,
        start_audio_off=False,
        enable_recording=MeetingTokenPropertiesEnableRecording.CLOUD,
        enable_prejoin_ui=True,
        enable_live_captions_ui=False,
        enable_recording_ui=True,
        enable_terse_logging=False,
        knocking=True,
        start_cloud_recording=True,
        start_cloud_recording_opts={"maxDuration": 600, "layout": {"preset": "default"}},
        auto_start_transcription=False,
        close_tab_on_exit=True,
        redirect_on_meeting_exit="https://example.com/after?call=1&x=%20",
        lang=MeetingTokenPropertiesLang.PT_BR,
        permissions=Permissions(
            has_presence=True,
            can_send=["video", "audio", "screenVideo"],
            can_receive={"base": {"video": False, "audio": True}},
            can_admin=["participants", "transcription"],
        ),
    )


FULL_BODY: dict[str, Any] = {
    "properties": {
        "room_name": "daily-standup",
        "eject_at_token_exp": True,
        "eject_after_elapsed": 3600,
        "nbf": 1700000000,
        "exp": 1700086400,
        "is_owner": False,
        "user_name": "Zoë Ümlaut",
        "user_id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "enable_screenshare": False,
        "start_video_off": True,
        "start_audio_off": False,
        "enable_recording": "cloud",
        "enable_prejoin_ui": True,
        "enable_live_captions_ui": False,
        "enable_recording_ui": True,
        "enable_terse_logging": False,
        "knocking": True,
        "start_cloud_recording": True,
        "start_cloud_recording_opts": {"maxDuration": 600, "layout": {"preset": "default"}},
        "auto_start_transcription": False,
        "close_tab_on_exit": True,
        "redirect_on_meeting_exit": "https://example.com/after?call=1&x=%20",
        "lang": "pt-BR",
        "permissions": {
            "hasPresence": True,
            "canSend": ["video", "audio", "screenVideo"],
            "canReceive": {"base": {"video": False, "audio": True}},
            "canAdmin": ["participants", "transcription"],
        },
    }
}


def assert_standard_headers(request: RecordedRequest) -> None:
    assert request.method == "POST"
    assert request.path == "/meeting-tokens"
    assert request.header("Authorization") == f"Bearer {API_KEY}"
    assert request.header("Content-Type") == "application/json"
    assert request.header("Accept") == "application/json"
    user_agent = request.header("User-Agent")
    assert user_agent is not None
    assert user_agent.split()[0] == f"daily-api-python/{daily_api.__version__}"
    assert request.header("Content-Length") == str(len(request.body))


# ---------------------------------------------------------------- requests


def test_fully_populated_request(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    properties = full_properties()
    unset = [
        name
        for name in MeetingTokenProperties.__dataclass_fields__
        if name != "additional_properties" and getattr(properties, name) is None
    ]
    assert unset == [], "the test must set every field of MeetingTokenProperties"
    scripted_server.enqueue(token_reply())

    response = create_token(kind, options(scripted_server), properties=properties)

    assert isinstance(response, CreateMeetingTokenResponse)
    assert response.token == TOKEN
    [request] = scripted_server.requests
    assert_standard_headers(request)
    assert request.query == ""
    assert request.json_error is None
    assert request.json == FULL_BODY
    # UTF-8 on the wire, not \u escapes, and the bytes are exactly that JSON.
    assert "Zoë Ümlaut".encode() in request.body
    assert json.loads(request.body.decode("utf-8")) == FULL_BODY


def test_list_valued_enable_recording_and_boolean_permissions(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(token_reply())
    properties = MeetingTokenProperties(
        room_name="r",
        enable_recording=[
            MeetingTokenPropertiesEnableRecording.CLOUD_AUDIO_ONLY,
            "raw-tracks",
            MeetingTokenPropertiesEnableRecording.LOCAL,
        ],
        permissions=Permissions(can_send=False, can_admin=True, has_presence=False),
    )

    create_token(kind, options(scripted_server), properties=properties)

    assert scripted_server.last_request.json == {
        "properties": {
            "room_name": "r",
            "enable_recording": ["cloud-audio-only", "raw-tracks", "local"],
            "permissions": {"hasPresence": False, "canSend": False, "canAdmin": True},
        }
    }


def test_only_given_fields_are_sent(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server), properties=MeetingTokenProperties(room_name="x"))

    request = scripted_server.last_request
    assert_standard_headers(request)
    assert request.json == {"properties": {"room_name": "x"}}
    assert request.body == b'{"properties":{"room_name":"x"}}'


def test_create_without_arguments_sends_empty_object(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server))

    request = scripted_server.last_request
    assert_standard_headers(request)
    assert request.json == {}
    assert request.body == b"{}"


@pytest.mark.parametrize(
    ("member", "plain", "field"),
    [
        (MeetingTokenPropertiesLang.PT_BR, "pt-BR", "lang"),
        (MeetingTokenPropertiesLang.NO, "no", "lang"),
        (MeetingTokenPropertiesEnableRecording.CLOUD_AUDIO_ONLY, "cloud-audio-only", "enable_recording"),
        (MeetingTokenPropertiesEnableRecording.RAW_TRACKS, "raw-tracks", "enable_recording"),
        (
            [MeetingTokenPropertiesEnableRecording.CLOUD, MeetingTokenPropertiesEnableRecording.LOCAL],
            ["cloud", "local"],
            "enable_recording",
        ),
    ],
)
def test_enum_member_and_plain_string_serialise_identically(
    kind: Kind, scripted_server: ScriptedHTTPServer, member: Any, plain: Any, field: str
) -> None:
    scripted_server.enqueue(token_reply(), token_reply())
    with_member: dict[str, Any] = {field: member}
    with_string: dict[str, Any] = {field: plain}

    create_token(kind, options(scripted_server), properties=MeetingTokenProperties(**with_member))
    create_token(kind, options(scripted_server), properties=MeetingTokenProperties(**with_string))

    by_member, by_string = scripted_server.requests
    assert by_member.json == {"properties": {field: plain}}
    assert by_member.body == by_string.body


# --------------------------------------------------------------- responses


def test_response_keeps_unknown_fields(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply(expires_at=1700086400, claims={"r": "room", "o": True}, note=None))

    response = create_token(kind, options(scripted_server), properties=MeetingTokenProperties())

    assert isinstance(response, CreateMeetingTokenResponse)
    assert response.token == TOKEN
    assert response.additional_properties == {
        "expires_at": 1700086400,
        "claims": {"r": "room", "o": True},
        "note": None,
    }
    assert response.to_dict() == {
        "token": TOKEN,
        "expires_at": 1700086400,
        "claims": {"r": "room", "o": True},
        "note": None,
    }


# ------------------------------------------------------------------ errors


def test_bad_request_error(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json(BAD_REQUEST_BODY, 400, headers={"x-request-id": "req_4711"}),
        token_reply(),  # must not be used: a 400 is not retried
    )

    with pytest.raises(BadRequestError) as caught:
        create_token(kind, options(scripted_server, max_retries=3), properties=MeetingTokenProperties())

    error = caught.value
    assert type(error) is BadRequestError
    assert isinstance(error, APIStatusError)
    assert isinstance(error, APIError)
    assert error.status_code == 400
    assert error.error == "invalid-request-error"
    assert error.info == "missing required field"
    assert error.body == BAD_REQUEST_BODY
    assert error.data == BadRequestResponse(error="invalid-request-error", info="missing required field")
    assert error.request_id == "req_4711"
    assert error.response.status_code == 400
    assert error.request.method == "POST"
    assert error.request.url.path == "/meeting-tokens"
    assert len(scripted_server.requests) == 1
    assert scripted_server.pending == 1
    assert_no_key(str(error), repr(error))


@pytest.mark.parametrize(
    ("status", "error_class"),
    [
        (400, BadRequestError),
        (401, AuthenticationError),
        (403, PermissionDeniedError),
        (404, NotFoundError),
        (422, UnprocessableEntityError),
        (429, RateLimitError),
        (500, InternalServerError),
        (502, InternalServerError),
        (503, InternalServerError),
    ],
)
def test_status_errors(
    kind: Kind,
    scripted_server: ScriptedHTTPServer,
    status: int,
    error_class: type[APIStatusError],
) -> None:
    body = {"error": f"error-{status}", "info": "details"}
    scripted_server.enqueue(ScriptedResponse.of_json(body, status, headers={"x-request-id": f"req_{status}"}))

    with pytest.raises(APIStatusError) as caught:
        create_token(kind, options(scripted_server, max_retries=0), properties=MeetingTokenProperties())

    error = caught.value
    assert type(error) is error_class
    assert isinstance(error, APIError)
    assert error.status_code == status
    assert error.body == body
    assert error.request_id == f"req_{status}"
    assert len(scripted_server.requests) == 1
    assert_no_key(str(error), repr(error), error.message)


def test_status_error_with_non_json_body(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_text("upstream exploded", 500))

    with pytest.raises(InternalServerError) as caught:
        create_token(kind, options(scripted_server, max_retries=0))

    assert caught.value.status_code == 500
    assert caught.value.body == "upstream exploded"
    assert caught.value.request_id is None


def test_unmapped_4xx_is_plain_api_status_error(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"error": "gone"}, 410))

    with pytest.raises(APIStatusError) as caught:
        create_token(kind, options(scripted_server, max_retries=2))

    assert type(caught.value) is APIStatusError
    assert caught.value.status_code == 410
    assert len(scripted_server.requests) == 1


# ----------------------------------------------------------------- retries


@pytest.mark.parametrize("status", [429, 503])
def test_retryable_status_then_success(kind: Kind, scripted_server: ScriptedHTTPServer, status: int) -> None:
    scripted_server.enqueue(retry_reply(status, "0"), token_reply())

    response = create_token(
        kind, options(scripted_server, max_retries=2), properties=MeetingTokenProperties(room_name="r")
    )

    assert response.token == TOKEN
    first, second = scripted_server.requests
    # The retry is the same request again.
    for request in (first, second):
        assert_standard_headers(request)
        assert request.json == {"properties": {"room_name": "r"}}
    assert first.body == second.body


def test_fractional_retry_after_is_accepted(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(retry_reply(429, "0.05"), token_reply())

    response = create_token(kind, options(scripted_server, max_retries=1))

    assert response.token == TOKEN
    assert len(scripted_server.requests) == 2


def test_retry_after_is_honoured(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(retry_reply(429, "0.3"), token_reply())

    response = create_token(kind, options(scripted_server, max_retries=1))

    assert response.token == TOKEN
    first, second = scripted_server.requests
    # Loose lower bound only: the client waited (about) the 0.3 s it was asked to.
    assert second.received_at - first.received_at >= 0.28


def test_retries_stop_after_max_retries(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(retry_reply(500), retry_reply(500), token_reply())

    with pytest.raises(InternalServerError) as caught:
        create_token(kind, options(scripted_server, max_retries=1))

    assert caught.value.status_code == 500
    assert len(scripted_server.requests) == 2
    assert scripted_server.pending == 1


def test_rate_limit_error_after_retries_exhausted(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(retry_reply(429), retry_reply(429), retry_reply(429), token_reply())

    with pytest.raises(RateLimitError):
        create_token(kind, options(scripted_server, max_retries=2))

    assert len(scripted_server.requests) == 3
    assert scripted_server.pending == 1


@pytest.mark.parametrize("status", [400, 401, 403, 404, 422])
def test_client_errors_are_never_retried(
    kind: Kind, scripted_server: ScriptedHTTPServer, status: int
) -> None:
    scripted_server.enqueue(
        ScriptedResponse.of_json(BAD_REQUEST_BODY, status, headers={"Retry-After": "0"}),
        token_reply(),
    )

    with pytest.raises(APIStatusError) as caught:
        create_token(kind, options(scripted_server, max_retries=3))

    assert caught.value.status_code == status
    assert len(scripted_server.requests) == 1
    assert scripted_server.pending == 1


def test_max_retries_zero_does_not_retry(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(retry_reply(503), token_reply())

    with pytest.raises(InternalServerError):
        create_token(kind, options(scripted_server, max_retries=0))

    assert len(scripted_server.requests) == 1


# ------------------------------------------------- time-outs and connections


def test_client_timeout(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": TOKEN}, delay=5.0))

    started = time.monotonic()
    with pytest.raises(APITimeoutError) as caught:
        create_token(kind, options(scripted_server, timeout=0.2, max_retries=0))

    assert time.monotonic() - started < 4.0  # it gave up long before the answer
    assert isinstance(caught.value, APIConnectionError)
    assert isinstance(caught.value, APIError)
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert len(scripted_server.requests) == 1
    assert_no_key(str(caught.value), repr(caught.value))


def test_connection_refused(kind: Kind) -> None:
    base_url = f"http://127.0.0.1:{free_port()}"

    with pytest.raises(APIConnectionError) as caught:
        create_token(kind, {"api_key": API_KEY, "base_url": base_url, "max_retries": 0})

    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value, APIError)
    assert isinstance(caught.value.__cause__, httpx.ConnectError)
    assert caught.value.request.url.port == int(base_url.rsplit(":", 1)[1])
    assert_no_key(str(caught.value), repr(caught.value))


# ---------------------------------------------------------- per-call options


def test_per_call_timeout_shortens_client_timeout(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": TOKEN}, delay=5.0))

    with pytest.raises(APITimeoutError):
        create_token(kind, options(scripted_server, timeout=60.0, max_retries=0), timeout=0.2)

    assert len(scripted_server.requests) == 1


@pytest.mark.parametrize("per_call", [5.0, httpx.Timeout(5.0), None])
def test_per_call_timeout_lengthens_client_timeout(
    kind: Kind, scripted_server: ScriptedHTTPServer, per_call: float | httpx.Timeout | None
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": TOKEN}, delay=0.4))

    response = create_token(kind, options(scripted_server, timeout=0.15, max_retries=0), timeout=per_call)

    assert response.token == TOKEN


def test_extra_headers_query_and_body(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(
        kind,
        options(scripted_server),
        properties=MeetingTokenProperties(room_name="r"),
        extra_headers={"X-Trace-Id": "trace-1", "Idempotency-Key": "idem-42"},
        extra_query={"dry_run": True, "source": "tests", "n": 3},
        extra_body={"beta": {"feature": "x"}, "flag": False},
    )

    request = scripted_server.last_request
    assert_standard_headers(request)
    assert request.header("X-Trace-Id") == "trace-1"
    assert request.header("Idempotency-Key") == "idem-42"
    assert request.path == "/meeting-tokens"
    assert request.query == "dry_run=true&source=tests&n=3"
    assert request.json == {
        "properties": {"room_name": "r"},
        "beta": {"feature": "x"},
        "flag": False,
    }


def test_extra_headers_override_defaults(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server), extra_headers={"User-Agent": "my-app/2.0"})

    assert scripted_server.last_request.header("User-Agent") == "my-app/2.0"


def test_extra_body_without_properties(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server), extra_body={"only": "extra"})

    assert scripted_server.last_request.json == {"only": "extra"}


def test_default_headers_are_sent(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server, default_headers={"X-Team": "video"}))

    assert scripted_server.last_request.header("X-Team") == "video"
    assert_standard_headers(scripted_server.last_request)


def test_base_url_with_path_prefix(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    create_token(kind, {"api_key": API_KEY, "base_url": scripted_server.url + "/v1/"})

    assert scripted_server.last_request.target == "/v1/meeting-tokens"


# ----------------------------------------------------------- configuration


def test_api_key_and_base_url_from_environment(
    kind: Kind, scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAILY_API_KEY", API_KEY)
    monkeypatch.setenv("DAILY_BASE_URL", scripted_server.url)
    scripted_server.enqueue(token_reply())

    response = create_token(kind, {}, properties=MeetingTokenProperties(room_name="env"))

    assert response.token == TOKEN
    request = scripted_server.last_request
    assert_standard_headers(request)
    assert request.json == {"properties": {"room_name": "env"}}


def test_explicit_options_win_over_environment(
    kind: Kind, scripted_server: ScriptedHTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DAILY_API_KEY", "env-key-must-not-be-used")
    monkeypatch.setenv("DAILY_BASE_URL", f"http://127.0.0.1:{free_port()}")
    scripted_server.enqueue(token_reply())

    create_token(kind, options(scripted_server))

    assert scripted_server.last_request.header("Authorization") == f"Bearer {API_KEY}"


@pytest.mark.parametrize("client_class", [DailyClient, AsyncDailyClient])
def test_missing_api_key_raises(client_class: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAILY_API_KEY", raising=False)

    with pytest.raises(daily_api.ConfigurationError, match="DAILY_API_KEY") as caught:
        client_class(base_url="http://127.0.0.1:1")

    assert isinstance(caught.value, daily_api.DailyError)
    assert not isinstance(caught.value, ValueError)


@pytest.mark.parametrize("client_class", [DailyClient, AsyncDailyClient])
def test_default_base_url(client_class: Callable[..., Any], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAILY_BASE_URL", raising=False)

    client = client_class(api_key=API_KEY)

    assert client.base_url == "https://api.daily.co/v1"
    close(client)


# ---------------------------------------------------------------- secrets


@pytest.mark.parametrize("client_class", [DailyClient, AsyncDailyClient])
def test_repr_hides_api_key(client_class: Callable[..., Any]) -> None:
    client = client_class(api_key=API_KEY, base_url="http://127.0.0.1:9")

    assert_no_key(repr(client), str(client))
    assert "127.0.0.1:9" in repr(client)
    close(client)


def test_logs_never_contain_api_key(
    kind: Kind, scripted_server: ScriptedHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    for name in ("daily_api", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    scripted_server.enqueue(
        retry_reply(429),
        ScriptedResponse.of_json(BAD_REQUEST_BODY, 400, headers={"x-request-id": "req_log"}),
    )

    with pytest.raises(BadRequestError) as caught:
        create_token(kind, options(scripted_server, max_retries=1), properties=full_properties())

    names = {record.name.split(".")[0] for record in caplog.records}
    assert {"daily_api", "httpx"} <= names, "nothing was logged: the check would be vacuous"
    for record in caplog.records:
        assert_no_key(record.getMessage(), repr(record.args), record.exc_text or "")
    assert_no_key(caplog.text, str(caught.value), repr(caught.value))


# ------------------------------------------------------------ life cycle


def test_sync_context_manager_closes_pool(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    with DailyClient(**options(scripted_server)) as client:
        assert client.meeting_tokens.create().token == TOKEN
        assert not client._http.is_closed

    assert client._http.is_closed


@pytest.mark.anyio
async def test_async_context_manager_closes_pool(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    async with AsyncDailyClient(**options(scripted_server)) as client:
        assert (await client.meeting_tokens.create()).token == TOKEN
        assert not client._http.is_closed

    assert client._http.is_closed


@pytest.mark.anyio
async def test_async_client_concurrent_calls(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(*(token_reply() for _ in range(5)))

    async with AsyncDailyClient(**options(scripted_server)) as client:
        responses = await asyncio.gather(
            *(
                client.meeting_tokens.create(properties=MeetingTokenProperties(room_name=f"room-{i}"))
                for i in range(5)
            )
        )

    assert [r.token for r in responses] == [TOKEN] * 5
    rooms = sorted(r.json["properties"]["room_name"] for r in scripted_server.requests)
    assert rooms == [f"room-{i}" for i in range(5)]


def test_user_supplied_http_client_is_not_closed(scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(token_reply())

    with httpx.Client() as http_client:
        with DailyClient(**options(scripted_server), http_client=http_client) as client:
            client.meeting_tokens.create()
        assert not http_client.is_closed
        assert len(scripted_server.requests) == 1


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


# ------------------------------------------------------- the test server


def test_scripted_server_shuts_down_during_a_delay() -> None:
    """The helper itself: closing with a client waiting on a delayed answer is quick."""
    server = ScriptedHTTPServer().start()
    server.enqueue(ScriptedResponse.of_json({"token": TOKEN}, delay=30.0))
    url = server.url
    with httpx.Client(timeout=10.0) as http:
        outcome: list[BaseException | httpx.Response] = []

        def call() -> None:
            try:
                outcome.append(http.post(url + "/x", json={}))
            except BaseException as exc:  # recorded for the assertion
                outcome.append(exc)

        worker = threading.Thread(target=call)
        worker.start()
        server.wait_for_requests(1)
        started = time.monotonic()
        server.close()
        worker.join(5.0)
    assert time.monotonic() - started < 2.0
    assert not worker.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], httpx.TransportError)
    with pytest.raises(httpx.ConnectError):
        httpx.post(url + "/x", timeout=1.0)
