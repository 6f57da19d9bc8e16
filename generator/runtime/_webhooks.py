"""Webhooks: verifying that a delivery comes from the API, then reading its event.

The signature scheme is data (:class:`WebhookSignatureScheme`), declared by the generator's
configuration or the spec, never code written per provider: which headers carry the
signature, the timestamp and the message id, what is signed (``{id}.{timestamp}.{body}``),
how the signature and the secret are encoded. Standard Webhooks is the default.

The payload is verified as the raw bytes received: JSON parsed and serialised again is not
what was signed. Signatures are compared in constant time; a timestamp too old or too far in
the future is refused (a replayed delivery). No message, ``repr`` or log record holds the
secret or the signature expected.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Literal, Protocol, TypeVar

from ._constants import RootError
from ._exceptions import ConfigurationError
from ._models import Codec

__all__ = [
    "UnknownWebhookEvent",
    "WebhookEventReader",
    "WebhookHeaders",
    "WebhookSignatureScheme",
    "WebhookVerificationError",
    "WebhookVerifier",
    "header_values",
]

_Event = TypeVar("_Event")
_PLACEHOLDER = re.compile(r"(\{id\}|\{timestamp\}|\{body\})")
_MILLISECONDS_FROM = 100_000_000_000
"""A timestamp this large is in milliseconds (as seconds it would be in the year 5138)."""


class WebhookHeaders(Protocol):
    """What ``unwrap`` takes as headers: anything with ``items()`` (a ``dict``, whose values may
    be lists; ``httpx.Headers``; a web framework's headers; ``http.server``'s message)."""

    def items(self) -> Iterable[tuple[Any, Any]]: ...


class WebhookVerificationError(RootError):
    """A webhook delivery did not verify (a signature, timestamp or header is missing or
    wrong) or could not be read: its payload must not be trusted.

    The message says what failed, never the secret or the signature expected.
    """


@dataclass(frozen=True)
class WebhookSignatureScheme:
    """How a provider signs its deliveries: HMAC-SHA256 over ``signed_content``.

    ``signature_format`` says how the signature header holds signatures:
    ``standard-webhooks`` (``v1,<sig>``, several separated by spaces while a secret rotates),
    ``stripe`` (``t=<timestamp>,v1=<sig>``) or ``plain`` (the signature itself, after
    ``signature_prefix``). ``secret_encoding``: ``whsec`` (base64 after an optional ``whsec_``
    prefix), ``base64``, or ``text`` (the secret's UTF-8 bytes are the key).
    """

    signature_header: str = "webhook-signature"
    signature_format: Literal["standard-webhooks", "stripe", "plain"] = "standard-webhooks"
    signature_prefix: str = ""
    encoding: Literal["base64", "hex"] = "base64"
    secret_encoding: Literal["whsec", "base64", "text"] = "whsec"  # noqa: S105 - a format
    signed_content: str = "{id}.{timestamp}.{body}"
    id_header: str | None = "webhook-id"
    timestamp_header: str | None = "webhook-timestamp"
    timestamp_unit: Literal["seconds", "milliseconds", "auto"] = "seconds"
    tolerance: float = 300


@dataclass(frozen=True)
class UnknownWebhookEvent:
    """An event this SDK does not know (a type added to the API since): its data as it came.

    Reading it is never an error, so that a new event type does not break a handler.
    """

    type: str | None
    """The value of the event's type field, when it has one."""
    data: Any
    """The decoded JSON payload."""


class WebhookEventReader:
    """Picks an event's class by its type field (``type``), else by the payload's shape.

    ``typed``: type value → the class it names. ``untyped``: classes without the field, tried
    (best fit first) when a payload has none. ``open``: classes whose field takes any string,
    tried when a payload's type is not in ``typed``. What fits none is an
    :class:`UnknownWebhookEvent`.
    """

    def __init__(
        self,
        field: str,
        typed: Mapping[str, Codec],
        untyped: Sequence[Codec] = (),
        open: Sequence[Codec] = (),
    ) -> None:
        self._field = field
        self._typed = typed
        self._untyped = untyped
        self._open = open

    def read(self, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return UnknownWebhookEvent(None, data)
        tag = data.get(self._field)
        if isinstance(tag, str) and tag in self._typed:
            return self._typed[tag].decode(data)
        candidates = self._untyped if tag is None else self._open
        scored = [(codec.score(data), index) for index, codec in enumerate(candidates)]
        best = max(scored, default=(-1, 0))
        if best[0] >= 0:
            return candidates[best[1]].decode(data)
        return UnknownWebhookEvent(tag if isinstance(tag, str) else None, data)


def header_values(headers: WebhookHeaders, name: str) -> list[str]:
    """Every value of the header ``name`` (matched case-insensitively) in ``headers``.

    ``headers`` is any :class:`WebhookHeaders`; one with ``multi_items()`` (``httpx``,
    Starlette) gives repeated headers one by one. Byte strings (ASGI) are read as Latin-1, as
    HTTP does.
    """
    wanted = name.lower()
    multi = getattr(headers, "multi_items", None)
    items: Iterable[tuple[Any, Any]] = multi() if callable(multi) else headers.items()
    found: list[str] = []
    for key, value in items:
        key_text = key.decode("latin-1") if isinstance(key, bytes) else str(key)
        if key_text.lower() != wanted:
            continue
        for item in value if isinstance(value, (list, tuple)) else (value,):
            found.append(item.decode("latin-1") if isinstance(item, bytes) else str(item))
    return found


def _single(headers: WebhookHeaders, name: str) -> str:
    values = {value.strip() for value in header_values(headers, name)}
    if not values or values == {""}:
        raise WebhookVerificationError(f"the {name} header is missing")
    if len(values) > 1:
        raise WebhookVerificationError(f"the {name} header has several different values")
    return values.pop()


def _secret_key(secret: str, encoding: str) -> bytes:
    if encoding == "text":
        return secret.encode("utf-8")
    text = secret.removeprefix("whsec_") if encoding == "whsec" else secret
    try:
        key = base64.b64decode(text + "=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        prefix = " (after its whsec_ prefix)" if encoding == "whsec" else ""
        raise ConfigurationError(
            f"the webhook secret is not base64{prefix}; its value is not shown"
        ) from None
    if not key:
        raise ConfigurationError("the webhook secret is empty")
    return key


class WebhookVerifier(Generic[_Event]):
    """``client.webhooks``: verify a delivery's signature, and read its event.

    The secret is, first found: the ``secret`` argument, the client's ``webhook_secret``, the
    environment variable ``secret_env``.
    """

    def __init__(
        self,
        scheme: WebhookSignatureScheme,
        read: Callable[[Any], _Event],
        *,
        secret: str | None = None,
        secret_env: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.scheme = scheme
        self._read = read
        self._secret = secret
        self._secret_env = secret_env
        self._clock = clock

    def __repr__(self) -> str:
        # The secret is never shown.
        return f"{type(self).__name__}(signature_header={self.scheme.signature_header!r})"

    def unwrap(
        self,
        payload: str | bytes,
        headers: WebhookHeaders,
        *,
        secret: str | None = None,
        tolerance: float | None = None,
    ) -> _Event:
        """Verify the delivery (see :meth:`verify_signature`), then read its event.

        ``payload`` is the request's raw body. An event of a type the SDK does not know is an
        ``UnknownWebhookEvent`` holding its data. Raises ``WebhookVerificationError``.
        """
        self.verify_signature(payload, headers, secret=secret, tolerance=tolerance)
        return self.unsafe_unwrap(payload)

    def unsafe_unwrap(self, payload: str | bytes) -> _Event:
        """Read the event in ``payload`` without verifying it: for payloads known to be genuine
        (a test, or one verified already). Raises ``WebhookVerificationError`` when it is not JSON.
        """
        try:
            data = json.loads(payload)
        except (ValueError, RecursionError):
            raise WebhookVerificationError("the webhook payload is not valid JSON") from None
        return self._read(data)

    def verify_signature(
        self,
        payload: str | bytes,
        headers: WebhookHeaders,
        *,
        secret: str | None = None,
        tolerance: float | None = None,
    ) -> None:
        """Check that ``payload`` (the raw body, ``bytes`` or ``str``) was signed with the secret
        and sent less than ``tolerance`` seconds ago (the scheme's, 300 unless configured).

        ``headers`` are the request's, in any mapping; names are matched case-insensitively.
        Raises ``WebhookVerificationError`` when they do not verify, ``ConfigurationError``
        when no secret is known or it is malformed.
        """
        scheme = self.scheme
        key = _secret_key(self._secret_text(secret), scheme.secret_encoding)
        body = payload.encode("utf-8") if isinstance(payload, str) else bytes(payload)
        signatures, timestamp = self._signatures(headers)
        if scheme.timestamp_header is not None:
            timestamp = _single(headers, scheme.timestamp_header)
        if timestamp is not None:
            self._check_time(timestamp, scheme.tolerance if tolerance is None else tolerance)
        elif "{timestamp}" in scheme.signed_content:
            raise WebhookVerificationError(f"the {scheme.signature_header} header has no timestamp")
        parts = {"{timestamp}": (timestamp or "").encode("utf-8"), "{body}": body}
        if "{id}" in scheme.signed_content and scheme.id_header is not None:
            parts["{id}"] = _single(headers, scheme.id_header).encode("utf-8")
        content = b"".join(
            parts.get(piece, piece.encode("utf-8"))
            for piece in _PLACEHOLDER.split(scheme.signed_content)
        )
        digest = hmac.new(key, content, hashlib.sha256).digest()
        expected = (
            digest.hex() if scheme.encoding == "hex" else base64.b64encode(digest).decode("ascii")
        ).encode("ascii")
        matched = False
        for signature in signatures:
            candidate = signature.lower() if scheme.encoding == "hex" else signature
            # Every candidate is compared (in constant time), so timing tells nothing either.
            matched |= hmac.compare_digest(candidate.encode("utf-8"), expected)
        if not matched:
            raise WebhookVerificationError("no signature matches the payload and the secret")

    def _secret_text(self, secret: str | None) -> str:
        found = secret or self._secret
        if not found and self._secret_env:
            found = os.environ.get(self._secret_env)
        if not found:
            where = (
                f", or set the {self._secret_env} environment variable" if self._secret_env else ""
            )
            raise ConfigurationError(
                f"no webhook secret: pass secret=..., or webhook_secret=... to the client{where}"
            )
        return found

    def _signatures(self, headers: WebhookHeaders) -> tuple[list[str], str | None]:
        """The signatures the delivery carries, and the timestamp its signature header holds."""
        scheme = self.scheme
        values = [v.strip() for v in header_values(headers, scheme.signature_header) if v.strip()]
        if not values:
            raise WebhookVerificationError(f"the {scheme.signature_header} header is missing")
        signatures: list[str] = []
        timestamps: set[str] = set()
        if scheme.signature_format == "standard-webhooks":
            for token in " ".join(values).split():
                version, _, signature = token.strip(",").partition(",")
                if version == "v1" and signature:
                    signatures.append(signature)
        elif scheme.signature_format == "stripe":
            for value in values:
                for element in value.split(","):
                    name, _, text = element.strip().partition("=")
                    if name == "t":
                        timestamps.add(text)
                    elif name == "v1" and text:
                        signatures.append(text)
        else:
            for token in re.split(r"[\s,]+", " ".join(values)):
                if token.startswith(scheme.signature_prefix) and token != scheme.signature_prefix:
                    signatures.append(token[len(scheme.signature_prefix) :])
        if not signatures:
            raise WebhookVerificationError(
                f"the {scheme.signature_header} header holds no signature in the expected form"
            )
        if len(timestamps) > 1:
            raise WebhookVerificationError(
                f"the {scheme.signature_header} header has several timestamps"
            )
        return signatures, timestamps.pop() if timestamps else None

    def _check_time(self, text: str, tolerance: float) -> None:
        if not text.isascii() or not text.isdigit():
            raise WebhookVerificationError("the webhook timestamp is not a whole number")
        sent = int(text)
        unit = self.scheme.timestamp_unit
        if unit == "milliseconds" or (unit == "auto" and sent >= _MILLISECONDS_FROM):
            seconds = sent / 1000
        else:
            seconds = float(sent)
        now = self._clock()
        if now - seconds > tolerance:
            raise WebhookVerificationError(
                f"the webhook timestamp is too old (more than {tolerance:g} s ago)"
            )
        if seconds - now > tolerance:
            raise WebhookVerificationError(
                f"the webhook timestamp is too far in the future (more than {tolerance:g} s ahead)"
            )
