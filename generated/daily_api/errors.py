"""Exceptions raised by the Daily API SDK.

``APIError`` is the base of all of them. A call that got an answer with a non-2xx
status raises an ``APIStatusError`` subclass chosen by the status; a call that got
no answer raises ``APIConnectionError`` (or its subclass ``APITimeoutError``).
No exception, message or ``repr`` contains the API key.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx

from .models.bad_request_response import BadRequestResponse

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "BadRequestError",
    "AuthenticationError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "UnprocessableEntityError",
    "RateLimitError",
    "InternalServerError",
]

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")


class APIError(Exception):
    """Base class of every error this SDK raises."""

    message: str
    request: httpx.Request

    def __init__(self, message: str, request: httpx.Request) -> None:
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No answer: the connection failed or broke off."""

    def __init__(
        self, request: httpx.Request, *, message: str | None = None, cause: Exception | None = None
    ) -> None:
        detail = f": {type(cause).__name__}: {cause}" if cause is not None and str(cause) else ""
        super().__init__(message or f"Connection error{detail}", request)


class APITimeoutError(APIConnectionError):
    """No answer in time (see the client's ``timeout``)."""

    def __init__(self, request: httpx.Request) -> None:
        super().__init__(request, message="Request timed out.")


class APIStatusError(APIError):
    """An answer with a non-2xx status."""

    response: httpx.Response
    status_code: int
    body: object
    """The decoded JSON body, or the text when it is not JSON (``None`` when empty)."""
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.request_id = next(
            (response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None
        )


class BadRequestError(APIStatusError):
    """HTTP 400: the request was invalid."""

    data: BadRequestResponse | None
    """The body as the API documents it (``None`` when it is not a JSON object)."""

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response=response, body=body)
        self.data = BadRequestResponse.from_dict(body) if isinstance(body, Mapping) else None

    @property
    def error(self) -> str | None:
        """The body's ``error`` (``None`` when absent)."""
        return self.data.error if self.data is not None else None

    @property
    def info(self) -> str | None:
        """The body's ``info`` (``None`` when absent)."""
        return self.data.info if self.data is not None else None


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


def _decode_body(response: httpx.Response) -> object:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return response.text


def make_status_error(response: httpx.Response) -> APIStatusError:
    """The exception for a non-2xx ``response``."""
    body = _decode_body(response)
    error_class = _BY_STATUS.get(response.status_code)
    if error_class is None:
        error_class = InternalServerError if response.status_code >= 500 else APIStatusError
    shown = body if isinstance(body, (dict, list, str)) and body != "" else response.reason_phrase
    message = f"Error code: {response.status_code} - {shown}"
    return error_class(message, response=response, body=body)
