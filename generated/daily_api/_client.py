# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""``DailyClient`` and ``AsyncDailyClient``: the entry points of the SDK."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

import httpx

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    AsyncAPIClient,
    SecurityScheme,
    SyncAPIClient,
    Timeout,
    check_credential,
)
from .errors import ConfigurationError, make_status_error

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
    base_url: str | None,
    timeout: Timeout,
    max_retries: int,
    strict_response_validation: bool,
    default_headers: Mapping[str, str] | None,
) -> dict[str, object]:
    if api_key is None:
        api_key = os.environ.get(API_KEY_ENV)
    if not api_key:
        raise ConfigurationError(
            "no API key: pass api_key=... or set the DAILY_API_KEY environment variable",
        )
    check_credential("the API key", api_key)
    base_url = base_url or os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL
    if not base_url:
        raise ConfigurationError(
            f"no base URL: pass base_url=... or set the {BASE_URL_ENV} environment variable"
        )
    try:
        httpx.URL(base_url)
    except httpx.InvalidURL:
        raise ConfigurationError(
            "the base URL is not a valid URL; its value is not shown"
        ) from None
    return {
        "base_url": base_url,
        "credentials": {"api_key": api_key},
        "timeout": timeout,
        "max_retries": max_retries,
        "strict_response_validation": strict_response_validation,
        "default_headers": default_headers,
    }


class DailyClient(SyncAPIClient):
    """Client for the Daily API.

    Use it as a context manager, or call ``close()``, to release its connections.

    Args:
        api_key: The API key (sent as a bearer token); read from the ``DAILY_API_KEY``
            environment variable when not given.
        base_url: The API's address (default ``https://api.daily.co/v1``); read from
            ``DAILY_BASE_URL`` when set.
        timeout: The deadline of a whole call in seconds, retries included (60 by
            default, ``None`` for none); an ``httpx.Timeout`` also sets per-phase
            limits, and its largest value is the deadline.
        max_retries: How often a call that failed in a retryable way is retried (2 by
            default).
        strict_response_validation: Raise ``APIResponseValidationError`` when a value in
            a response body has a type the spec does not allow (by default it is kept as
            it came).
        default_headers: Headers sent with every call.
        http_client: An ``httpx`` client to use instead of the client's own (for proxies
            or custom transports); the SDK does not close it.
    """

    _security_schemes = _SECURITY_SCHEMES
    _status_error = staticmethod(make_status_error)

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        strict_response_validation: bool = False,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_options(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                strict_response_validation=strict_response_validation,
                default_headers=default_headers,
            ),
        )

    @property
    def meeting_tokens(self) -> MeetingTokens:
        """Operations on meeting tokens.

        Methods: ``create()``.
        """
        from .resources.meeting_tokens import MeetingTokens

        return self._resource(MeetingTokens)


class AsyncDailyClient(AsyncAPIClient):
    """Asynchronous client for the Daily API.

    Use it as a context manager, or call ``close()``, to release its connections.

    Args:
        api_key: The API key (sent as a bearer token); read from the ``DAILY_API_KEY``
            environment variable when not given.
        base_url: The API's address (default ``https://api.daily.co/v1``); read from
            ``DAILY_BASE_URL`` when set.
        timeout: The deadline of a whole call in seconds, retries included (60 by
            default, ``None`` for none); an ``httpx.Timeout`` also sets per-phase
            limits, and its largest value is the deadline.
        max_retries: How often a call that failed in a retryable way is retried (2 by
            default).
        strict_response_validation: Raise ``APIResponseValidationError`` when a value in
            a response body has a type the spec does not allow (by default it is kept as
            it came).
        default_headers: Headers sent with every call.
        http_client: An ``httpx`` client to use instead of the client's own (for proxies
            or custom transports); the SDK does not close it.
    """

    _security_schemes = _SECURITY_SCHEMES
    _status_error = staticmethod(make_status_error)

    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | None = None,
        timeout: Timeout = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        strict_response_validation: bool = False,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        super().__init__(
            http_client=http_client,
            **_options(
                api_key=api_key,
                base_url=base_url,
                timeout=timeout,
                max_retries=max_retries,
                strict_response_validation=strict_response_validation,
                default_headers=default_headers,
            ),
        )

    @property
    def meeting_tokens(self) -> AsyncMeetingTokens:
        """Operations on meeting tokens.

        Methods: ``create()``.
        """
        from .resources.meeting_tokens import AsyncMeetingTokens

        return self._resource(AsyncMeetingTokens)
