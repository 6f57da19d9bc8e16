"""The splitting of :mod:`generator.emit.layout`: black's ``transform_line`` and its
transforms (``right_hand_split`` with omitted trailers and optional parentheses,
``left_hand_split`` for ``def``, ``delimiter_split``), ported from ``black/linegen.py``.

Each function keeps black's name and control flow, so a difference from black can be
traced to the matching function there. Preview features are left out: the generator
follows black's stable style.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .brackets import LINE_LENGTH
from .layout_lines import (
    CLOSING,
    COMMA_PRIORITY,
    DOT_PRIORITY,
    OPENING,
    CannotSplitError,
    Leaf,
    Line,
    is_one_sequence_between,
    is_short,
)


@dataclass
class _RHS:
    head: Line
    body: Line
    tail: Line
    opening: Leaf
    closing: Leaf


def _is_equal(leaf: Leaf) -> bool:
    return leaf.type == "OP" and leaf.value == "="


def transform_line(line: Line, *, force: bool) -> list[Line]:
    """``line`` split into lines that fit, as black's ``transform_line``.

    ``force`` is black's ``FORCE_OPTIONAL_PARENTHESES``: the "second opinion" that keeps
    optional parentheses when omitting them leaves the first line too long.
    """
    line_str = str(line)
    if not line.should_split_rhs and line.magic_trailing_comma is None and is_short(line):
        return [line]
    if line.is_def:
        transforms = ["lhs"]
    elif line.inside_brackets:
        transforms = ["delimiter", "rhs"]
    else:
        transforms = ["rhs"]
    for transform in transforms:
        try:
            return _run_transformer(line, transform, line_str, force=force)
        except CannotSplitError:
            continue
    return [line]


def _apply(line: Line, transform: str, force: bool) -> list[Line]:
    if transform == "lhs":
        return left_hand_split(line)
    if transform == "delimiter":
        return delimiter_split(line)
    return right_hand_split_with_omits(line, force=force)


def _run_transformer(line: Line, transform: str, line_str: str, *, force: bool) -> list[Line]:
    optional = [bracket for bracket in line.invisible if bracket.depth == 0]
    result: list[Line] = []
    for transformed in _apply(line, transform, force):
        if str(transformed) == line_str:
            raise CannotSplitError("the transform changed nothing")
        result.extend(transform_line(transformed, force=force))
    if (
        force
        or transform != "rhs"
        or not line.invisible
        or any(bracket.value for bracket in optional)
        or is_short(result[0])
    ):
        return result
    second_opinion = _run_transformer(line.clone_tracked(), transform, line_str, force=True)
    if all(is_short(ml) for ml in second_opinion):
        result = second_opinion
    return result


# ------------------------------------------------------------------ building split lines


def _leaves_inside_matching_brackets(leaves: list[Leaf]) -> set[int]:
    try:
        start = next(i for i, leaf in enumerate(leaves) if leaf.type in OPENING)
    except StopIteration:
        return set()
    stack: list[int] = []
    ids: set[int] = set()
    for index in range(start, len(leaves)):
        leaf = leaves[index]
        if leaf.type in OPENING:
            stack.append(index)
        if leaf.type in CLOSING:
            if stack and leaf.opening is leaves[stack[-1]]:
                begin = stack.pop()
                ids.update(id(leaves[j]) for j in range(begin, index + 1))
            else:
                break
    return ids


def _ensure_trailing_comma(leaves: list[Leaf], original: Line, opening: Leaf) -> bool:
    if not leaves:
        return False
    if original.is_import:
        return True
    if not original.is_def or opening.value != "(":
        return False
    depth = 0
    for leaf in leaves:
        if leaf.type in CLOSING:
            depth -= 1
        if leaf.type == "," and depth == 0:
            return False
        if leaf.type in OPENING:
            depth += 1
    return True


def _build_line(leaves: list[Leaf], original: Line, opening: Leaf, component: str) -> Line:
    """Black's ``bracket_split_build_line`` for the head, body or tail of a split."""
    result = Line(original.depth)
    if component == "body":
        result.inside_brackets = True
        result.depth += 1
        if _ensure_trailing_comma(leaves, original, opening) and leaves[-1].type != ",":
            leaves.append(Leaf(",", ","))
            leaves[-1].after = COMMA_PRIORITY
    track: set[int] = _leaves_inside_matching_brackets(leaves) if component == "head" else set()
    for leaf in leaves:
        result.append(leaf, track=component == "body" or id(leaf) in track)
    if component == "body" and _should_split_line(result, opening):
        result.should_split_rhs = True
    return result


