"""Webhook signature schemes as data: the presets, and the settings that adjust them.

The same keys are read from ``[tool.generator.webhooks]`` (checked by ``config``) and from the
spec's ``x-webhook-signature`` extension (checked by the model builder); the configuration
wins. A table names a ``preset`` and changes what differs::

    [tool.generator.webhooks]
    preset = "daily"
    timestamp-unit = "milliseconds"
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .ir import WebhookSignature

DEFAULT_PRESET = "standard-webhooks"
DEFAULT_EVENT_FIELD = "type"

PRESETS: dict[str, dict[str, Any]] = {
    "standard-webhooks": {
        "signature-header": "webhook-signature",
        "signature-format": "standard-webhooks",
        "signature-prefix": "",
        "encoding": "base64",
        "secret-encoding": "whsec",
        "signed-content": "{id}.{timestamp}.{body}",
        "id-header": "webhook-id",
        "timestamp-header": "webhook-timestamp",
        "timestamp-unit": "seconds",
        "tolerance": 300,
    },
    "stripe": {
        "signature-header": "Stripe-Signature",
        "signature-format": "stripe",
        "signature-prefix": "",
        "encoding": "hex",
        "secret-encoding": "text",
        "signed-content": "{timestamp}.{body}",
        "id-header": None,
        "timestamp-header": None,
        "timestamp-unit": "seconds",
        "tolerance": 300,
    },
    # Daily's published description: X-Webhook-Signature is the base64 HMAC-SHA256, keyed with
    # the base64-decoded ``hmac`` secret, of "{X-Webhook-Timestamp}.{raw body}".
    "daily": {
        "signature-header": "X-Webhook-Signature",
        "signature-format": "plain",
        "signature-prefix": "",
        "encoding": "base64",
        "secret-encoding": "base64",
        "signed-content": "{timestamp}.{body}",
        "id-header": None,
        "timestamp-header": "X-Webhook-Timestamp",
        "timestamp-unit": "auto",
        "tolerance": 300,
    },
}

_CHOICES: dict[str, tuple[str, ...]] = {
    "signature-format": ("standard-webhooks", "stripe", "plain"),
    "encoding": ("base64", "hex"),
    "secret-encoding": ("whsec", "base64", "text"),
    "timestamp-unit": ("seconds", "milliseconds", "auto"),
    "algorithm": ("hmac-sha256",),
}
_HEADERS = ("signature-header", "id-header", "timestamp-header")
KEYS = frozenset({"preset", "event-field", "algorithm", *PRESETS[DEFAULT_PRESET]})
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_PLACEHOLDERS = re.compile(r"\{([^{}]*)\}")


class SchemeError(ValueError):
    """A setting of a signature scheme is wrong; ``key`` names it (``None``: the whole table)."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


def check_table(table: Any) -> dict[str, Any]:
    """``table`` checked key by key (raises :class:`SchemeError`), as a plain dict."""
    if not isinstance(table, Mapping):
        raise SchemeError("must be a table of settings (preset, signature-header, ...)")
    unknown = sorted(str(key) for key in table if key not in KEYS)
    if unknown:
        raise SchemeError(
            f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(KEYS))}", unknown[0]
        )
    preset = table.get("preset", DEFAULT_PRESET)
    if preset not in PRESETS:
        raise SchemeError(f"preset {preset!r} is not one of {', '.join(sorted(PRESETS))}", "preset")
    for key, value in table.items():
        if key in _CHOICES and value not in _CHOICES[key]:
            raise SchemeError(f"{key} {value!r} is not one of {', '.join(_CHOICES[key])}", key)
        if key in _HEADERS and not (
            ((value is None or value == "") and key != "signature-header")
            or (isinstance(value, str) and _HEADER_NAME.match(value))
        ):
            raise SchemeError(f"{key} {value!r} is not an HTTP header name", key)
        if key == "tolerance" and (
            isinstance(value, bool) or not isinstance(value, int | float) or value <= 0
        ):
            raise SchemeError(f"tolerance {value!r} is not a number of seconds above 0", key)
        if key in ("signature-prefix", "event-field") and not isinstance(value, str):
            raise SchemeError(f"{key} {value!r} is not a string", key)
    if "event-field" in table and not table["event-field"]:
        raise SchemeError("event-field must name a JSON property", "event-field")
    _check_content(_merged(table))
    return dict(table)


def _merged(table: Mapping[str, Any]) -> dict[str, Any]:
    settings = dict(PRESETS[table.get("preset", DEFAULT_PRESET)])
    settings.update({key: value for key, value in table.items() if key in settings})
    for key in _HEADERS:
        settings[key] = settings[key] or None
    return settings


def _check_content(settings: Mapping[str, Any]) -> None:
    content = settings["signed-content"]
    if not isinstance(content, str):
        raise SchemeError(f"signed-content {content!r} is not a string", "signed-content")
    names = _PLACEHOLDERS.findall(content)
    wrong = sorted(set(names) - {"id", "timestamp", "body"})
    if wrong or "body" not in names:
        raise SchemeError(
            "signed-content may name only {id}, {timestamp} and {body}, and must name {body}; "
            f"{content!r} does not",
            "signed-content",
        )
    if "id" in names and not settings["id-header"]:
        raise SchemeError("signed-content names {id}, but no id-header is set", "signed-content")
    if "timestamp" in names and not settings["timestamp-header"] and settings["signature-format"] != "stripe":
        raise SchemeError(
            "signed-content names {timestamp}, but no timestamp-header is set", "signed-content"
        )


def signature_of(
    configured: Mapping[str, Any] | None, declared: Mapping[str, Any] | None
) -> WebhookSignature:
    """The scheme from the configuration (checked already) over the spec's extension (checked).

    A configuration that names its own ``preset`` replaces the spec's declaration altogether.
    """
    # Imported here: the configuration checks this module's tables on every run, a replay
    # from the cache included, and the model's ~30 dataclasses cost 40 ms to define.
    from .ir import WebhookSignature

    configured = configured or {}
    table = dict(configured) if "preset" in configured else {**(declared or {}), **configured}
    settings = _merged(table)
    return WebhookSignature(
        preset=str(table.get("preset", DEFAULT_PRESET)),
        signature_header=settings["signature-header"],
        signature_format=settings["signature-format"],
        signature_prefix=settings["signature-prefix"],
        encoding=settings["encoding"],
        secret_encoding=settings["secret-encoding"],
        signed_content=settings["signed-content"],
        id_header=settings["id-header"],
        timestamp_header=settings["timestamp-header"],
        timestamp_unit=settings["timestamp-unit"],
        tolerance=float(settings["tolerance"]),
    )


def event_field(configured: Mapping[str, Any] | None, declared: Mapping[str, Any] | None) -> str | None:
    """The event-type field the configuration or the spec's extension names, if any."""
    for table in (configured or {}, declared or {}):
        if table.get("event-field"):
            return str(table["event-field"])
    return None
