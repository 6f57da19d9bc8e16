"""``client.webhooks`` of generated SDKs: a 3.1 spec with only ``webhooks`` and a 3.0 spec with
``callbacks``, each with the Standard Webhooks scheme (the default) and the Daily preset.

Signatures are computed here with ``hmac``/``hashlib``; a delivery reaches a handler through a
real HTTP server on 127.0.0.1, which passes the raw body and the request's headers to ``unwrap``.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import http.server
import importlib
import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.feature_sdks import assert_mypy_strict
from support.http_server import BackgroundServer
from support.paths import FIXTURES
from support.shared_temp import shared_folder
from support.specs import black_changes, settings_for

EVENTS_SPEC = FIXTURES / "webhooks" / "events-3.1.yaml"
CALLBACKS_SPEC = FIXTURES / "webhooks" / "callbacks-3.0.yaml"
KEY = b"webhook signing key, 32 bytes!!!"
WHSEC = "whsec_" + base64.b64encode(KEY).decode()
DAILY_HMAC = base64.b64encode(b"daily hmac secret").decode()

SDKS = {
    # package: (spec, [tool.generator.webhooks])
    "wh_events_standard": (EVENTS_SPEC, None),
    "wh_events_daily": (EVENTS_SPEC, {"preset": "daily"}),
    "wh_callbacks_standard": (CALLBACKS_SPEC, None),
    "wh_callbacks_daily": (CALLBACKS_SPEC, {"preset": "daily"}),
}


def generated(tmp_path_factory: pytest.TempPathFactory, package: str) -> tuple[Any, dict[str, str]]:
    """Generate (once per session and worker) and import ``package``; also its files."""
    spec, webhooks = SDKS[package]
    folder = tmp_path_factory.mktemp(package)
    settings = settings_for(
        spec,
        output=folder / "out",
        package=package,
        cache_dir=shared_folder(tmp_path_factory, "generator-cache"),
        webhooks=webhooks,
    )
    files = generate_files(settings).files
    write(settings.output, files)
    sys.path.insert(0, str(settings.output))
    try:
        return importlib.import_module(package), files
    finally:
        sys.path.remove(str(settings.output))


_CACHE: dict[str, tuple[Any, dict[str, str]]] = {}


@pytest.fixture
def sdk_of(tmp_path_factory: pytest.TempPathFactory) -> Any:
    def get(package: str) -> Any:
        if package not in _CACHE:
            _CACHE[package] = generated(tmp_path_factory, package)
        return _CACHE[package][0]

    return get


def client_class(sdk: Any, prefix: str = "") -> Any:
    """``WhEventsStandardClient`` (named after the package), or its async twin."""
    return getattr(
        sdk,
        next(
            n
            for n in sdk.__all__
            if n.endswith("Client") and n.startswith(prefix) and (prefix or not n.startswith("Async"))
        ),
    )


def standard(body: bytes, timestamp: int | None = None, message_id: str = "msg_42") -> dict[str, str]:
    sent = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(KEY, f"{message_id}.{sent}.".encode() + body, hashlib.sha256).digest()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": sent,
        "webhook-signature": "v1," + base64.b64encode(digest).decode(),
    }


def daily(body: bytes, timestamp: int | None = None) -> dict[str, str]:
    sent = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(base64.b64decode(DAILY_HMAC), f"{sent}.".encode() + body, hashlib.sha256).digest()
    return {"X-Webhook-Signature": base64.b64encode(digest).decode(), "X-Webhook-Timestamp": sent}


def signed(package: str, body: bytes, timestamp: int | None = None) -> tuple[dict[str, str], str]:
    """The headers of a delivery of ``body`` in ``package``'s scheme, and the secret to verify it."""
    if package.endswith("_daily"):
        return daily(body, timestamp), DAILY_HMAC
    return standard(body, timestamp), WHSEC


ENDED = b'{"type": "meeting.ended", "id": "evt_2", "data": {"meeting_id": "m_1", "duration": 3600}}'
READY = b'{"kind": "recording.ready", "recording_id": "r_1", "duration": 12.5}'


