# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The HTTP machinery under every generated method: requests, authentication, retries, errors.

A call raises only this SDK's exceptions (see ``errors.py``) for whatever goes wrong in
the network, the server or the response; a credential never appears in one of them, nor
in a log record.

Generated resource methods only describe a call (method, path, parameters, body,
security); everything that is the same for all calls lives here, once for the
synchronous client and once for the asynchronous one.
"""

from __future__ import annotations

import base64
import email.utils
import io
import json
import logging
import mimetypes
import os
import random
import time
import urllib.parse
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import IO, Any, Literal, NoReturn, TypeVar, cast

import anyio
import httpx

from ._logs import setup_logging
from ._models import UNSET, Codec, Model, Unset, codec, to_wire
from ._response import APIResponse, AsyncAPIResponse, response_mode
from ._streaming import AsyncStream, Stream
from ._version import __version__
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    ConfigurationError,
    describe_cause,
    make_status_error,
)

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "AsyncAPIClient",
    "Call",
    "Param",
    "SecurityScheme",
    "SyncAPIClient",
    "Timeout",
    "check_credential",
    "path_segment",
]

log = logging.getLogger("daily_api")

DEFAULT_TIMEOUT = httpx.Timeout(timeout=60.0, connect=5.0)
"""60 seconds for the whole call (retries included), 5 to connect; override per client or per call.

A number is the deadline of the whole call: every network wait of every attempt is
limited to the time left, a body that trickles in is abandoned once the deadline has
passed, and no retry starts that the deadline would cut off. An ``httpx.Timeout`` also
limits each phase (connect, write, read, pool) as ``httpx`` does; its largest value is the
deadline (none when one of its phases is unlimited). ``None`` means no limit at all.
"""
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
MAX_RETRY_DELAY = 8.0
MAX_RETRY_AFTER = 60.0
"""A server's ``Retry-After`` is honoured up to this many seconds."""
_RETRYABLE_STATUSES = frozenset({408, 409, 429})
_LOCAL_ERRORS = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""``httpx`` refused to send the request: nothing went out, and a retry would fail the same way."""
_REDACTED = "[REDACTED]"
_STATE = frozenset(
    {
        "base_url",
        "timeout",
        "max_retries",
        "strict_response_validation",
        "_api_key",
        "_username",
        "_password",
        "_default_headers",
        "_secrets",
        "_http",
        "_owns_http",
    }
)
"""What a client is made of (its resources, made on first use, are not copied)."""
USER_AGENT = "daily-api-python/" + __version__

Timeout = float | httpx.Timeout | None
_C = TypeVar("_C", bound="_BaseClient")
_SyncT = TypeVar("_SyncT", bound="SyncAPIClient")
_AsyncT = TypeVar("_AsyncT", bound="AsyncAPIClient")
_M = TypeVar("_M", bound=Model)
_T = TypeVar("_T")
_E = TypeVar("_E", bound=APIError)


def check_credential(what: str, value: str | None) -> None:
    """Refuse a credential that could not be sent as it is; the message never shows its value."""
    if not value:
        return
    problem = None
    if value != value.strip():
        problem = "has leading or trailing whitespace (a newline read from a key file?)"
    elif any(ord(c) < 32 or ord(c) == 127 for c in value):
        problem = "contains a control character"
    elif not value.isascii():
        problem = "contains non-ASCII characters"
    if problem is not None:
        raise ConfigurationError(f"{what} {problem}; its value is not shown")


@dataclass(frozen=True)
class SecurityScheme:
    """How a credential is sent: a bearer token, HTTP basic, or an API key."""

    kind: Literal["bearer", "basic", "api_key"]
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"


@dataclass(frozen=True)
class Param:
    """A path, query, header or cookie parameter and how the spec serialises it."""

    name: str
    value: Any
    style: str = "form"
    explode: bool = True


@dataclass
class Call:
    """Everything one generated method call asks for."""

    method: str
    path: str
    query: Sequence[Param] = ()
    headers: Sequence[Param] = ()
    cookies: Sequence[Param] = ()
    json: Any = UNSET
    form: Mapping[str, Any] | None = None
    """An ``application/x-www-form-urlencoded`` body, property by property."""
    multipart: Mapping[str, Any] | None = None
    """A ``multipart/form-data`` body: files (bytes, file objects, tuples) and fields."""
    encoding: Mapping[str, tuple[str, bool]] | None = None
    """(style, explode) per property of a form or multipart body, from the spec's ``encoding``."""
    content: bytes | str | IO[bytes] | None = None
    content_type: str | None = None
    accept: str = "application/json"
    """The media types the documented success answers have."""
    security: tuple[tuple[str, ...], ...] = ()
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | Unset = UNSET
    idempotency_header: str | None = None
    """The header that makes this call safe to retry: unless the caller gave one, the SDK
    sends a fresh key in it, the same on every retry of the call."""
    stream: bool = False
    """The answer is read as it arrives (server-sent events), not whole before returning."""


