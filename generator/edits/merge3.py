"""A three-way merge of lines (diff3), for keeping hand edits to generated files.

``base`` is the file as the generator last wrote it, ``ours`` the file on disk (with the
maintainer's edits), ``theirs`` the new output. Lines that only one side changed take that
side's version; where both changed the same region differently the result holds both, between
conflict markers as git writes them (``<<<<<<<``, ``|||||||`` with the base, ``=======``,
``>>>>>>>``).

Why pure Python rather than ``git merge-file``: the generator runs where git may be missing
(an unpacked release, a container), and its output must be the same bytes everywhere; one
implementation, unit-tested, gives that. The algorithm is the classic one of GNU diff3
(Khanna, Kunal and Pierce, "A Formal Investigation of Diff3", 2007): the two-way matchings
base→ours and base→theirs (a patience diff, :func:`_matches`) split the base into *stable*
chunks, matched on both sides in lockstep, and the *unstable* chunks between them, each taken
from the side that changed it or marked as a conflict.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

OURS_MARKER = "<<<<<<<"
BASE_MARKER = "|||||||"
SEPARATOR = "======="
THEIRS_MARKER = ">>>>>>>"


@dataclass(frozen=True)
class Labels:
    """What the conflict markers call each side."""

    ours: str = "yours (on disk)"
    base: str = "last generated"
    theirs: str = "new output"


@dataclass(frozen=True)
class Merged:
    text: str
    conflicts: int
    """How many regions hold conflict markers (0: a clean merge)."""

    @property
    def clean(self) -> bool:
        return self.conflicts == 0


def merge(base: str, ours: str, theirs: str, labels: Labels = Labels()) -> Merged:
    """Merge the changes base→ours and base→theirs into one text."""
    if ours == theirs or theirs == base:
        return Merged(ours, 0)
    if ours == base:
        return Merged(theirs, 0)
    o, a, b = _lines(base), _lines(ours), _lines(theirs)
    out: list[str] = []
    conflicts = 0
    for chunk in _chunks(o, a, b):
        if chunk.stable:
            out.extend(chunk.ours)
        elif chunk.ours == chunk.base:
            out.extend(chunk.theirs)
        elif chunk.theirs == chunk.base or chunk.ours == chunk.theirs:
            out.extend(chunk.ours)
        else:
            conflicts += 1
            out.extend(_conflict(chunk, labels))
    return Merged("".join(out), conflicts)


def two_way(ours: str, theirs: str, labels: Labels = Labels()) -> Merged:
    """Both texts where no common ancestor is known: each region where they differ is a conflict.

    Used when the last generated version of an edited file cannot be found: nothing of either
    side is dropped, and lines both share stay outside the markers.
    """
    if ours == theirs:
        return Merged(ours, 0)
    a, b = _lines(ours), _lines(theirs)
    out: list[str] = []
    conflicts = 0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.extend(a[i1:i2])
            continue
        conflicts += 1
        out.extend(_conflict(_Chunk(False, [], a[i1:i2], b[j1:j2]), labels, with_base=False))
    return Merged("".join(out), conflicts)


def has_conflict_markers(text: str) -> bool:
    """Whether ``text`` still holds a conflict as :func:`merge` writes it (markers at line starts)."""
    opened = False
    for line in text.splitlines():
        if line.startswith(OURS_MARKER + " ") or line == OURS_MARKER:
            opened = True
        elif opened and (line.startswith(THEIRS_MARKER + " ") or line == THEIRS_MARKER):
            return True
    return False


@dataclass(frozen=True)
class _Chunk:
    stable: bool
    base: list[str]
    ours: list[str]
    theirs: list[str]


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _matches(base: list[str], other: list[str]) -> dict[int, int]:
    """Base line index → the index of the same line in ``other``, for the lines the diff keeps.

    A patience diff (as ``git diff --patience``): common leading and trailing lines are matched,
    then the lines that occur once on each side anchor the rest, in the longest order both
    share, and the regions between anchors are diffed the same way. Generated code is full of
    unique lines (signatures, docstrings), so regions stay small; one without a unique line goes
    to :class:`difflib.SequenceMatcher`, which is quadratic and would take seconds on a whole
    file of ten thousand lines.
    """
    matched: dict[int, int] = {}
    regions = [(0, len(base), 0, len(other))]
    while regions:
        a0, a1, b0, b1 = regions.pop()
        while a0 < a1 and b0 < b1 and base[a0] == other[b0]:
            matched[a0] = b0
            a0, b0 = a0 + 1, b0 + 1
        while a0 < a1 and b0 < b1 and base[a1 - 1] == other[b1 - 1]:
            a1, b1 = a1 - 1, b1 - 1
            matched[a1] = b1
        if a0 == a1 or b0 == b1:
            continue
        anchors = _unique_anchors(base, a0, a1, other, b0, b1)
        if not anchors:
            matcher = SequenceMatcher(None, base[a0:a1], other[b0:b1], autojunk=False)
            for block in matcher.get_matching_blocks():
                for k in range(block.size):
                    matched[a0 + block.a + k] = b0 + block.b + k
            continue
        previous_a, previous_b = a0, b0
        for i, j in anchors:
            matched[i] = j
            regions.append((previous_a, i, previous_b, j))
            previous_a, previous_b = i + 1, j + 1
        regions.append((previous_a, a1, previous_b, b1))
    return matched


def _unique_anchors(a: list[str], a0: int, a1: int, b: list[str], b0: int, b1: int) -> list[tuple[int, int]]:
    """Pairs of lines that occur exactly once in ``a[a0:a1]`` and in ``b[b0:b1]``, in the longest
    increasing order (patience sorting)."""
    counts: dict[str, list[int]] = {}
    for i in range(a0, a1):
        entry = counts.setdefault(a[i], [0, i, 0, -1])
        entry[0] += 1
    for j in range(b0, b1):
        found = counts.get(b[j])
        if found is not None:
            found[2] += 1
            found[3] = j
    pairs = sorted((i, j) for n, i, m, j in counts.values() if n == 1 and m == 1)
    # Longest increasing subsequence of the b indices: piles of tails, with back links.
    tails: list[int] = []
    tail_pair: list[int] = []
    back: list[int] = []
    for index, (_, j) in enumerate(pairs):
        pile = bisect_left(tails, j)
        if pile == len(tails):
            tails.append(j)
            tail_pair.append(index)
        else:
            tails[pile] = j
            tail_pair[pile] = index
        back.append(tail_pair[pile - 1] if pile else -1)
    chain: list[tuple[int, int]] = []
    index = tail_pair[-1] if tail_pair else -1
    while index >= 0:
        chain.append(pairs[index])
        index = back[index]
    return chain[::-1]


def _chunks(o: list[str], a: list[str], b: list[str]) -> list[_Chunk]:
    in_a, in_b = _matches(o, a), _matches(o, b)
    chunks: list[_Chunk] = []
    lo = la = lb = 0
    while True:
        # A stable chunk: base lines kept by both sides, each side continuing in lockstep.
        size = 0
        while in_a.get(lo + size) == la + size and in_b.get(lo + size) == lb + size:
            size += 1
        if size:
            chunks.append(_Chunk(True, o[lo : lo + size], a[la : la + size], b[lb : lb + size]))
            lo, la, lb = lo + size, la + size, lb + size
            continue
        # Otherwise the next base line both sides kept ends an unstable chunk (it may be this
        # one, when a side inserted lines before it).
        following = next((i for i in range(lo, len(o)) if i in in_a and i in in_b), None)
        if following is None:
            if lo < len(o) or la < len(a) or lb < len(b):
                chunks.append(_Chunk(False, o[lo:], a[la:], b[lb:]))
            return chunks
        ea, eb = in_a[following], in_b[following]
        chunks.append(_Chunk(False, o[lo:following], a[la:ea], b[lb:eb]))
        lo, la, lb = following, ea, eb


def _conflict(chunk: _Chunk, labels: Labels, *, with_base: bool = True) -> list[str]:
    """The chunk between conflict markers, lines common to the start or end of both sides outside them."""
    ours, theirs = chunk.ours, chunk.theirs
    head = 0
    while head < min(len(ours), len(theirs)) and ours[head] == theirs[head]:
        head += 1
    tail = 0
    while tail < min(len(ours), len(theirs)) - head and ours[-1 - tail] == theirs[-1 - tail]:
        tail += 1
    middle_ours = ours[head : len(ours) - tail]
    middle_theirs = theirs[head : len(theirs) - tail]
    lines = list(ours[:head])
    lines.append(f"{OURS_MARKER} {labels.ours}\n")
    lines.extend(_terminated(middle_ours))
    if with_base:
        lines.append(f"{BASE_MARKER} {labels.base}\n")
        lines.extend(_terminated(chunk.base))
    lines.append(f"{SEPARATOR}\n")
    lines.extend(_terminated(middle_theirs))
    lines.append(f"{THEIRS_MARKER} {labels.theirs}\n")
    lines.extend(ours[len(ours) - tail :])
    return lines


def _terminated(lines: Sequence[str]) -> list[str]:
    """Lines inside markers each end with a newline (a last line without one would swallow a marker)."""
    return [line if line.endswith("\n") else line + "\n" for line in lines]
