"""Versions and the CHANGELOG: the semver bump a diff suggests, and the entry ``update`` writes."""

from __future__ import annotations

import enum
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from ..config import Settings

if TYPE_CHECKING:
    from .diff import Change, DiffResult, SdkChange


# --------------------------------------------------------------------------- versions and the changelog


class Bump(enum.StrEnum):
    """The semantic-version bump the changes call for."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"


_ADDITION = re.compile(r"(?:^|[^a-z])(?:add|added|adds|new)(?:[^a-z]|$)")
_REMOVAL = ("removed", "remove", "deleted", "renamed")


def _level_name(change: Change) -> str:
    level: Any = change.level
    return str(getattr(level, "name", level)).upper()


def _text(value: Any) -> str:
    """An enum's value or a plain value, as text."""
    return str(getattr(value, "value", value) if value is not None else "")


def suggest_bump(result: DiffResult) -> Bump:
    """Breaking or possibly breaking changes (or SDK names removed) → major; additions → minor; else patch."""
    levels = {_level_name(change) for change in result.changes}
    sdk_actions = {_text(change.action).lower() for change in result.sdk_changes}
    if {"BREAKING", "POSSIBLY_BREAKING"} & levels or sdk_actions & set(_REMOVAL):
        return Bump.MAJOR
    additions = any(
        _ADDITION.search(change.rule.lower()) or _ADDITION.search(change.message.lower().split(":")[0])
        for change in result.changes
    )
    if additions or sdk_actions & {"added", "add"}:
        return Bump.MINOR
    return Bump.PATCH


_SEMVER = re.compile(r"^(?P<v>v?)(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<patch>\d+))?(?:[-+].*)?$")


def bump_version(version: str, bump: Bump) -> str | None:
    """``version`` bumped (``1.1.1`` + major → ``2.0.0``); ``None`` when it is not ``X.Y[.Z]``.

    Below 1.0 the bump shifts one place (Cargo's convention): breaking → minor, else patch.
    A pre-release or build suffix is dropped.
    """
    match = _SEMVER.match(version.strip())
    if match is None:
        return None
    major, minor, patch = int(match["major"]), int(match["minor"]), int(match["patch"] or 0)
    if major == 0:
        bump = Bump.MINOR if bump is Bump.MAJOR else Bump.PATCH
    if bump is Bump.MAJOR:
        major, minor, patch = major + 1, 0, 0
    elif bump is Bump.MINOR:
        minor, patch = minor + 1, 0
    else:
        patch += 1
    return f"{match['v']}{major}.{minor}.{patch}"


_WHY = {
    Bump.MAJOR: "breaking or possibly breaking changes",
    Bump.MINOR: "additions, nothing breaking",
    Bump.PATCH: "no additions, nothing breaking",
}
_GROUPS = (
    ("BREAKING", "Breaking"),
    ("POSSIBLY_BREAKING", "Possibly breaking"),
    ("NON_BREAKING", "Non-breaking"),
)


def changelog_entry(
    result: DiffResult,
    *,
    version: str | None,
    today: date,
    bump: Bump,
    source: str,
    spec_versions: tuple[str, str] | None = None,
) -> str:
    """One CHANGELOG entry (Markdown, ending with a newline): heading, summary, grouped changes."""
    heading = version or "Unreleased"
    lines = [f"## [{heading}] - {today.isoformat()}", ""]
    summary = f"Spec updated from upstream ({source}). Suggested version bump: {bump.value} ({_WHY[bump]})."
    if spec_versions is not None and spec_versions[0] != spec_versions[1]:
        summary += f" Upstream info.version: {spec_versions[0]} → {spec_versions[1]}."
    lines += [summary, ""]
    for level, title in _GROUPS:
        changes = [change for change in result.changes if _level_name(change) == level]
        if changes:
            lines += [f"### {title}", "", *(f"- {_change_line(change)}" for change in changes), ""]
    known = {level for level, _ in _GROUPS}
    other = [change for change in result.changes if _level_name(change) not in known]
    if other:
        lines += ["### Other", "", *(f"- {_change_line(change)}" for change in other), ""]
    if result.sdk_changes:
        lines += ["### SDK API", "", *(f"- {_sdk_line(change)}" for change in result.sdk_changes), ""]
    notes = [_one_line(str(note)) for note in getattr(result, "notes", ())]
    if notes:
        lines += ["### Notes", "", *(f"- {note}" for note in notes), ""]
    if not result.changes and not result.sdk_changes and not notes:
        lines += [
            "### Changed",
            "",
            "- Descriptions, examples or other details only; the API is unchanged.",
            "",
        ]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _change_line(change: Change) -> str:
    text = _one_line(change.message)
    operation = _text(change.operation)
    if operation and operation not in text:
        text += f" (`{operation}`)"
    return text


def _sdk_line(change: SdkChange) -> str:
    action = _text(change.action)
    kind = _text(change.kind).replace("-", " ")
    text = f"{action[:1].upper()}{action[1:]} {kind} `{change.name}`".replace("  ", " ")
    detail = _one_line(_text(change.detail))
    return f"{text}: {detail}" if detail else text


def prepend_changelog_entry(existing: str | None, entry: str, *, title: str) -> str:
    """The CHANGELOG with ``entry`` before its newest entry (the first ``## `` heading).

    A missing or empty CHANGELOG starts with ``title``.
    """
    if existing is None or not existing.strip():
        return f"{title.rstrip()}\n\n{entry}"
    lines = existing.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "".join(lines[:index]) + entry + "\n" + "".join(lines[index:])
    return existing.rstrip("\n") + "\n\n" + entry


def changelog_title(settings: Settings) -> str:
    return (
        "# Changelog\n\n"
        f"All notable changes to the `{settings.distribution}` SDK. Entries are added by "
        "`python -m generator update` when the upstream spec changes; their versions are "
        "suggestions from the changes (semantic versioning)."
    )