@pytest.mark.parametrize("package", ["wh_events_standard", "wh_events_daily"])
def test_a_webhooks_only_spec_gives_a_client_with_typed_events(sdk_of: Any, package: str) -> None:
    sdk = sdk_of(package)
    client = client_class(sdk)()
    assert not [name for name in vars(type(client)) if not name.startswith("_") and name != "webhooks"]
    headers, secret = signed(package, ENDED)
    event = client.webhooks.unwrap(ENDED, headers, secret=secret)
    ended = importlib.import_module(f"{package}.models").MeetingEndedEvent
    assert isinstance(event, ended)
    assert (event.id, event.data.meeting_id, event.data.duration) == ("evt_2", "m_1", 3600)
    started = client.webhooks.unsafe_unwrap(
        '{"type": "meeting.restarted", "id": "e", "data": {"started_at": "2026-01-02T03:04:05Z"}}'
    )
    assert type(started).__name__ == "MeetingStarted"
    assert started.data.started_at.year == 2026
    assert type(client.webhooks.unsafe_unwrap(b'{"ping_id": 1}')).__name__ == "PingEvent"
    note = client.webhooks.unsafe_unwrap(b'{"type": "note.edited", "note": "hi"}')  # its type is any string
    assert type(note).__name__ == "NoteAddedEvent" and note.note == "hi"


@pytest.mark.parametrize("package", ["wh_callbacks_standard", "wh_callbacks_daily"])
def test_callbacks_of_a_3_0_spec_are_told_apart_by_their_discriminator(sdk_of: Any, package: str) -> None:
    sdk = sdk_of(package)
    client = client_class(sdk)()
    headers, secret = signed(package, READY)
    event = client.webhooks.unwrap(READY.decode(), headers, secret=secret)
    assert type(event).__name__ == "RecordingReady" and event.recording_id == "r_1"
    failed = client.webhooks.unsafe_unwrap(
        b'{"kind": "recording.failed", "recording_id": "r", "reason": "disk"}'
    )
    assert type(failed).__name__ == "RecordingFailed" and failed.reason == "disk"
    assert hasattr(client, "subscriptions")  # the operations are there too


@pytest.mark.parametrize("package", list(SDKS))
def test_unknown_events_tampering_and_stale_deliveries(sdk_of: Any, package: str) -> None:
    sdk = sdk_of(package)
    webhooks_module = importlib.import_module(f"{package}.webhooks")
    client = client_class(sdk)()
    body = b'{"type": "brand.new", "kind": "brand.new", "value": [1, 2]}'
    headers, secret = signed(package, body)
    event = client.webhooks.unwrap(body, headers, secret=secret)
    assert isinstance(event, webhooks_module.UnknownWebhookEvent)
    assert event.type == "brand.new" and event.data["value"] == [1, 2]
    with pytest.raises(sdk.WebhookVerificationError):
        client.webhooks.unwrap(body.replace(b"1", b"9"), headers, secret=secret)
    stale, _ = signed(package, body, int(time.time()) - 3600)
    with pytest.raises(sdk.WebhookVerificationError, match="too old"):
        client.webhooks.unwrap(body, stale, secret=secret)
    future, _ = signed(package, body, int(time.time()) + 3600)
    with pytest.raises(sdk.WebhookVerificationError, match="future"):
        client.webhooks.verify_signature(body, future, secret=secret)
    lower = {name.lower(): value for name, value in headers.items()}
    upper = {name.upper(): value for name, value in headers.items()}
    client.webhooks.verify_signature(body, lower, secret=secret)
    client.webhooks.verify_signature(body.decode(), upper, secret=secret)
    root = client_class(sdk).__name__.removesuffix("Client") + "Error"
    assert issubclass(sdk.WebhookVerificationError, getattr(sdk, root))


