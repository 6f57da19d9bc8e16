"""What every view module shares: prepared description text and import ordering."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..config import Settings
from .brackets import import_from
from .text import absolute_links, docstring_body, plain_text


@dataclass(frozen=True)
class Doc:
    """Description text prepared for one settings (links made absolute)."""

    settings: Settings

    def text(self, value: str | None) -> str:
        return plain_text(absolute_links(value or "", self.settings.docs_base_url)).strip()

    def docstring(self, value: str | None, indent: int, fallback: str = "") -> str:
        return docstring_body(self.text(value) or fallback, indent=indent)


def import_order(names: Iterable[str]) -> list[str]:
    """Names in one ``from x import ...`` as isort (and ruff) order them: CONSTANTS, Classes,
    functions, each case-insensitively and numbers by value (``SavedTrack`` before
    ``SaveTracks``, ``Object7`` before ``Object10``)."""

    def kind(name: str) -> int:
        if name.isupper() and len(name) > 1:
            return 0
        return 1 if name[:1].isupper() else 2

    return sorted(set(names), key=lambda name: (kind(name), natural_key(name.lower()), name))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """``text`` ordered as isort (and ruff) order module names: runs of digits by their value
    (``variant_1_2`` before ``variant_1_10``)."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.split(r"(\d+)", text) if part)


def group_by_module(names: Iterable[str], owners: dict[str, str], own: str) -> list[tuple[str, list[str]]]:
    """``names`` grouped by the module that owns them (``own``'s left out), modules and names
    in isort's order."""
    grouped: dict[str, list[str]] = {}
    for name in import_order(names):
        if owners[name] != own:
            grouped.setdefault(owners[name], []).append(name)
    return sorted(grouped.items(), key=lambda item: natural_key(item[0]))


def import_lines(module: str, names: list[str], indent: int) -> list[str]:
    """``from module import names`` for a block at ``indent`` spaces, as lines relative to it:
    one line when it fits, else one name per line (:func:`~generator.emit.brackets.import_from`)."""
    first, *rest = import_from(module, names, indent).split("\n")
    return [first, *(line[indent:] for line in rest)]
