"""The runtime's retry, deadline and error policies, tested as source (``generator/runtime``)."""

from __future__ import annotations

import email.utils
import time

import httpx
import pytest

from generator.runtime._constants import RootError
from generator.runtime._credentials import check_credential, secret_forms
from generator.runtime._deadlines import attempt_timeout, call_deadline
from generator.runtime._defaults import INITIAL_RETRY_DELAY, MAX_RETRY_AFTER, MAX_RETRY_DELAY
from generator.runtime._exceptions import (
    MAX_MESSAGE_LENGTH,
    APIStatusError,
    ConfigurationError,
    status_error,
)
from generator.runtime._retries import retry_after_seconds, retry_delay, should_retry

_REQUEST = httpx.Request("GET", "https://api.example.com/things")


def _response(status: int, headers: dict[str, str] | None = None, content: bytes = b"") -> httpx.Response:
    return httpx.Response(status, headers=headers, content=content, request=_REQUEST)


@pytest.mark.parametrize(
    ("status", "headers", "retry"),
    [
        (408, {}, True),
        (409, {}, True),
        (429, {}, True),
        (503, {}, True),
        (400, {}, False),
        (404, {"x-should-retry": "true"}, True),
        (503, {"x-should-retry": "false"}, False),
    ],
)
def test_which_answers_are_retried(status: int, headers: dict[str, str], retry: bool) -> None:
    assert should_retry(_response(status, headers)) is retry


def test_retry_after_in_every_spelling() -> None:
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "1500"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"retry-after": "3"})) == 3.0
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    seconds = retry_after_seconds(httpx.Headers({"retry-after": when}))
    assert seconds is not None and 25 < seconds <= 30
    assert retry_after_seconds(httpx.Headers({"retry-after": "soon"})) is None


def test_retry_delay_honours_a_sensible_retry_after_else_backs_off() -> None:
    assert retry_delay(1, _response(429, {"retry-after": "2"})) == 2.0
    too_long = str(MAX_RETRY_AFTER + 1)
    assert retry_delay(1, _response(429, {"retry-after": too_long})) <= INITIAL_RETRY_DELAY
    for attempt in range(1, 10):
        expected = min(INITIAL_RETRY_DELAY * 2 ** (attempt - 1), MAX_RETRY_DELAY)
        assert 0.75 * expected <= retry_delay(attempt, None) <= expected


def test_deadline_of_a_call() -> None:
    assert call_deadline(None) is None
    assert call_deadline(httpx.Timeout(5.0, read=None)) is None
    deadline = call_deadline(10.0)
    assert deadline is not None and 9 < deadline - time.monotonic() <= 10
    cut = attempt_timeout(httpx.Timeout(30.0), time.monotonic() + 2)
    assert all(value is not None and value <= 2 for value in cut.values())


def test_status_errors_pick_the_class_and_bound_the_message() -> None:
    class TeapotError(APIStatusError):
        pass

    class ServerError(APIStatusError):
        pass

    long_body = b'"' + b"x" * 5000 + b'"'
    error = status_error(_response(418, content=long_body), {418: TeapotError}, ServerError)
    assert type(error) is TeapotError and error.body == "x" * 5000
    assert len(str(error)) < MAX_MESSAGE_LENGTH + 50
    assert type(status_error(_response(502), {}, ServerError)) is ServerError
    assert type(status_error(_response(400), {}, ServerError)) is APIStatusError
    assert isinstance(error, RootError)


def test_credentials_are_refused_without_being_shown() -> None:
    with pytest.raises(ConfigurationError) as caught:
        check_credential("the API key", "secret-value\n")
    assert "secret-value" not in str(caught.value)
    forms = secret_forms({"api_key": "k/y", "username": "user", "password": "pw"})
    assert {"k/y", "k%2Fy", "pw", "dXNlcjpwdw=="} <= set(forms)
    assert "user" not in forms  # a username alone is not secret
