"""Webhook events in the model (``generator/model/webhooks.py``) and signature schemes
(``generator/model/webhook_schemes.py``): from the spec, the configuration, and the extension."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import load_settings
from generator.diagnostics import SpecError

from support.paths import FIXTURES
from support.specs import build

EVENTS = yaml.safe_load((FIXTURES / "webhooks" / "events-3.1.yaml").read_text(encoding="utf-8"))
CALLBACKS = yaml.safe_load((FIXTURES / "webhooks" / "callbacks-3.0.yaml").read_text(encoding="utf-8"))


def test_3_1_webhooks_become_events_with_their_type_values(tmp_path: Path) -> None:
    api, report = build(tmp_path, EVENTS)
    assert api.webhooks is not None and api.resources == ()
    assert [(e.name, e.model, e.tags, e.origin) for e in api.webhooks.events] == [
        ("meeting.started", "MeetingStarted", ("meeting.started", "meeting.restarted"), "webhook"),
        ("meeting.ended", "MeetingEndedEvent", ("meeting.ended",), "webhook"),
        ("ping", "PingEvent", (), "webhook"),
        ("note.added", "NoteAddedEvent", (), "webhook"),
    ]
    assert api.webhooks.field == "type"
    assert api.webhooks.events[0].examples[0]["id"] == "evt_1"  # type: ignore[index,call-overload]
    assert api.webhooks.signature.preset == "standard-webhooks"
    assert not report.warnings


def test_3_0_callbacks_become_events_told_apart_by_the_discriminator(tmp_path: Path) -> None:
    api, _ = build(tmp_path, CALLBACKS)
    assert api.webhooks is not None
    assert api.webhooks.field == "kind"
    assert [(e.name, e.model, e.tags, e.origin) for e in api.webhooks.events] == [
        ("recordingEvent", "RecordingReady", ("recording.ready",), "callback"),
        ("recordingEvent", "RecordingFailed", ("recording.failed",), "callback"),
    ]
    assert [op.operation_id for op, _ in api.operations] == ["createSubscription"]


def test_a_spec_without_webhooks_or_a_scheme_has_none(tmp_path: Path) -> None:
    document = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {}}
    api, _ = build(tmp_path, document)
    assert api.webhooks is None
    configured, _ = build(tmp_path, document, webhooks={"preset": "daily"})
    assert configured.webhooks is not None and configured.webhooks.events == ()
    assert configured.webhooks.signature.signature_header == "X-Webhook-Signature"


def test_the_extension_declares_the_scheme_and_the_configuration_wins(tmp_path: Path) -> None:
    document = copy.deepcopy(EVENTS)
    document["x-webhook-signature"] = {
        "preset": "daily",
        "timestamp-unit": "milliseconds",
        "event-field": "id",
    }
    api, report = build(tmp_path, document)
    assert api.webhooks is not None and not report.warnings
    signature = api.webhooks.signature
    assert (signature.preset, signature.signature_header, signature.timestamp_unit) == (
        "daily",
        "X-Webhook-Signature",
        "milliseconds",
    )
    assert api.webhooks.field == "id"
    tuned, _ = build(tmp_path, document, webhooks={"tolerance": 60})
    assert tuned.webhooks is not None
    assert (tuned.webhooks.signature.preset, tuned.webhooks.signature.tolerance) == ("daily", 60.0)
    replaced, _ = build(tmp_path, document, webhooks={"preset": "stripe"})
    assert replaced.webhooks is not None
    assert replaced.webhooks.signature.signature_header == "Stripe-Signature"
    assert replaced.webhooks.field == "id"  # the spec's event field still applies


def test_a_wrong_extension_is_ignored_with_a_located_warning(tmp_path: Path) -> None:
    document = copy.deepcopy(EVENTS)
    document["x-webhook-signature"] = {"preset": "daily", "encoding": "base32"}
    api, report = build(tmp_path, document)
    assert api.webhooks is not None and api.webhooks.signature.preset == "standard-webhooks"
    [warning] = report.warnings
    assert "encoding 'base32' is not one of base64, hex" in warning.message
    assert warning.location.pointer == "/x-webhook-signature/encoding"


def test_two_events_claiming_one_type_value_are_reported(tmp_path: Path) -> None:
    document = copy.deepcopy(EVENTS)
    ended = document["webhooks"]["meeting.ended"]["post"]["requestBody"]["content"]["application/json"]
    ended["schema"]["properties"]["type"] = {"const": "meeting.started"}
    api, report = build(tmp_path, document)
    assert api.webhooks is not None
    assert [e.tags for e in api.webhooks.events][:2] == [("meeting.started", "meeting.restarted"), ()]
    assert any("'meeting.started' already names MeetingStarted" in w.message for w in report.warnings)


def _pyproject(tmp_path: Path, table: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(
        '[tool.generator]\nspec = "openapi.yaml"\noutput = "out"\npackage = "acme"\n\n'
        f"[tool.generator.webhooks]\n{table}\n",
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("table", "message", "line"),
    [
        ('preset = "github"', "preset 'github' is not one of daily, standard-webhooks, stripe", 7),
        ('preset = "daily"\nsignature-headr = "X"', "unknown setting(s) signature-headr", 8),
        ('encoding = "base32"', "encoding 'base32' is not one of base64, hex", 7),
        ("tolerance = -5", "tolerance -5 is not a number of seconds above 0", 7),
        ('signature-header = "X Sig"', "signature-header 'X Sig' is not an HTTP header name", 7),
        ('signed-content = "{timestamp}.{payload}"', "may name only {id}, {timestamp} and {body}", 7),
        ('preset = "daily"\nsigned-content = "{id}.{body}"', "names {id}, but no id-header is set", 8),
    ],
)
def test_configuration_mistakes_name_the_setting_and_its_line(
    tmp_path: Path, table: str, message: str, line: int
) -> None:
    with pytest.raises(SpecError) as caught:
        load_settings(pyproject=_pyproject(tmp_path, table))
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.message.startswith("[tool.generator.webhooks] ")
    assert message in diagnostic.message
    assert diagnostic.line == line
    assert diagnostic.location.pointer.startswith("/tool/generator/webhooks/")


def test_a_valid_table_reaches_the_model_options(tmp_path: Path) -> None:
    settings = load_settings(pyproject=_pyproject(tmp_path, 'preset = "stripe"\ntolerance = 120'))
    options: Any = settings.model_options().webhooks
    assert options == {"preset": "stripe", "tolerance": 120}


def test_odd_webhook_shapes_are_reported_or_skipped_never_a_traceback(tmp_path: Path) -> None:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Odd", "version": "1"},
        "webhooks": {
            "text": {"post": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}}},
            "no-body": {"post": {"responses": {"200": {"description": "ok"}}}},
            "no-schema": {"post": {"requestBody": {"content": {"application/json": {}}}}},
            "a-list": {
                "post": {"requestBody": {"content": {"application/json": {"schema": {"type": "array"}}}}}
            },
            "not-an-item": "hello",
            "7": {"post": "not an operation"},
        },
        "paths": {
            "/x": {
                "post": {"callbacks": {"cb": "not a callback"}, "responses": {"200": {"description": "ok"}}}
            }
        },
    }
    api, report = build(tmp_path, document)
    assert api.webhooks is not None and api.webhooks.events == ()
    messages = [w.message for w in report.warnings]
    assert sum("has no JSON request body" in m for m in messages) == 2
    assert any("'no-schema' has no schema" in m for m in messages)
    assert any("'a-list': a body that is no JSON object" in m for m in messages)
