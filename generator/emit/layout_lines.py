"""Leaves and lines for :mod:`generator.emit.layout`: black's ``Leaf``, ``Line`` and
``BracketTracker``, reduced to what the layout of one generated line needs.

Leaves are mutable on purpose: black makes invisible parentheses visible in place while
it tries splits, and later attempts see that. Porting the algorithm faithfully means
keeping the same sharing.
"""

from __future__ import annotations

from collections.abc import Iterator

from .brackets import LINE_LENGTH, str_width

OPENING = frozenset("([{")
CLOSING = frozenset(")]}")
COMMA_PRIORITY = 18
DOT_PRIORITY = 1


class CannotSplitError(Exception):
    """A split (or a whole transform) does not apply: black's ``CannotTransform``."""


class Leaf:
    """One token. ``type`` is the bracket or ``,`` itself, else NAME, STRING, NUMBER or OP."""

    __slots__ = (
        "after",
        "arg_comma",
        "before",
        "comments",
        "depth",
        "kind",
        "opening",
        "prefix",
        "type",
        "value",
    )

    def __init__(self, type_: str, value: str, prefix: str = "") -> None:
        self.type = type_
        self.value = value
        self.prefix = prefix
        self.kind = ""
        """Of an opening bracket: ``trailer`` (a call, a subscript), ``params``, ``class``,
        ``atom`` (a display, parentheses) or ``import``."""
        self.opening: Leaf | None = None
        """Of a closing bracket: its opening bracket."""
        self.before = 0
        """Delimiter priority when the line breaks before this leaf."""
        self.after = 0
        """Delimiter priority when the line breaks after this leaf (commas)."""
        self.arg_comma = False
        """A comma between arguments or parameters (black's ``arglist``/``typedargslist``)."""
        self.comments: list[str] = []
        self.depth = 0

    def copy(self) -> Leaf:
        leaf = Leaf(self.type, self.value, self.prefix)
        leaf.kind, leaf.opening, leaf.before, leaf.after = self.kind, self.opening, self.before, self.after
        leaf.arg_comma, leaf.comments = self.arg_comma, self.comments
        return leaf

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Leaf({self.type!r}, {self.value!r})"


