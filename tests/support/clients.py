"""A call through the tests' ``daily_api`` with a client of either kind, closed after."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Literal

from daily_api import AsyncDailyClient, DailyClient

Kind = Literal["sync", "async"]
API_KEY = "sk_test_Streaming-Key_0a1b2c3d4e5f"


def daily(kind: Kind, url: str, use: Callable[[Any], Any], **options: Any) -> Any:
    """``use(client)`` with a ``DailyClient`` or ``AsyncDailyClient`` on ``url``; ``use`` is a
    coroutine function for ``async``."""
    if kind == "sync":
        with DailyClient(api_key=API_KEY, base_url=url, **options) as client:
            return use(client)

    async def go() -> Any:
        async with AsyncDailyClient(api_key=API_KEY, base_url=url, **options) as client:
            return await use(client)

    return asyncio.run(go())
