"""Calls of the fault tests (``tests/sdk/test_sdk_faults.py`` and its neighbours): a client of each
kind, the exception a failing call raises and every exception it chains, and SDKs generated
with extra settings."""

from __future__ import annotations

import asyncio
import importlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

from daily_api import (
    AsyncDailyClient,
    DailyClient,
)
from generator.emit.writer import write
from generator.pipeline import generate_files

from support.specs import settings_for, write_spec

Kind = Literal["sync", "async"]

API_KEY = "sk_test_Fault-Key_9f8e7d6c5b4a39281706"
TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJyIjoiZmF1bHQifQ.c2ln"


def run(kind: Kind, options: dict[str, Any], call: Callable[[Any], Any]) -> Any:
    """``call(resource)`` on a fresh client of ``kind`` (``client.meeting_tokens``), closed after."""
    if kind == "sync":
        with DailyClient(**options) as client:
            return call(client.meeting_tokens)

    async def go() -> Any:
        async with AsyncDailyClient(**options) as client:
            return await call(client.meeting_tokens)

    return asyncio.run(go())


def create(kind: Kind, options: dict[str, Any], **arguments: Any) -> Any:
    return run(kind, options, lambda tokens: tokens.create(**arguments))


def timed_failure(kind: Kind, options: dict[str, Any]) -> tuple[BaseException, float]:
    """The exception ``meeting_tokens.create()`` raises, and how long the call took (the client
    is built before the clock starts: building one loads TLS certificates, slow on a busy machine)."""

    async def go() -> tuple[BaseException, float]:
        async with AsyncDailyClient(**options) as client:
            started = time.monotonic()
            try:
                await client.meeting_tokens.create()
            except Exception as exc:
                return exc, time.monotonic() - started
        raise AssertionError("the call succeeded")

    if kind == "async":
        return asyncio.run(go())
    with DailyClient(**options) as client:
        started = time.monotonic()
        try:
            client.meeting_tokens.create()
        except Exception as exc:
            return exc, time.monotonic() - started
    raise AssertionError("the call succeeded")


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and every exception it chains (``__cause__`` and ``__context__``)."""
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def assert_secret_absent(secret: str, exc: BaseException) -> None:
    for e in chain(exc):
        for text in (str(e), repr(e), repr(e.args)):
            assert secret not in text, f"credential leaked by {type(e).__name__}: {text[:300]!r}"


def import_sdk(folder: Path, spec: dict[str, Any], package: str, **settings: Any) -> Any:
    """Generate ``spec`` as ``package`` (with extra ``settings``) and import it."""
    options = settings_for(write_spec(folder, spec), output=folder / "out", package=package, **settings)
    write(options.output, generate_files(options).files)
    sys.path.insert(0, str(options.output))
    try:
        return importlib.import_module(package)
    finally:
        sys.path.remove(str(options.output))
