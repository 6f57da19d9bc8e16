"""The generated SDK under faults: unreadable bodies, broken connections, redirects, deadlines and
bounded messages all end in an SDK error, and the errors are named and documented alike.

Every test drives both clients (``sync`` / ``async``, the ``kind`` fixture of
``tests/sdk/conftest.py``) against a real server on 127.0.0.1 that misbehaves on purpose:
the scripted server, or the raw TCP server (:mod:`support.raw_server`) for what HTTP
servers do not do willingly.
"""

from __future__ import annotations

import gzip
import logging
import socket
from pathlib import Path
from typing import Any

import pytest

import daily_api
from daily_api import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncDailyClient,
    BadRequestError,
    ConfigurationError,
    DailyClient,
    DailyError,
)

from support.fault_calls import API_KEY, TOKEN, Kind, assert_secret_absent, create, timed_failure
from support.http_server import ScriptedHTTPServer, ScriptedResponse
from support.paths import ROOT
from support.raw_server import read_request
from support.specs import settings_for

# ------------------------------------------------------ unreadable 2xx bodies

UNREADABLE_BODIES: dict[str, ScriptedResponse] = {
    "truncated-json": ScriptedResponse(200, (("Content-Type", "application/json"),), b'{"tok'),
    "html": ScriptedResponse(200, (("Content-Type", "text/html"),), b"<html><body>Gateway</body></html>"),
    "empty-200": ScriptedResponse(200, (("Content-Type", "application/json"),), b""),
    "text-ok": ScriptedResponse.of_text("OK"),
    "no-content": ScriptedResponse.empty(204),
    "array": ScriptedResponse.of_json([]),
    "null": ScriptedResponse.of_json(None),
    "string": ScriptedResponse.of_json("token"),
    "undecodable": ScriptedResponse(200, (("Content-Type", "application/json"),), b'{"token": "\xff\xfe"}'),
    "bad-gzip": ScriptedResponse(
        200, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), b'{"token": "t"}'
    ),
}


@pytest.mark.parametrize("case", sorted(UNREADABLE_BODIES))
def test_unreadable_success_body_raises_response_validation_error(
    kind: Kind, scripted_server: ScriptedHTTPServer, case: str
) -> None:
    scripted = UNREADABLE_BODIES[case]
    scripted_server.enqueue(
        ScriptedResponse(scripted.status, (*scripted.headers, ("x-request-id", "req_bad")), scripted.body)
    )

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    error = caught.value
    assert isinstance(error, APIError)
    assert isinstance(error, DailyError)
    assert error.status_code == scripted.status
    assert error.request_id == "req_bad"
    assert error.response.status_code == scripted.status
    assert str(error.status_code) in str(error)
    if case in ("truncated-json", "html", "text-ok"):
        assert scripted.body.decode()[:10] in str(error)  # an excerpt of the body
    assert len(scripted_server.requests) == 1  # not retried
    assert_secret_absent(API_KEY, error)


def test_long_unreadable_body_is_shown_as_a_short_excerpt(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    page = "<html>" + "x" * 100_000 + "</html>"
    scripted_server.enqueue(ScriptedResponse(200, (("Content-Type", "text/html"),), page.encode()))

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert "<html>xxx" in str(caught.value)
    assert len(str(caught.value)) < 600
    assert caught.value.body == page


def test_type_mismatch_is_kept_by_default(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": 12345}))

    result = create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert result.token == 12345


@pytest.mark.parametrize(
    ("body", "where"),
    [({"token": 12345}, "body.token"), ({"token": None}, "body.token"), ({"token": ["t"]}, "body.token")],
)
def test_strict_response_validation_refuses_type_mismatches(
    kind: Kind, scripted_server: ScriptedHTTPServer, body: Any, where: str
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json(body, headers={"x-request-id": "req_strict"}))
    options = {"api_key": API_KEY, "base_url": scripted_server.url, "strict_response_validation": True}

    with pytest.raises(APIResponseValidationError) as caught:
        create(kind, options)

    assert where in str(caught.value)
    assert caught.value.request_id == "req_strict"


def test_strict_response_validation_accepts_a_conforming_body(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse.of_json({"token": TOKEN, "unknown": [1, 2]}))
    options = {"api_key": API_KEY, "base_url": scripted_server.url, "strict_response_validation": True}

    assert create(kind, options).token == TOKEN


# --------------------------------------------------- other httpx failures


def test_redirect_loop_is_a_connection_error(kind: Kind, scripted_server_factory: Any) -> None:
    server = scripted_server_factory(default=ScriptedResponse(302, (("Location", "/meeting-tokens"),), b""))

    with pytest.raises(APIConnectionError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": server.url})

    assert "TooManyRedirects" in str(caught.value)
    assert len(server.requests) == 21  # the request and 20 redirects: not retried
    assert_secret_absent(API_KEY, caught.value)


def test_bad_gzip_on_an_error_answer_is_a_connection_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(
        ScriptedResponse(400, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), b"{}")
    )

    with pytest.raises(APIConnectionError, match="DecodingError"):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})


