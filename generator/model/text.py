"""Spec text (descriptions, names, examples) made safe for where it lands.

Descriptions are CommonMark written by the API's authors. They land in Python
docstrings (where a stray ``\"\"\"`` or backslash would end or change the string),
in Markdown pages (where raw HTML would be live) and in table cells (where ``|``
and newlines break the table). Each destination has one function here.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

_RELATIVE_MARKDOWN_LINK = re.compile(r"\]\((/[^)\s]*)")
_RELATIVE_HTML_LINK = re.compile(r"""(href=["'])(/[^"']*)""")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|>|\||```|~~~)")


def spec_text(value: Any) -> str | None:
    """A description, summary or title as the spec gives it: stripped, ``None`` when empty."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def absolute_links(text: str, base_url: str | None) -> str:
    """Make site-relative links (``/products/rest-api``) absolute on ``base_url``."""
    if not base_url:
        return text
    text = _RELATIVE_MARKDOWN_LINK.sub(lambda m: f"]({base_url}{m.group(1)}", text)
    return _RELATIVE_HTML_LINK.sub(lambda m: f"{m.group(1)}{base_url}{m.group(2)}", text)


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


def docstring_body(text: str, *, indent: int, width: int = 88) -> str:
    """The inside of a triple-quoted docstring at ``indent`` spaces: wrapped and escaped.

    The result never ends the string early: backslashes are doubled, runs of quotes
    are broken, a final quote is escaped, and control characters are written as escapes.
    """
    return docstring_lines(wrap_markdown(text, width - indent), indent=indent)


def docstring_lines(lines: list[str], *, indent: int) -> str:
    """Lines already laid out, joined into an escaped docstring body at ``indent`` spaces."""
    pad = " " * indent
    body = "\n".join((pad + line) if (line and i) else line for i, line in enumerate(lines))
    if len(lines) > 1:
        # PEP 257: the closing quotes of a multi-line docstring go on a line of their own.
        return escape_docstring(body) + "\n" + pad
    return escape_docstring(body)


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
    """A description for a Markdown page: raw HTML outside code spans is shown, not run."""
    parts: list[str] = []
    in_fence = False
    for line in (line.rstrip() + "\n" for line in text.splitlines()):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        parts.append(line if in_fence or line.lstrip().startswith(("```", "~~~")) else _escape_html(line))
    return "".join(parts)


def _escape_html(line: str) -> str:
    out: list[str] = []
    position = 0
    for match in _CODE_SPAN.finditer(line):
        out.append(line[position : match.start()].replace("<", "&lt;"))
        out.append(match.group(0))
        position = match.end()
    out.append(line[position:].replace("<", "&lt;"))
    return "".join(out)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def markdown_inline(text: str) -> str:
    """A name or value shown literally in Markdown (headings, table cells)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text).replace("\n", " ")


def table_cell(text: str) -> str:
    """A description inside a Markdown table cell: one line, ``|`` escaped."""
    escaped = markdown_text(text).replace("|", "\\|")
    return "<br>".join(line.strip() for line in escaped.strip().splitlines() if line.strip())


def code_span(text: str) -> str:
    """``text`` as inline code, with a fence longer than any backtick run inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}".replace("|", "\\|")


def first_sentence(text: str | None) -> str:
    """The summary line of a description: its first sentence, on one line."""
    if not text:
        return ""
    paragraph = _paragraphs(text)[0] if _paragraphs(text) else ""
    flat = " ".join(paragraph.split())
    match = re.match(r"(.+?[.!?])(\s|$)", flat)
    return match.group(1) if match else flat
