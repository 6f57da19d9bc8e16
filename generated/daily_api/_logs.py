# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Logging switched on by an environment variable, ``LOG_ENV`` (the API key's, ending in ``_LOG``).

``LOG_ENV=info`` logs each request (method, URL without credentials, status, time taken),
each retry and each failure to the logger named after the package (``__package__``);
``LOG_ENV=debug`` adds the request and response bodies (credentials are
replaced by ``[REDACTED]``). Without the variable the SDK only creates its logger, and an
application may configure it as any other.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

import httpx

from ._constants import LOG_ENV

if TYPE_CHECKING:
    from ._exceptions import APIError

__all__ = [
    "LOG_ENV",
    "excerpt",
    "log_failure",
    "log_request",
    "log_response",
    "log_retry",
    "setup_logging",
]

logger = logging.getLogger(__package__)
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_handler: list[logging.Handler] = []


def setup_logging() -> None:
    """Apply ``LOG_ENV`` (once a handler is installed, it is kept)."""
    level = _LEVELS.get(os.environ.get(LOG_ENV, "").strip().lower())
    if level is None:
        return
    if not _handler:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("[%(asctime)s - %(name)s:%(lineno)d - %(levelname)s] %(message)s")
        )
        logger.addHandler(handler)
        _handler.append(handler)
    logger.setLevel(level)


def log_retry(request: httpx.Request, delay: float) -> None:
    """An info record: the call is tried again after ``delay`` seconds."""
    logger.info("Retrying %s %s in %.2f seconds", request.method, request.url.path, delay)


def log_request(request: httpx.Request, redact: Callable[[str], str]) -> None:
    """A debug record of the request body, through ``redact``."""
    if not logger.isEnabledFor(logging.DEBUG):
        return
    try:
        content = request.content
    except httpx.RequestNotRead:  # a multipart upload, sent as a stream
        return
    if content:
        logger.debug("Request body: %s", redact(excerpt(content)))


def log_response(
    response: httpx.Response, started: float, stream: bool, redact: Callable[[str], str]
) -> None:
    """An info record of the answer (and a debug record of its body, unless it streams)."""
    if not logger.isEnabledFor(logging.INFO):
        return
    request = response.request
    logger.info(
        'HTTP Request: %s %s "%s %s" in %.3fs',
        request.method,
        redact(str(request.url)),
        response.status_code,
        response.reason_phrase,
        time.monotonic() - started,
    )
    if logger.isEnabledFor(logging.DEBUG) and not (stream and response.is_success):
        logger.debug("Response body: %s", redact(excerpt(response.content)))


def log_failure(
    request: httpx.Request, error: APIError, started: float, redact: Callable[[str], str]
) -> None:
    """An info record of a call that got no usable answer."""
    logger.info(
        "HTTP Request: %s %s failed after %.3fs: %s",
        request.method,
        redact(str(request.url)),
        time.monotonic() - started,
        error.message,
    )


def excerpt(body: bytes, limit: int = 2000) -> str:
    """The start of a body for a debug record (a large download is not decoded whole)."""
    text = body[: limit * 4].decode("utf-8", errors="replace")
    return text if len(body) <= limit else f"{text[:limit]}... ({len(body)} bytes)"
