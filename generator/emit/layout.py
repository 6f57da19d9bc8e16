"""Laying out generated Python the way black (stable style, line length 100) prints it.

The generated SDK must be exactly what black would print, without running black: black
parses every file with its own parser, which made it most of a big API's generation
time. The templates already print code black leaves alone (spacing, quotes, blank
lines, magic trailing commas); what they cannot know is where a long line breaks.
:func:`layout_python` finds the physical lines over the limit and splits each one with
the same algorithm black uses, ported from ``black/linegen.py``: right-hand splits with
optional (invisible) parentheses and trailers omitted, left-hand splits for ``def``,
delimiter splits inside brackets, magic trailing commas, exploded collection literals
and imports. Only over-long lines are tokenized, so the cost is in proportion to them.

Black stays the judge: the tests format the output of every spec with black and
require no change (``tests/test_layout.py``, ``tests/test_corpus.py``).

Being retired: the views and templates now break the lines whose brackets they print
(:mod:`generator.emit.brackets`: imports, signatures, calls, codecs, test values, model
field annotations). What still reaches this module is the fixed runtime text of the
templates and the constructs not yet printed as data (resource parameter annotations,
the generated tests' ``isinstance`` checks, a few fixed lines of ``conftest.py``).
"""

from __future__ import annotations

import io
import keyword
import tokenize
from collections.abc import Iterator

from .brackets import LINE_LENGTH, str_width
from .layout_lines import CLOSING, COMMA_PRIORITY, DOT_PRIORITY, OPENING, Leaf, Line
from .layout_split import transform_line

__all__ = ["LINE_LENGTH", "layout_files", "layout_line", "layout_python"]

_KEYWORDS = frozenset(keyword.kwlist) - {"True", "False", "None"}
_MATH = {"|": 9, "^": 8, "&": 7, "<<": 6, ">>": 6, "+": 5, "-": 5, "*": 4, "/": 4, "//": 4, "%": 4, "@": 4}
_MATH["**"] = 2
_COMPARATORS = frozenset({"<", ">", "==", "!=", "<=", ">="})
_ASSIGNMENTS = frozenset("= += -= *= @= /= %= &= |= ^= <<= >>= **= //=".split())
_PAIRS = {"(": ")", "[": "]", "{": "}"}


# Python 3.12+ tokenizes an f-string as FSTRING_START, its parts and FSTRING_END (PEP 701);
# Python 3.11 has no such tokens, and sees one STRING.
_FSTRING_START: int | None = getattr(tokenize, "FSTRING_START", None)
_FSTRING_END: int | None = getattr(tokenize, "FSTRING_END", None)

# ------------------------------------------------------------------ reading one line


def _tokens(text: str) -> list[Leaf] | None:
    """The leaves of one complete logical line, with the spacing as written (None: not Python)."""
    leaves: list[Leaf] = []
    end = 0
    # A split's tail (`) -> Type:`) closes brackets opened on earlier lines: open them
    # first so that it tokenizes, and drop them after.
    closers = len(text) - len(text.lstrip(")]}"))
    openers = "".join({")": "(", "]": "[", "}": "{"}[c] for c in reversed(text[:closers]))
    source = openers + text
    fstring_depth = 0  # inside an f-string that Python 3.12+ tokenizes in parts (PEP 701)
    fstring_start = 0
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            kind = tok.type
            if kind in (tokenize.NEWLINE, tokenize.NL, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT):
                continue
            if tok.start[0] != 1:
                return None  # a line continued by a string or a backslash: left as it is
            if kind == _FSTRING_START:
                fstring_depth += 1
                if fstring_depth == 1:
                    fstring_start = tok.start[1]
                continue
            if fstring_depth:
                if kind == _FSTRING_END:
                    fstring_depth -= 1
                    if not fstring_depth:
                        # One STRING leaf, as the tokenizer of Python 3.11 and black both see it,
                        # so that every Python lays the line out alike.
                        prefix = " " if fstring_start > end else ""
                        end = tok.end[1]
                        leaves.append(Leaf("STRING", source[fstring_start:end], prefix))
                continue
            prefix = " " if tok.start[1] > end else ""
            end = tok.end[1]
            if kind == tokenize.COMMENT:
                if not leaves:
                    return None
                leaves[-1].comments.append(tok.string)
                continue
            if kind == tokenize.OP:
                value = tok.string
                kind_name = value if value in "()[]{}," else "OP"
            elif kind == tokenize.STRING:
                kind_name, value = "STRING", tok.string
            elif kind == tokenize.NUMBER:
                kind_name, value = "NUMBER", tok.string
            elif kind == tokenize.NAME:
                kind_name, value = "NAME", tok.string
            else:
                return None
            leaves.append(Leaf(kind_name, value, prefix))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    return leaves[closers:]


