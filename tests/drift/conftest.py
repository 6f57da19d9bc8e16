"""Fixtures the drift tests share: the Daily document, a refused URL, and no proxy."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from generator.spec.yaml_loader import SpecLoader

from support.diff_specs import DAILY
from support.upstream_pages import PAGE_PATH


@pytest.fixture(scope="module")
def daily() -> dict[str, Any]:
    """The frozen Daily spec as the spec loader reads it (one per module; tests copy it to change it)."""
    return yaml.load(DAILY.read_text(encoding="utf-8"), Loader=SpecLoader)


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests to the local server must not go through a proxy from the environment."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def refused_url() -> Iterator[str]:
    """A URL on a port that is bound but not listening: connecting is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{sock.getsockname()[1]}{PAGE_PATH}"
