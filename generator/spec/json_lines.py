"""Where a JSON pointer stands in a JSON text, without building a node tree.

A finding names the line its pointer stands on. For YAML the line comes from the node tree
the loader composed anyway; a JSON spec is parsed by :mod:`json`, which keeps no positions,
and composing the same text with the YAML loader to find them costs more than the run's
whole parse (a tenth of a second on Twilio's 480 KB spec). Here only the containers on the
pointer's way are scanned: each member's key is read and each value skipped by the
:mod:`json` module's C decoder, and the members an object or array was found to hold are
remembered, so the next pointer through it costs nothing there.
"""

from __future__ import annotations

import json
import re

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder(strict=False)


class JsonPositions:
    """Offsets of the values JSON pointers reach in one (valid) JSON text."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._members: dict[int, dict[str, int]] = {}
        """Offset of an object or array → its members' keys (array indexes as text) → the
        offsets of their values; the first of duplicate keys wins, as in the YAML tree."""

    def line_and_column(self, tokens: list[str]) -> tuple[int, int] | None:
        """1-based (line, column) of the value at ``tokens`` (unescaped pointer tokens), or of
        its nearest existing parent; ``None`` when the text is not JSON after all."""
        try:
            offset = self._skip_space(0)
            for token in tokens:
                child = self._children(offset).get(token)
                if child is None:
                    break
                offset = child
        except (ValueError, IndexError, RecursionError):
            return None
        line_start = self._text.rfind("\n", 0, offset) + 1
        return self._text.count("\n", 0, offset) + 1, offset - line_start + 1

    def _children(self, offset: int) -> dict[str, int]:
        known = self._members.get(offset)
        if known is None:
            opening = self._text[offset] if offset < len(self._text) else ""
            known = self._object(offset) if opening == "{" else self._array(offset) if opening == "[" else {}
            self._members[offset] = known
        return known

    def _object(self, offset: int) -> dict[str, int]:
        text, members = self._text, dict[str, int]()
        at = self._skip_space(offset + 1)
        if text[at] == "}":
            return {}
        while True:
            if text[at] != '"':
                raise ValueError(f"a key expected at {at}")
            key, at = _DECODER.raw_decode(text, at)
            at = self._skip_space(at)
            if text[at] != ":":
                raise ValueError(f"':' expected at {at}")
            value = self._skip_space(at + 1)
            members.setdefault(key, value)
            at = self._after_value(value)
            if text[at] == "}":
                return members
            at = self._skip_space(at + 1)

    def _array(self, offset: int) -> dict[str, int]:
        text, members = self._text, dict[str, int]()
        at = self._skip_space(offset + 1)
        if text[at] == "]":
            return {}
        while True:
            members[str(len(members))] = at
            at = self._after_value(at)
            if text[at] == "]":
                return members
            at = self._skip_space(at + 1)

    def _after_value(self, value: int) -> int:
        """The offset of the ``,`` or closing bracket after the value starting at ``value``."""
        _, end = _DECODER.raw_decode(self._text, value)
        at = self._skip_space(end)
        if self._text[at] not in ",}]":
            raise ValueError(f"',' or a closing bracket expected at {at}")
        return at

    def _skip_space(self, at: int) -> int:
        match = _SPACE.match(self._text, at)
        assert match is not None  # (the pattern matches the empty string)
        return match.end()
