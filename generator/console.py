"""What a run prints about its findings: a few lines a maintainer reads, or every one (``-v``).

A big spec yields hundreds of findings of a few kinds (Stripe: a hundred operations
that paginate). Printed one by one they bury the one finding that matters, so findings
that share a :attr:`~generator.diagnostics.Diagnostic.kind` are summarised:

* notes of one kind become one line with the count, split by variant
  (``note: 107 operations paginate (cursor 100, page token 7); -v lists them``);
* warnings of one kind are printed in full up to :data:`WARNING_EXAMPLES`, then one line
  counts the rest, since each warning points at something to fix;
* findings without a kind, and every finding under ``verbose``, are printed in full.

A group's lines stand where its first finding would have been printed, so the order is
still the order of the findings.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Sequence
from typing import TextIO

from .diagnostics import Diagnostic, Severity

WARNING_EXAMPLES = 3
"""How many warnings of one kind are printed in full before the rest are counted."""

_PHRASES: dict[str, tuple[str, str]] = {
    "pagination": ("operation paginates", "operations paginate"),
    "fidelity": ("fidelity warning", "fidelity warnings"),
    "spec-validation": ("openapi-spec-validator finding", "openapi-spec-validator findings"),
    "stray-file": ("file the generator did not write", "files the generator did not write"),
}
"""How a count of findings of a family reads: (one, several)."""


def add_loudness_arguments(command: argparse.ArgumentParser) -> None:
    """``-q`` (errors only) and ``-v`` (every finding), which exclude each other: for every command."""
    loudness = command.add_mutually_exclusive_group()
    loudness.add_argument("-q", "--quiet", action="store_true", help="print only errors")
    loudness.add_argument(
        "-v", "--verbose", action="store_true", help="print every finding (not one line per kind)"
    )


def plural(count: int, singular: str, several: str | None = None) -> str:
    """``1 operation``, ``2 operations`` (``several`` when adding an s is wrong)."""
    return f"{count} {singular if count == 1 else several or singular + 's'}"


def counted(count: int, family: str, severity: Severity) -> str:
    """``107 operations paginate``: a count of findings of ``family``, in words."""
    return f"{count} {_noun(count, family, severity)}"


def _noun(count: int, family: str, severity: Severity) -> str:
    """``operations paginate``: :func:`counted` without the number."""
    one, several = _PHRASES.get(family, (f"{family} {severity.value}", f"{family} {severity.value}s"))
    return one if count == 1 else several


def print_findings(diagnostics: Sequence[Diagnostic], stream: TextIO, *, verbose: bool = False) -> None:
    """Print ``diagnostics`` in their order, those of one kind grouped unless ``verbose``."""
    for line in finding_lines(diagnostics, verbose=verbose):
        print(line, file=stream)


def finding_lines(diagnostics: Sequence[Diagnostic], *, verbose: bool = False) -> list[str]:
    """The lines :func:`print_findings` prints."""
    if verbose:
        return [d.format() for d in diagnostics]
    groups: dict[tuple[Severity, str], list[Diagnostic]] = {}
    for diagnostic in diagnostics:
        if diagnostic.family:
            groups.setdefault((diagnostic.severity, diagnostic.family), []).append(diagnostic)
    lines: list[str] = []
    for diagnostic in diagnostics:
        group = groups.get((diagnostic.severity, diagnostic.family)) if diagnostic.family else None
        if group is None:
            lines.append(diagnostic.format())
        elif group[0] is diagnostic:
            lines += _group_lines(group)
    return lines


def _group_lines(group: list[Diagnostic]) -> list[str]:
    first = group[0]
    if first.severity is Severity.NOTE:
        if len(group) == 1:
            return [first.format()]
        return [f"note: {counted(len(group), first.family, first.severity)}{_variants(group)}; -v lists them"]
    if first.severity is Severity.WARNING and len(group) > WARNING_EXAMPLES + 1:
        shown = group[:WARNING_EXAMPLES]
        rest = len(group) - len(shown)
        more = f"{rest} more {_noun(rest, first.family, first.severity)} ({len(group)} in all)"
        return [*(d.format() for d in shown), f"warning: {more}{_variants(group)}; -v lists them"]
    return [d.format() for d in group]


def _variants(group: list[Diagnostic]) -> str:
    """`` (cursor 100, page token 7)``: the group's count by variant, most first; empty without variants."""
    counts = Counter(d.variant for d in group if d.variant)
    if not counts:
        return ""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return " (" + ", ".join(f"{variant.replace('_', ' ')} {count}" for variant, count in ordered) + ")"
