"""Checking a schema's ``default`` against the schema itself.

openapi-spec-validator reports a bad default without saying where it is (its path is
relative to the schema it was checking), so the builder checks defaults itself and
reports each mismatch at the ``default``'s own JSON pointer.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime
from typing import Any

_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "array": (list,),
    "object": (dict,),
}
_RFC3339_OFFSET = re.compile(r"(Z|z|[+-]\d\d:\d\d)$")


def default_problem(schema: dict[str, Any], value: Any) -> str | None:
    """Why ``value`` is not a valid value of ``schema`` (type, enum or format), or ``None``."""
    if value is None:
        return None if schema.get("nullable") is True or _allows_null(schema) else "null is not allowed"
    declared = schema.get("type")
    kinds = [k for k in (declared if isinstance(declared, list) else [declared]) if isinstance(k, str)]
    if kinds and not any(_is_type(value, kind) for kind in kinds):
        return f"{value!r} is not of type {' or '.join(kinds)}"
    enum = schema.get("enum")
    if isinstance(enum, list) and value not in enum:
        return f"{value!r} is not one of the enum values"
    fmt = schema.get("format")
    if isinstance(value, str) and isinstance(fmt, str) and not _has_format(value, fmt):
        return f"{value!r} is not a valid {fmt}"
    return None


def _allows_null(schema: dict[str, Any]) -> bool:
    declared = schema.get("type")
    return declared == "null" or (isinstance(declared, list) and "null" in declared) or declared is None


def _is_type(value: Any, kind: str) -> bool:
    if kind == "null":
        return value is None
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    expected = _JSON_TYPES.get(kind)
    return expected is None or isinstance(value, expected)


def _has_format(value: str, fmt: str) -> bool:
    try:
        if fmt == "uuid":
            uuid.UUID(value)
        elif fmt == "date":
            date.fromisoformat(value)
        elif fmt == "date-time":
            if not _RFC3339_OFFSET.search(value):
                return False
            datetime.fromisoformat(value.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return False
    return True
