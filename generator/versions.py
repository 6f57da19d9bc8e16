"""The SDK's package version: read from the spec as a PEP 440 version, and the next one at a release.

A spec's ``info.version`` is the API's version and can be anything (Stripe's is a date,
``2023-08-16``); the SDK's ``pyproject.toml`` needs a PEP 440 version, or ``pip install``
fails in the build backend. :func:`package_version` maps one to the other:

1. a PEP 440 version is kept, in its canonical form (``v1.0-beta`` → ``1.0b0``);
2. a date ``YYYY-MM-DD`` becomes the calendar version ``YYYY.M.D`` (``2023-08-16`` →
   ``2023.8.16``); a suffix PEP 440 reads as a pre-, post- or dev-release is kept
   (``2019-10-01-preview`` → ``2019.10.1rc0``), any other is dropped with a warning;
3. anything else becomes its first run of dotted numbers (``1.0.0-SNAPSHOT`` → ``1.0.0``),
   else ``0.0.0``, with a warning.

``[tool.generator] version`` overrides all of this (and must itself be PEP 440).

:func:`next_version` is the release rule ``update`` applies. Release numbers follow
semantic versioning (major, minor or patch; below 1.0 the bump shifts one place, as Cargo
does). Calendar versions (``YYYY.M.D[.N]``) say when, not how compatible: the next one
is the new upstream's date when that is later, else the same date with a further
component (``2023.8.16`` → ``2023.8.16.1`` → ``2023.8.16.2``); the CHANGELOG still names
the bump the changes call for.
"""

from __future__ import annotations

import datetime
import enum
import re

from packaging.version import InvalidVersion, Version

__all__ = ["Bump", "PackageVersion", "is_valid", "next_version", "package_version"]


class Bump(enum.StrEnum):
    """The semantic-version bump the changes call for."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"


class PackageVersion(str):
    """A PEP 440 version string, with why it differs from the text it was read from (if it had to)."""

    problem: str | None

    def __new__(cls, value: str, problem: str | None = None) -> PackageVersion:
        made = super().__new__(cls, value)
        made.problem = problem
        return made


_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?P<rest>.*)$")
_NUMBERS = re.compile(r"\d+(?:\.\d+)*")


def is_valid(text: str) -> bool:
    """``text`` is a PEP 440 version (what pip and the build backends accept)."""
    try:
        Version(text)
    except InvalidVersion:
        return False
    return True


def package_version(info_version: str) -> PackageVersion:
    """The SDK's PEP 440 version for a spec's ``info.version`` (rules in the module docstring)."""
    text = info_version.strip()
    if is_valid(text):
        return PackageVersion(str(Version(text)))
    date = _DATE.match(text)
    if date is not None and _calendar_date(int(date["year"]), int(date["month"]), int(date["day"])):
        release = f"{int(date['year'])}.{int(date['month'])}.{int(date['day'])}"
        with_rest = release + date["rest"]
        if date["rest"] and is_valid(with_rest):
            return PackageVersion(str(Version(with_rest)))
        if not date["rest"]:
            return PackageVersion(release)
        return PackageVersion(
            release, f"its suffix {date['rest']!r} is not a PEP 440 pre-, post- or dev-release and is dropped"
        )
    numbers = _NUMBERS.search(text)
    if numbers is not None:
        return PackageVersion(str(Version(numbers.group())), "its first dotted numbers are used")
    return PackageVersion("0.0.0", "it holds no number, so 0.0.0 is used")


def next_version(previous: str, bump: Bump, *, upstream: str | None = None) -> str:
    """The version after ``previous`` (PEP 440) for ``bump``; ``upstream`` is the new spec's ``info.version``.

    Any pre-, post-, dev-release or local part of ``previous`` is dropped; its epoch is kept.
    """
    version = Version(previous)
    epoch = f"{version.epoch}!" if version.epoch else ""
    release = version.release
    when = _calendar_date(*release[:3]) if len(release) >= 3 else None
    if when is not None:
        later = package_version(upstream) if upstream is not None else None
        later_release = Version(later).release if later is not None else ()
        later_date = _calendar_date(*later_release[:3]) if len(later_release) >= 3 else None
        if later_date is not None and later_date > when:
            return epoch + ".".join(str(part) for part in later_release[:3])
        serial = release[3] + 1 if len(release) > 3 else 1
        return epoch + ".".join(str(part) for part in (*release[:3], serial))
    major, minor, patch = (*release, 0, 0)[:3]
    if major == 0:
        bump = Bump.MINOR if bump is Bump.MAJOR else Bump.PATCH
    if bump is Bump.MAJOR:
        major, minor, patch = major + 1, 0, 0
    elif bump is Bump.MINOR:
        minor, patch = minor + 1, 0
    else:
        patch += 1
    return f"{epoch}{major}.{minor}.{patch}"


def _calendar_date(year: int, month: int, day: int) -> datetime.date | None:
    """The date a ``YYYY.M.D`` release names (years 1970 to 2999), else ``None``."""
    if not 1970 <= year <= 2999:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