def test_connection_reset_names_its_cause(kind: Kind, raw_server: Any) -> None:
    def reset(connection: socket.socket) -> None:
        read_request(connection)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")

    server = raw_server(reset)

    with pytest.raises(APIConnectionError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": server.url, "max_retries": 0})

    message = str(caught.value)
    assert message.startswith("Connection error: ")
    assert message != "Connection error"
    assert "reset" in message.lower() or "disconnected" in message.lower(), message
    assert caught.value.__cause__ is not None
    assert_secret_absent(API_KEY, caught.value)


def test_local_error_is_not_retried(
    kind: Kind, scripted_server: ScriptedHTTPServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="daily_api")

    with pytest.raises(APIConnectionError) as caught:
        create(
            kind,
            {"api_key": API_KEY, "base_url": scripted_server.url},
            extra_headers={"X-Trace": "a\r\nInjected: yes"},
        )

    assert "LocalProtocolError" in str(caught.value)
    assert not any("Retrying" in record.getMessage() for record in caplog.records)
    assert scripted_server.requests == []


def test_unsupported_scheme_is_not_retried(kind: Kind, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="daily_api")

    with pytest.raises(APIConnectionError, match="UnsupportedProtocol"):
        create(kind, {"api_key": API_KEY, "base_url": "ftp://127.0.0.1:9"})

    # Counted from the log, not the clock (a loaded machine is slow without any retry).
    assert not any("Retrying" in record.getMessage() for record in caplog.records)


def test_json_nested_too_deep_is_a_response_validation_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse(200, (("Content-Type", "application/json"),), b"[" * 200_000))

    with pytest.raises(APIResponseValidationError):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})


