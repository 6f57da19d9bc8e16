# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""What the SDK's fixed modules take from its configuration: its names, and its root exception."""

DISTRIBUTION = "daily-api"
"""The package's name on PyPI (the ``User-Agent`` header names it)."""
LOG_ENV = "DAILY_LOG"
"""The environment variable that turns logging on (``_logs.py``)."""


class DailyError(Exception):
    """Base class of every exception this SDK raises."""


RootError = DailyError
"""The root exception under its generic name, for ``_exceptions.py``."""
