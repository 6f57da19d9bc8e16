# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Logging switched on by the ``DAILY_LOG`` environment variable.

``DAILY_LOG=info`` logs each request (method, URL without credentials, status,
time taken), each retry and each failure to ``logging.getLogger("daily_api")``;
``DAILY_LOG=debug`` adds the request and response bodies (credentials are
replaced by ``[REDACTED]``). Without the variable the SDK only creates its logger, and an
application may configure it as any other.
"""

from __future__ import annotations

import logging
import os

__all__ = ["LOG_ENV", "setup_logging"]

LOG_ENV = "DAILY_LOG"

logger = logging.getLogger("daily_api")
_LEVELS = {"debug": logging.DEBUG, "info": logging.INFO}
_handler: list[logging.Handler] = []


def setup_logging() -> None:
    """Apply ``DAILY_LOG`` (once a handler is installed, it is kept)."""
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
