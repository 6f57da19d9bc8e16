# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Timeouts: the deadline of a whole call, and the time each attempt and each body read may take."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx

from ._defaults import DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT_SECONDS

__all__ = [
    "DEFAULT_TIMEOUT",
    "DeadlineStream",
    "Timeout",
    "attempt_timeout",
    "call_deadline",
    "time_left",
]

Timeout = float | httpx.Timeout | None
DEFAULT_TIMEOUT = httpx.Timeout(timeout=DEFAULT_TIMEOUT_SECONDS, connect=DEFAULT_CONNECT_TIMEOUT)
"""``DEFAULT_TIMEOUT_SECONDS`` for the whole call (retries included), ``DEFAULT_CONNECT_TIMEOUT``
to connect; override per client or per call.

A number is the deadline of the whole call: every network wait of every attempt is
limited to the time left, a body that trickles in is abandoned once the deadline has
passed, and no retry starts that the deadline would cut off. An ``httpx.Timeout`` also
limits each phase (connect, write, read, pool) as ``httpx`` does; its largest value is the
deadline (none when one of its phases is unlimited). ``None`` means no limit at all.
"""


def call_deadline(timeout: Timeout) -> float | None:
    """The time (``time.monotonic()``) by which a call started now must end, if any."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(phase is None for phase in phases):
            return None
        return time.monotonic() + max(phase for phase in phases if phase is not None)
    return time.monotonic() + float(timeout)


def attempt_timeout(timeout: Timeout, deadline: float | None) -> dict[str, float | None]:
    """The per-phase limits of one attempt: the configured ones, cut to the time left."""
    phases = (timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)).as_dict()
    if deadline is None:
        return phases
    return {name: time_left(value, deadline) for name, value in phases.items()}


def time_left(limit: float | None, deadline: float) -> float:
    left = max(deadline - time.monotonic(), 0.001)
    return left if limit is None else min(limit, left)


class DeadlineStream(httpx.SyncByteStream):
    """A response body that gives up once the call's deadline has passed."""

    def __init__(
        self, stream: httpx.SyncByteStream, deadline: float, request: httpx.Request
    ) -> None:
        self._stream = stream
        self._deadline = deadline
        self._request = request

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(
                    "the call's deadline passed during the body", request=self._request
                )
            yield chunk

    def close(self) -> None:
        self._stream.close()
