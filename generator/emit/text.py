"""Spec text (descriptions, names, examples) made safe for where it lands.

Descriptions are CommonMark written by the API's authors. They land in Python
docstrings (where a stray ``\"\"\"`` or backslash would end or change the string),
in Markdown pages (where raw HTML would be live) and in table cells (where ``|``
and newlines break the table). Each destination has one function here: the output's
spelling, so it sits in ``emit/`` (the model keeps the spec's text as it is,
:func:`generator.model.text.spec_text`).
"""

from __future__ import annotations

import re
import textwrap

from ..model.html_text import html_to_markdown

_RELATIVE_MARKDOWN_LINK = re.compile(r"\]\((/[^)\s]*)")
_RELATIVE_HTML_LINK = re.compile(r"""(href=["'])(/[^"']*)""")
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")


DOCSTRING_WIDTH = 88
"""Docstrings and comments wrap at this column (PEP 8's advice for flowing text), counting
their indentation; code lines go to the emitter's ``LINE_LENGTH``."""


def absolute_links(text: str, base_url: str | None) -> str:
    """Make site-relative links (``/products/rest-api``) absolute on ``base_url``."""
    if not base_url:
        return text
    text = _RELATIVE_MARKDOWN_LINK.sub(lambda m: f"]({base_url}{m.group(1)}", text)
    return _RELATIVE_HTML_LINK.sub(lambda m: f"{m.group(1)}{base_url}{m.group(2)}", text)


_MARKDOWN_LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<url><[^>\n]*>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\s*\)"
)
_CODE_OR_FENCE = re.compile(r"^[ \t]*(```|~~~).*?^[ \t]*\1[^\n]*$|(`+).+?\2", re.DOTALL | re.MULTILINE)
_ABSOLUTE_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def page_links(markdown: str, base_url: str | None) -> str:
    """The spec's links made to work on a generated page (outside code spans and fences).

    A site-relative link (``/docs/connect``) is made absolute on ``base_url``; without one it
    has nowhere to go, and so do links to an anchor (``#setup_intent_object``) or a path
    relative to the spec author's page: those become their text. Absolute links stay.
    """
    kept: list[str] = []

    def keep(match: re.Match[str]) -> str:
        kept.append(match.group(0))
        return f"\x00{len(kept) - 1}\x00"

    linked = _MARKDOWN_LINK.sub(lambda m: _link(m, base_url), _CODE_OR_FENCE.sub(keep, markdown))
    return re.sub(r"\x00(\d+)\x00", lambda m: kept[int(m.group(1))], linked)


def _link(match: re.Match[str], base_url: str | None) -> str:
    url = match["url"].strip("<>")
    if _ABSOLUTE_URL.match(url):
        return match.group(0)
    if url.startswith("/") and not url.startswith("//") and base_url:
        title = match["title"] or ""
        return f"{match['image']}[{match['text']}]({base_url}{url}{title})"
    return match["text"]


def _paragraphs(text: str) -> list[str]:
    """Split into blank-line separated blocks, with runs of blank lines collapsed."""
    blocks = re.split(r"\n\s*\n", text.strip())
    return [b.strip("\n") for b in blocks if b.strip()]


def wrap_markdown(text: str, width: int) -> list[str]:
    """Lines of ``text`` with plain paragraphs wrapped at ``width``.

    Lists, headings, quotes, tables and code blocks keep their lines as written,
    because rewrapping them would change what they mean.
    """
    lines: list[str] = []
    in_fence = False
    for block in _paragraphs(text):
        if lines:
            lines.append("")
        block_lines = block.splitlines()
        fence_toggles = sum(1 for line in block_lines if line.lstrip().startswith(("```", "~~~")))
        if in_fence or any(_BLOCK_START.match(line) for line in block_lines) or block.startswith("    "):
            lines.extend(line.rstrip() for line in block_lines)
        else:
            joined = " ".join(line.strip() for line in block_lines)
            words = joined.split(" ")
            if all(words):  # single spaces only: the fast fill gives textwrap's lines
                lines.extend(_fill(words, max(width, 20), "", "") or [""])
            else:
                lines.extend(
                    textwrap.wrap(
                        joined, width=max(width, 20), break_long_words=False, break_on_hyphens=False
                    )
                    or [""]
                )
        if fence_toggles % 2:
            in_fence = not in_fence
    return lines


def docstring_body(text: str, *, indent: int, width: int = DOCSTRING_WIDTH, attribute: bool = False) -> str:
    """The inside of a triple-quoted docstring at ``indent`` spaces: wrapped and escaped.

    The result never ends the string early: backslashes are doubled, runs of quotes
    are broken, a final quote is escaped, and control characters are written as escapes.
    ``attribute``: the string documents a field (it follows a statement), which black
    does not treat as a docstring.
    """
    return docstring_lines(wrap_markdown(text, width - indent), indent=indent, attribute=attribute)