def _is_operand_end(leaf: Leaf | None) -> bool:
    if leaf is None:
        return False
    if leaf.type == "NAME":
        return leaf.value not in _KEYWORDS
    return leaf.type in ("STRING", "NUMBER") or leaf.type in CLOSING


def _match(leaves: list[Leaf]) -> bool:
    """Pair brackets and name what each opening bracket is (False: unbalanced)."""
    stack: list[Leaf] = []
    for index, leaf in enumerate(leaves):
        if leaf.type in OPENING:
            before = leaves[index - 1] if index else None
            if leaf.type == "{":
                leaf.kind = "atom"
            elif _is_operand_end(before):
                leaf.kind = "trailer"
                if leaf.type == "(" and index >= 2 and leaves[index - 2].value in ("def", "class"):
                    leaf.kind = "params" if leaves[index - 2].value == "def" else "class"
            else:
                leaf.kind = "atom"
            stack.append(leaf)
        elif leaf.type in CLOSING:
            if not stack and all(before.type in CLOSING for before in leaves[:index]):
                continue  # the tail of a split: its opening bracket is on an earlier line
            if not stack or _PAIRS[stack[-1].type] != leaf.type:
                return False
            leaf.opening = stack.pop()
        elif leaf.type == "," and stack:
            leaf.arg_comma = stack[-1].type == "(" and stack[-1].kind in ("trailer", "params", "class")
    return not stack


def _closing_of(leaves: list[Leaf], start: int) -> int:
    opening = leaves[start]
    for index in range(start + 1, len(leaves)):
        if leaves[index].opening is opening:
            return index
    raise ValueError("unbalanced")


def _top_level(leaves: list[Leaf], start: int, stop: int) -> Iterator[int]:
    """Indexes in ``leaves[start:stop]`` outside any bracket of that span."""
    depth = 0
    for index in range(start, stop):
        leaf = leaves[index]
        if leaf.type in CLOSING and depth:
            depth -= 1
        if depth == 0:
            yield index
        if leaf.type in OPENING:
            depth += 1


def _wrap(leaves: list[Leaf], start: int, stop: int, *, tuple_ok: bool = False) -> int:
    """Put invisible parentheses around ``leaves[start:stop]`` as black's
    ``normalize_invisible_parens`` does for a statement's child; returns the leaves added."""
    if start >= stop:
        return 0
    first = leaves[start]
    if first.type in OPENING and first.value and _closing_of(leaves, start) == stop - 1:
        if first.type != "(" or stop - start == 2:
            return 0  # a list, dict or set display, or an empty tuple: kept as they are
        inner = list(_top_level(leaves, start + 1, stop - 1))
        if any(leaves[i].type == "," or leaves[i].value in ("for", "yield") for i in inner):
            return 0  # a tuple or a generator keeps its parentheses
        first.value = ""  # redundant parentheses become optional ones
        leaves[stop - 1].value = ""
        first.kind = "atom"
        return 0
    if not tuple_ok and any(leaves[i].type == "," for i in _top_level(leaves, start, stop)):
        return 0
    opening = Leaf("(", "", leaves[start].prefix)
    opening.kind = "atom"
    leaves[start].prefix = ""
    closing = Leaf(")", "", "")
    closing.opening = opening
    leaves.insert(stop, closing)
    leaves.insert(start, opening)
    return 2


