"""Bounding what YAML aliases make of a document ("billion laughs").

A YAML alias (``*name``) makes the loader put the *same* Python object in several
places. That is cheap to load, but every walk over the document (reference checks,
the validator, the builder) sees each use of it, so nine levels of nine aliases
in a 3 KB file make hundreds of millions of nodes to visit. A document whose
aliases add more than :data:`MAX_ALIAS_EXPANSION` nodes to it is refused, and a
document whose aliases loop (``&a [*a]``) is refused too: no OpenAPI document needs
either. Real specs that use anchors (shared parameters, repeated examples) stay far
below the bound.

The check counts each shared object once (memoised by identity), so it costs one pass
over the objects actually in memory, however large the expansion would be.
"""

from __future__ import annotations

import re
from typing import Any

MAX_ALIAS_EXPANSION = 50_000
"""How many nodes aliases may always add to a document (more when the document itself is bigger)."""

# An anchor (``&name``): without one there is no alias either. The pattern starts with a
# literal so that the regex engine can skip from "&" to "&" (a 4 MB spec in well under 1 ms).
_AMPERSAND_NAME = re.compile(r"&[^\s\[\]{},]")


def may_share(text: str) -> bool:
    """Whether the YAML text may contain anchors (so that parsing it may share objects)."""
    for match in _AMPERSAND_NAME.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] in " \t\r\n[{,":
            return True
    return False


class AliasBombError(Exception):
    """The document's aliases expand too far, or loop; ``pointer`` is where it was noticed."""

    def __init__(self, message: str, pointer: str) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


def check_expansion(data: Any, limit: int = MAX_ALIAS_EXPANSION) -> None:
    """Raise :class:`AliasBombError` when shared objects add more than ``limit`` nodes and more
    nodes than the document has written out, or when they form a loop."""
    sizes: dict[int, int] = {}  # id of a finished container -> nodes in its full expansion
    open_ids: set[int] = set()
    extra = 0  # nodes added by second and later uses of shared objects
    written = 0  # nodes counted at their first use
    noticed = ""  # where ``extra`` passed ``limit``
    # (container, pointer, children still to visit, expanded size so far)
    stack: list[tuple[Any, str, list[tuple[Any, str]], list[int]]] = []

    def enter(value: Any, pointer: str) -> None:
        nonlocal written
        written += 1
        open_ids.add(id(value))
        items = value.items() if isinstance(value, dict) else enumerate(value)
        children = [(v, f"{pointer}/{_escape(k)}") for k, v in items]
        children.reverse()
        stack.append((value, pointer, children, [1]))

    if not isinstance(data, (dict, list)):
        return
    enter(data, "")
    while stack:
        value, pointer, children, size = stack[-1]
        if not children:
            stack.pop()
            open_ids.discard(id(value))
            sizes[id(value)] = size[0]
            if stack:
                stack[-1][3][0] += size[0]
            continue
        child, child_pointer = children.pop()
        if not isinstance(child, (dict, list)):
            size[0] += 1
            written += 1
        elif id(child) in open_ids:
            raise AliasBombError(
                "a YAML alias refers to a node that contains it (an endless document)", child_pointer
            )
        elif id(child) in sizes:
            size[0] += sizes[id(child)]
            extra += sizes[id(child)]
            if extra > limit and not noticed:
                noticed = pointer or "/"
        else:
            enter(child, child_pointer)
    if extra > max(limit, written):
        raise AliasBombError(
            f"YAML aliases expand this document of {written:,} nodes by {extra:,} more "
            f"(at most {max(limit, written):,} are accepted); an alias bomb? It is refused",
            "" if noticed == "/" else noticed,
        )


def _escape(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")