def _should_split_line(line: Line, opening: Leaf) -> bool:
    """Should the body be exploded one item per line right away (collections, imports)?"""
    if not line.leaves:
        return False
    last = line.leaves[-1]
    trailing_comma = last.type == ","
    try:
        priority = line.max_priority(exclude=last if trailing_comma else None)
    except ValueError:
        return False
    return priority == COMMA_PRIORITY and (trailing_comma or opening.kind in ("atom", "import"))


def _succeeded_or_raise(head: Line, body: Line, tail: Line) -> None:
    tail_len = len(str(tail).strip())
    if not body:
        if tail_len == 0:
            raise CannotSplitError("splitting brackets produced the same line")
        if tail_len < 3:
            raise CannotSplitError(f"splitting brackets on an empty body to save {tail_len} characters")


def _ensure_visible(leaf: Leaf) -> None:
    if leaf.type == "(":
        leaf.value = "("
    elif leaf.type == ")":
        leaf.value = ")"


# ------------------------------------------------------------------ the transforms


def left_hand_split(line: Line) -> list[Line]:
    """Split at the first opening bracket: ``def`` signatures."""
    head: list[Leaf] = []
    body: list[Leaf] = []
    tail: list[Leaf] = []
    matching: Leaf | None = None
    for leaf_type in ("(", "["):
        head, body, tail = [], [], []
        current = head
        matching = None
        for leaf in line.leaves:
            if current is body and leaf.type in CLOSING and matching is not None and leaf.opening is matching:
                _ensure_visible(leaf)
                _ensure_visible(matching)
                current = tail if body else head
            current.append(leaf)
            if current is head and leaf.type == leaf_type:
                matching = leaf
                current = body
        if matching is not None and tail:
            break
    if matching is None or not tail:
        raise CannotSplitError("no brackets found")
    head_line = _build_line(head, line, matching, "head")
    body_line = _build_line(body, line, matching, "body")
    tail_line = _build_line(tail, line, matching, "tail")
    _succeeded_or_raise(head_line, body_line, tail_line)
    return [result for result in (head_line, body_line, tail_line) if result]


def _first_right_hand_split(line: Line, omit: frozenset[int] | set[int] = frozenset()) -> _RHS:
    tail: list[Leaf] = []
    body: list[Leaf] = []
    head: list[Leaf] = []
    current = tail
    opening: Leaf | None = None
    closing: Leaf | None = None
    for leaf in reversed(line.leaves):
        if current is body and leaf is opening:
            current = head if body else tail
        current.append(leaf)
        if current is tail and leaf.type in CLOSING and id(leaf) not in omit:
            opening = leaf.opening
            closing = leaf
            current = body
    if opening is None or closing is None or not head:
        raise CannotSplitError("no brackets found")
    tail.reverse()
    body.reverse()
    head.reverse()
    head_line = _build_line(head, line, opening, "head")
    body_line = _build_line(body, line, opening, "body")
    tail_line = _build_line(tail, line, opening, "tail")
    _succeeded_or_raise(head_line, body_line, tail_line)
    return _RHS(head_line, body_line, tail_line, opening, closing)


