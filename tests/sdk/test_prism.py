"""The generated SDK against Prism, an independent mock server that validates requests.

Unit tests check what the SDK *thinks* it sends; Prism (``@stoplight/prism-cli``, pinned in
package.json) checks the same requests against the spec the tests' ``daily_api`` is generated
from (the frozen fixture ``tests/fixtures/daily/meeting-tokens.yaml``) without sharing any code
with the generator. A body the spec accepts must get Prism's 200; a body the spec rejects must
get Prism's 400, and the SDK must turn each answer into the documented result or exception.

Prism runs with its default behaviour (no ``--errors``, no ``--dynamic``): a valid request gets
the spec's example response, an invalid one gets the spec's documented 400 example with the
violations in the ``sl-violations`` header, and a request that does not meet the security
requirement gets a 401 Prism makes up itself (the spec documents no 401).

Every test module gets its own Prism on a free port, so the tests also run under
``pytest -n N`` (each xdist worker is its own process and starts its own server).
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from daily_api import AsyncDailyClient, DailyClient
from daily_api.errors import AuthenticationError, BadRequestError
from daily_api.models import (
    CreateMeetingTokenResponse,
    MeetingTokenProperties,
    MeetingTokenPropertiesEnableRecording,
    Permissions,
)

from support.paths import DAILY_FIXTURE_SPEC as SPEC
from support.paths import ROOT

pytestmark = pytest.mark.prism

PRISM = ROOT / "node_modules" / ".bin" / "prism"
STARTUP_DEADLINE = 60.0
"""Seconds Prism may take to accept requests (it usually needs one or two)."""
STOP_DEADLINE = 10.0
"""Seconds Prism may take to exit after SIGTERM before its process group is killed."""
START_ATTEMPTS = 3
"""Starts tried when the free port was taken by someone else before Prism bound it."""
API_KEY = "test-key"


# --------------------------------------------------------------------------- the server


@dataclass(frozen=True)
class PrismServer:
    """A running Prism: where it listens, its log file, and how long it took to start."""

    base_url: str
    process: subprocess.Popen[bytes]
    log: Path
    startup_seconds: float


def _free_port() -> int:
    """A port nothing listens on now: the one the OS picks when binding port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop Prism and anything it started: SIGTERM to its process group, SIGKILL if it lingers."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=STOP_DEADLINE)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_DEADLINE)
    # The leader is gone; children it forked (``--multiprocess`` forks one) may not be.
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _start(log: Path) -> PrismServer | None:
    """Start Prism on a free port and wait until it answers HTTP.

    Returns ``None`` when Prism exited because the port was taken in the meantime (another
    xdist worker or process may bind it between ``_free_port`` and Prism's own bind); fails the
    test, with Prism's output, when it exits for any other reason or never answers.
    """
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    with log.open("wb") as out:
        # Own session (so its own process group): teardown can kill Prism and its children
        # without touching pytest's group. Output goes to a file, not a pipe, so Prism never
        # blocks on a full pipe while it logs every request.
        process = subprocess.Popen(
            [str(PRISM), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = started + STARTUP_DEADLINE
    try:
        while True:
            if process.poll() is not None:
                output = log.read_text(errors="replace")
                if "EADDRINUSE" in output:
                    return None
                pytest.fail(
                    f"Prism exited with code {process.returncode} before accepting requests; "
                    f"its output:\n{output}",
                    pytrace=False,
                )
            try:
                # Any HTTP answer (Prism answers 401 here: no credentials) means it is serving.
                httpx.post(f"{base_url}/meeting-tokens", timeout=1.0)
                break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(
                    f"Prism did not accept requests on {base_url} within {STARTUP_DEADLINE:.0f} s; "
                    f"its output:\n{log.read_text(errors='replace')}",
                    pytrace=False,
                )
            time.sleep(0.1)
    except BaseException:
        _stop(process)
        raise
    return PrismServer(base_url, process, log, time.monotonic() - started)


@pytest.fixture(scope="module")
def prism(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrismServer]:
    """A Prism mock server for this module, stopped (with its process group) at teardown.

    A missing Prism is a failure, never a skip: these tests are the only independent check
    that the SDK's requests match the spec, so silently not running them would hide bugs.
    """
    if not (PRISM.is_file() and os.access(PRISM, os.X_OK)):
        pytest.fail(
            f"Prism is not installed ({PRISM} is missing). Install it with `npm ci` in the "
            f"repository root ({ROOT}); the README's set-up command does this.",
            pytrace=False,
        )
    log_dir = tmp_path_factory.mktemp("prism")
    server: PrismServer | None = None
    for attempt in range(1, START_ATTEMPTS + 1):
        server = _start(log_dir / f"prism-{attempt}.log")
        if server is not None:
            break
    if server is None:
        pytest.fail(f"Prism found its port taken {START_ATTEMPTS} times in a row", pytrace=False)
    try:
        yield server
    finally:
        _stop(server.process)


# --------------------------------------------------------------------------- helpers


def _spec() -> dict[str, Any]:
    with SPEC.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


def _example_token() -> str:
    """The token of the spec's 200 example: what Prism (static mode) answers with."""
    content = _spec()["paths"]["/meeting-tokens"]["post"]["responses"]["200"]["content"]
    token: str = content["application/json"]["examples"]["Example Response"]["value"]["token"]
    return token


def _full_properties() -> MeetingTokenProperties:
    """Every ``MeetingTokenProperties`` field set to a value the spec allows.

    ``enable_recording`` mixes an enum member and a plain string, ``lang`` is a plain string:
    both forms the SDK's types accept must reach the wire as the spec's enum values.
    """
    return MeetingTokenProperties(
        room_name="support-room",
        eject_at_token_exp=True,
        eject_after_elapsed=3600,
        nbf=1_700_000_000,
        exp=1_700_003_600,
        is_owner=False,
        user_name="Ana Souza",
        user_id="f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        enable_screenshare=True,
        start_video_off=True,
        start_audio_off=False,
        enable_recording=[MeetingTokenPropertiesEnableRecording.CLOUD, "local"],
        enable_prejoin_ui=True,
        enable_live_captions_ui=False,
        enable_recording_ui=True,
        enable_terse_logging=False,
        knocking=True,
        start_cloud_recording=True,
        start_cloud_recording_opts={"layout": {"preset": "single-participant"}, "maxDuration": 600},
        auto_start_transcription=False,
        close_tab_on_exit=True,
        redirect_on_meeting_exit="https://example.com/after-call",
        lang="pt-BR",
        permissions=Permissions(
            has_presence=True,
            can_send=["video", "audio", "screenVideo", "screenAudio"],
            can_receive={"base": {"video": True, "audio": True}},
            can_admin=["participants", "transcription"],
        ),
    )


FULL_BODY: dict[str, Any] = {
    "properties": {
        "room_name": "support-room",
        "eject_at_token_exp": True,
        "eject_after_elapsed": 3600,
        "nbf": 1_700_000_000,
        "exp": 1_700_003_600,
        "is_owner": False,
        "user_name": "Ana Souza",
        "user_id": "f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
        "enable_screenshare": True,
        "start_video_off": True,
        "start_audio_off": False,
        "enable_recording": ["cloud", "local"],
        "enable_prejoin_ui": True,
        "enable_live_captions_ui": False,
        "enable_recording_ui": True,
        "enable_terse_logging": False,
        "knocking": True,
        "start_cloud_recording": True,
        "start_cloud_recording_opts": {"layout": {"preset": "single-participant"}, "maxDuration": 600},
        "auto_start_transcription": False,
        "close_tab_on_exit": True,
        "redirect_on_meeting_exit": "https://example.com/after-call",
        "lang": "pt-BR",
        "permissions": {
            "hasPresence": True,
            "canSend": ["video", "audio", "screenVideo", "screenAudio"],
            "canReceive": {"base": {"video": True, "audio": True}},
            "canAdmin": ["participants", "transcription"],
        },
    }
}
"""The JSON body ``_full_properties()`` must become, written out by hand from the spec."""


def _violations(err: BadRequestError) -> list[dict[str, Any]]:
    """Prism's ``sl-violations`` header: the JSON list of what the request broke."""
    header = err.response.headers.get("sl-violations")
    assert header is not None, f"Prism sent no sl-violations header: {dict(err.response.headers)}"
    violations: list[dict[str, Any]] = json.loads(header)
    return violations


# --------------------------------------------------------------------------- tests


def test_full_properties_cover_the_spec() -> None:
    """Guards the next two tests: "fully populated" must stay true when the spec grows."""
    schemas = _spec()["components"]["schemas"]
    body = FULL_BODY["properties"]
    assert set(body) == set(schemas["properties"]["properties"])
    assert set(body["permissions"]) == set(schemas["permissions"]["properties"])
    assert {"properties": _full_properties().to_dict()} == FULL_BODY


def test_full_request_is_accepted(prism: PrismServer) -> None:
    """Every field set: Prism validates the whole body and answers the spec's example token.

    The request is recorded with an httpx event hook, so the assertion is on what Prism
    actually received, not on what the SDK meant to send.
    """
    sent: list[httpx.Request] = []
    with httpx.Client(event_hooks={"request": [sent.append]}) as http:
        with DailyClient(api_key=API_KEY, base_url=prism.base_url, http_client=http) as client:
            result = client.meeting_tokens.create(properties=_full_properties())

    assert isinstance(result, CreateMeetingTokenResponse)
    assert isinstance(result.token, str)
    assert result.token != ""
    assert result.token == _example_token()
    assert result.additional_properties == {}
    assert len(sent) == 1
    assert sent[0].method == "POST"
    assert sent[0].url == httpx.URL(f"{prism.base_url}/meeting-tokens")
    assert sent[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert sent[0].headers["Content-Type"] == "application/json"
    assert json.loads(sent[0].content) == FULL_BODY


def test_full_request_is_accepted_async(prism: PrismServer) -> None:
    """The asynchronous client builds and sends the same request through its own code path.

    Run with ``asyncio.run`` so the test needs no async pytest plugin.
    """
    sent: list[httpx.Request] = []

    async def record(request: httpx.Request) -> None:
        sent.append(request)

    async def call() -> CreateMeetingTokenResponse:
        async with httpx.AsyncClient(event_hooks={"request": [record]}) as http:
            async with AsyncDailyClient(api_key=API_KEY, base_url=prism.base_url, http_client=http) as client:
                return await client.meeting_tokens.create(properties=_full_properties())

    result = asyncio.run(call())

    assert isinstance(result, CreateMeetingTokenResponse)
    assert isinstance(result.token, str)
    assert result.token != ""
    assert result.token == _example_token()
    assert len(sent) == 1
    assert sent[0].headers["Authorization"] == f"Bearer {API_KEY}"
    assert json.loads(sent[0].content) == FULL_BODY


@pytest.mark.parametrize(
    "enable_recording",
    [
        pytest.param("cloud", id="plain-string"),
        pytest.param(MeetingTokenPropertiesEnableRecording.RAW_TRACKS, id="enum-member"),
    ],
)
def test_single_enable_recording_is_accepted(
    prism: PrismServer, enable_recording: MeetingTokenPropertiesEnableRecording | str
) -> None:
    """``enable_recording`` is ``oneOf`` a single enum string or an array of them.

    The array form is covered above; this checks the scalar form is sent as a bare string
    (not wrapped in a list), which is the only way it can match exactly one ``oneOf`` branch.
    """
    with DailyClient(api_key=API_KEY, base_url=prism.base_url, max_retries=0) as client:
        result = client.meeting_tokens.create(
            properties=MeetingTokenProperties(room_name="r", enable_recording=enable_recording)
        )

    assert result.token == _example_token()


@pytest.mark.parametrize(
    ("properties", "location", "code", "offender"),
    [
        pytest.param(
            # The SDK types enum fields as ``Enum | str`` so new server values never break it;
            # the price is that it cannot refuse "xx" itself, and the server must.
            MeetingTokenProperties(lang="xx"),
            ["request", "body", "properties", "lang"],
            "enum",
            "properties.lang",
            id="lang-outside-enum",
        ),
        pytest.param(
            # ``properties`` has ``additionalProperties: false``.
            MeetingTokenProperties(
                room_name="r",
                start_cloud_recording_opts={"maxDuration": 600},
                additional_properties={"not_in_spec": True},
            ),
            ["request", "body", "properties"],
            "additionalProperties",
            "'not_in_spec'",
            id="unknown-property",
        ),
    ],
)
def test_invalid_request_raises_bad_request(
    prism: PrismServer,
    properties: MeetingTokenProperties,
    location: list[str],
    code: str,
    offender: str,
) -> None:
    """A body Prism rejects surfaces as ``BadRequestError`` carrying the documented 400 body.

    Prism answers the spec's 400 example (``info`` is the example's text, not a description of
    this request), so the real reason is asserted from the ``sl-violations`` header: exactly
    one violation, at the offending property.
    """
    with DailyClient(api_key=API_KEY, base_url=prism.base_url, max_retries=0) as client:
        with pytest.raises(BadRequestError) as caught:
            client.meeting_tokens.create(properties=properties)
    err = caught.value

    assert type(err) is BadRequestError
    assert err.status_code == 400
    assert err.error == "invalid-request-error"
    assert err.info == "missing required field"
    assert err.body == {"error": "invalid-request-error", "info": "missing required field"}
    assert err.request.headers["Authorization"] == f"Bearer {API_KEY}"
    violations = _violations(err)
    assert [(v["location"], v["code"], v["severity"]) for v in violations] == [(location, code, "Error")]
    assert offender in violations[0]["message"]


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param("", id="empty"),
        pytest.param("Basic dXNlcjpwYXNz", id="wrong-scheme"),
    ],
)
def test_missing_credentials_raise_authentication_error(prism: PrismServer, authorization: str) -> None:
    """A request without a bearer token surfaces as ``AuthenticationError`` (401).

    The client refuses to be built without an API key, so the ``Authorization`` header the
    client sets is overridden per call with ``extra_headers``. The spec documents no 401, so
    Prism makes up its own: an ``application/problem+json`` body and ``WWW-Authenticate:
    Bearer``; the SDK must still pick the 401 exception from the status alone.
    """
    with DailyClient(api_key=API_KEY, base_url=prism.base_url, max_retries=0) as client:
        with pytest.raises(AuthenticationError) as caught:
            client.meeting_tokens.create(
                properties=MeetingTokenProperties(room_name="r"),
                extra_headers={"Authorization": authorization},
            )
    err = caught.value

    assert type(err) is AuthenticationError
    assert err.status_code == 401
    assert err.request.headers["Authorization"] == authorization
    assert err.response.headers["WWW-Authenticate"] == "Bearer"
    assert isinstance(err.body, dict)
    assert err.body["type"] == "https://stoplight.io/prism/errors#UNAUTHORIZED"
    assert err.body["status"] == 401
    assert err.message.startswith("Error code: 401 - ")
    assert API_KEY not in str(err)
