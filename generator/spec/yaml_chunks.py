"""Parsing two versions of a big YAML spec without parsing what they share twice.

``diff`` reads two edits of the same document: most of their text is identical. A block
mapping's entries (``paths`` items, ``components/schemas`` entries...) are cut into
*pieces*, each wrapped in the header lines of its ancestors so that it keeps its
original columns (``components:\\n  schemas:\\n    account:\\n      ...``). Pieces are
parsed by the very same loader as a whole document (:class:`~generator.spec.yaml_loader.SpecLoader`),
identical pieces of the two versions only once, and the results are put back together.

Cutting is conservative and checked: only lines that are plainly ``key:`` at the block's
indentation start a piece; anything unusual at that indentation (flow collections, merge
keys, directives, document markers, complex keys) keeps the block whole; and every piece
must parse to exactly one key per level, in the order the text gives. Whatever does not
fit (a parse error, an alias to an anchor in another piece, a key repeated around a cut)
makes the caller parse the whole document the ordinary way, so errors are reported with
the document's own line numbers and the result is never different from a full parse.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from .yaml_loader import SpecLoader

SPLIT_BYTES = 32 * 1024
"""Blocks larger than this are cut into their entries (smaller ones are parsed whole)."""

_KEY = r"""(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\n]|'')*'|[^\s#'"?\-\[\]{}&*!|>%@`,<=~][^\n]*?)"""
_KEY_LINE = re.compile(_KEY + r"[ \t]*:(?:[ \t]|\r?$)", re.M)
_HEAD_LINE = re.compile(_KEY + r"[ \t]*:[ \t]*(?:#[^\n]*)?\r?$", re.M)
# Patterns start at the newline before a line (the text is searched with a newline put in
# front): a literal first character lets the regex engine jump from line to line.
_CONTENT_LINE = re.compile(r"\n( *)(?=[^ \t\r\n#])")
_SEQUENCE_ENTRY = re.compile(r"-(?:[ \t]|\r?$)", re.M)


@dataclass(frozen=True)
class Piece:
    """One entry of a block mapping, wrapped in its ancestors' header lines."""

    depth: int
    """How many ancestor header lines wrap the entry (0: a top-level key)."""
    text: str


class SplitError(Exception):
    """The pieces do not put back together into what a full parse would give."""


def split(text: str) -> list[Piece] | None:
    """The pieces of a document whose top level is a block mapping, or ``None`` when it can't be cut."""
    pieces: list[Piece] = []
    padded = "\n" + text
    if not _split_range(padded, 0, len(padded), 0, "", 0, pieces):
        return None
    return pieces


def _up_to(indent: int) -> re.Pattern[str]:
    """Lines with content at ``indent`` or less (matched from the newline before them)."""
    found = _UP_TO.get(indent)
    if found is None:
        found = _UP_TO[indent] = re.compile(rf"\n( {{0,{indent}}}+)(?=[^ \t\r\n#])")
    return found


_UP_TO: dict[int, re.Pattern[str]] = {}


def _split_range(
    text: str, start: int, end: int, indent: int, heads: str, depth: int, out: list[Piece]
) -> bool:
    """Cut the lines after the newline at ``start`` up to the one at ``end`` into ``out``.

    They must be a block mapping whose keys stand at ``indent``. Positions are those of the
    newline before a line, so a block is ``text[position + 1 : next_position + 1]``.
    """
    keys: list[int] = []
    for match in _up_to(indent).finditer(text, start, end):
        if match.end() - match.start() - 1 != indent:
            return False  # a line less indented than the keys: leave such text to the full parser
        position = match.end()
        if _KEY_LINE.match(text, position):
            keys.append(match.start())
        elif keys and _SEQUENCE_ENTRY.match(text, position):
            continue  # a compact sequence (``- x`` at the key's own indentation) of the previous key
        else:
            return False
    if not keys or _CONTENT_LINE.search(text, start, keys[0]) is not None:
        return False  # no key, or content before the first one (deeper lines, a directive...)
    produced: list[Piece] = []
    for index, block_start in enumerate(keys):
        block_end = keys[index + 1] if index + 1 < len(keys) else end
        if block_end - block_start > SPLIT_BYTES and _split_block(
            text, block_start, block_end, indent, heads, depth, produced
        ):
            continue
        produced.append(Piece(depth, heads + text[block_start + 1 : block_end + 1]))
    out.extend(produced)
    return True


def _split_block(
    text: str, start: int, end: int, indent: int, heads: str, depth: int, out: list[Piece]
) -> bool:
    """Cut one ``key:`` block into its entries, when its value is a plain block mapping."""
    line_end = text.find("\n", start + 1, end)
    if line_end < 0 or not _HEAD_LINE.match(text, start + 1 + indent, line_end):
        return False  # ``key: value`` on one line, an anchor, a tag, a flow collection...
    child = _CONTENT_LINE.search(text, line_end, end)
    if child is None:
        return False
    child_indent = len(child.group(1))
    if child_indent <= indent or _SEQUENCE_ENTRY.match(text, child.end()):
        return False
    head = text[start + 1 : line_end + 1]
    return _split_range(text, line_end, end, child_indent, heads + head, depth + 1, out)


def parse_pieces(texts: Sequence[str]) -> list[Any]:
    """Parse many piece texts in one loader run (a multi-document stream): much cheaper than one each."""
    if not texts:
        return []
    joined = "".join("---\n" + (t if t.endswith("\n") else t + "\n") for t in texts)
    results = list(yaml.load_all(joined, Loader=SpecLoader))
    if len(results) != len(texts):
        raise SplitError("the pieces did not parse into one document each")
    return results


def assemble(pieces: Sequence[Piece], values: Sequence[Any]) -> dict[str, Any]:
    """Put parsed pieces back into the document, exactly as a full parse would have built it."""
    root: dict[str, Any] = {}
    opened: list[tuple[int, str]] = []  # the chain of split ancestors the previous piece was in
    made: set[tuple[int, str]] = set()  # (container, key) slots that hold a split ancestor
    for piece, value in zip(pieces, values, strict=True):
        container = root
        node = value
        chain: list[tuple[int, str]] = []
        for level in range(piece.depth):
            key, node = _single(node)
            slot = (id(container), key)
            if key in container:
                if slot not in made or len(opened) <= level or opened[level] != slot:
                    raise SplitError(f"key {key!r} appears again around a cut")
            else:
                container[key] = {}
                made.add(slot)
            chain.append(slot)
            container = container[key]
        key, node = _single(node)
        if (id(container), key) in made:
            raise SplitError(f"key {key!r} appears again around a cut")
        container[key] = node
        opened = chain
    return root


def _single(node: Any) -> tuple[str, Any]:
    if not isinstance(node, dict) or len(node) != 1:
        raise SplitError("a piece did not parse into exactly one key")
    ((key, value),) = node.items()
    return key, value