def right_hand_split_with_omits(line: Line, *, force: bool) -> list[Line]:
    """Split at the last opening bracket, first trying to keep trailing trailers together."""
    prefix_lengths: dict[int, int] = {}
    length = 4 * line.depth
    for index, leaf in enumerate(line.leaves):
        prefix_lengths[id(leaf)] = length
        length += (len(leaf.prefix) if index else 0) + len(leaf.value)
    first_lines: list[Line] | None = None
    for omit in _generate_trailers_to_omit(line):
        if omit:
            target: Leaf | None = None
            for leaf in reversed(line.leaves):
                if leaf.type in CLOSING and id(leaf) not in omit:
                    target = leaf.opening
                    break
            if target is not None and target.value and prefix_lengths.get(id(target), 0) > LINE_LENGTH:
                continue
        lines = _right_hand_split(line, force, omit)
        if first_lines is None and not omit:
            first_lines = lines
        if is_short(lines[0]):
            return lines
    if first_lines is not None:
        return first_lines
    return _right_hand_split(line, force, frozenset())


def _right_hand_split(line: Line, force: bool, omit: frozenset[int]) -> list[Line]:
    return _maybe_split_omitting_optional_parens(_first_right_hand_split(line, omit), line, force, omit)


def _generate_trailers_to_omit(line: Line) -> Iterator[frozenset[int]]:
    omit: set[int] = set()
    if line.magic_trailing_comma is None:
        yield frozenset(omit)
    length = 4 * line.depth
    opening: Leaf | None = None
    closing: Leaf | None = None
    inner: set[int] = set()
    leaves = line.leaves
    for index, leaf, leaf_length in line.lengths(reverse=True):
        length += leaf_length
        if length > LINE_LENGTH:
            break
        if leaf.comments:
            break
        previous = leaves[index - 1] if index > 0 else None
        if opening is not None:
            if leaf is opening:
                opening = None
            elif leaf.type in CLOSING:
                if (
                    previous is not None
                    and previous.type == ","
                    and leaf.opening is not None
                    and not is_one_sequence_between(leaf.opening, leaf, leaves, "(")
                ):
                    break
                inner.add(id(leaf))
        elif leaf.type in CLOSING:
            if previous is not None and previous.type in OPENING:
                inner.add(id(leaf))
                continue
            if closing is not None:
                omit.add(id(closing))
                omit.update(inner)
                inner.clear()
                yield frozenset(omit)
            if (
                previous is not None
                and previous.type == ","
                and leaf.opening is not None
                and not is_one_sequence_between(leaf.opening, leaf, leaves, "(")
            ):
                break
            if leaf.value:
                opening = leaf.opening
                closing = leaf


def _maybe_split_omitting_optional_parens(
    rhs: _RHS, line: Line, force: bool, omit: frozenset[int]
) -> list[Line]:
    if (
        not force
        and rhs.opening.type == "("
        and not rhs.opening.value
        and rhs.closing.type == ")"
        and not rhs.closing.value
        and not line.is_import
        and _can_omit_invisible_parens(rhs)
    ):
        omit = frozenset({id(rhs.closing), *omit})
        try:
            rhs_oop = _first_right_hand_split(line, omit)
            if _prefer_split_rhs_oop_over_rhs(rhs_oop, rhs):
                return _maybe_split_omitting_optional_parens(rhs_oop, line, force, omit)
        except CannotSplitError as exc:
            if line.is_chained_assignment:
                pass
            elif not _can_be_split(rhs.body) and not is_short(rhs.body):
                raise CannotSplitError("the body is still too long and cannot be split") from exc
    _ensure_visible(rhs.opening)
    _ensure_visible(rhs.closing)
    return [result for result in (rhs.head, rhs.body, rhs.tail) if result]


def _prefer_split_rhs_oop_over_rhs(rhs_oop: _RHS, rhs: _RHS) -> bool:
    head = rhs.head.leaves
    if not (len(head) >= 2 and _is_equal(head[-2])):
        return True
    if not any(leaf.type in OPENING or leaf.type in CLOSING for leaf in head[:-1]):
        return True
    if not is_short(rhs.head, LINE_LENGTH - 1):
        return True
    if rhs.head.magic_trailing_comma is not None:
        return True
    rhs_equals = sum(1 for leaf in head if _is_equal(leaf))
    oop_equals = sum(1 for leaf in rhs_oop.head.leaves if _is_equal(leaf))
    if rhs_equals > 1 and rhs_equals > oop_equals:
        return False
    closing_after_assign = False
    for leaf in reversed(rhs_oop.head.leaves):
        if _is_equal(leaf):
            break
        if leaf.type in CLOSING:
            closing_after_assign = True
            break
    return closing_after_assign or (
        any(_is_equal(leaf) for leaf in rhs_oop.head.leaves) and is_short(rhs_oop.head)
    )


