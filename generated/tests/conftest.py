# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""The mock server the tests call: Prism, started from ``openapi.json`` beside this file.

With ``TEST_API_BASE_URL`` set, the tests call that server instead and nothing is started.
Prism is found as ``$PRISM``, else ``node_modules/.bin/prism`` in this folder or one above
it, else ``prism`` on ``PATH`` (``npm install @stoplight/prism-cli``).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from daily_api import AsyncDailyClient, DailyClient

from _support import Exchanges

HERE = Path(__file__).resolve().parent
SPEC = HERE / "openapi.json"
STARTUP_DEADLINE = float(os.environ.get("PRISM_STARTUP_SECONDS") or 60)
"""Seconds Prism may take to answer its first request (``$PRISM_STARTUP_SECONDS``, else 60)."""


def _prism() -> str:
    named = os.environ.get("PRISM")
    if named:
        return named
    for folder in (HERE, *HERE.parents):
        found = folder / "node_modules" / ".bin" / "prism"
        if found.exists():
            return str(found)
    on_path = shutil.which("prism")
    if on_path is None:
        pytest.fail(
            "Prism not found: npm install @stoplight/prism-cli, or set PRISM or TEST_API_BASE_URL"
        )
    return on_path


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _start(log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [_prism(), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline and process.poll() is None:
        # A connection, not a request: a probe request would be validated and logged by Prism
        # like the tests' own, and could match one of the spec's paths.
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
        except OSError:
            time.sleep(0.2)
            continue
        if process.poll() is None:  # (not another process's listener: Prism is still running)
            return process, base_url
    _stop(process)
    raise RuntimeError(f"Prism did not start:\n{log.read_text(errors='replace')[-2000:]}")


class MockServer:
    """Prism, started when first needed and again if a request made it exit."""

    def __init__(self, log: Path) -> None:
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.failed = ""

    def url_for_test(self) -> str:
        if self.failed:
            pytest.fail(self.failed)
        if self.process is None or self.process.poll() is not None:
            try:
                self.process, self.url = _start(self.log)
            except RuntimeError as exc:
                self.failed = str(exc)
                pytest.fail(self.failed)
        return self.url

    def stop(self) -> None:
        if self.process is not None:
            _stop(self.process)


@pytest.fixture(scope="session")
def mock_server() -> Iterator[MockServer | None]:
    """``None`` with ``TEST_API_BASE_URL`` set; else Prism, logging to ``$PRISM_LOG`` if named."""
    if os.environ.get("TEST_API_BASE_URL"):
        yield None
        return
    with tempfile.TemporaryDirectory() as folder:
        server = MockServer(Path(os.environ.get("PRISM_LOG") or Path(folder) / "prism.log"))
        try:
            yield server
        finally:
            server.stop()


@pytest.fixture
def base_url(mock_server: MockServer | None) -> str:
    """``TEST_API_BASE_URL``, else the address of the session's Prism (restarted if it exited)."""
    return (
        mock_server.url_for_test() if mock_server is not None else os.environ["TEST_API_BASE_URL"]
    )


@pytest.fixture
def exchanges() -> Exchanges:
    return Exchanges()


@pytest.fixture
def client(base_url: str, exchanges: Exchanges) -> Iterator[DailyClient]:
    http = httpx.Client(event_hooks={"response": [exchanges.record]})
    with DailyClient(
        api_key="test-key",
        base_url=base_url,
        max_retries=0,
        strict_response_validation=True,
        http_client=http,
    ) as sdk:
        yield sdk
    http.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
async def async_client(base_url: str, exchanges: Exchanges) -> AsyncIterator[AsyncDailyClient]:
    http = httpx.AsyncClient(event_hooks={"response": [exchanges.async_record]})
    async with AsyncDailyClient(
        api_key="test-key",
        base_url=base_url,
        max_retries=0,
        strict_response_validation=True,
        http_client=http,
    ) as sdk:
        yield sdk
    await http.aclose()
