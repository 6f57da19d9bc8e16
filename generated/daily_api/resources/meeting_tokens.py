# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""Operations on meeting tokens: ``MeetingTokens`` and ``AsyncMeetingTokens``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import httpx

from .._base_client import AsyncAPIClient, Call, SyncAPIClient
from .._models import UNSET, Unset, request_body
from .._response import (
    async_to_raw_response_wrapper,
    async_to_streamed_response_wrapper,
    to_raw_response_wrapper,
    to_streamed_response_wrapper,
)

if TYPE_CHECKING:
    from ..models.create_meeting_token_response import CreateMeetingTokenResponse
    from ..models.meeting_token_properties import (
        MeetingTokenProperties,
        MeetingTokenPropertiesParam,
    )


class MeetingTokens:
    """Operations on meeting tokens."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> MeetingTokensWithRawResponse:
        """These methods, returning the ``APIResponse`` (status, headers, ``parse()``)."""
        return MeetingTokensWithRawResponse(self)

    @property
    def with_streaming_response(self) -> MeetingTokensWithStreamingResponse:
        """These methods as context managers whose response body is read only on demand."""
        return MeetingTokensWithStreamingResponse(self)

    def create(
        self,
        *,
        properties: MeetingTokenPropertiesParam | MeetingTokenProperties | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None | Unset = UNSET,
    ) -> CreateMeetingTokenResponse:
        """Create a meeting token

        ``POST /meeting-tokens``

        Args:
            properties: ``MeetingTokenProperties``, sent in the body.
            extra_headers: Headers to add to (or override in) the request.
            extra_query: Query parameters to add to the request.
            extra_body: Properties to add to the JSON body.
            timeout: Seconds (or an ``httpx.Timeout``) this whole call may take, retries
                included, instead of the client's ``timeout``.

        Returns:
            The ``CreateMeetingTokenResponse`` the API answers with.

        Raises:
            BadRequestError: on HTTP 400.
            APIStatusError: on any other non-2xx answer.
            APIResponseValidationError: when a 2xx answer's body is not the documented
                JSON.
            APIConnectionError: when no answer came (``APITimeoutError`` when it came
                too late).
        """
        from ..models.create_meeting_token_request import CreateMeetingTokenRequest
        from ..models.create_meeting_token_response import CreateMeetingTokenResponse

        body = request_body(CreateMeetingTokenRequest, properties=properties)

        def _parse(response: httpx.Response) -> CreateMeetingTokenResponse:
            return self._client._read_model(response, CreateMeetingTokenResponse)

        return self._client._request(
            Call(
                method="POST",
                path="/meeting-tokens",
                json=body,
                security=(("bearerAuth",),),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            _parse,
        )


class MeetingTokensWithRawResponse:
    """``MeetingTokens.with_raw_response``: its methods returning the ``APIResponse``
    (status, headers, ``parse()``) instead of the result.

    Methods: ``create()``.
    """

    def __init__(self, resource: MeetingTokens) -> None:
        self.create = to_raw_response_wrapper(resource.create)


class MeetingTokensWithStreamingResponse:
    """``MeetingTokens.with_streaming_response``: its methods as context managers giving
    the ``APIResponse`` with the body read only on demand.

    Methods: ``create()``.
    """

    def __init__(self, resource: MeetingTokens) -> None:
        self.create = to_streamed_response_wrapper(resource.create)


class AsyncMeetingTokens:
    """Operations on meeting tokens."""

    def __init__(self, client: AsyncAPIClient) -> None:
        self._client = client

    @property
    def with_raw_response(self) -> AsyncMeetingTokensWithRawResponse:
        """These methods, returning the ``AsyncAPIResponse`` (status, headers, ``parse()``)."""
        return AsyncMeetingTokensWithRawResponse(self)

    @property
    def with_streaming_response(self) -> AsyncMeetingTokensWithStreamingResponse:
        """These methods as context managers whose response body is read only on demand."""
        return AsyncMeetingTokensWithStreamingResponse(self)

    async def create(
        self,
        *,
        properties: MeetingTokenPropertiesParam | MeetingTokenProperties | None = None,
        extra_headers: Mapping[str, str] | None = None,
        extra_query: Mapping[str, object] | None = None,
        extra_body: Mapping[str, object] | None = None,
        timeout: float | httpx.Timeout | None | Unset = UNSET,
    ) -> CreateMeetingTokenResponse:
        """Create a meeting token

        ``POST /meeting-tokens``

        Args:
            properties: ``MeetingTokenProperties``, sent in the body.
            extra_headers: Headers to add to (or override in) the request.
            extra_query: Query parameters to add to the request.
            extra_body: Properties to add to the JSON body.
            timeout: Seconds (or an ``httpx.Timeout``) this whole call may take, retries
                included, instead of the client's ``timeout``.

        Returns:
            The ``CreateMeetingTokenResponse`` the API answers with.

        Raises:
            BadRequestError: on HTTP 400.
            APIStatusError: on any other non-2xx answer.
            APIResponseValidationError: when a 2xx answer's body is not the documented
                JSON.
            APIConnectionError: when no answer came (``APITimeoutError`` when it came
                too late).
        """
        from ..models.create_meeting_token_request import CreateMeetingTokenRequest
        from ..models.create_meeting_token_response import CreateMeetingTokenResponse

        body = request_body(CreateMeetingTokenRequest, properties=properties)

        def _parse(response: httpx.Response) -> CreateMeetingTokenResponse:
            return self._client._read_model(response, CreateMeetingTokenResponse)

        return await self._client._request(
            Call(
                method="POST",
                path="/meeting-tokens",
                json=body,
                security=(("bearerAuth",),),
                extra_headers=extra_headers,
                extra_query=extra_query,
                extra_body=extra_body,
                timeout=timeout,
            ),
            _parse,
        )


class AsyncMeetingTokensWithRawResponse:
    """``AsyncMeetingTokens.with_raw_response``: its methods returning the
    ``AsyncAPIResponse`` (status, headers, ``parse()``) instead of the result.

    Methods: ``create()``.
    """

    def __init__(self, resource: AsyncMeetingTokens) -> None:
        self.create = async_to_raw_response_wrapper(resource.create)


class AsyncMeetingTokensWithStreamingResponse:
    """``AsyncMeetingTokens.with_streaming_response``: its methods as context managers
    giving the ``AsyncAPIResponse`` with the body read only on demand.

    Methods: ``create()``.
    """

    def __init__(self, resource: AsyncMeetingTokens) -> None:
        self.create = async_to_streamed_response_wrapper(resource.create)
