"""The string formats the SDK reads and writes as Python values: RFC 3339 date-times,
ISO 8601 dates and UUIDs.

A parser answers ``None`` for text that is not of its format, so that the codecs in
``_models`` can keep such a value as it came (reading is lenient) and report it only
under ``strict_response_validation``.
"""

from __future__ import annotations

import datetime
import re
import uuid

__all__ = ["date_time_text", "parse_date", "parse_date_time", "parse_uuid"]

_DATE_TIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date_time(text: str) -> datetime.datetime | None:
    """An RFC 3339 date-time (``Z`` or an offset; fractions of any length, kept to microseconds),
    or ``None`` when ``text`` is not one. Without an offset the result is naive."""
    found = _DATE_TIME.fullmatch(text)
    if found is None:
        return None
    year, month, day, hour, minute, second = (int(found.group(i)) for i in range(1, 7))
    micro = int((found.group(7) or "0")[:6].ljust(6, "0"))
    zone: datetime.tzinfo | None = None
    if found.group(8):
        zone = datetime.UTC
    elif found.group(9):
        sign = 1 if found.group(9) == "+" else -1
        offset = datetime.timedelta(hours=int(found.group(10)), minutes=int(found.group(11)))
        try:
            zone = datetime.timezone(sign * offset)
        except ValueError:
            return None
    try:
        return datetime.datetime(year, month, day, hour, minute, min(second, 59), micro, zone)
    except ValueError:
        return None


def parse_date(text: str) -> datetime.date | None:
    """An ISO 8601 full date (``2024-01-31``), or ``None`` when ``text`` is not one."""
    found = _DATE.fullmatch(text)
    if found is None:
        return None
    try:
        return datetime.date(*(int(found.group(i)) for i in range(1, 4)))
    except ValueError:
        return None


def parse_uuid(text: str) -> uuid.UUID | None:
    """A UUID in its canonical (hyphenated) form, or ``None`` when ``text`` is not one."""
    if len(text) != 36:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def date_time_text(value: datetime.datetime) -> str:
    """RFC 3339 text of ``value``: UTC as ``Z``, another offset as given.

    A naive datetime is sent as it is, without an offset: the SDK does not guess a timezone
    (the machine's own would differ between hosts), and the server decides what it means.
    """
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text
