"""The SDK's exception classes that do not depend on its spec.

``errors.py`` re-exports them beside the per-status classes it generates (typed from the
spec's error bodies); the root of them all is named after the client (``_constants.py``).
No exception (its message, ``args``, ``repr`` or the exceptions it chains) contains a
credential, and ``str()`` of one is at most about 1,000 characters.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

import httpx

from ._constants import RootError

__all__ = [
    "EXCERPT_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "ConfigurationError",
    "describe_cause",
    "status_error",
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


class ConfigurationError(RootError):
    """The client could not be built: a credential or the base URL is missing or malformed.

    The message never repeats a credential's value.
    """


class APIError(RootError):
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


def _decode_body(response: httpx.Response) -> object:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested too deep
        return response.text


def status_error(
    response: httpx.Response,
    by_status: Mapping[int, type[APIStatusError]],
    server_error: type[APIStatusError],
) -> APIStatusError:
    """The exception for a non-2xx ``response``: the class ``by_status`` names for its status,
    ``server_error`` for any other 5xx, else :class:`APIStatusError`."""
    body = _decode_body(response)
    error_class = by_status.get(response.status_code)
    if error_class is None:
        error_class = server_error if response.status_code >= 500 else APIStatusError
    shown = body if isinstance(body, (dict, list, str)) and body != "" else response.reason_phrase
    message = f"Error code: {response.status_code} - {shown}"
    return error_class(message, response=response, body=body)
