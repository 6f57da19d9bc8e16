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
import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any, TypeVar, cast

import anyio
import httpx

from ._answers import AnswerHandling
from ._call import Call, no_content
from ._constants import DISTRIBUTION
from ._credentials import SecurityScheme, check_credential, chosen_schemes, secret_forms
from ._deadlines import (
    DEFAULT_TIMEOUT,
    DeadlineStream,
    Timeout,
    attempt_timeout,
    call_deadline,
    time_left,
)
from ._defaults import DEFAULT_MAX_RETRIES, TOKEN_REFRESH_MARGIN
from ._exceptions import (
    APIResponseValidationError,
    APIStatusError,
    status_error,
)
from ._logs import log_failure, log_request, log_response, log_retry, setup_logging
from ._models import UNSET, Codec, Unset, json_text
from ._multipart import multipart_parts, read_content
from ._oauth import ClientAuthMethod, TokenCache, TokenKey
from ._params import (
    Param,
    encode_query,
    form_content,
    header_value,
    is_given,
    path_segment,
    scalar_text,
)
from ._response import APIResponse, AsyncAPIResponse, response_mode
from ._retries import retry_delay, should_retry
from ._streaming import AsyncStream, Stream
from ._version import __version__

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
    "no_content",
    "path_segment",
]

_STATE = frozenset(
    {
        "base_url",
        "timeout",
        "max_retries",
        "strict_response_validation",
        "_credentials",
        "_default_headers",
        "_secrets",
        "_tokens",
        "_webhook_secret",
        "_http",
        "_owns_http",
    }
)
"""What a client is made of (its resources, made on first use, are not copied)."""
USER_AGENT = f"{DISTRIBUTION}-python/{__version__}"

_C = TypeVar("_C", bound="_BaseClient")
_SyncT = TypeVar("_SyncT", bound="SyncAPIClient")
_AsyncT = TypeVar("_AsyncT", bound="AsyncAPIClient")
_T = TypeVar("_T")
_R = TypeVar("_R")


# ------------------------------------------------------------------ base client


