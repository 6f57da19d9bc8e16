"""Adyen's notification specs (webhooks only, no paths; ``tests/fixtures/adyen``): each gives an
SDK whose ``client.webhooks`` verifies deliveries and decodes the events, the spec's own
examples first."""

from __future__ import annotations

import base64
import hashlib
import hmac
import importlib
import json
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.feature_sdks import assert_mypy_strict
from support.paths import FIXTURES
from support.shared_temp import shared_folder
from support.specs import black_changes, settings_for

ADYEN = FIXTURES / "adyen"
SPECS = {
    "adyen_balance_webhooks": ADYEN / "BalancePlatformBalanceNotification-v1.json",
    "adyen_dispute_webhooks": ADYEN / "BalancePlatformDisputeNotification-v1.json",
}
KEY = b"adyen-test-hmac-key-0123456789ab"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
_GENERATED: dict[str, tuple[Any, Any, dict[str, str]]] = {}


def generated(tmp_path_factory: pytest.TempPathFactory, package: str) -> tuple[Any, Any, dict[str, str]]:
    """(the imported SDK, its model of the API, its files), generated once per worker."""
    if package not in _GENERATED:
        folder = tmp_path_factory.mktemp(package)
        settings = settings_for(
            SPECS[package],
            output=folder / "out",
            package=package,
            cache_dir=shared_folder(tmp_path_factory, "generator-cache"),
        )
        result = generate_files(settings, validate=False)
        write(settings.output, result.files)
        sys.path.insert(0, str(settings.output))
        try:
            _GENERATED[package] = (importlib.import_module(package), result.api, result.files)
        finally:
            sys.path.remove(str(settings.output))
    return _GENERATED[package]


def delivery(body: bytes) -> dict[str, str]:
    sent = str(int(time.time()))
    digest = hmac.new(KEY, f"msg_1.{sent}.".encode() + body, hashlib.sha256).digest()
    return {
        "Webhook-Id": "msg_1",
        "Webhook-Timestamp": sent,
        "Webhook-Signature": "v1," + base64.b64encode(digest).decode(),
    }


def spec_examples(spec: Path) -> list[tuple[str, Any]]:
    """(webhook name, example body) of every example the spec gives a webhook's request body."""
    document = json.loads(spec.read_text(encoding="utf-8"))
    found = []
    for name, item in document["webhooks"].items():
        for media in item["post"]["requestBody"]["content"].values():
            found += [(name, example["value"]) for example in media.get("examples", {}).values()]
    return found


def client_of(sdk: Any) -> Any:
    name = next(n for n in sdk.__all__ if n.endswith("Client") and not n.startswith("Async"))
    return getattr(sdk, name)(webhook_secret=SECRET)


def test_the_balance_webhook_decodes_the_spec_examples(tmp_path_factory: pytest.TempPathFactory) -> None:
    sdk, api, _ = generated(tmp_path_factory, "adyen_balance_webhooks")
    assert api.resources == () and api.webhooks is not None
    model_of = {event.name: event.model for event in api.webhooks.events}
    examples = spec_examples(SPECS["adyen_balance_webhooks"])
    assert examples  # the spec has one
    client = client_of(sdk)
    for name, example in examples:
        body = json.dumps(example, indent=2).encode()
        event = client.webhooks.unwrap(body, delivery(body))
        assert type(event).__name__ == model_of[name] == "BalanceAccountBalanceNotificationRequest"
        assert event.data.balances.available == example["data"]["balances"]["available"]
        assert event.data.creation_date.isoformat() == example["data"]["creationDate"]
        assert event.to_dict() == example  # nothing lost


def test_both_dispute_webhooks_decode_to_their_one_model(tmp_path_factory: pytest.TempPathFactory) -> None:
    sdk, api, _ = generated(tmp_path_factory, "adyen_dispute_webhooks")
    assert api.webhooks is not None
    # One model for both webhooks, whose type enum names both.
    tags = ("balancePlatform.dispute.created", "balancePlatform.dispute.updated")
    assert [(e.name, e.model, e.tags) for e in api.webhooks.events] == [
        (tags[0], "DisputeNotificationRequest", tags),
        (tags[1], "DisputeNotificationRequest", tags),
    ]
    client = client_of(sdk)
    for kind in ("created", "updated"):
        payload = {
            "type": f"balancePlatform.dispute.{kind}",
            "data": {"id": "D1", "type": "fraud", "disputedAmount": {"currency": "EUR", "value": 1000}},
        }
        body = json.dumps(payload).encode()
        event = client.webhooks.unwrap(body, delivery(body))
        assert type(event).__name__ == "DisputeNotificationRequest"
        assert event.data.disputed_amount.value == 1000 and event.data.type.value == "fraud"
    unknown = client.webhooks.unsafe_unwrap(b'{"type": "balancePlatform.dispute.closed", "data": {}}')
    assert type(unknown).__name__ == "UnknownWebhookEvent" and unknown.data["data"] == {}


@pytest.mark.parametrize("package", list(SPECS))
def test_the_adyen_sdks_are_black_clean_and_pass_mypy_strict(
    tmp_path_factory: pytest.TempPathFactory, package: str, mypy_cache: Path
) -> None:
    sdk, _, files = generated(tmp_path_factory, package)
    assert black_changes(files) == []
    assert_mypy_strict(sdk, mypy_cache)
