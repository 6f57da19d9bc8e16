"""How a client treats what comes back: failures made into the SDK's errors, bodies read
against their codecs, and credentials kept out of every message.

The base of both clients (``_base_client.py``). A credential is what the client was given
(in every form it may be sent in) and any OAuth2 access token it holds at the time.
"""

from __future__ import annotations

import json
from typing import Any, NoReturn, TypeVar

import httpx

from ._credentials import REDACTED
from ._exceptions import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    describe_cause,
)
from ._models import Codec, Model, codec
from ._oauth import TokenCache

__all__ = ["AnswerHandling"]

_LOCAL_ERRORS = (httpx.LocalProtocolError, httpx.UnsupportedProtocol)
"""``httpx`` refused to send the request: nothing went out, and a retry would fail the same way."""
_M = TypeVar("_M", bound=Model)
_E = TypeVar("_E", bound=APIError)


class AnswerHandling:
    """Errors, redaction and body reading, shared by both clients."""

    strict_response_validation: bool
    _secrets: tuple[str, ...]
    _tokens: TokenCache

    def _secret_texts(self) -> tuple[str, ...]:
        """The client's credentials in every form, and the OAuth2 access tokens it holds."""
        return (*self._secrets, *self._tokens.values())

    def _redact(self, text: str) -> str:
        for secret in self._secret_texts():
            text = text.replace(secret, REDACTED)
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
            if any(secret in text for secret in self._secret_texts() for text in texts):
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