def _statement_parens(leaves: list[Leaf]) -> None:
    """Black's invisible parentheses of a statement (``return``, ``=``, annotations, ...)."""
    first = leaves[0].value
    if leaves[0].type in CLOSING:
        _def_parens(leaves)  # `) -> ReturnType:`, the tail of a split signature
    elif first in ("return", "del"):
        _wrap(leaves, 1, len(leaves), tuple_ok=True)
    elif first in ("if", "elif", "while") and leaves[-1].value == ":":
        _wrap(leaves, 1, len(leaves) - 1)
    elif first == "for" and leaves[-1].value == ":":
        top = [i for i in _top_level(leaves, 0, len(leaves)) if leaves[i].value == "in"]
        if top:
            added = _wrap(leaves, 1, top[0], tuple_ok=True)
            _wrap(leaves, top[0] + added + 1, len(leaves) - 1, tuple_ok=True)
    elif first == "from":
        top = [i for i in _top_level(leaves, 0, len(leaves)) if leaves[i].value == "import"]
        if top and leaves[top[0] + 1].value != "*":
            start = top[0] + 1
            if leaves[start].type == "(":
                leaves[start].value = leaves[-1].value = ""
                leaves[start].kind = "import"
            else:
                opening = Leaf("(", "", leaves[start].prefix)
                opening.kind = "import"
                leaves[start].prefix = ""
                closing = Leaf(")", "", "")
                closing.opening = opening
                leaves.append(closing)
                leaves.insert(start, opening)
    elif first in ("def", "async"):
        _def_parens(leaves)
    elif first not in _KEYWORDS or first in ("await", "lambda", "not"):
        _assignment_parens(leaves)


def _def_parens(leaves: list[Leaf]) -> None:
    top = [i for i in _top_level(leaves, 0, len(leaves)) if leaves[i].value == "->"]
    if top and leaves[-1].value == ":":
        _wrap(leaves, top[0] + 1, len(leaves) - 1, tuple_ok=True)
    params = next((i for i, leaf in enumerate(leaves) if leaf.kind == "params"), None)
    if params is not None:
        _parameter_parens(leaves, params + 1, _closing_of(leaves, params))


def _parameter_parens(leaves: list[Leaf], start: int, stop: int) -> None:
    """``def f(a: (int | None))``: a union annotation gets invisible parentheses (``visit_tname``)."""
    index = start
    while index < stop:
        tops = list(_top_level(leaves, index, stop))
        end = next((i for i in tops if leaves[i].type == ","), stop)
        colon = next((i for i in tops if i < end and leaves[i].value == ":"), None)
        if colon is not None:
            stop_ann = next((i for i in tops if colon < i < end and leaves[i].value == "="), end)
            bars = [i for i in _top_level(leaves, colon + 1, stop_ann) if leaves[i].value == "|"]
            if bars:
                added = _wrap(leaves, colon + 1, stop_ann)
                end += added
                stop += added
        index = end + 1


_ARITH = frozenset({"+", "-", "<<", ">>", "^", "&"})
_NOT_ARITH = frozenset({"and", "or", "not", "in", "is", "if", "lambda", "|"}) | _COMPARATORS


def _is_arith_like(leaves: list[Leaf], tops: list[int]) -> bool:
    """Whether the expression is an arith_expr, shift_expr, xor_expr or and_expr at its top."""
    values = [leaves[i].value for i in tops if leaves[i].type in ("OP", "NAME")]
    if any(value in _NOT_ARITH for value in values):
        return False
    return any(
        leaves[i].value in _ARITH and _is_operand_end(leaves[i - 1] if i else None)
        for i in tops
        if leaves[i].type == "OP"
    )


def _assignment_parens(leaves: list[Leaf]) -> None:
    tops = list(_top_level(leaves, 0, len(leaves)))
    equals = [i for i in tops if leaves[i].value in _ASSIGNMENTS]
    colon = next((i for i in tops if leaves[i].value == ":"), None)
    if colon is not None and (not equals or colon < equals[0]):
        stop = equals[0] if equals else len(leaves)
        added = _wrap(leaves, colon + 1, stop, tuple_ok=True)
        equals = [i + added for i in equals]
    if not equals and colon is None and _is_arith_like(leaves, tops):
        _wrap(leaves, 0, len(leaves))  # black's visit_simple_stmt: a bare arithmetic expression
        return
    for position, equal in enumerate(equals):
        stop = equals[position + 1] if position + 1 < len(equals) else len(leaves)
        added = _wrap(leaves, equal + 1, stop, tuple_ok=True)
        equals = [i + (added if i > equal else 0) for i in equals]


_TERNARY_STOPS = frozenset(
    {"return", "yield", "raise", "assert", "del", "else", "if", "for", "lambda", "import"}
)
_TERNARY_LEFT_STOPS = _ASSIGNMENTS | {":", "->"}
_TERNARY_RIGHT_STOPS = _ASSIGNMENTS | {":"}


def _ternary_ifs(leaves: list[Leaf]) -> list[Leaf]:
    """The ``if`` of each conditional expression (not a comprehension's, not a statement's)."""
    found: list[Leaf] = []
    comprehension = [False]
    for index, leaf in enumerate(leaves):
        if leaf.type in OPENING:
            comprehension.append(False)
        elif leaf.type in CLOSING and len(comprehension) > 1:
            comprehension.pop()
        elif leaf.type == "NAME" and index > 0:
            if leaf.value == "for":
                comprehension[-1] = True
            elif leaf.value == "if" and not comprehension[-1]:
                found.append(leaf)
    return found


