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
STARTUP_DEADLINE = 60.0
"""Seconds Prism may take to answer its first request."""


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
    with log.open("wb") as out:
        process = subprocess.Popen(
            [_prism(), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"],
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    deadline = time.monotonic() + STARTUP_DEADLINE
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            httpx.get(base_url, timeout=1.0)
            return process, base_url
        except httpx.TransportError:
            time.sleep(0.2)
    _stop(process)
    pytest.fail(f"Prism did not start:\n{log.read_text(errors='replace')[-2000:]}")


@pytest.fixture(scope="session")
def base_url() -> Iterator[str]:
    """``TEST_API_BASE_URL``, else the address of a Prism started for this session."""
    named = os.environ.get("TEST_API_BASE_URL")
    if named:
        yield named
        return
    with tempfile.TemporaryDirectory() as folder:
        process, url = _start(Path(folder) / "prism.log")
        try:
            yield url
        finally:
            _stop(process)


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
