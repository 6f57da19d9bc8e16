"""``python -m generator diff OLD NEW``: what changed between two specs, and what it breaks.

The diff is semantic: it compares the intermediate models the generator builds from the
two specs (what the SDK is made of), not their text. Each change is classified by one
rule of :data:`~generator.drift.rules.RULES` as breaking, possibly breaking or
non-breaking for a client of the generated SDK, and carries the JSON pointer of what
changed. Next to the spec changes, the changes of the SDK's public API are listed
(classes, methods, arguments, attributes, enum members added, removed, renamed,
changed), and what changed without mattering (descriptions, order) is summarized in notes.

Modules: :mod:`~generator.drift.rules` (levels and the rules table),
:mod:`~generator.drift.engine` (operations and API-wide changes),
:mod:`~generator.drift.types` (types, models, enums), :mod:`~generator.drift.support`
(places, notes, type predicates), :mod:`~generator.drift.sdk` (the SDK's API),
:mod:`~generator.drift.report` (text, JSON, Markdown, exit codes),
:mod:`~generator.drift.load` and :mod:`~generator.spec.yaml_chunks` (building two big specs fast).
"""

from __future__ import annotations

from ..config import Settings
from ..model.ir import Api
from .engine import Engine, operation_label, operation_order
from .load import build_pair, gc_paused
from .report import exit_code, render_json, render_markdown, render_text, summary
from .result import Change, DiffResult, SdkChange
from .rules import RULES, Level, Rule, rules_markdown
from .sdk import SdkDiff
from .support import Notes

_KIND_ORDER = {"class": 0, "method": 1, "parameter": 2, "field": 3, "enum-member": 4}


def diff_apis(old: Api, new: Api) -> DiffResult:
    """Compare two intermediate models (the old and the new spec's)."""
    notes = Notes()
    engine = Engine(old, new, notes)
    changes = engine.run()
    sdk = SdkDiff(old, new, notes)
    sdk.run(engine.pairs, engine.removed, engine.added, engine.class_renames)
    changes += sdk.changes
    if old.version != new.version:
        notes.other.append(f"version {old.version} → {new.version}")
    if old.title != new.title:
        notes.other.append(f"title {old.title!r} → {new.title!r}")
    notes.description("API descriptions", "info", old.description, new.description)
    ordered = sorted(changes, key=_change_order)
    sdk_changes = sorted(sdk.sdk, key=lambda s: (_KIND_ORDER[s.kind], s.name, s.action, s.detail))
    return DiffResult(tuple(ordered), tuple(sdk_changes), notes.sentences(), notes.order_sentences())


def diff_specs(old: Settings, new: Settings) -> DiffResult:
    """Build both specs' models (parsing what they share once) and compare them.

    Warnings found while building are not reported here: ``diff`` is about the
    differences; ``generate`` reports a spec's own problems.
    """
    with gc_paused():
        (old_api, _), (new_api, _) = build_pair(old, new)
        return diff_apis(old_api, new_api)


def _change_order(change: Change) -> tuple[int, bool, tuple[str, int, str], str, str, str]:
    operation = operation_order(change.operation) if change.operation else ("", 0, "")
    return (
        -change.level.rank,
        change.operation is None,
        operation,
        change.pointer,
        change.rule,
        change.message,
    )


__all__ = [
    "RULES",
    "Change",
    "DiffResult",
    "Level",
    "Rule",
    "SdkChange",
    "build_pair",
    "diff_apis",
    "diff_specs",
    "exit_code",
    "operation_label",
    "render_json",
    "render_markdown",
    "render_text",
    "rules_markdown",
    "summary",
]
