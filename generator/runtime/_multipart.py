"""``multipart/form-data`` bodies: files, fields, and the properties the spec gives a style."""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Mapping
from typing import Any

from ._models import json_text
from ._params import Param, encode_query, scalar_text

__all__ = ["multipart_parts", "read_content"]


def read_content(value: Any) -> Any:
    """The bytes of a file object (other values unchanged)."""
    if isinstance(value, io.IOBase) or (
        hasattr(value, "read") and not isinstance(value, (bytes, str))
    ):
        data = value.read()
        return data.encode("utf-8") if isinstance(data, str) else data
    return value


def _file_part(key: str, value: Any) -> tuple[str | None, Any, str]:
    """``(filename, bytes, content type)`` for an upload given as bytes, a file object or a tuple."""
    if isinstance(value, tuple):
        filename, content = value[0], read_content(value[1])
        content_type = value[2] if len(value) == 3 else None
    else:
        name = getattr(value, "name", None)
        filename = os.path.basename(name) if isinstance(name, str) and name else key
        content, content_type = read_content(value), None
    if content_type is None:
        content_type = (
            filename and mimetypes.guess_type(filename)[0]
        ) or "application/octet-stream"
    return filename, content, content_type


def _is_file(value: Any) -> bool:
    return isinstance(value, (bytes, bytearray, io.IOBase)) or (
        isinstance(value, tuple) and len(value) in (2, 3) and _is_file(value[1])
    )


def multipart_parts(
    body: Mapping[str, Any], encoding: Mapping[str, tuple[str, bool]]
) -> list[tuple[str, Any]]:
    """Multipart parts: files as given, scalars as text, objects as JSON, an array one part per
    item (RFC 7578 section 4.3); a property the spec's ``encoding`` gives a style is serialised
    by that style, each pair a text part (the name in the part's header, the value unencoded).

    An empty array sends no part, required or not, whatever its style: one part per item makes
    none, and a receiver that reads an array as every part of its name reads ``[]``. One empty
    part would read as ``[""]`` (or one empty file): a value the caller never gave."""
    parts: list[tuple[str, Any]] = []
    for key, value in body.items():
        if isinstance(value, list) and not value:
            continue
        items = value if isinstance(value, list) else [value]
        if key in encoding and not any(_is_file(item) for item in items):
            style, explode = encoding[key]
            parts.extend(
                (name, (None, text))
                for name, text in encode_query(Param(key, value, style, explode))
            )
            continue
        for item in items:
            if _is_file(item):
                parts.append((key, _file_part(key, item)))
            elif isinstance(item, (Mapping, list)):
                parts.append((key, (None, json_text(item), "application/json")))
            else:
                parts.append((key, (None, scalar_text(item))))
    return parts
