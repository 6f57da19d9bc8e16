"""``DailyClient`` and ``AsyncDailyClient``: the entry points of the SDK."""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cached_property
from typing import TYPE_CHECKING

import httpx

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    SecurityScheme,
    SyncAPIClient,
    Timeout,
)

if TYPE_CHECKING:
    from .resources.meeting_tokens import AsyncMeetingTokens, MeetingTokens

__all__ = ["AsyncDailyClient", "DailyClient"]

DEFAULT_BASE_URL: str | None = "https://api.daily.co/v1"
"""The first server the spec lists."""
API_KEY_ENV = "DAILY_API_KEY"
BASE_URL_ENV = "DAILY_BASE_URL"

_SECURITY_SCHEMES: dict[str, SecurityScheme] = {
    "bearerAuth": SecurityScheme("bearer"),
}


def _options(
    *,
    api_key: str | None,
    username: str | None,
    password: str | None,
    base_url: str | None,
    timeout: Timeout,
    max_retries: int,
    default_headers: Mapping[str, str] | None,
) -> dict[str, object]:
    api_key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
    if not api_key:
        raise ValueError(
            f"no API key: pass api_key=... or set the {API_KEY_ENV} environment variable"
        )
    base_url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not base_url:
        raise ValueError(
            f"no base URL: pass base_url=... or set the {BASE_URL_ENV} environment variable"
        )
    return {
        "base_url": base_url,
        "api_key": api_key,
        "username": username,
        "password": password,
        "timeout": timeout,
        "max_retries": max_retries,
        "default_headers": default_headers,
    }


class DailyClient(SyncAPIClient):
    """Client for the Daily API.

    Use it as a context manager, or call ``close()``, to release its connections.

    Args:
        api_key: The API key; read from the ``DAILY_API_KEY`` environment variable
            when not given.
        base_url: The API's address (default ``https://api.daily.co/v1``); read from
            ``DAILY_BASE_URL`` when set.
        timeout: Seconds (or an ``httpx.Timeout``) a call may take; 60 by default.
        max_retries: How often a call that failed in a retryable way is retried (2
            by default).
        default_headers: Headers sent with every call.
        http_client: An ``httpx`` client to use instead of the client's own (for
            proxies or custom transports); the SDK does not close it.
    """

    _security_schemes = _SECURITY_SCHEMES

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_options(
                api_key=api_key,
                username=None,
                password=None,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
            ),
        )

    @cached_property
    def meeting_tokens(self) -> MeetingTokens:
        """Operations on meeting tokens."""
        from .resources.meeting_tokens import MeetingTokens

        return MeetingTokens(self)


class AsyncDailyClient(AsyncAPIClient):
    """Asynchronous client for the Daily API.

    Use it as a context manager, or call ``close()``, to release its connections.

    Args:
        api_key: The API key; read from the ``DAILY_API_KEY`` environment variable
            when not given.
        base_url: The API's address (default ``https://api.daily.co/v1``); read from
            ``DAILY_BASE_URL`` when set.
        timeout: Seconds (or an ``httpx.Timeout``) a call may take; 60 by default.
        max_retries: How often a call that failed in a retryable way is retried (2
            by default).
        default_headers: Headers sent with every call.
        http_client: An ``httpx`` client to use instead of the client's own (for
            proxies or custom transports); the SDK does not close it.
    """

    _security_schemes = _SECURITY_SCHEMES

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_options(
                api_key=api_key,
                username=None,
                password=None,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
            ),
        )

    @cached_property
    def meeting_tokens(self) -> AsyncMeetingTokens:
        """Operations on meeting tokens."""
        from .resources.meeting_tokens import AsyncMeetingTokens

        return AsyncMeetingTokens(self)