def _can_omit_invisible_parens(rhs: _RHS) -> bool:
    line = rhs.body
    if not line.delimiters:
        return True
    max_priority = line.max_priority()
    if line.count_priority(max_priority) > 1:
        return False
    if max_priority == DOT_PRIORITY:
        return True
    first, second = line.leaves[0], line.leaves[1]
    if first.type in OPENING and second.type not in CLOSING and _can_omit_opening_paren(line, first):
        return True
    penultimate, last = line.leaves[-2], line.leaves[-1]
    if (
        last.type == ")"
        or last.type == "}"
        or (last.type == "]" and last.opening is not None and last.opening.kind != "trailer")
    ):
        if penultimate.type in OPENING:
            return False
        if _can_omit_closing_paren(line, last):
            return True
    return False


def _can_omit_opening_paren(line: Line, first: Leaf) -> bool:
    remainder = False
    length = 4 * line.depth
    for _index, leaf, leaf_length in line.lengths():
        if leaf.type in CLOSING and leaf.opening is first:
            remainder = True
        if remainder:
            length += leaf_length
            if length > LINE_LENGTH:
                return False
            if leaf.type in OPENING:
                remainder = False
    return True


def _can_omit_closing_paren(line: Line, last: Leaf) -> bool:
    length = 4 * line.depth
    seen_other_brackets = False
    for _index, leaf, leaf_length in line.lengths():
        length += leaf_length
        if leaf is last.opening:
            if seen_other_brackets or length <= LINE_LENGTH:
                return True
        elif leaf.type in OPENING:
            seen_other_brackets = True
    return False


def _can_be_split(line: Line) -> bool:
    """False when the line cannot be split for sure (black's ``can_be_split``)."""
    leaves = line.leaves
    if len(leaves) < 2:
        return False
    if leaves[0].type == "STRING" and leaves[1].type == "OP" and leaves[1].value == ".":
        calls = 0
        dots = 0
        following = leaves[-1]
        for leaf in leaves[-2::-1]:
            if leaf.type in OPENING:
                if following.type not in CLOSING:
                    return False
                calls += 1
            elif leaf.type == "OP" and leaf.value == ".":
                dots += 1
            elif leaf.type == "NAME":
                if not (following.value == "." or following.type in OPENING):
                    return False
            elif leaf.type not in CLOSING:
                return False
            if dots > 1 and calls > 1:
                return False
            following = leaf
    return True


def delimiter_split(line: Line) -> list[Line]:
    """Split at the delimiters of the highest priority (one item per line, with a trailing comma)."""
    if not line.leaves:
        raise CannotSplitError("empty line")
    last = line.leaves[-1]
    try:
        priority = line.max_priority(exclude=last)
    except ValueError:
        raise CannotSplitError("no delimiters") from None
    if priority == DOT_PRIORITY and line.count_priority(priority) == 1:
        raise CannotSplitError("splitting a single attribute from its owner looks wrong")
    result: list[Line] = []
    current = Line(line.depth, inside_brackets=line.inside_brackets)
    for leaf in line.leaves:
        current.append(leaf, track=line.inside_brackets)
        if line.delimiters.get(id(leaf)) == priority:
            result.append(current)
            current = Line(line.depth, inside_brackets=line.inside_brackets)
    if current:
        if priority == COMMA_PRIORITY and current.leaves[-1].type != ",":
            comma = Leaf(",", ",")
            comma.after = COMMA_PRIORITY
            current.append(comma, track=line.inside_brackets)
        result.append(current)
    return result
