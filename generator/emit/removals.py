"""The guard against a regeneration that would wipe the SDK.

An upstream document that lost its ``paths`` (only ``webhooks`` left, a truncated
download that still parses) reads as a valid spec with nothing in it; written out, it
would remove most of the SDK and a careless commit would ship that. ``generate`` and
``update`` therefore refuse to write when the new output

* drops every operation the output folder's SDK has, or
* removes more than ``removal-limit`` per cent (``[tool.generator]``, default 50) of the
  files the generator owns there,

unless ``--allow-removals`` says this is meant. A first run into an empty folder
removes nothing and is never refused.

Operations are counted by their documentation pages (``docs/operations/<resource>/<method>.md``,
one per operation, :mod:`generator.emit.docs`), which both the manifest of the folder and
the new output list, so the guard needs no model of the old SDK.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .writer import Changes

OPERATION_PAGES = "docs/operations/"
NAMED = 10
"""How many of the files that would go the refusal names one by one."""


@dataclass
class RemovalRefusedError(Exception):
    """The write was refused: the new output would remove too much of the SDK."""

    output: Path
    reasons: tuple[str, ...]
    removed: tuple[str, ...]
    """The owned files that would be removed."""
    operations: tuple[str, ...]
    """The operations (``resource.method``) that would go."""

    def lines(self) -> list[str]:
        """The message: why, then what would go, then how to go ahead anyway."""
        lines = [f"error: refusing to write {self.output}: {'; '.join(self.reasons)}"]
        if self.operations:
            lines.append("  operations that would go: " + _first(self.operations))
        # The SDK's own modules say most about what would go; its tests and docs follow them.
        code_first = sorted(self.removed, key=lambda name: (name.split("/")[0] in ("tests", "docs"), name))
        lines += [f"  would remove: {name}" for name in code_first[:NAMED]]
        if len(self.removed) > NAMED:
            lines.append(f"  ... and {len(self.removed) - NAMED} more")
        lines.append("nothing was written; pass --allow-removals if the spec really lost them")
        return lines


def operations(names: Iterable[str]) -> tuple[str, ...]:
    """The operations whose pages are among ``names``: ``docs/operations/rooms/list.md`` -> ``rooms.list``."""
    return tuple(
        sorted(
            name.removeprefix(OPERATION_PAGES).removesuffix(".md").replace("/", ".")
            for name in names
            if name.startswith(OPERATION_PAGES) and name.endswith(".md")
        )
    )


def check_removals(
    output: Path, owned: list[str], files: Mapping[str, str], changes: Changes, *, limit: float
) -> None:
    """Raise :class:`RemovalRefusedError` when writing ``files`` over ``owned`` removes too much.

    ``owned`` is the folder's manifest (:func:`generator.emit.writer.owned_files`),
    ``changes`` what writing would change (:func:`generator.emit.writer.compare`),
    ``limit`` the share of owned files (per cent) that may go.
    """
    if not owned or not changes.extra:
        return
    reasons = []
    had = operations(owned)
    if had and not operations(files):
        reasons.append(f"the new spec has no operation, but the SDK there has {len(had)}")
    share = 100.0 * len(changes.extra) / len(owned)
    if share > limit:
        reasons.append(
            f"the write would remove {len(changes.extra)} of the {len(owned)} files the generator owns there "
            f"({share:.0f} %; removal-limit is {limit:g} %)"
        )
    if reasons:
        raise RemovalRefusedError(output, tuple(reasons), changes.extra, operations(changes.extra))


def _first(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:NAMED])
    return shown + (f", ... and {len(names) - NAMED} more" if len(names) > NAMED else "")
