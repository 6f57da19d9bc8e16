"""The CHANGELOG: the semver bump a diff suggests, and the entry ``update`` writes for a release."""

from __future__ import annotations

import re
from datetime import date
from typing import TYPE_CHECKING, Any

from ..config import Settings
from ..versions import Bump

if TYPE_CHECKING:
    from .diff import Change, DiffResult, SdkChange


# --------------------------------------------------------------------------- versions and the changelog


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
    version: str,
    today: date,
    bump: Bump,
    source: str,
    suggested: Bump | None = None,
    spec_versions: tuple[str, str] | None = None,
) -> str:
    """One CHANGELOG entry (Markdown, ending with a newline): heading, summary, grouped changes.

    ``version`` is the SDK version released (the heading); ``bump`` the bump applied, and
    ``suggested`` the one the changes call for when another was asked for. ``spec_versions``
    are the API's versions (``info.version``) before and after, named when they differ.
    """
    lines = [f"## [{version}] - {today.isoformat()}", ""]
    summary = f"Spec updated from upstream ({source}). Version bump: {bump.value}"
    if suggested is None or suggested is bump:
        summary += f" ({_WHY[bump]})."
    else:
        summary += f" (asked for; the changes suggest {suggested.value}: {_WHY[suggested]})."
    if spec_versions is not None and spec_versions[0] != spec_versions[1]:
        summary += f" The API's version (info.version) went from {spec_versions[0]} to {spec_versions[1]}."
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
        "`python -m generator update` when the upstream spec changes; each is headed by the SDK "
        "version that update released (`[tool.generator] version`)."
    )
