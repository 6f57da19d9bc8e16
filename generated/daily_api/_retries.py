# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""When a failed call is tried again, and after how long: the SDK's retry policy."""

from __future__ import annotations

import email.utils
import random
from datetime import UTC, datetime

import httpx

from ._defaults import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY

__all__ = ["RETRYABLE_STATUSES", "retry_after_seconds", "retry_delay", "should_retry"]

RETRYABLE_STATUSES = frozenset({408, 409, 429})


def should_retry(response: httpx.Response) -> bool:
    """Whether an answer is worth another attempt: the server's ``x-should-retry`` if it says,
    else 408, 409, 429 and 5xx."""
    override = str(response.headers.get("x-should-retry", ""))
    if override in ("true", "false"):
        return override == "true"
    return response.status_code in RETRYABLE_STATUSES or response.status_code >= 500


def retry_delay(attempt: int, response: httpx.Response | None) -> float:
    """Seconds before retry number ``attempt`` (1-based): ``Retry-After`` if sensible, else backoff."""
    if response is not None:
        retry_after = retry_after_seconds(response.headers)
        if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
            return retry_after
    delay = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
    return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not cryptography


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    milliseconds = headers.get("retry-after-ms")
    if milliseconds is not None:
        try:
            return float(milliseconds) / 1000
        except ValueError:
            pass
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return float(value)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return (when - datetime.now(UTC)).total_seconds()
