# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""How parameters travel: the OpenAPI styles of path, query, header and cookie values.

Also the ``application/x-www-form-urlencoded`` body, whose properties are encoded as query
pairs (``_multipart.py`` reuses it for properties the spec's ``encoding`` gives a style).

Bytes have no text form of their own in a URL or a form: a value the spec declares
``format: byte`` travels as base64 text; any other bytes (``format: binary`` included) are
refused with a ``TypeError`` naming the field, never sent as ``b'...'``.
"""

from __future__ import annotations

import base64
import io
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from ._models import UNSET, to_wire

__all__ = [
    "Param",
    "encode_query",
    "form_content",
    "header_value",
    "is_given",
    "path_segment",
    "scalar_text",
]


@dataclass(frozen=True)
class Param:
    """A path, query, header or cookie parameter and how the spec serialises it."""

    name: str
    value: Any
    style: str = "form"
    explode: bool = True
    format: str | None = None
    """The ``format`` of the value's strings when it says how bytes travel: ``byte``
    (base64 text) or ``binary`` (raw data, which a URL or a form cannot carry)."""


def scalar_text(value: Any) -> str:
    """A scalar as it appears in a URL or header: booleans are ``true``/``false``."""
    value = to_wire(value)
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def _quote(text: str) -> str:
    return urllib.parse.quote(text, safe="")


def _style_items(value: Any, explode: bool, quote: Callable[[str], str]) -> list[str]:
    """The parts a ``simple``, ``label`` or ``matrix`` value is joined from: an object's
    ``key=value`` pairs when exploded, else its keys and values in turn."""
    if isinstance(value, Mapping):
        pairs = [
            (quote(str(key)), quote(scalar_text(item)))
            for key, item in value.items()
            if item is not None
        ]
        return (
            [f"{key}={item}" for key, item in pairs]
            if explode
            else [part for pair in pairs for part in pair]
        )
    if isinstance(value, list):
        return [quote(scalar_text(item)) for item in value if item is not None]
    return [quote(scalar_text(value))]


def path_segment(value: Any, style: str = "simple", explode: bool = False, name: str = "") -> str:
    """A path parameter in its ``style`` (``simple``, ``label`` ``.a.b`` or ``matrix`` ``;n=a``),
    percent-encoded so that ``/``, ``?`` or spaces in a value never change the path."""
    value = to_wire(value)
    items = _style_items(value, explode, _quote)
    if isinstance(value, (list, Mapping)) and not items:
        return ""  # an empty list or object is undefined in every style (RFC 6570)
    if style == "label":
        return "." + ("." if explode else ",").join(items)
    if style == "matrix":
        key = _quote(name)
        if explode and isinstance(value, Mapping):
            return "".join(f";{item}" for item in items)
        if explode and isinstance(value, list):
            return "".join(f";{key}={item}" for item in items)
        joined = ",".join(items)
        return f";{key}={joined}" if joined else f";{key}"
    return ",".join(items)


def _text_for_bytes(value: Any, name: str, format: str | None) -> Any:
    """``value`` with its bytes as base64 text where ``format`` is ``byte``; bytes or files
    elsewhere raise a ``TypeError`` naming the field ``name``."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        if format == "byte":
            return base64.b64encode(bytes(value)).decode("ascii")
        declared = " (format: binary)" if format == "binary" else ""
        raise TypeError(
            f"{name}: bytes{declared} cannot be sent in a query or form-urlencoded value; "
            "pass text (a field declared format: byte takes bytes and sends them as base64)"
        )
    if isinstance(value, io.IOBase) or (isinstance(value, tuple) and format == "binary"):
        raise TypeError(
            f"{name}: a file cannot be sent in a query or form-urlencoded value; pass text"
        )
    if isinstance(value, list):
        return [_text_for_bytes(item, name, format) for item in value]
    if isinstance(value, Mapping):
        return {key: _text_for_bytes(item, f"{name}.{key}", format) for key, item in value.items()}
    return value


def encode_query(param: Param) -> list[tuple[str, str]]:
    """Query pairs for one parameter, following its ``style`` and ``explode``."""
    value = _text_for_bytes(to_wire(param.value), param.name, param.format)
    if param.style == "deepObject" and isinstance(value, (Mapping, list)):
        pairs: list[tuple[str, str]] = []
        _deep_object(param.name, value, pairs)
        return pairs
    separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
    if isinstance(value, list):
        items = [scalar_text(v) for v in value]
        if param.style == "form" and param.explode:
            return [(param.name, item) for item in items]
        return [(param.name, separator.join(items))]
    if isinstance(value, Mapping):
        if param.explode:
            return [(str(key), scalar_text(item)) for key, item in value.items()]
        entries = (f"{key}{separator}{scalar_text(item)}" for key, item in value.items())
        return [(param.name, separator.join(entries))]
    return [(param.name, scalar_text(value))]


def _deep_object(prefix: str, value: Any, out: list[tuple[str, str]]) -> None:
    """``a[b][c]=v`` pairs for nested objects, ``a[b][0]=v`` for arrays inside them."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            _deep_object(f"{prefix}[{key}]", item, out)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _deep_object(f"{prefix}[{index}]", item, out)
    elif value is not None:
        out.append((prefix, scalar_text(value)))


def header_value(value: Any, explode: bool = False) -> str:
    """A header value in the ``simple`` style: ``a,b``, and an object's keys and values in turn
    (``k,v``), or ``k=v`` pairs when exploded. (Cookies use it unexploded: ``form`` objects
    exploded into pairs have no spelling inside one cookie.)"""
    return ",".join(_style_items(to_wire(value), explode, str))


def is_given(param: Param) -> bool:
    return param.value is not None and param.value is not UNSET


def form_content(
    body: Mapping[str, Any],
    encoding: Mapping[str, tuple[str, bool]],
    formats: Mapping[str, str] | None = None,
) -> bytes:
    """An ``application/x-www-form-urlencoded`` body: each property as query pairs, in the
    style the spec's ``encoding`` gives it (``form``, exploded, by default); ``formats`` names
    the properties declared ``format: byte`` or ``binary`` (see :class:`Param`)."""
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        style, explode = encoding.get(key, ("form", True))
        fmt = formats.get(key) if formats else None
        pairs.extend(encode_query(Param(key, value, style, explode, fmt)))
    return urllib.parse.urlencode(pairs).encode("ascii")