class _BaseClient(AnswerHandling):
    """Request building, authentication and retry policy, shared by both clients."""

    _security_schemes: Mapping[str, SecurityScheme] = {}
    _token_error: Callable[..., APIStatusError] = APIStatusError
    """What a token endpoint's failure raises (the generated clients: ``OAuthTokenError``)."""
    _owns_http: bool

    @staticmethod
    def _status_error(response: httpx.Response) -> APIStatusError:
        """The exception for a non-2xx ``response``. The generated client classes use their
        SDK's ``errors.make_status_error``, which knows the per-status classes."""
        return status_error(response, {}, APIStatusError)

    def __init__(
        self,
        *,
        base_url: str,
        credentials: Mapping[str, str | None],
        timeout: Timeout,
        max_retries: int,
        default_headers: Mapping[str, str] | None,
        strict_response_validation: bool = False,
        token_refresh_margin: float = TOKEN_REFRESH_MARGIN,
        client_auth_method: ClientAuthMethod = "client_secret_basic",
        webhook_secret: str | None = None,
    ) -> None:
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more")
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.max_retries = max_retries
        self.strict_response_validation = strict_response_validation
        self._credentials = dict(credentials)
        """The client's arguments that hold credentials (``api_key``, ``username``, ...)."""
        self._default_headers = dict(default_headers or {})
        self._secrets = secret_forms(self._credentials)
        self._tokens = TokenCache(margin=token_refresh_margin, auth_method=client_auth_method)
        """OAuth2 access tokens, shared with copies that keep the base URL."""
        self._webhook_secret = webhook_secret
        """What ``client.webhooks`` verifies signatures with (never sent, never shown)."""
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
            new._credentials = {**self._credentials, "api_key": api_key}
            new._secrets = secret_forms(new._credentials)
        if base_url is not None and base_url.rstrip("/") != self.base_url:
            new.base_url = base_url.rstrip("/")
            new._tokens = self._tokens.emptied()
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

    def _resource(self, make: Callable[[Any], _R]) -> _R:
        """This client's one instance of the resource class ``make``, made on first use.

        The generated clients reach their resources through properties (which ``help()`` shows
        with their documentation) backed by this cache; a copy makes its own resources.
        """
        resources: dict[object, Any] = self.__dict__.setdefault("_resources", {})
        if make not in resources:
            resources[make] = make(self)
        resource: _R = resources[make]
        return resource

    def _apply_security(
        self,
        call: Call,
        tokens: Mapping[str, str],
        headers: dict[str, str],
        query: list[tuple[str, str]],
        cookies: dict[str, str],
    ) -> None:
        """Authenticate ``call`` (to the base URL) by its first alternative the client can meet;
        ``tokens`` holds the OAuth2 access tokens, by scheme, that alternative needs."""
        for key, scheme in chosen_schemes(call.security, self._security_schemes, self._credentials):
            token = (
                tokens[key] if scheme.kind == "oauth2" else self._credentials.get(scheme.credential)
            )
            if scheme.kind in ("bearer", "oauth2"):
                headers["Authorization"] = f"Bearer {token or ''}"
            elif scheme.kind == "basic":
                pair = f"{self._credentials['username']}:{self._credentials['password']}".encode()
                headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
            elif scheme.location == "header":
                headers[scheme.name] = token or ""
            elif scheme.location == "query":
                query.append((scheme.name, token or ""))
            else:
                cookies[scheme.name] = token or ""

    def _keep_token(self, key: TokenKey, response: httpx.Response) -> str:
        """The access token in the token endpoint's ``response``, cached; else the error."""
        token = self._tokens.keep(key, response, self._redact)
        if isinstance(token, tuple):
            message, body = token
            raise self._scrub(self._token_error(message, response=response, body=body))
        return token

    def _build_request(
        self,
        http: httpx.Client | httpx.AsyncClient,
        call: Call,
        tokens: Mapping[str, str] | None = None,
    ) -> httpx.Request:
        headers: dict[str, str] = {
            "Accept": call.accept,
            "User-Agent": USER_AGENT,
            **self._default_headers,
        }
        query: list[tuple[str, str]] = []
        cookies: dict[str, str] = {}
        for param in call.query:
            if is_given(param):
                query.extend(encode_query(param))
        for param in call.headers:
            if is_given(param):
                headers[param.name] = header_value(param.value, param.explode)
        for param in call.cookies:
            if is_given(param):
                cookies[param.name] = header_value(param.value)
        self._apply_security(call, tokens or {}, headers, query, cookies)
        if call.extra_query:
            query.extend((key, scalar_text(value)) for key, value in call.extra_query.items())
        if cookies:
            headers["Cookie"] = "; ".join(f"{key}={value}" for key, value in cookies.items())

        # A file object is read once here: the same bytes then serve every retry, and
        # the async client (which cannot read a synchronous file) can send them too.
        content: Any = read_content(call.content)
        files: list[tuple[str, Any]] | None = None
        extra = dict(call.extra_body or {})
        if call.form is not None:
            content = form_content({**call.form, **extra}, call.encoding or {}, call.formats)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif call.multipart is not None:
            files = multipart_parts({**call.multipart, **extra}, call.encoding or {})
        elif call.json is not UNSET or extra:
            json_body = call.json if call.json is not UNSET else {}
            if extra:
                json_body = {**(json_body if isinstance(json_body, Mapping) else {}), **extra}
            content = json_text(json_body).encode("utf-8")
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

    def _retry_in(
        self, attempt: int, retryable: bool, response: httpx.Response | None, deadline: float | None
    ) -> float | None:
        """Seconds until the next attempt, or ``None`` when the call ends here."""
        if not retryable or attempt > self.max_retries:
            return None
        delay = retry_delay(attempt, response)
        if deadline is not None and time.monotonic() + delay >= deadline:
            return None  # the retry could not finish before the deadline
        return delay


