# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Exceptions raised by the Daily API SDK.

``DailyError`` is the base of all of them:

- ``ConfigurationError``: the client could not be built (no API key or base URL, or a
  malformed one).
- ``APIError``: a call failed. Its subclasses say how:

  - ``APIStatusError`` (a subclass per status): the answer had a non-2xx status;
  - ``APIResponseValidationError``: a 2xx answer whose body is not what the API documents;
  - ``APIConnectionError``: no usable answer (``APITimeoutError`` when none came in time).

Whatever fails in the network, the server or the response, a call raises one of these
and nothing else; a wrong argument may still raise ``TypeError`` or ``ValueError``.
No exception (its message, ``args``, ``repr`` or the exceptions it chains) contains a
credential, and ``str()`` of one is at most about 1,000 characters.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from ._constants import DailyError
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    ConfigurationError,
    status_error,
)
from .models.bad_request_response import BadRequestResponse

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ConfigurationError",
    "DailyError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
]


class BadRequestError(APIStatusError):
    """HTTP 400: the request was invalid."""

    data: BadRequestResponse | None
    """The body as the API documents it (``None`` when it is not a JSON object)."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response=response, body=body)
        self.data = None
        if isinstance(body, Mapping):
            self.data = BadRequestResponse.from_dict(body)

    @property
    def error(self) -> str | None:
        """The body's ``error`` (``None`` when absent)."""
        if self.data is None:
            return None
        return self.data.error

    @property
    def info(self) -> str | None:
        """The body's ``info`` (``None`` when absent)."""
        if self.data is None:
            return None
        return self.data.info


class AuthenticationError(APIStatusError):
    """HTTP 401: the API key is missing or wrong."""


class PermissionDeniedError(APIStatusError):
    """HTTP 403: the API key may not do this."""


class NotFoundError(APIStatusError):
    """HTTP 404: no such resource."""


class ConflictError(APIStatusError):
    """HTTP 409: the request conflicts with the resource's state."""


class UnprocessableEntityError(APIStatusError):
    """HTTP 422: the request was well-formed but not valid."""


class RateLimitError(APIStatusError):
    """HTTP 429: too many requests; the client retries these by itself."""


class InternalServerError(APIStatusError):
    """HTTP 5xx: the server failed."""


_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(response: httpx.Response) -> APIStatusError:
    """The exception for a non-2xx ``response``."""
    return status_error(response, _BY_STATUS, InternalServerError)
