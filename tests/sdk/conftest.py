"""Fixtures of the SDK behaviour tests: the client kind and raw TCP servers.

This conftest must not import ``daily_api`` (nor a helper that does): pytest may load it before
``pytest_configure`` has put the fixture SDK on ``sys.path``.
"""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator
from typing import Literal

import pytest

from support.raw_server import RawServer

Kind = Literal["sync", "async"]


@pytest.fixture(params=["sync", "async"])
def kind(request: pytest.FixtureRequest) -> Kind:
    value: Kind = request.param
    return value


@pytest.fixture
def raw_server() -> Iterator[Callable[[Callable[[socket.socket], None]], RawServer]]:
    servers: list[RawServer] = []

    def start(handler: Callable[[socket.socket], None]) -> RawServer:
        server = RawServer(handler)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()
