"""What a generated method asks of the client: one :class:`Call`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

import httpx

from ._deadlines import Timeout
from ._models import UNSET, Unset
from ._params import Param

__all__ = ["Call", "no_content"]


@dataclass
class Call:
    """Everything one generated method call asks for."""

    method: str
    path: str
    query: Sequence[Param] = ()
    headers: Sequence[Param] = ()
    cookies: Sequence[Param] = ()
    json: Any = UNSET
    form: Mapping[str, Any] | None = None
    """An ``application/x-www-form-urlencoded`` body, property by property."""
    multipart: Mapping[str, Any] | None = None
    """A ``multipart/form-data`` body: files (bytes, file objects, tuples) and fields."""
    encoding: Mapping[str, tuple[str, bool]] | None = None
    """(style, explode) per property of a form or multipart body, from the spec's ``encoding``."""
    formats: Mapping[str, str] | None = None
    """``byte`` or ``binary``: the ``format`` of the form body's properties that declare one
    (how bytes in them travel, see :class:`Param`)."""
    content: bytes | str | IO[bytes] | None = None
    content_type: str | None = None
    accept: str = "application/json"
    """The media types the documented success answers have."""
    security: tuple[tuple[str, ...], ...] = ()
    scopes: Mapping[str, Sequence[str]] | None = None
    """The OAuth2 scopes the operation names, by scheme: what its access token is asked for."""
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | Unset = UNSET
    idempotency_header: str | None = None
    """The header that makes this call safe to retry: unless the caller gave one, the SDK
    sends a fresh key in it, the same on every retry of the call."""
    stream: bool = False
    """The answer is read as it arrives (server-sent events), not whole before returning."""


def no_content(response: httpx.Response) -> None:
    """The result of an operation that documents no body."""
