"""Webhooks-only documents (no paths): each gives an SDK whose ``client.webhooks`` verifies
deliveries and decodes the events, the spec's own examples first.

``tests/fixtures/webhooks/notifications-only.yaml`` is written in the style of payment
platforms' notification specs (a ``type`` enum naming the event, one model for two events);
the corpus's webhooks-only document (the OpenAPI examples' ``webhook-example.yaml``) runs
when the corpus is there. (The corpus holds no Adyen notification spec.)
"""

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
import yaml

from generator.emit.writer import write
from generator.pipeline import generate_files

from support.corpus import corpus_root
from support.feature_sdks import assert_mypy_strict
from support.paths import FIXTURES
from support.shared_temp import shared_folder
from support.specs import black_changes, settings_for

CORPUS_WEBHOOKS_ONLY = "oai-examples/v3.1/webhook-example.yaml"
SPECS = {"ledger_webhooks": FIXTURES / "webhooks" / "notifications-only.yaml"}
KEY = b"ledger-test-hmac-key-0123456789ab"
SECRET = "whsec_" + base64.b64encode(KEY).decode()
_GENERATED: dict[str, tuple[Any, Any, dict[str, str]]] = {}


def generated(
    tmp_path_factory: pytest.TempPathFactory, package: str, spec: Path | None = None
) -> tuple[Any, Any, dict[str, str]]:
    """(the imported SDK, its model of the API, its files), generated once per worker."""
    if package not in _GENERATED:
        folder = tmp_path_factory.mktemp(package)
        settings = settings_for(
            spec or SPECS[package],
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
    document = yaml.safe_load(spec.read_text(encoding="utf-8"))
    found = []
    for name, item in document["webhooks"].items():
        for media in item["post"]["requestBody"]["content"].values():
            found += [(name, example["value"]) for example in media.get("examples", {}).values()]
    return found


def client_of(sdk: Any) -> Any:
    name = next(n for n in sdk.__all__ if n.endswith("Client") and not n.startswith("Async"))
    return getattr(sdk, name)(webhook_secret=SECRET)


def test_the_balance_webhook_decodes_the_spec_examples(tmp_path_factory: pytest.TempPathFactory) -> None:
    sdk, api, _ = generated(tmp_path_factory, "ledger_webhooks")
    assert api.resources == () and api.webhooks is not None
    model_of = {event.name: event.model for event in api.webhooks.events}
    examples = spec_examples(SPECS["ledger_webhooks"])
    assert examples  # the spec has one
    client = client_of(sdk)
    for name, example in examples:
        body = json.dumps(example, indent=2).encode()
        event = client.webhooks.unwrap(body, delivery(body))
        assert type(event).__name__ == model_of[name] == "BalanceNotification"
        assert event.data.balances.available == example["data"]["balances"]["available"]
        assert event.data.creation_date.isoformat() == example["data"]["creationDate"]
        assert event.to_dict() == example  # nothing lost


def test_both_dispute_webhooks_decode_to_their_one_model(tmp_path_factory: pytest.TempPathFactory) -> None:
    sdk, api, _ = generated(tmp_path_factory, "ledger_webhooks")
    assert api.webhooks is not None
    # One model for both webhooks, whose type enum names both.
    tags = ("dispute.created", "dispute.updated")
    disputes = [(e.name, e.model, e.tags) for e in api.webhooks.events if e.name.startswith("dispute")]
    assert disputes == [(tags[0], "DisputeNotification", tags), (tags[1], "DisputeNotification", tags)]
    client = client_of(sdk)
    for kind in ("created", "updated"):
        payload = {
            "type": f"dispute.{kind}",
            "data": {"id": "D1", "type": "fraud", "disputedAmount": {"currency": "EUR", "value": 1000}},
        }
        body = json.dumps(payload).encode()
        event = client.webhooks.unwrap(body, delivery(body))
        assert type(event).__name__ == "DisputeNotification"
        assert event.data.disputed_amount.value == 1000 and event.data.type.value == "fraud"
    unknown = client.webhooks.unsafe_unwrap(b'{"type": "dispute.closed", "data": {}}')
    assert type(unknown).__name__ == "UnknownWebhookEvent" and unknown.data["data"] == {}


def test_the_webhooks_only_sdk_is_black_clean_and_passes_mypy_strict(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> None:
    sdk, _, files = generated(tmp_path_factory, "ledger_webhooks")
    assert black_changes(files) == []
    assert_mypy_strict(sdk, mypy_cache)


@pytest.mark.corpus
def test_the_corpus_webhooks_only_document_gives_a_working_sdk(
    tmp_path_factory: pytest.TempPathFactory, mypy_cache: Path
) -> None:
    """No paths, one webhook without examples: a value the schema accepts decodes to its model."""
    corpus = corpus_root()
    assert corpus is not None and (corpus / CORPUS_WEBHOOKS_ONLY).is_file()
    sdk, api, files = generated(tmp_path_factory, "oai_webhook_example", corpus / CORPUS_WEBHOOKS_ONLY)
    assert api.resources == () and api.webhooks is not None
    assert [(e.name, e.model) for e in api.webhooks.events] == [("newPet", "Pet")]
    body = json.dumps({"id": 7, "name": "Rex", "tag": "dog"}).encode()
    event = client_of(sdk).webhooks.unwrap(body, delivery(body))
    assert type(event).__name__ == "Pet" and (event.id, event.name, event.tag) == (7, "Rex", "dog")
    assert black_changes(files) == []
    assert_mypy_strict(sdk, mypy_cache)