class SyncAPIClient(_BaseClient):
    """Sends calls with an ``httpx.Client`` (a connection pool; close it when done)."""

    def __init__(self, *, http_client: httpx.Client | None, **options: Any) -> None:
        super().__init__(**options)
        self._owns_http = http_client is None
        self._http = http_client or httpx.Client(timeout=self.timeout, follow_redirects=True)

    def _request(self, call: Call, parse: Callable[[httpx.Response], _T]) -> _T:
        """Send ``call`` and return ``parse(response)``; under ``with_raw_response`` or
        ``with_streaming_response``, the ``APIResponse`` that parses on demand."""
        mode = response_mode()
        response = self._send_call(call, stream=call.stream or mode == "stream")
        if mode == "parse":
            return parse(response)
        return cast(_T, APIResponse(response, parse, self, lazy=call.stream))

    def _stream(
        self, response: httpx.Response, decoder: Codec, end: str | None = None
    ) -> Stream[Any]:
        """The events of a ``text/event-stream`` answer, read as they arrive."""
        return Stream(response, decoder, self, end=end)

    def _send_call(self, call: Call, *, stream: bool = False) -> httpx.Response:
        """Send ``call``, retrying what is retryable; a non-2xx answer raises an ``APIStatusError``.

        With ``stream``, a 2xx answer is returned unread (the caller closes it). A 401 to an
        OAuth2 access token drops the token and sends the call once more with a new one.
        """
        timeout = self.timeout if call.timeout is UNSET else call.timeout
        deadline = call_deadline(timeout)
        needs = self._tokens.needs(call, self._security_schemes, self._credentials)
        for renewed in (False, True):
            tokens = {
                key: self._tokens.get(token_key) or self._fetch_token(scheme, token_key, deadline)
                for key, scheme, token_key in needs
            }
            request = self._build_request(self._http, call, tokens)
            log_request(request, self._redact)
            response = self._attempts(request, timeout, deadline, stream, self._redact)
            if response.is_success or renewed or response.status_code != 401 or not needs:
                break
            for key, _, token_key in needs:
                self._tokens.drop(token_key, tokens[key])
        if response.is_success:
            return response
        raise self._scrub(self._status_error(response))

    def _fetch_token(self, scheme: SecurityScheme, key: TokenKey, deadline: float | None) -> str:
        """A new token for ``key``, unless another thread got one while this one waited."""
        with self._tokens.lock:
            token = self._tokens.get(key)
            if token is not None:
                return token
            request = self._tokens.request(
                self._http, self.base_url, scheme, key, self._credentials
            )
            log_request(request, self._redact)
            redact = self._tokens.redactor(self._redact)
            # Redirects not followed: a 307 would resend a client_secret_post body elsewhere.
            response = self._attempts(request, self.timeout, deadline, False, redact, False)
            return self._keep_token(key, response)

    def _attempts(
        self,
        request: httpx.Request,
        timeout: Timeout,
        deadline: float | None,
        stream: bool,
        redact: Callable[[str], str],
        follow: bool | None = None,
    ) -> httpx.Response:
        """Send ``request`` until it succeeds or may not be retried; the last answer (``follow``:
        whether to follow redirects; ``None``, as the HTTP client does)."""
        attempt = 0
        while True:
            attempt += 1
            request.extensions["timeout"] = attempt_timeout(timeout, deadline)
            failure: Exception | None = None
            started = time.monotonic()
            try:
                response = self._send(request, deadline, stream, follow)
            except httpx.HTTPError as exc:
                failure = exc
            if failure is not None:
                error, retryable = self._failure(request, failure)
                log_failure(request, error, started, redact)
                delay = self._retry_in(attempt, retryable, None, deadline)
                if delay is None:
                    self._raise(error, failure)
                self._sleep(request, delay)
                continue
            log_response(response, started, stream, redact)
            if response.is_success:
                return response
            delay = self._retry_in(attempt, should_retry(response), response, deadline)
            if delay is None:
                return response
            self._sleep(request, delay)

    def _send(
        self, request: httpx.Request, deadline: float | None, stream: bool, follow: bool | None
    ) -> httpx.Response:
        """One attempt: the answer, read whole unless ``stream`` (``httpx.HTTPError`` when it fails)."""
        redirects = httpx.USE_CLIENT_DEFAULT if follow is None else follow
        response = self._http.send(request, stream=True, follow_redirects=redirects)
        if stream and response.is_success:
            return response
        try:
            if deadline is not None and isinstance(response.stream, httpx.SyncByteStream):
                # httpcore reads the body's read limit when the body starts: cut it to the time
                # left now, and check the deadline between chunks of a trickling body.
                timeouts = response.request.extensions.get("timeout")
                if isinstance(timeouts, dict):
                    timeouts["read"] = time_left(timeouts.get("read"), deadline)
                response.stream = DeadlineStream(response.stream, deadline, request)
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
        log_retry(request, delay)
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

    async def _request(self, call: Call, parse: Callable[[httpx.Response], _T]) -> _T:
        """Send ``call`` and return ``parse(response)``; under ``with_raw_response`` or
        ``with_streaming_response``, the ``AsyncAPIResponse`` that parses on demand."""
        mode = response_mode()
        response = await self._send_call(call, stream=call.stream or mode == "stream")
        if mode == "parse":
            return parse(response)
        return cast(_T, AsyncAPIResponse(response, parse, self, lazy=call.stream))

    def _stream(
        self, response: httpx.Response, decoder: Codec, end: str | None = None
    ) -> AsyncStream[Any]:
        """The events of a ``text/event-stream`` answer, read as they arrive."""
        return AsyncStream(response, decoder, self, end=end)

    async def _send_call(self, call: Call, *, stream: bool = False) -> httpx.Response:
        """Send ``call``, retrying what is retryable; a non-2xx answer raises an ``APIStatusError``.

        With ``stream``, a 2xx answer is returned unread (the caller closes it). A 401 to an
        OAuth2 access token drops the token and sends the call once more with a new one.
        """
        timeout = self.timeout if call.timeout is UNSET else call.timeout
        deadline = call_deadline(timeout)
        needs = self._tokens.needs(call, self._security_schemes, self._credentials)
        for renewed in (False, True):
            tokens = {
                key: self._tokens.get(token_key)
                or await self._fetch_token(scheme, token_key, deadline)
                for key, scheme, token_key in needs
            }
            request = self._build_request(self._http, call, tokens)
            log_request(request, self._redact)
            response = await self._attempts(request, timeout, deadline, stream, self._redact)
            if response.is_success or renewed or response.status_code != 401 or not needs:
                break
            for key, _, token_key in needs:
                self._tokens.drop(token_key, tokens[key])
        if response.is_success:
            return response
        raise self._scrub(self._status_error(response))

    async def _fetch_token(
        self, scheme: SecurityScheme, key: TokenKey, deadline: float | None
    ) -> str:
        """A new token for ``key``, unless another task got one while this one waited."""
        async with self._tokens.async_lock:
            token = self._tokens.get(key)
            if token is not None:
                return token
            request = self._tokens.request(
                self._http, self.base_url, scheme, key, self._credentials
            )
            log_request(request, self._redact)
            redact = self._tokens.redactor(self._redact)
            # Redirects not followed: a 307 would resend a client_secret_post body elsewhere.
            response = await self._attempts(request, self.timeout, deadline, False, redact, False)
            return self._keep_token(key, response)

    async def _attempts(
        self,
        request: httpx.Request,
        timeout: Timeout,
        deadline: float | None,
        stream: bool,
        redact: Callable[[str], str],
        follow: bool | None = None,
    ) -> httpx.Response:
        """Send ``request`` until it succeeds or may not be retried; the last answer (``follow``:
        whether to follow redirects; ``None``, as the HTTP client does)."""
        attempt = 0
        while True:
            attempt += 1
            request.extensions["timeout"] = attempt_timeout(timeout, deadline)
            failure: Exception | None = None
            started = time.monotonic()
            try:
                response = await self._send(request, deadline, stream, follow)
            except httpx.HTTPError as exc:
                failure = exc
            if failure is not None:
                error, retryable = self._failure(request, failure)
                log_failure(request, error, started, redact)
                delay = self._retry_in(attempt, retryable, None, deadline)
                if delay is None:
                    self._raise(error, failure)
                await self._sleep(request, delay)
                continue
            log_response(response, started, stream, redact)
            if response.is_success:
                return response
            delay = self._retry_in(attempt, should_retry(response), response, deadline)
            if delay is None:
                return response
            await self._sleep(request, delay)

    async def _send(
        self, request: httpx.Request, deadline: float | None, stream: bool, follow: bool | None
    ) -> httpx.Response:
        """One attempt: the answer, read whole unless ``stream`` (``httpx.HTTPError`` when it fails)."""
        left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
        redirects = httpx.USE_CLIENT_DEFAULT if follow is None else follow
        try:
            with anyio.fail_after(left):
                response = await self._http.send(request, stream=True, follow_redirects=redirects)
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
        log_retry(request, delay)
        await anyio.sleep(delay)

    async def close(self) -> None:
        """Close the connection pool (only if this client created it)."""
        if self._owns_http:
            await self._http.aclose()

    async def __aenter__(self: _AsyncT) -> _AsyncT:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()
