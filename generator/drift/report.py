"""``diff`` output: human text, JSON (stable, for tools) and Markdown (a pull-request comment).

All three list the worst changes first, so what needs a decision is read first.
"""

from __future__ import annotations

import json

from .result import Change, DiffResult
from .rules import Level

LEVELS = (Level.BREAKING, Level.POSSIBLY_BREAKING, Level.NON_BREAKING)


def summary(result: DiffResult) -> str:
    """One line: the counts per level (or that nothing changed)."""
    if not result.has_differences:
        return "No differences."
    if result.only_reordered:
        return "No semantic changes (" + "; ".join(result.notes) + ")."
    if not result.changes and not result.sdk_changes:
        return "Documentation changes only (" + "; ".join(result.notes) + ")."
    counts = ", ".join(f"{result.count(level)} {level.value}" for level in LEVELS)
    return f"{len(result.changes)} change(s): {counts}; {len(result.sdk_changes)} SDK API change(s)."


def exit_code(result: DiffResult, fail_on: Level = Level.POSSIBLY_BREAKING) -> int:
    """0: no semantic difference; 1: only changes below ``fail_on``; 2: a change at or above it.

    Reordering alone is no difference (the wire and the SDK stay as they are). Other notes
    (descriptions, withdrawn deprecations) count below any threshold: the SDK's docstrings
    change, nothing else does.
    """
    if not result.has_differences or result.only_reordered:
        return 0
    return 2 if result.at_least(fail_on) else 1


def _where(change: Change) -> str:
    place = f"{change.file}#{change.pointer}" if change.file else f"#{change.pointer}"
    return f"{place} ({change.side})"


def _operations(change: Change) -> str:
    if not change.operations:
        return ""
    more = len(change.operations) - 1
    return change.operations[0] + (f" (+{more} more)" if more else "")


def render_text(result: DiffResult) -> str:
    lines = [summary(result)]
    for level in LEVELS:
        changes = [c for c in result.changes if c.level is level]
        if not changes:
            continue
        lines += ["", f"{level.title} changes:"]
        for change in changes:
            lines.append(f"  [{change.rule}] {change.message}")
            context = " — ".join(part for part in (_operations(change), _where(change)) if part)
            lines.append(f"      {context}")
    if result.sdk_changes:
        lines += ["", "SDK API changes:"]
        for sdk in result.sdk_changes:
            detail = f" — {sdk.detail}" if sdk.detail else ""
            lines.append(f"  {sdk.action:<8} {sdk.kind:<12} {sdk.name}{detail}")
    if result.notes and (result.changes or result.sdk_changes):
        lines += ["", "Notes:", *(f"  - {note}" for note in result.notes)]
    return "\n".join(lines) + "\n"


def render_json(result: DiffResult) -> str:
    """A stable document: sorted keys, changes in the engine's order (worst first)."""
    document = {
        "summary": {
            "worst": result.worst.value if result.worst else None,
            "changes": len(result.changes),
            **{level.value: result.count(level) for level in LEVELS},
            "sdk_changes": len(result.sdk_changes),
        },
        "changes": [
            {
                "rule": c.rule,
                "level": c.level.value,
                "message": c.message,
                "pointer": c.pointer,
                "side": c.side,
                "file": c.file,
                "operation": c.operation,
                "operations": list(c.operations),
            }
            for c in result.changes
        ],
        "sdk_changes": [
            {"kind": s.kind, "action": s.action, "name": s.name, "detail": s.detail}
            for s in result.sdk_changes
        ],
        "notes": list(result.notes),
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_markdown(result: DiffResult) -> str:
    """A pull-request comment: a summary line, then one table per level (breaking first)."""
    if not result.has_differences:
        return "### API diff\n\nNo differences.\n"
    counts = " · ".join(f"**{result.count(level)}** {level.value}" for level in LEVELS)
    lines = ["### API diff", "", f"{counts} · **{len(result.sdk_changes)}** SDK API change(s)"]
    for level in LEVELS:
        changes = [c for c in result.changes if c.level is level]
        if not changes:
            continue
        lines += ["", f"#### {level.title} ({len(changes)})", "", "| Change | Operation | Rule | Where |"]
        lines.append("|---|---|---|---|")
        for c in changes:
            lines.append(_row(c.message, _operations(c), f"`{c.rule}`", f"`{_where(c)}`"))
    if result.sdk_changes:
        lines += [
            "",
            f"#### SDK API changes ({len(result.sdk_changes)})",
            "",
            "| Action | Kind | Name | Detail |",
        ]
        lines.append("|---|---|---|---|")
        for s in result.sdk_changes:
            lines.append(_row(s.action, s.kind, f"`{s.name}`", s.detail))
    if result.notes:
        lines += ["", "#### Notes", "", *(f"- {note}" for note in result.notes)]
    return "\n".join(lines) + "\n"


def _row(*cells: str) -> str:
    return "| " + " | ".join(_cell(c) for c in cells) + " |"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ") or " "
