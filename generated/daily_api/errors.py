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

import json
from collections.abc import Mapping

import httpx

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

_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid", "x-correlation-id")
MAX_MESSAGE_LENGTH = 1000
"""``str()`` of an exception is cut after this many characters (``.body`` keeps everything)."""
EXCERPT_LENGTH = 200


def _bounded(text: str, limit: int = MAX_MESSAGE_LENGTH) -> str:
    if len(text) <= limit:
        return text
    return f"{text[:limit]}... ({len(text) - limit} more characters)"


def _request_id(response: httpx.Response) -> str | None:
    return next((response.headers[h] for h in _REQUEST_ID_HEADERS if h in response.headers), None)


class DailyError(Exception):
    """Base class of every exception this SDK raises."""


class ConfigurationError(DailyError):
    """The client could not be built: a credential or the base URL is missing or malformed.

    The message never repeats a credential's value.
    """


class APIError(DailyError):
    """A call failed: base of the status, response and connection errors."""

    message: str
    request: httpx.Request

    def __init__(self, message: str, request: httpx.Request) -> None:
        message = _bounded(message)
        super().__init__(message)
        self.message = message
        self.request = request


class APIConnectionError(APIError):
    """No usable answer: the connection failed or broke off, or the exchange could not complete
    (too many redirects, a request ``httpx`` refused to send, ...). ``__cause__`` is the
    ``httpx`` exception, and the message names it."""

    def __init__(
        self,
        request: httpx.Request,
        *,
        message: str | None = None,
        cause: BaseException | None = None,
    ) -> None:
        super().__init__(message or f"Connection error: {describe_cause(cause)}", request)


def describe_cause(cause: BaseException | None) -> str:
    """``Type: message`` of ``cause``, and of the first exception under it that says more."""
    parts: list[str] = []
    seen: set[int] = set()
    while cause is not None and id(cause) not in seen and len(seen) < 8:
        seen.add(id(cause))
        text = str(cause)
        name = type(cause).__name__
        if not parts or parts[-1] != name or text:
            parts.append(f"{name}: {text}" if text else name)
        if text:
            break
        cause = cause.__cause__ or cause.__context__
    return " <- ".join(parts) or "unknown failure"


class APITimeoutError(APIConnectionError):
    """No answer in time (see the client's ``timeout``)."""

    def __init__(self, request: httpx.Request, *, message: str | None = None) -> None:
        super().__init__(request, message=message or "Request timed out.")


class APIResponseValidationError(APIError):
    """A 2xx answer whose body is not what the API documents: not JSON (an HTML page,
    ``OK``, an empty or truncated body, bytes that are not UTF-8, a body that could not be
    decompressed), JSON of the wrong shape (``[]`` or ``null`` where an object is
    documented), or, with ``strict_response_validation=True``, a value of the wrong type
    anywhere in the body.
    """

    response: httpx.Response
    status_code: int
    body: str
    """The body as text (undecodable bytes replaced); the message shows its start."""
    request_id: str | None

    def __init__(self, reason: str, *, response: httpx.Response, body: bytes | None = None) -> None:
        raw = response.content if body is None else body
        self.body = raw.decode("utf-8", errors="replace")
        excerpt = _bounded(self.body, EXCERPT_LENGTH) if self.body else "(empty)"
        self.response = response
        self.status_code = response.status_code
        self.request_id = _request_id(response)
        super().__init__(
            f"Unexpected response body (HTTP {response.status_code}): {reason}; body: {excerpt}",
            response.request,
        )


class APIStatusError(APIError):
    """An answer with a non-2xx status."""

    response: httpx.Response
    status_code: int
    body: object
    """The decoded JSON body, or the text when it is not JSON (``None`` when empty): all of it,
    while the message shows its first 1,000 characters or so."""
    request_id: str | None

    def __init__(self, message: str, *, response: httpx.Response, body: object) -> None:
        super().__init__(message, response.request)
        self.response = response
        self.status_code = response.status_code
        self.body = body
        self.request_id = _request_id(response)


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
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
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