def test_the_secret_comes_from_the_client_or_the_environment_and_never_shows(
    sdk_of: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    sdk = sdk_of("wh_events_standard")
    headers = standard(ENDED)
    client = client_class(sdk)(webhook_secret=WHSEC)
    assert type(client.webhooks.unwrap(ENDED, headers)).__name__ == "MeetingEndedEvent"
    copy = client.with_options(max_retries=0)
    copy.webhooks.verify_signature(ENDED, headers)
    async_client = client_class(sdk, "Async")(webhook_secret=WHSEC)
    async_client.webhooks.verify_signature(ENDED, headers)
    for shown in (repr(client), repr(client.webhooks), repr(async_client)):
        assert WHSEC not in shown and WHSEC.removeprefix("whsec_") not in shown
    with pytest.raises(sdk.ConfigurationError, match="WH_EVENTS_STANDARD_WEBHOOK_SECRET"):
        client_class(sdk)().webhooks.verify_signature(ENDED, headers)
    monkeypatch.setenv("WH_EVENTS_STANDARD_WEBHOOK_SECRET", WHSEC)
    client_class(sdk)().webhooks.verify_signature(ENDED, headers)


class _Handler(http.server.BaseHTTPRequestHandler):
    """The README's handler: the raw body and the request's headers go to ``unwrap``."""

    client: Any
    received: list[Any]

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            event = self.client.webhooks.unwrap(raw, self.headers)
        except Exception as exc:
            self.received.append(exc)
            self.send_response(400)
        else:
            self.received.append(event)
            self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def receiver(sdk_of: Any) -> Iterator[tuple[str, list[Any]]]:
    sdk = sdk_of("wh_events_daily")
    received: list[Any] = []
    handler = type(
        "Handler", (_Handler,), {"client": client_class(sdk)(webhook_secret=DAILY_HMAC), "received": received}
    )
    with BackgroundServer(handler) as server:
        yield f"{server.url}/hooks", received


def test_a_handler_behind_a_real_http_server_verifies_deliveries(receiver: tuple[str, list[Any]]) -> None:
    url, received = receiver
    good = httpx.post(url, content=ENDED, headers=daily(ENDED))
    assert good.status_code == 204 and type(received[-1]).__name__ == "MeetingEndedEvent"
    forged = httpx.post(url, content=ENDED.replace(b"3600", b"1"), headers=daily(ENDED))
    assert forged.status_code == 400 and type(received[-1]).__name__ == "WebhookVerificationError"


@pytest.mark.parametrize("package", list(SDKS))
def test_the_generated_sdks_are_black_clean_and_pass_mypy_strict(
    sdk_of: Any, package: str, mypy_cache: Path
) -> None:
    sdk = sdk_of(package)
    assert black_changes(_CACHE[package][1]) == []
    assert_mypy_strict(sdk, mypy_cache)


def _webhooks_section(readme: str) -> str:
    return readme.split("\n## Webhooks\n", 1)[1].split("\n## ", 1)[0]


def test_the_readme_shows_a_handler_only_when_there_are_webhooks(sdk_of: Any) -> None:
    import ast

    from support.daily_fixture import daily_sdk

    sdk_of("wh_events_daily")
    readme = _CACHE["wh_events_daily"][1]["README.md"]
    section = _webhooks_section(readme)
    handler = section.split("```python\n", 1)[1].split("```", 1)[0]
    ast.parse(handler)
    assert "client.webhooks.unwrap(await request.body(), request.headers)" in handler
    assert "WhEventsDailyClient()" in handler  # no operation: no base URL needed
    assert "follow Daily's published description" in section and 'signed-content = "{body}"' in section
    assert "| `meeting.ended` | `MeetingEndedEvent` | `meeting.ended` |" in section
    standard_readme = generated_readme(sdk_of, "wh_events_standard")
    assert "[Standard Webhooks]" in _webhooks_section(standard_readme)
    assert "## Webhooks" not in (daily_sdk() / "README.md").read_text(encoding="utf-8")


def generated_readme(sdk_of: Any, package: str) -> str:
    sdk_of(package)
    return _CACHE[package][1]["README.md"]


DAILY_LIKE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Rooms", "version": "1.0.0"},
    "servers": [{"url": "https://rooms.example.invalid/v1"}],
    "paths": {
        "/webhooks": {
            "get": {
                "operationId": "listWebhooks",
                "tags": ["webhooks"],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}}
                        },
                    }
                },
            }
        }
    },
}


def test_a_resource_named_webhooks_keeps_its_name_and_the_verifier_takes_another(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # Daily's case: its API has a webhooks resource, and its deliveries are signed (the preset).
    folder = tmp_path_factory.mktemp("wh_daily_like")
    spec = folder / "openapi.yaml"
    spec.write_text(json.dumps(DAILY_LIKE), encoding="utf-8")
    settings = settings_for(
        spec, output=folder / "out", package="wh_daily_like", webhooks={"preset": "daily"}
    )
    files = generate_files(settings).files
    write(settings.output, files)
    sys.path.insert(0, str(settings.output))
    try:
        sdk = importlib.import_module("wh_daily_like")
    finally:
        sys.path.remove(str(settings.output))
    client = sdk.WhDailyLikeClient(webhook_secret=DAILY_HMAC)
    assert type(client.webhooks).__name__ == "Webhooks"  # the API's resource
    body = b'{"type": "recording.ready-to-download", "version": "1.0.0"}'
    event = client.webhook_signatures.unwrap(body, daily(body))
    assert type(event).__name__ == "UnknownWebhookEvent" and event.type == "recording.ready-to-download"
    assert "client.webhook_signatures.unwrap(" in files["README.md"]
