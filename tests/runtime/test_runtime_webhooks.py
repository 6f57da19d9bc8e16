"""The webhook verifier (``generator/runtime/_webhooks.py``) as source, with each preset's scheme.

Every signature is computed here with the standard library (``hmac``, ``hashlib``, ``base64``),
never with the code under test; one is the published test vector of the Standard Webhooks
specification.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, fields
from typing import Any, ClassVar

import httpx
import pytest

from generator.model.webhook_schemes import signature_of
from generator.runtime._constants import RootError
from generator.runtime._exceptions import ConfigurationError
from generator.runtime._models import Model, Wire, codec
from generator.runtime._webhooks import (
    UnknownWebhookEvent,
    WebhookEventReader,
    WebhookSignatureScheme,
    WebhookVerificationError,
    WebhookVerifier,
    header_values,
)

NOW = 1_700_000_000
KEY = bytes(range(32))
WHSEC = "whsec_" + base64.b64encode(KEY).decode()
BODY = b'{"type": "thing.done", "id": "evt_1", "size": 3}'


def scheme(preset: str, **changes: Any) -> WebhookSignatureScheme:
    """The runtime scheme the generator writes for ``preset`` (field by field, as the emitter does)."""
    signature = signature_of({"preset": preset, **changes}, None)
    return WebhookSignatureScheme(
        **{f.name: getattr(signature, f.name) for f in fields(signature) if f.name != "preset"}
    )


def verifier(preset: str = "standard-webhooks", *, now: float = NOW, **changes: Any) -> WebhookVerifier[Any]:
    return WebhookVerifier(scheme(preset, **changes), READER.read, clock=lambda: now)


def standard_signature(key: bytes, message_id: str, timestamp: int | str, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


def standard_headers(key: bytes = KEY, timestamp: int = NOW, body: bytes = BODY) -> dict[str, str]:
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(timestamp),
        "webhook-signature": standard_signature(key, "msg_1", timestamp, body),
    }


@dataclass(kw_only=True, repr=False)
class ThingDone(Model):
    type: str | None = None
    id: str | None = None
    size: int | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (
        Wire("type", "type", codec.STRING, required=True),
        Wire("id", "id", codec.STRING, required=True),
        Wire("size", "size", codec.INTEGER),
    )


@dataclass(kw_only=True, repr=False)
class Ping(Model):
    ping_id: int | None = None

    _wire: ClassVar[tuple[Wire, ...]] = (Wire("ping_id", "ping_id", codec.INTEGER, required=True),)


READER = WebhookEventReader(
    "type", {"thing.done": codec.model(lambda: ThingDone)}, (codec.model(lambda: Ping),)
)


# ------------------------------------------------------------------ Standard Webhooks


def test_the_published_standard_webhooks_test_vector_verifies() -> None:
    # From the Standard Webhooks specification's test suite (the values only).
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    headers = {
        "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "webhook-timestamp": "1614265330",
        "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    }
    payload = b'{"test": 2432232314}'
    webhooks = verifier(now=1614265330 + 10)
    webhooks.verify_signature(payload, headers, secret=secret)
    webhooks.verify_signature(payload, headers, secret=secret.removeprefix("whsec_"))  # prefix optional
    with pytest.raises(WebhookVerificationError):
        webhooks.verify_signature(b'{"test": 2432232315}', headers, secret=secret)
    # The vector is also what the test's own computation gives.
    key = base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
    assert standard_signature(key, headers["webhook-id"], 1614265330, payload) == headers["webhook-signature"]


@pytest.mark.parametrize("payload", [BODY, BODY.decode()], ids=["bytes", "str"])
def test_unwrap_verifies_then_reads_the_typed_event(payload: bytes | str) -> None:
    event = verifier().unwrap(payload, standard_headers(), secret=WHSEC)
    assert isinstance(event, ThingDone)
    assert (event.type, event.id, event.size) == ("thing.done", "evt_1", 3)


def test_a_tampered_body_or_a_wrong_secret_is_refused() -> None:
    headers = standard_headers()
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verifier().unwrap(BODY.replace(b"3", b"4"), headers, secret=WHSEC)
    other = "whsec_" + base64.b64encode(b"another key of thirty-two bytes!").decode()
    with pytest.raises(WebhookVerificationError, match="no signature matches"):
        verifier().unwrap(BODY, headers, secret=other)
    # Re-serialised JSON is not the body that was signed.
    with pytest.raises(WebhookVerificationError):
        verifier().unwrap(b'{"type":"thing.done","id":"evt_1","size":3}', headers, secret=WHSEC)


def test_a_rotated_secret_verifies_with_either_signature() -> None:
    old_key, new_key = KEY, b"N" * 32
    both = " ".join(standard_signature(k, "msg_1", NOW, BODY) for k in (old_key, new_key))
    headers = {"webhook-id": "msg_1", "webhook-timestamp": str(NOW), "webhook-signature": both}
    for key in (old_key, new_key):
        verifier().verify_signature(BODY, headers, secret="whsec_" + base64.b64encode(key).decode())
    # A version other than v1 is not taken for a v1 signature.
    v2 = standard_signature(KEY, "msg_1", NOW, BODY).replace("v1,", "v2,")
    with pytest.raises(WebhookVerificationError):
        verifier().verify_signature(BODY, {**headers, "webhook-signature": v2}, secret=WHSEC)


@pytest.mark.parametrize(
    ("sent", "unit", "problem"),
    [
        (NOW - 301, "seconds", "too old"),
        (NOW + 301, "seconds", "too far in the future"),
        ((NOW - 301) * 1000, "milliseconds", "too old"),
        ((NOW + 400) * 1000, "auto", "too far in the future"),
    ],
)
def test_stale_and_future_timestamps_are_refused(sent: int, unit: str, problem: str) -> None:
    headers = standard_headers(timestamp=sent)
    with pytest.raises(WebhookVerificationError, match=problem):
        verifier(**{"timestamp-unit": unit}).verify_signature(BODY, headers, secret=WHSEC)
    # Within a larger tolerance, the same delivery verifies.
    verifier(**{"timestamp-unit": unit}).verify_signature(BODY, headers, secret=WHSEC, tolerance=600)


def test_millisecond_timestamps_are_recognised() -> None:
    headers = standard_headers(timestamp=NOW * 1000 - 5000)
    verifier(**{"timestamp-unit": "auto"}).verify_signature(BODY, headers, secret=WHSEC)
    verifier(**{"timestamp-unit": "milliseconds"}).verify_signature(BODY, headers, secret=WHSEC)
    with pytest.raises(WebhookVerificationError, match="too far in the future"):
        verifier(**{"timestamp-unit": "seconds"}).verify_signature(BODY, headers, secret=WHSEC)


def test_header_names_match_in_any_case_and_in_any_mapping() -> None:
    headers = standard_headers()
    upper = {name.upper(): value for name, value in headers.items()}
    title = {name.title(): value for name, value in headers.items()}
    for mapping in (upper, title, httpx.Headers(headers)):
        verifier().verify_signature(BODY, mapping, secret=WHSEC)


def test_multi_valued_headers_give_every_signature() -> None:
    headers: dict[str, Any] = standard_headers()
    good = headers["webhook-signature"]
    bad = standard_signature(b"x" * 32, "msg_1", NOW, BODY)
    verifier().verify_signature(BODY, {**headers, "webhook-signature": [bad, good]}, secret=WHSEC)
    repeated = httpx.Headers([(k, v) for k, v in headers.items() if k != "webhook-signature"])
    repeated = httpx.Headers(
        [*repeated.multi_items(), ("Webhook-Signature", bad), ("webhook-signature", good)]
    )
    assert header_values(repeated, "WEBHOOK-SIGNATURE") == [bad, good]
    verifier().verify_signature(BODY, repeated, secret=WHSEC)
    with pytest.raises(WebhookVerificationError, match="several different values"):
        verifier().verify_signature(BODY, {**headers, "webhook-id": ["msg_1", "msg_2"]}, secret=WHSEC)


@pytest.mark.parametrize("missing", ["webhook-id", "webhook-timestamp", "webhook-signature"])
def test_a_missing_header_is_named(missing: str) -> None:
    headers = {k: v for k, v in standard_headers().items() if k != missing}
    with pytest.raises(WebhookVerificationError, match=f"the {missing} header is missing"):
        verifier().verify_signature(BODY, headers, secret=WHSEC)


# --------------------------------------------------------------------------- presets


def test_the_daily_preset_signs_timestamp_and_raw_body_with_the_decoded_secret() -> None:
    hmac_secret = base64.b64encode(b"daily-webhook-key-0123456789").decode()  # as POST /webhooks returns it
    signed = f"{NOW}.".encode() + BODY
    signature = base64.b64encode(hmac.new(b"daily-webhook-key-0123456789", signed, hashlib.sha256).digest())
    headers = {"X-Webhook-Signature": signature.decode(), "X-Webhook-Timestamp": str(NOW)}
    event = verifier("daily").unwrap(BODY, headers, secret=hmac_secret)
    assert isinstance(event, ThingDone)
    lower = {k.lower(): v for k, v in headers.items()}
    verifier("daily").verify_signature(BODY.decode(), lower, secret=hmac_secret)
    with pytest.raises(WebhookVerificationError):
        verifier("daily").verify_signature(BODY + b"\n", headers, secret=hmac_secret)
    # Daily's timestamps in milliseconds are read as such by the preset.
    in_ms = str(NOW * 1000)
    signature_ms = hmac.new(
        b"daily-webhook-key-0123456789", f"{in_ms}.".encode() + BODY, hashlib.sha256
    ).digest()
    headers_ms = {
        "x-webhook-signature": base64.b64encode(signature_ms).decode(),
        "x-webhook-timestamp": in_ms,
    }
    verifier("daily").verify_signature(BODY, headers_ms, secret=hmac_secret)


def test_the_stripe_preset_reads_t_and_v1_from_one_header() -> None:
    secret = "whsec_stripe_test_secret"
    v1 = hmac.new(secret.encode(), f"{NOW}.".encode() + BODY, hashlib.sha256).hexdigest()
    headers = {"Stripe-Signature": f"t={NOW},v1={'0' * 64},v1={v1},v0=abc"}
    verifier("stripe").verify_signature(BODY, headers, secret=secret)
    verifier("stripe").verify_signature(BODY, {"stripe-signature": f"t={NOW},v1={v1.upper()}"}, secret=secret)
    stale = {"Stripe-Signature": f"t={NOW - 1000},v1={v1}"}
    with pytest.raises(WebhookVerificationError, match="too old"):
        verifier("stripe").verify_signature(BODY, stale, secret=secret)
    with pytest.raises(WebhookVerificationError, match="no timestamp"):
        verifier("stripe").verify_signature(BODY, {"Stripe-Signature": f"v1={v1}"}, secret=secret)


def test_a_configured_plain_hex_scheme_with_a_prefix() -> None:
    secret = "github-like secret"
    digest = hmac.new(secret.encode(), BODY, hashlib.sha256).hexdigest()
    webhooks = verifier(
        "daily",
        **{
            "signature-header": "X-Hub-Signature-256",
            "signature-prefix": "sha256=",
            "encoding": "hex",
            "secret-encoding": "text",
            "signed-content": "{body}",
            "timestamp-header": "",
        },
    )
    webhooks.verify_signature(BODY, {"x-hub-signature-256": f"sha256={digest}"}, secret=secret)
    with pytest.raises(WebhookVerificationError, match="expected form"):
        webhooks.verify_signature(BODY, {"x-hub-signature-256": digest}, secret=secret)


# ---------------------------------------------------------------------- secrets, events


def test_the_secret_comes_from_the_argument_the_client_or_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headers = standard_headers()
    with pytest.raises(ConfigurationError, match="ACME_WEBHOOK_SECRET"):
        WebhookVerifier(
            scheme("standard-webhooks"), READER.read, secret_env="ACME_WEBHOOK_SECRET"
        ).verify_signature(BODY, headers)
    monkeypatch.setenv("ACME_WEBHOOK_SECRET", WHSEC)
    from_env = WebhookVerifier(
        scheme("standard-webhooks"), READER.read, secret_env="ACME_WEBHOOK_SECRET", clock=lambda: NOW
    )
    from_env.verify_signature(BODY, headers)
    wrong = "whsec_" + base64.b64encode(b"w" * 32).decode()
    from_client = WebhookVerifier(scheme("standard-webhooks"), READER.read, secret=wrong, clock=lambda: NOW)
    with pytest.raises(WebhookVerificationError):
        from_client.verify_signature(BODY, headers)  # the client's secret wins over the environment
    from_client.verify_signature(BODY, headers, secret=WHSEC)  # and the argument over the client's


def test_the_secret_never_shows_in_an_error_or_a_repr() -> None:
    webhooks = WebhookVerifier(scheme("standard-webhooks"), READER.read, secret=WHSEC, clock=lambda: NOW)
    assert WHSEC not in repr(webhooks) and WHSEC.removeprefix("whsec_") not in repr(webhooks)
    expected = standard_headers()["webhook-signature"].removeprefix("v1,")
    failures: list[Exception] = []
    for payload, headers, secret in [
        (BODY + b" ", standard_headers(), None),
        (BODY, standard_headers(timestamp=NOW - 999), None),
        (BODY, standard_headers(), "whsec_not base64!"),
        (BODY, {"webhook-id": "m"}, None),
    ]:
        with pytest.raises((WebhookVerificationError, ConfigurationError)) as caught:
            webhooks.verify_signature(payload, headers, secret=secret)
        failures.append(caught.value)
    for failure in failures:
        text = f"{failure} {failure!r} {failure.args}"
        assert WHSEC.removeprefix("whsec_") not in text and "not base64!" not in text
        assert expected not in text
        assert isinstance(failure, RootError)


def test_an_unknown_event_keeps_its_data_and_an_untyped_one_is_read_by_shape() -> None:
    webhooks = verifier()
    unknown = webhooks.unsafe_unwrap('{"type": "thing.new", "extra": [1, 2]}')
    assert unknown == UnknownWebhookEvent("thing.new", {"type": "thing.new", "extra": [1, 2]})
    ping = webhooks.unsafe_unwrap(b'{"ping_id": 7}')
    assert isinstance(ping, Ping) and ping.ping_id == 7
    assert webhooks.unsafe_unwrap("[1, 2]") == UnknownWebhookEvent(None, [1, 2])
    assert webhooks.unsafe_unwrap('{"other": true}') == UnknownWebhookEvent(None, {"other": True})
    with pytest.raises(WebhookVerificationError, match="not valid JSON"):
        webhooks.unsafe_unwrap(b"{not json")


def test_an_event_whose_type_takes_any_string_is_read_by_its_shape() -> None:
    # A spec whose one event says ``type: string`` (no enum): every type value is its own.
    reader = WebhookEventReader("type", {}, (), open=(codec.model(lambda: ThingDone),))
    event = reader.read({"type": "whatever.happened", "id": "e"})
    assert isinstance(event, ThingDone) and event.type == "whatever.happened"
    assert reader.read({"type": "x"}) == UnknownWebhookEvent("x", {"type": "x"})  # lacks the required id
    assert reader.read({"id": "e"}) == UnknownWebhookEvent(None, {"id": "e"})  # no type: not this one