def no_content(response: httpx.Response) -> None:
    """The result of an operation that documents no body."""


# ----------------------------------------------------------------- serialisation


def _text(value: Any) -> str:
    """A scalar as it appears in a URL or header: booleans are ``true``/``false``."""
    value = to_wire(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _style_items(value: Any, explode: bool, quote: Callable[[str], str]) -> list[str]:
    """The parts a ``simple``, ``label`` or ``matrix`` value is joined from: an object's
    ``key=value`` pairs when exploded, else its keys and values in turn."""
    if isinstance(value, Mapping):
        pairs = [
            (quote(str(key)), quote(_text(item))) for key, item in value.items() if item is not None
        ]
        return (
            [f"{key}={item}" for key, item in pairs]
            if explode
            else [part for pair in pairs for part in pair]
        )
    if isinstance(value, list):
        return [quote(_text(item)) for item in value if item is not None]
    return [quote(_text(value))]


def path_segment(value: Any, style: str = "simple", explode: bool = False, name: str = "") -> str:
    """A path parameter in its ``style`` (``simple``, ``label`` ``.a.b`` or ``matrix`` ``;n=a``),
    percent-encoded so that ``/``, ``?`` or spaces in a value never change the path."""
    value = to_wire(value)
    items = _style_items(value, explode, _quote)
    if isinstance(value, (list, Mapping)) and not items:
        return ""  # an empty list or object is undefined in every style (RFC 6570)
    if style == "label":
        return "." + ("." if explode else ",").join(items)
    if style == "matrix":
        key = _quote(name)
        if explode and isinstance(value, Mapping):
            return "".join(f";{item}" for item in items)
        if explode and isinstance(value, list):
            return "".join(f";{key}={item}" for item in items)
        joined = ",".join(items)
        return f";{key}={joined}" if joined else f";{key}"
    return ",".join(items)


def encode_query(param: Param) -> list[tuple[str, str]]:
    """Query pairs for one parameter, following its ``style`` and ``explode``."""
    value = to_wire(param.value)
    if param.style == "deepObject" and isinstance(value, (Mapping, list)):
        pairs: list[tuple[str, str]] = []
        _deep_object(param.name, value, pairs)
        return pairs
    separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
    if isinstance(value, list):
        items = [_text(v) for v in value]
        if param.style == "form" and param.explode:
            return [(param.name, item) for item in items]
        return [(param.name, separator.join(items))]
    if isinstance(value, Mapping):
        if param.explode:
            return [(str(key), _text(item)) for key, item in value.items()]
        entries = (f"{key}{separator}{_text(item)}" for key, item in value.items())
        return [(param.name, separator.join(entries))]
    return [(param.name, _text(value))]


def _deep_object(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    """``a[b][c]=v`` pairs for nested objects, ``a[b][0]=v`` for arrays inside them."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _deep_object(f"{prefix}[{key}]", item, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _deep_object(f"{prefix}[{index}]", item, out)
    elif value is not None:
        out.append((prefix, _text(value)))


def _header_value(value: Any, explode: bool = False) -> str:
    """A header value in the ``simple`` style: ``a,b``, and an object's keys and values in turn
    (``k,v``), or ``k=v`` pairs when exploded. (Cookies use it unexploded: ``form`` objects
    exploded into pairs have no spelling inside one cookie.)"""
    return ",".join(_style_items(to_wire(value), explode, str))


def _given(param: Param) -> bool:
    return param.value is not None and param.value is not UNSET


# ------------------------------------------------------------------ base client


class _BaseClient:
    """Request building, authentication and retry policy, shared by both clients."""

    _security_schemes: Mapping[str, SecurityScheme] = {}
    _owns_http: bool

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        username: str | None,
        password: str | None,
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        strict_response_validation: bool = False,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self._api_key = api_key
        self._username = username
        self._password = password
        self._default_headers = dict(default_headers or {})
        self._secrets = _secret_forms(api_key, username, password)
        setup_logging()

    def copy(
        self: _C,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout | Unset = UNSET,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        set_default_headers: Mapping[str, str] | None = None,
    ) -> _C:
        """A client like this one with some options changed, sharing its connection pool.

        ``default_headers`` are added to this client's; ``set_default_headers`` replaces
        them. Closing the copy leaves the pool open: the original client owns it.
        """
        if max_retries is not None and max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        check_credential("the API key", api_key)
        new = object.__new__(type(self))
        # Resources are bound to the client they were made by: the copy makes its own.
        new.__dict__.update({key: value for key, value in self.__dict__.items() if key in _STATE})
        new._owns_http = False  # the pool stays the original client's, shared
        if api_key is not None:
            new._api_key = api_key
            new._secrets = _secret_forms(api_key, self._username, self._password)
        if base_url is not None:
            new.base_url = base_url.rstrip("/")
        if not isinstance(timeout, Unset):
            new.timeout = timeout
        if max_retries is not None:
            new.max_retries = max_retries
        if set_default_headers is not None:
            new._default_headers = dict(set_default_headers)
        elif default_headers is not None:
            new._default_headers = {**self._default_headers, **default_headers}
        return new

    with_options = copy

    def __repr__(self) -> str:
        # Credentials are never shown.
        return f"{type(self).__name__}(base_url={self.base_url!r})"

    def _has_credentials(self, scheme: SecurityScheme) -> bool:
        if scheme.kind == "basic":
            return self._username is not None and self._password is not None
        return bool(self._api_key)

    def _apply_security(
        self,
        call: Call,
        headers: dict[str, str],
        query: list[tuple[str, str]],
        cookies: dict[str, str],
    ) -> None:
        for alternative in call.security:
            schemes = [self._security_schemes[key] for key in alternative]
            if not all(self._has_credentials(scheme) for scheme in schemes):
                continue
            for scheme in schemes:
                if scheme.kind == "bearer":
                    headers["Authorization"] = f"Bearer {self._api_key}"
                elif scheme.kind == "basic":
                    pair = f"{self._username}:{self._password}".encode()
                    headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
                elif scheme.location == "header":
                    headers[scheme.name] = self._api_key or ""
                elif scheme.location == "query":
                    query.append((scheme.name, self._api_key or ""))
                else:
                    cookies[scheme.name] = self._api_key or ""
            return

    def _build_request(self, http: httpx.Client | httpx.AsyncClient, call: Call) -> httpx.Request:
        headers: dict[str, str] = {
            "Accept": call.accept,
            "User-Agent": USER_AGENT,
            **self._default_headers,
        }
        query: list[tuple[str, str]] = []
        cookies: dict[str, str] = {}
        for param in call.query:
            if _given(param):
                query.extend(encode_query(param))
        for param in call.headers:
            if _given(param):
                headers[param.name] = _header_value(param.value, param.explode)
        for param in call.cookies:
            if _given(param):
                cookies[param.name] = _header_value(param.value)
        self._apply_security(call, headers, query, cookies)
        if call.extra_query:
            query.extend((key, _text(value)) for key, value in call.extra_query.items())
        if cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())

        # A file object is read once here: the same bytes then serve every retry, and
        # the async client (which cannot read a synchronous file) can send them too.
        content: Any = _read(call.content)
        files: list[tuple[str, Any]] | None = None
        extra = dict(call.extra_body or {})
        if call.form is not None:
            pairs: list[tuple[str, str]] = []
            for key, value in {**call.form, **extra}.items():
                style, explode = (call.encoding or {}).get(key, ("form", True))
                pairs.extend(encode_query(Param(key, value, style, explode)))
            content = urllib.parse.urlencode(pairs).encode("ascii")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif call.multipart is not None:
            files = _multipart({**call.multipart, **extra}, call.encoding or {})
        elif call.json is not UNSET or extra:
            json_body = call.json if call.json is not UNSET else {}
            if extra:
                json_body = {**(json_body if isinstance(json_body, Mapping) else {}), **extra}
            content = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode(
                "utf-8"
            )
            headers["Content-Type"] = "application/json"
        elif call.content_type is not None:
            headers["Content-Type"] = call.content_type
        if call.extra_headers:
            headers.update(call.extra_headers)
        if call.idempotency_header is not None and not any(
            name.lower() == call.idempotency_header.lower() for name in headers
        ):
            headers[call.idempotency_header] = str(uuid.uuid4())

        return http.build_request(
            call.method,
            self.base_url + call.path,
            params=tuple(query),
            headers=headers,
            content=content,
            files=files,
        )

    # ------------------------------------------------------------- failures

    def _redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, _REDACTED)
        return text

    def _scrub(self, error: _E) -> _E:
        """``error`` without a credential in its message (a server may echo one back)."""
        message = self._redact(error.message)
        if message != error.message:
            error.message = message
            error.args = (message,)
        return error

    def _leaks(self, exc: BaseException) -> bool:
        """Whether ``exc``, or an exception it chains, shows a credential."""
        seen: set[int] = set()
        todo = [exc]
        while todo:
            current = todo.pop()
            if id(current) in seen:
                continue
            seen.add(id(current))
            texts = (str(current), repr(current.args))
            if any(secret in text for secret in self._secrets for text in texts):
                return True
            todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        return False

    def _failure(self, request: httpx.Request, exc: Exception) -> tuple[APIError, bool]:
        """The SDK error for an ``httpx`` failure, and whether a retry may help."""
        if isinstance(exc, httpx.TimeoutException):
            return APITimeoutError(request), True
        text = self._redact(describe_cause(exc))
        error = APIConnectionError(request, message=f"Connection error: {text}")
        return error, isinstance(exc, httpx.TransportError) and not isinstance(exc, _LOCAL_ERRORS)

    def _raise(self, error: APIError, cause: BaseException | None) -> NoReturn:
        """Raise ``error`` chained to ``cause``, unless ``cause`` shows a credential."""
        if cause is None or self._leaks(cause):
            # Raised outside any ``except`` block: nothing is chained, not even as context.
            error.__cause__ = None
            error.__context__ = None
            error.__suppress_context__ = True
            raise error
        raise error from cause

    # ------------------------------------------------------------ responses

    def _read_json(self, response: httpx.Response) -> Any:
        """The JSON body of a 2xx answer that documents one."""
        content = response.content
        if not content.strip():
            reason = "the API documents a JSON body, but there is none"
            raise self._scrub(APIResponseValidationError(reason, response=response))
        # Raised outside the ``except``: a UnicodeDecodeError's args hold the whole body,
        # which a careless server may have filled with the credential it got.
        try:
            return json.loads(content)
        except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, too deep
            failure = type(exc).__name__
        kind = response.headers.get("content-type", "no content type")
        reason = f"the body is not JSON ({kind}): {failure}"
        raise self._scrub(APIResponseValidationError(reason, response=response))

    def _read(self, response: httpx.Response, decoder: Codec) -> Any:
        """The body read with ``decoder``, after checking it has the documented shape."""
        return self._decode(response, self._read_json(response), decoder)

    def _decode(
        self, response: httpx.Response, value: Any, decoder: Codec, body: bytes | None = None
    ) -> Any:
        """``value`` (JSON of ``response``) read with ``decoder`` after checking its shape."""
        try:
            problem = decoder.problem(value, "body", strict=self.strict_response_validation)
            if problem is None:
                return decoder.decode(value)
        except (TypeError, ValueError, AttributeError, KeyError, RecursionError) as exc:
            problem = f"the body could not be read: {type(exc).__name__}"
        raise self._scrub(APIResponseValidationError(problem, response=response, body=body))

    def _read_model(self, response: httpx.Response, model: type[_M]) -> _M:
        """The body read as ``model`` (see ``_read``)."""
        result: _M = self._read(response, codec.model(lambda: model))
        return result

    @staticmethod
    def _should_retry(response: httpx.Response) -> bool:
        override = str(response.headers.get("x-should-retry", ""))
        if override in ("true", "false"):
            return override == "true"
        return response.status_code in _RETRYABLE_STATUSES or response.status_code >= 500

    @staticmethod
    def _retry_delay(attempt: int, response: httpx.Response | None) -> float:
        """Seconds before retry number ``attempt`` (1-based): ``Retry-After`` if sensible, else backoff."""
        if response is not None:
            retry_after = _retry_after_seconds(response.headers)
            if retry_after is not None and 0 <= retry_after <= MAX_RETRY_AFTER:
                return retry_after
        delay = min(INITIAL_RETRY_DELAY * 2.0 ** (attempt - 1), MAX_RETRY_DELAY)
        return delay * (1 - 0.25 * random.random())  # noqa: S311 - jitter, not cryptography

    def _retry_in(
        self, attempt: int, retryable: bool, response: httpx.Response | None, deadline: float | None
    ) -> float | None:
        """Seconds until the next attempt, or ``None`` when the call ends here."""
        if not retryable or attempt > self.max_retries:
            return None
        delay = self._retry_delay(attempt, response)
        if deadline is not None and time.monotonic() + delay >= deadline:
            return None  # the retry could not finish before the deadline
        return delay

    def _log_retry(self, request: httpx.Request, delay: float) -> None:
        log.info("Retrying %s %s in %.2f seconds", request.method, request.url.path, delay)

    def _log_request(self, request: httpx.Request) -> None:
        if not log.isEnabledFor(logging.DEBUG):
            return
        try:
            content = request.content
        except httpx.RequestNotRead:  # a multipart upload, sent as a stream
            return
        if content:
            log.debug("Request body: %s", self._redact(_excerpt(content)))

    def _log_response(self, response: httpx.Response, started: float, stream: bool) -> None:
        if not log.isEnabledFor(logging.INFO):
            return
        request = response.request
        log.info(
            'HTTP Request: %s %s "%s %s" in %.3fs',
            request.method,
            self._redact(str(request.url)),
            response.status_code,
            response.reason_phrase,
            time.monotonic() - started,
        )
        if log.isEnabledFor(logging.DEBUG) and not (stream and response.is_success):
            log.debug("Response body: %s", self._redact(_excerpt(response.content)))

    def _log_failure(self, request: httpx.Request, error: APIError, started: float) -> None:
        log.info(
            "HTTP Request: %s %s failed after %.3fs: %s",
            request.method,
            self._redact(str(request.url)),
            time.monotonic() - started,
            error.message,
        )


def _excerpt(body: bytes, limit: int = 2000) -> str:
    """The start of a body for a debug record (a large download is not decoded whole)."""
    text = body[: limit * 4].decode("utf-8", errors="replace")
    return text if len(body) <= limit else f"{text[:limit]}... ({len(body)} bytes)"


def _secret_forms(*values: str | None) -> tuple[str, ...]:
    """Every form in which a credential may show up in a message: as given, URL-encoded, and
    (for a username and password) as the basic-auth token."""
    forms: set[str] = set()
    api_key, username, password = values
    for value in (api_key, password):
        if value:
            forms |= {value, urllib.parse.quote(value, safe=""), urllib.parse.quote_plus(value)}
    if username is not None and password:
        forms.add(base64.b64encode(f"{username}:{password}".encode()).decode("ascii"))
    return tuple(sorted(forms, key=len, reverse=True))


def _deadline(timeout: Timeout) -> float | None:
    """The time (``time.monotonic()``) by which a call started now must end, if any."""
    if timeout is None:
        return None
    if isinstance(timeout, httpx.Timeout):
        phases = (timeout.connect, timeout.read, timeout.write, timeout.pool)
        if any(phase is None for phase in phases):
            return None
        return time.monotonic() + max(phase for phase in phases if phase is not None)
    return time.monotonic() + float(timeout)


def _attempt_timeout(timeout: Timeout, deadline: float | None) -> dict[str, float | None]:
    """The per-phase limits of one attempt: the configured ones, cut to the time left."""
    phases = (timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)).as_dict()
    if deadline is None:
        return phases
    return {name: _time_left(value, deadline) for name, value in phases.items()}


def _time_left(limit: float | None, deadline: float) -> float:
    left = max(deadline - time.monotonic(), 0.001)
    return left if limit is None else min(limit, left)


class _DeadlineStream(httpx.SyncByteStream):
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


def _read(value: Any) -> Any:
    """The bytes of a file object (other values unchanged)."""
    if isinstance(value, io.IOBase) or (
        hasattr(value, "read") and not isinstance(value, (bytes, str))
    ):
        data = value.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    return value


def _file_part(key: str, value: Any) -> tuple[str | None, Any, str]:
    """``(filename, bytes, content type)`` for an upload given as bytes, a file object or a tuple."""
    if isinstance(value, tuple):
        filename, content = value[0], _read(value[1])
        content_type = value[2] if len(value) == 3 else None
    else:
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) and name else key
        content, content_type = _read(value), None
    if content_type is None:
        content_type = (
            filename and mimetypes.guess_type(filename)[0]
        ) or "application/octet-stream"
    return filename, content, content_type


def _is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, io.IOBase)) or (
        isinstance(value, tuple) and len(value) in (2, 3) and _is_file(value[1])
    )


def _multipart(
    body: Mapping[str, Any], encoding: Mapping[str, tuple[str, bool]]
) -> list[tuple[str, Any]]:
    """Multipart parts: files as given, scalars as text, objects as JSON, an array one part per
    item (RFC 7578 section 4.3); a property the spec's ``encoding`` gives a style is serialised
    by that style, each pair a text part (the name in the part's header, the value unencoded)."""
    parts: list[tuple[str, Any]] = []
    for key, value in body.items():
        items = value if isinstance(value, list) else [value]
        if key in encoding and not any(_is_file(item) for item in items):
            style, explode = encoding[key]
            parts.extend(
                (name, (None, text))
                for name, text in encode_query(Param(key, value, style, explode))
            )
            continue
        for item in items:
            if _is_file(item):
                parts.append((key, _file_part(key, item)))
            elif isinstance(item, (Mapping, list)):
                parts.append((key, (None, json.dumps(to_wire(item)), "application/json")))
            else:
                parts.append((key, (None, _text(item))))
    return parts


def _retry_after_seconds(headers: httpx.Headers) -> float | None:
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


class SyncAPIClient(_BaseClient):
    """Sends calls with an ``httpx.Client`` (a connection pool; close it when done)."""

    def __init__(self, *, http_client: httpx.Client | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=True)

    def request(self, call: Call, parse: Callable[[httpx.Response], _T]) -> _T:
        """Send ``call`` and return ``parse(response)``; under ``with_raw_response`` or
        ``with_streaming_response``, the ``APIResponse`` that parses on demand."""
        mode = response_mode()
        response = self.send(call, stream=call.stream or mode == "stream")
        if mode == "parse":
            return parse(response)
        return cast(_T, APIResponse(response, parse, self, lazy=call.stream))

    def _stream(
        self, response: httpx.Response, decoder: Codec, end: str | None = None
    ) -> Stream[Any]:
        """The events of a ``text/event-stream`` answer, read as they arrive."""
        return Stream(response, decoder, self, end=end)

    def send(self, call: Call, *, stream: bool = False) -> httpx.Response:
        """Send ``call``, retrying what is retryable; a non-2xx answer raises an ``APIStatusError``.

        With ``stream``, a 2xx answer is returned unread (the caller closes it).
        """
        request = self._build_request(self._http, call)
        self._log_request(request)
        timeout = self.timeout if call.timeout is UNSET else call.timeout
        deadline = _deadline(timeout)
        attempt = 0
        while True:
            attempt += 1
            request.extensions["timeout"] = _attempt_timeout(timeout, deadline)
            failure: Exception | None = None
            started = time.monotonic()
            try:
                response = self._send(request, deadline, stream)
            except httpx.HTTPError as exc:
                failure = exc
            if failure is not None:
                error, retryable = self._failure(request, failure)
                self._log_failure(request, error, started)
                delay = self._retry_in(attempt, retryable, None, deadline)
                if delay is None:
                    self._raise(error, failure)
                self._sleep(request, delay)
                continue
            self._log_response(response, started, stream)
            if response.is_success:
                return response
            delay = self._retry_in(attempt, self._should_retry(response), response, deadline)
            if delay is None:
                raise self._scrub(make_status_error(response))
            self._sleep(request, delay)

    def _send(self, request: httpx.Request, deadline: float | None, stream: bool) -> httpx.Response:
        """One attempt: the answer, read whole unless ``stream`` (``httpx.HTTPError`` when it fails)."""
        response = self._http.send(request, stream=True)
        if stream and response.is_success:
            return response
        try:
            if deadline is not None and isinstance(response.stream, httpx.SyncByteStream):
                # httpcore reads the body's read limit when the body starts: cut it to the time
                # left now, and check the deadline between chunks of a trickling body.
                timeouts = response.request.extensions.get("timeout")
                if isinstance(timeouts, dict):
                    timeouts["read"] = _time_left(timeouts.get("read"), deadline)
                response.stream = _DeadlineStream(response.stream, deadline, request)
            try:
                response.read()
            except httpx.DecodingError as exc:
                if not response.is_success:
                    raise
                reason = f"the body could not be decoded: {type(exc).__name__}"
                raise self._scrub(
                    APIResponseValidationError(reason, response=response, body=b"")
                ) from None
        finally:
            response.close()
        return response

    def _sleep(self, request: httpx.Request, delay: float) -> None:
        self._log_retry(request, delay)
        time.sleep(delay)

    def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http:
            self._http.close()

    def __enter__(self: _SyncT) -> _SyncT:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class AsyncAPIClient(_BaseClient):
    """Sends calls with an ``httpx.AsyncClient`` (a connection pool; close it when done)."""

    def __init__(self, *, http_client: httpx.AsyncClient | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.AsyncClient(timeout=self.timeout, follow_redirects=True)

    async def request(self, call: Call, parse: Callable[[httpx.Response], _T]) -> _T:
        """Send ``call`` and return ``parse(response)``; under ``with_raw_response`` or
        ``with_streaming_response``, the ``AsyncAPIResponse`` that parses on demand."""
        mode = response_mode()
        response = await self.send(call, stream=call.stream or mode == "stream")
        if mode == "parse":
            return parse(response)
        return cast(_T, AsyncAPIResponse(response, parse, self, lazy=call.stream))

    def _stream(
        self, response: httpx.Response, decoder: Codec, end: str | None = None
    ) -> AsyncStream[Any]:
        """The events of a ``text/event-stream`` answer, read as they arrive."""
        return AsyncStream(response, decoder, self, end=end)

    async def send(self, call: Call, *, stream: bool = False) -> httpx.Response:
        """Send ``call``, retrying what is retryable; a non-2xx answer raises an ``APIStatusError``.

        With ``stream``, a 2xx answer is returned unread (the caller closes it).
        """
        request = self._build_request(self._http, call)
        self._log_request(request)
        timeout = self.timeout if call.timeout is UNSET else call.timeout
        deadline = _deadline(timeout)
        attempt = 0
        while True:
            attempt += 1
            request.extensions["timeout"] = _attempt_timeout(timeout, deadline)
            failure: Exception | None = None
            started = time.monotonic()
            try:
                response = await self._send(request, deadline, stream)
            except httpx.HTTPError as exc:
                failure = exc
            if failure is not None:
                error, retryable = self._failure(request, failure)
                self._log_failure(request, error, started)
                delay = self._retry_in(attempt, retryable, None, deadline)
                if delay is None:
                    self._raise(error, failure)
                await self._sleep(request, delay)
                continue
            self._log_response(response, started, stream)
            if response.is_success:
                return response
            delay = self._retry_in(attempt, self._should_retry(response), response, deadline)
            if delay is None:
                raise self._scrub(make_status_error(response))
            await self._sleep(request, delay)

    async def _send(
        self, request: httpx.Request, deadline: float | None, stream: bool
    ) -> httpx.Response:
        """One attempt: the answer, read whole unless ``stream`` (``httpx.HTTPError`` when it fails)."""
        left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        try:
            with anyio.fail_after(left):
                response = await self._http.send(request, stream=True)
                if stream and response.is_success:
                    return response
                try:
                    try:
                        await response.aread()
                    except httpx.DecodingError as exc:
                        if not response.is_success:
                            raise
                        reason = f"the body could not be decoded: {type(exc).__name__}"
                        raise self._scrub(
                            APIResponseValidationError(reason, response=response, body=b"")
                        ) from None
                finally:
                    await response.aclose()
        except TimeoutError:
            raise httpx.ReadTimeout("the call's deadline passed", request=request) from None
        return response

    async def _sleep(self, request: httpx.Request, delay: float) -> None:
        self._log_retry(request, delay)
        await anyio.sleep(delay)

    async def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
