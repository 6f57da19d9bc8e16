# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Python SDK for the Daily API (API version 1.1.1), generated from its OpenAPI spec.

Start with::

    from daily_api import DailyClient

    client = DailyClient()
    client.meeting_tokens...
"""

from ._client import AsyncDailyClient, DailyClient
from ._models import UNSET, Unset
from ._response import APIResponse, AsyncAPIResponse
from ._streaming import AsyncStream, Stream
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    DailyError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
)

__all__ = [
    "UNSET",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConfigurationError",
    "ConflictError",
    "DailyError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "AsyncDailyClient",
    "DailyClient",
    "APIResponse",
    "AsyncAPIResponse",
    "AsyncStream",
    "Stream",
    "Unset",
    "__version__",
]
