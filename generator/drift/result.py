"""What ``diff`` finds: spec changes with their level, SDK API changes, and notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .rules import RULES, Level

Side = Literal["old", "new"]
SdkKind = Literal["class", "method", "parameter", "field", "enum-member"]
SdkAction = Literal["added", "removed", "renamed", "changed"]


@dataclass(frozen=True)
class Change:
    """One semantic change between the two specs, classified by a rule of :data:`RULES`."""

    rule: str
    level: Level
    message: str
    """One sentence naming the thing that changed."""
    pointer: str
    """A JSON pointer into the spec named by ``side`` (the old one for removals)."""
    side: Side
    operation: str | None = None
    """The first operation it affects (``"POST /meeting-tokens"``); ``None`` for API-wide changes."""
    operations: tuple[str, ...] = ()
    """Every operation it affects (a shared schema can reach many)."""
    file: str = ""
    """The document ``pointer`` points into (as the user named it)."""

    def __post_init__(self) -> None:
        if RULES[self.rule].level is not self.level:
            raise ValueError(f"rule {self.rule} is {RULES[self.rule].level.value}, not {self.level.value}")


@dataclass(frozen=True)
class SdkChange:
    """A change to the generated SDK's public API (what code using the SDK sees)."""

    kind: SdkKind
    action: SdkAction
    name: str
    """The thing as code spells it: ``client.meeting_tokens.create``, ``MeetingTokenProperties.lang``."""
    detail: str = ""


@dataclass(frozen=True)
class DiffResult:
    changes: tuple[Change, ...]
    """Worst level first, then by operation and place."""
    sdk_changes: tuple[SdkChange, ...]
    notes: tuple[str, ...] = field(default=())
    """What changed without being a change: descriptions, order, version."""
    order_notes: tuple[str, ...] = field(default=())
    """The notes that only say something was reordered: the generated SDK stays as it is."""

    @property
    def worst(self) -> Level | None:
        """The worst level among the changes, ``None`` when there is none."""
        return max((c.level for c in self.changes), default=None)

    @property
    def breaking(self) -> bool:
        return any(c.level is Level.BREAKING for c in self.changes)

    @property
    def has_differences(self) -> bool:
        """Anything at all differs, down to a description (exit code 0 only when not)."""
        return bool(self.changes or self.sdk_changes or self.notes)

    @property
    def only_reordered(self) -> bool:
        """The only differences are reorderings, which change neither the wire nor the SDK."""
        return not (self.changes or self.sdk_changes) and set(self.notes) <= set(self.order_notes)

    def at_least(self, level: Level) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.level >= level)

    def count(self, level: Level) -> int:
        return sum(1 for c in self.changes if c.level is level)
