"""Spec text as the model keeps it: descriptions, summaries and titles as the spec gives them.

Making that text safe for where it lands (docstrings, Markdown, table cells) is the
output's business: :mod:`generator.emit.text`.
"""

from __future__ import annotations

from typing import Any


def spec_text(value: Any) -> str | None:
    """A description, summary or title as the spec gives it: stripped, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None