def test_error_body_nested_too_deep_is_kept_as_text(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    body = b"[" * 200_000
    scripted_server.enqueue(ScriptedResponse(400, (("Content-Type", "application/json"),), body))

    with pytest.raises(BadRequestError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert caught.value.body == body.decode()
    assert len(str(caught.value)) <= 1100


def test_garbage_instead_of_http_is_a_connection_error(kind: Kind, raw_server: Any) -> None:
    def garbage(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(b"HELLO THERE\r\n\r\n")

    server = raw_server(garbage)

    with pytest.raises(APIConnectionError, match="RemoteProtocolError"):
        create(kind, {"api_key": API_KEY, "base_url": server.url, "max_retries": 0})


def test_redirect_to_an_invalid_location_is_a_connection_error(
    kind: Kind, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.enqueue(ScriptedResponse(302, (("Location", "http://[::1"),), b""))

    with pytest.raises(APIConnectionError):
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url, "max_retries": 0})


# ----------------------------------------------------------------- timeout


def test_timeout_is_a_deadline_for_the_whole_call(kind: Kind, raw_server: Any) -> None:
    def trickle(connection: socket.socket) -> None:
        read_request(connection)
        body = b'{"token": "' + b"t" * 40 + b'"}'
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode()
        )
        for byte in body:
            if raw.stopping.wait(0.15):
                return
            connection.sendall(bytes([byte]))

    raw = raw_server(trickle)

    error, elapsed = timed_failure(kind, {"api_key": API_KEY, "base_url": raw.url, "timeout": 0.5})

    assert isinstance(error, APITimeoutError)
    assert elapsed < 1.5, f"a 0.5 s call lasted {elapsed:.2f} s"  # trickled whole: 6.5 s
    assert raw.connections == 1  # no retry the deadline would cut off


def test_deadline_bounds_a_body_that_stalls(kind: Kind, raw_server: Any) -> None:
    def stall(connection: socket.socket) -> None:
        read_request(connection)
        if raw.stopping.wait(0.8):
            return
        connection.sendall(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{"
        )
        raw.stopping.wait(5)

    raw = raw_server(stall)

    error, elapsed = timed_failure(kind, {"api_key": API_KEY, "base_url": raw.url, "timeout": 1.0})

    assert isinstance(error, APITimeoutError)
    # Without cutting the body's read limit, the sync client would wait 0.8 + 1.0 s.
    assert elapsed < 1.45, f"a 1.0 s call lasted {elapsed:.2f} s"


def test_deadline_counts_retries(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    slow = ScriptedResponse.of_json({"error": "slow"}, 503, headers={"Retry-After": "0"}, delay=0.6)
    scripted_server.enqueue(slow, slow, slow)

    error, elapsed = timed_failure(
        kind, {"api_key": API_KEY, "base_url": scripted_server.url, "timeout": 1.0}
    )

    assert isinstance(error, APITimeoutError)
    assert elapsed < 1.45  # three attempts would take 1.8 s
    assert len(scripted_server.requests) == 2


# --------------------------------------------------------- bounded messages


def test_error_message_is_bounded_and_body_is_whole(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    info = "x" * 2_000_000
    scripted_server.enqueue(ScriptedResponse.of_json({"error": "too-big", "info": info}, 400))

    with pytest.raises(BadRequestError) as caught:
        create(kind, {"api_key": API_KEY, "base_url": scripted_server.url})

    assert len(str(caught.value)) <= 1100
    assert len(caught.value.message) <= 1100
    assert caught.value.body == {"error": "too-big", "info": info}


def test_gzip_success_body_still_reads(kind: Kind, scripted_server: ScriptedHTTPServer) -> None:
    body = gzip.compress(b'{"token": "' + TOKEN.encode() + b'"}')
    scripted_server.enqueue(
        ScriptedResponse(200, (("Content-Type", "application/json"), ("Content-Encoding", "gzip")), body)
    )

    assert create(kind, {"api_key": API_KEY, "base_url": scripted_server.url}).token == TOKEN


@pytest.mark.parametrize(
    ("client_class", "root"),
    [
        ("DailyClient", "DailyError"),
        ("Client", "ClientError"),
        ("APIClient", "APIClientError"),
        ("Stripe", "StripeError"),
    ],
)
def test_root_error_is_named_after_the_client(tmp_path: Path, client_class: str, root: str) -> None:
    from dataclasses import replace

    settings = settings_for(tmp_path / "openapi.yaml")
    assert replace(settings, client_class=client_class).root_error == root


def test_readmes_list_every_error_class() -> None:
    root = ROOT
    errors = [name for name in daily_api.__all__ if name.endswith("Error")]
    generated = (root / "generated" / "README.md").read_text(encoding="utf-8")
    project = (root / "README.md").read_text(encoding="utf-8")
    generated_errors = generated.split("## Errors", 1)[1].split("\n## ", 1)[0]
    project_errors = project.split("### Errors of a generated SDK", 1)[1].split("\n## ", 1)[0]
    for name in errors:
        assert f"`{name}`" in generated_errors, name
        assert f"`{name}`" in project_errors, name


@pytest.mark.parametrize("client_class", [DailyClient, AsyncDailyClient])
def test_invalid_base_url_is_a_configuration_error(client_class: Any) -> None:
    with pytest.raises(ConfigurationError, match="base URL"):
        client_class(api_key=API_KEY, base_url="http://[::1")