def _ternary_parens(leaves: list[Leaf]) -> None:
    """Invisible parentheses around each conditional expression (black's ``visit_test``),
    unless it directly follows a ``(``: split, it is printed inside parentheses."""
    for if_leaf in _ternary_ifs(leaves):
        position = next(i for i, leaf in enumerate(leaves) if leaf is if_leaf)
        start = position
        depth = 0
        while start > 0:
            leaf = leaves[start - 1]
            if leaf.type in CLOSING:
                depth += 1
            elif leaf.type in OPENING:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (
                leaf.type == ","
                or (leaf.type == "OP" and leaf.value in _TERNARY_LEFT_STOPS)
                or (
                    leaf.value in ("*", "**")
                    and not _is_operand_end(leaves[start - 2] if start > 1 else None)
                )
                or (leaf.type == "NAME" and leaf.value in _TERNARY_STOPS)
            ):
                break
            start -= 1
        end = position
        depth = 0
        while end < len(leaves):
            leaf = leaves[end]
            if leaf.type in OPENING:
                depth += 1
            elif leaf.type in CLOSING:
                if depth == 0:
                    break
                depth -= 1
            elif depth == 0 and (
                leaf.type == ","
                or (leaf.type == "OP" and leaf.value in _TERNARY_RIGHT_STOPS)
                or (leaf.type == "NAME" and leaf.value == "for")
            ):
                break
            end += 1
        if start > 0 and leaves[start - 1].type == "(" and end < len(leaves) and leaves[end].type == ")":
            continue  # the only thing in its parentheses (black: the test's previous sibling is `(`)
        opening = Leaf("(", "", leaves[start].prefix)
        opening.kind = "test"
        leaves[start].prefix = ""
        closing = Leaf(")", "", "")
        closing.opening = opening
        leaves.insert(end, closing)
        leaves.insert(start, opening)


def _priorities(leaves: list[Leaf], *, is_import: bool) -> None:
    """The delimiter priority of each leaf, as black's ``is_split_*_delimiter`` compute it."""
    comprehension: list[bool] = [False]
    for index, leaf in enumerate(leaves):
        previous = leaves[index - 1] if index else None
        following = leaves[index + 1] if index + 1 < len(leaves) else None
        value = leaf.value
        if leaf.type == ",":
            leaf.after = COMMA_PRIORITY
        elif leaf.type in OPENING:
            comprehension.append(False)
        elif leaf.type in CLOSING:
            if len(comprehension) > 1:
                comprehension.pop()
        elif leaf.type == "OP":
            if value == "." and not is_import and (previous is None or previous.type in CLOSING):
                leaf.before = DOT_PRIORITY
            elif value in _MATH and _is_operand_end(previous):
                leaf.before = _MATH[value]
            elif value in _COMPARATORS:
                leaf.before = 10
        elif leaf.type == "STRING" and previous is not None and previous.type == "STRING":
            leaf.before = 12
        elif leaf.type == "NAME" and index > 0:
            if value == "for":
                leaf.before = 20
                comprehension[-1] = True
            elif value == "if":
                leaf.before = 20 if comprehension[-1] else 16
            elif value == "else":
                leaf.before = 16
            elif value == "is":
                leaf.before = 10
            elif value == "in" and not (previous is not None and previous.value == "not"):
                leaf.before = 10
            elif value == "not" and following is not None and following.value == "in":
                leaf.before = 0 if previous is not None and previous.value == "is" else 10
            elif value in ("and", "or"):
                leaf.before = 14