def docstring_lines(lines: list[str], *, indent: int, attribute: bool = False) -> str:
    """Lines already laid out, joined into an escaped docstring body at ``indent`` spaces."""
    pad = " " * indent
    body = "\n".join((pad + line) if (line and i) else line for i, line in enumerate(lines))
    if len(lines) > 1:
        # PEP 257: the closing quotes of a multi-line docstring go on a line of their own.
        body = escape_docstring(body) + "\n" + pad
    else:
        body = escape_docstring(body)
    return body if attribute else as_black_docstring(body, pad)


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    if not stripped or stripped == line:
        return line
    return line[: len(line) - len(stripped)].expandtabs(4) + stripped


def as_black_docstring(body: str, pad: str) -> str:
    """The inside of a docstring as black prints it (``fix_multiline_docstring`` and padding).

    Black re-indents a docstring: leading tabs become spaces, the common indentation
    of the lines after the first is replaced by the docstring's own, trailing spaces go,
    and a quote or an odd backslash at either end gets a space. Doing the same here keeps
    the output black-clean without running black.
    """
    lines = body.split("\n")
    if len(lines) > 1:
        lines = [_expand_leading_tabs(line) for line in lines]
        common = min((len(line) - len(line.lstrip()) for line in lines[1:] if line.strip()), default=-1)
        trimmed = [lines[0].strip()]
        if common >= 0:
            last = len(lines) - 2
            for index, line in enumerate(lines[1:]):
                content = line[common:].rstrip()
                trimmed.append(pad + content if content or index == last else "")
        docstring = "\n".join(trimmed)
    else:
        docstring = body.strip()
    if not docstring:
        return " " if body else ""
    if docstring[0] == '"':
        docstring = " " + docstring
    if docstring[-1] == '"':
        docstring += " "
    if docstring[-1] == "\\" and (len(docstring) - len(docstring.rstrip("\\"))) % 2:
        docstring += " "
    return docstring


def hanging(text: str, width: int, *, first: int, rest: int) -> list[str]:
    """``text`` on one logical line, wrapped with a hanging indent (docstring sections)."""
    return _fill(text.split(), width, " " * first, " " * rest) or [" " * first]


def _fill(words: list[str], width: int, first: str, rest: str) -> list[str]:
    """The lines ``textwrap.wrap(" ".join(words), width, initial_indent=first,
    subsequent_indent=rest, break_long_words=False, break_on_hyphens=False)`` returns,
    for words without whitespace, in a fraction of its time (docstrings are most of the
    text a big API renders). A word longer than the line gets a line of its own.
    """
    lines: list[str] = []
    indent = first
    current: list[str] = []
    length = 0
    for word in words:
        if current and length + 1 + len(word) > width - len(indent):
            lines.append(indent + " ".join(current))
            indent, current, length = rest, [word], len(word)
        else:
            length += len(word) + (1 if current else 0)
            current.append(word)
    if current:
        lines.append(indent + " ".join(current))
    return lines


def escape_docstring(text: str) -> str:
    text = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text.replace("\n", "").replace("\t", "").isprintable():  # rare: escape character by character
        text = "".join(
            (
                ch
                if ch in "\n\t" or (ch.isprintable() or ch == " ")
                else f"\\x{ord(ch):02x}" if ord(ch) < 256 else f"\\u{ord(ch):04x}"
            )
            for ch in text
        )
    if text.endswith('"'):
        text = text[:-1] + '\\"'
    return text


def markdown_text(text: str) -> str:
    """A description for a Markdown page: its HTML converted to Markdown, never live."""
    return "".join(line.rstrip() + "\n" for line in html_to_markdown(text).splitlines())


def plain_text(text: str) -> str:
    """A description for a docstring: HTML converted to the Markdown it means, as plain text."""
    return html_to_markdown(text, for_markdown=False)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def markdown_inline(text: str) -> str:
    """A name or value shown literally in Markdown (headings, table cells)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


_HARD_BREAK = re.compile(r"\\\n|<br\s*/?>\n?")


def code_span(text: str) -> str:
    """``text`` as inline code, with a fence longer than any backtick run inside it.

    Nothing inside is escaped: in a code span a backslash shows as itself. (The reference
    pages hold no table with spec text in it, so no ``|`` needs escaping for GFM's tables.)
    """
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def first_sentence(text: str | None) -> str:
    """The summary line of a description: its first sentence, on one line.

    A sentence ends at ``.``, ``!`` or ``?`` followed by a space and a word that does not
    start in lower case, so abbreviations (``i.e. whether``, ``e.g. 1955``) do not end it.
    """
    if not text:
        return ""
    paragraph = _paragraphs(text)[0] if _paragraphs(text) else ""
    flat = " ".join(_HARD_BREAK.sub(" ", paragraph).split())
    for match in _SENTENCE_END.finditer(flat):
        before = flat[: match.start() + 1].rsplit(" ", 1)[-1].lower()
        if before not in _ABBREVIATIONS:
            return flat[: match.start() + 1]
    return flat


_SENTENCE_END = re.compile(r"[.!?](?=\s+[^a-z\s]|$)")
_ABBREVIATIONS = frozenset(
    {"i.e.", "e.g.", "etc.", "vs.", "cf.", "approx.", "incl.", "no.", "(e.g.", "(i.e."}
)