class Line:
    """A line being laid out: leaves at an indentation depth, with black's bracket tracking."""

    __slots__ = (
        "_depth",
        "_for",
        "_lambda",
        "_previous",
        "delimiters",
        "depth",
        "inside_brackets",
        "invisible",
        "leaves",
        "magic_trailing_comma",
        "should_split_rhs",
    )

    def __init__(self, depth: int, *, inside_brackets: bool = False) -> None:
        self.depth = depth
        self.inside_brackets = inside_brackets
        self.leaves: list[Leaf] = []
        self.should_split_rhs = False
        self.magic_trailing_comma: Leaf | None = None
        self.delimiters: dict[int, int] = {}
        self.invisible: list[Leaf] = []
        self._depth = 0
        self._for: list[int] = []
        self._lambda: list[int] = []
        self._previous: Leaf | None = None

    def __bool__(self) -> bool:
        return bool(self.leaves)

    def __str__(self) -> str:
        if not self.leaves:
            return ""
        parts = ["    " * self.depth, self.leaves[0].value]
        parts += [leaf.prefix + leaf.value for leaf in self.leaves[1:]]
        parts += ["  " + comment for leaf in self.leaves for comment in leaf.comments]
        return "".join(parts)

    def append(self, leaf: Leaf, *, track: bool = True) -> None:
        if track:
            self._mark(leaf)
            if self._has_magic_trailing_comma(leaf):
                self.magic_trailing_comma = leaf
        self.leaves.append(leaf)

    def _mark(self, leaf: Leaf) -> None:
        """Black's ``BracketTracker.mark``: depth, delimiters at depth 0, invisible brackets."""
        if self._depth == 0 and leaf.type in CLOSING:
            return
        if self._for and self._for[-1] == self._depth and leaf.type == "NAME" and leaf.value == "in":
            self._depth -= 1
            self._for.pop()
        if self._lambda and self._lambda[-1] == self._depth and leaf.type == "OP" and leaf.value == ":":
            self._depth -= 1
            self._lambda.pop()
        if leaf.type in CLOSING:
            self._depth -= 1
            if not leaf.value:
                self.invisible.append(leaf)
        leaf.depth = self._depth
        if self._depth == 0:
            if leaf.before and self._previous is not None:
                self.delimiters[id(self._previous)] = leaf.before
            elif leaf.after:
                self.delimiters[id(leaf)] = leaf.after
        if leaf.type in OPENING:
            self._depth += 1
            if not leaf.value:
                self.invisible.append(leaf)
        self._previous = leaf
        if leaf.type == "NAME" and leaf.value == "lambda":
            self._depth += 1
            self._lambda.append(self._depth)
        elif leaf.type == "NAME" and leaf.value == "for":
            self._depth += 1
            self._for.append(self._depth)

    def _has_magic_trailing_comma(self, closing: Leaf) -> bool:
        if closing.type not in CLOSING or not self.leaves or self.leaves[-1].type != ",":
            return False
        if closing.type == "}":
            return True
        opening = closing.opening
        if closing.type == "]":
            return not (
                opening is not None
                and opening.kind == "trailer"
                and is_one_sequence_between(opening, closing, self.leaves, "[")
            )
        if self.is_import:
            return True
        return opening is not None and not is_one_sequence_between(opening, closing, self.leaves, "(")

    @property
    def is_import(self) -> bool:
        first = self.leaves[0] if self.leaves else None
        return first is not None and first.type == "NAME" and first.value in ("import", "from")

    @property
    def is_def(self) -> bool:
        if not self.leaves:
            return False
        first = self.leaves[0].value
        if first == "def":
            return True
        return first == "async" and len(self.leaves) > 1 and self.leaves[1].value == "def"

    @property
    def is_chained_assignment(self) -> bool:
        return sum(1 for leaf in self.leaves if leaf.type == "OP" and leaf.value == "=") > 1

    def max_priority(self, exclude: Leaf | None = None) -> int:
        """The highest delimiter priority (``ValueError`` when there is none), as black's tracker."""
        skip = id(exclude) if exclude is not None else None
        return max(priority for key, priority in self.delimiters.items() if key != skip)

    def count_priority(self, priority: int) -> int:
        return sum(1 for value in self.delimiters.values() if value == priority)

    def lengths(self, *, reverse: bool = False) -> Iterator[tuple[int, Leaf, int]]:
        """Black's ``enumerate_with_length``: each leaf with its prefix and comments."""
        indexes = range(len(self.leaves) - 1, -1, -1) if reverse else range(len(self.leaves))
        for index in indexes:
            leaf = self.leaves[index]
            length = (len(leaf.prefix) if index else 0) + len(leaf.value)
            length += sum(len(comment) for comment in leaf.comments)
            yield index, leaf, length

    def clone_tracked(self) -> Line:
        """A copy with copies of the leaves, tracked afresh (black's ``clone`` + ``append_leaves``)."""
        copy = Line(self.depth, inside_brackets=self.inside_brackets)
        copy.should_split_rhs = self.should_split_rhs
        copy.magic_trailing_comma = self.magic_trailing_comma
        copies: dict[int, Leaf] = {}
        for leaf in self.leaves:
            new = leaf.copy()
            if new.opening is not None:
                new.opening = copies.get(id(new.opening), new.opening)
            copies[id(leaf)] = new
            copy.append(new)
        return copy


def is_short(line: Line, length: int = LINE_LENGTH) -> bool:
    return str_width(str(line)) <= length


def is_one_sequence_between(opening: Leaf, closing: Leaf, leaves: list[Leaf], kind: str) -> bool:
    """Whether the brackets hold at most one item followed by a comma (a one-tuple, ``x[a,]``)."""
    if opening.type != kind:
        return False
    depth = closing.depth + 1
    try:
        start = next(i for i, leaf in enumerate(leaves) if leaf is opening)
    except StopIteration:
        return False
    commas = 0
    for leaf in leaves[start + 1 :]:
        if leaf is closing:
            break
        if leaf.depth == depth and leaf.type == ",":
            commas += 1
            if leaf.arg_comma:
                commas += 1
                break
    return commas < 2