def _prepare(text: str, *, statement: bool, in_def: bool) -> list[Leaf] | None:
    leaves = _tokens(text)
    if not leaves or not _match(leaves):
        return None
    if statement:
        _statement_parens(leaves)
        last = leaves[-1]
        if last.type == ")" and not last.value and leaves[-2].comments:
            # A trailing comment belongs to optional parentheses unless they wrap one leaf
            # (black's `append_comment`); an import's parentheses belong to the statement.
            start = next(i for i, leaf in enumerate(leaves) if leaf is last.opening)
            if last.opening is not None and (last.opening.kind == "import" or len(leaves) - start > 3):
                last.comments, leaves[-2].comments = leaves[-2].comments, []
    elif in_def:
        end = len(leaves) - 1 if leaves[-1].type == "," else len(leaves)
        _parameter_parens(leaves, 0, end)
    _ternary_parens(leaves)
    is_import = statement and leaves[0].value in ("from", "import")
    _priorities(leaves, is_import=is_import)
    # `for x in y` (comprehension or statement): that `in` is no comparison.
    pending_for = 0
    for leaf in leaves:
        if leaf.value == "for" and leaf.type == "NAME":
            pending_for += 1
        elif leaf.value == "in" and leaf.type == "NAME" and pending_for:
            pending_for -= 1
            leaf.before = 0
    return leaves


# ------------------------------------------------------------------ whole lines and files


def layout_line(text: str, depth: int, *, inside_brackets: bool = False, in_def: bool = False) -> str:
    """One logical line (without its indentation) laid out at ``depth`` the way black would.

    ``inside_brackets``: the line is one item of an exploded bracket (it ends with its
    comma); ``in_def``: that bracket holds a ``def``'s parameters.
    """
    leaves = _prepare(text, statement=not inside_brackets, in_def=in_def)
    if leaves is None:
        return "    " * depth + text
    line = Line(depth, inside_brackets=inside_brackets)
    tail = leaves[0].type in CLOSING  # black does not track the brackets of a split's tail
    for leaf in leaves:
        line.append(leaf, track=not tail)
    lines = transform_line(line, force=False)
    return "\n".join(str(result) for result in lines)


def _context(
    lines: list[str], index: int, indent: int, known: dict[int, tuple[bool, bool]]
) -> tuple[bool, bool]:
    """Whether ``lines[index]`` is an item of an exploded bracket, and of a ``def``'s parameters.

    Looks back over the item's siblings (same indentation, ending with a comma) to the
    line that opened the bracket; a statement stops the search at once, and a sibling
    whose context is ``known`` answers for this line, so the cost does not grow with
    the size of a long list.
    """
    if indent == 0:
        return False, False
    for back in range(index - 1, -1, -1):
        previous = lines[back]
        stripped = previous.lstrip()
        if not stripped:
            continue
        level = len(previous) - len(stripped)
        if level > indent:
            continue
        if level == indent:
            if previous.endswith(","):
                if back in known:
                    return known[back]
                continue
            if previous.endswith(("(", "[", "{")):
                continue  # a sibling item that opens an exploded bracket of its own
            return False, False
        if level < indent:
            if previous.endswith(("(", "[", "{")):
                opener = stripped.split(" ", 2)
                return True, opener[0] == "def" or opener[:2] == ["async", "def"]
            return False, False
    return False, False


def _exploded_import(statement: str, indent: int) -> str:
    """A long ``from m import a, b``, exploded as black always explodes imports.

    The general algorithm gives the same lines; imports are most of the long lines of a
    big API (the models' lazy index), so they skip the tokenizer.
    """
    head, _, names = statement.partition(" import ")
    pad = " " * indent
    items = "".join(f"{pad}    {name.strip()},\n" for name in names.split(","))
    return f"{pad}{head} import (\n{items}{pad})"


def layout_python(text: str) -> str:
    """``text`` (generated Python) with each line over the limit split as black splits it.

    Lines inside triple-quoted strings are left as they are: black never wraps them.
    """
    lines = text.split("\n")
    known: dict[int, tuple[bool, bool]] = {}
    in_string = False
    changed = False
    for index, line in enumerate(lines):
        quotes = line.count('"""')
        if in_string:
            if quotes % 2:
                in_string = False
            continue
        if quotes % 2:
            in_string = True
            continue
        if len(line) <= LINE_LENGTH and (line.isascii() or str_width(line) <= LINE_LENGTH):
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith(("#", '"""')) or indent % 4:
            continue  # comments and one-line docstrings are never split
        if stripped.startswith("from ") and "#" not in stripped and "(" not in stripped:
            lines[index] = _exploded_import(stripped, indent)
            changed = True
            continue
        item, in_def = known[index] = _context(lines, index, indent, known)
        lines[index] = layout_line(stripped, indent // 4, inside_brackets=item, in_def=in_def)
        changed = True
    return "\n".join(lines) if changed else text


def layout_files(files: dict[str, str]) -> dict[str, str]:
    """``files`` with every ``.py`` file laid out (other files unchanged)."""
    return {path: layout_python(text) if path.endswith(".py") else text for path, text in files.items()}
