"""HTML inside spec descriptions, converted to the Markdown it means.

Descriptions are Markdown, but real specs embed HTML in them: Stripe's are mostly
``<p>``, ``<code>`` and ``<a href>``, Spotify's ``<a href>`` and ``<br />``. Left as it
is, HTML would be live in the generated Markdown pages; escaped by halves
(``&lt;a href="…">``) it reads badly in every docstring and page. So the tags that have a
Markdown equivalent become it (links, emphasis, code, line and paragraph breaks,
lists; a ``<br>`` is a Markdown hard break, so that the spec's ordinary line wraps can stay
soft), harmless wrappers (``<span>``, ``<div>``) keep only their text, ``<script>`` and
``<style>`` go with their content, and anything else is shown as text (both angle
brackets escaped). Code spans and fenced blocks are never touched.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_SAFE_URL = re.compile(r"^(https?:|mailto:|/|#|\.{0,2}/|[A-Za-z0-9_.-]+(/|$))")
_WRAPPERS = frozenset(
    {"span", "div", "font", "small", "big", "u", "sup", "sub", "abbr", "section", "article"}
)
_DROPPED = frozenset({"script", "style", "iframe", "object", "embed", "template"})
_EMPHASIS = {"b": "**", "strong": "**", "i": "*", "em": "*"}
_BLOCKS = frozenset({"p", "ul", "ol", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})
_BREAK = "\x01"
"""Where a ``<br>`` was, until :func:`_hard_breaks` spells it."""


def _hard_breaks(text: str) -> str:
    """Each ``<br>`` as a CommonMark hard break (a line ending in a backslash).

    The newline the author put after a ``<br>`` is the same break, not a blank line; two
    breaks in a row, or a break before a blank line, are a paragraph break; a break at the
    start or the end of a paragraph breaks nothing (and a final backslash would show).
    """
    text = re.sub(_BREAK + r"[ \t]*(?:\n[ \t]*(?=\S))?", _BREAK, text)
    text = re.sub(f"(?:{_BREAK}){{2,}}", "\n\n", text)
    text = re.sub(f"^{_BREAK}|(?<=\n){_BREAK}|{_BREAK}(?=[ \t]*(?:\n|$))", "", text)
    return text.replace(_BREAK, "\\\n")


def html_to_markdown(text: str, *, for_markdown: bool = True) -> str:
    """``text`` with its HTML tags turned into Markdown (outside code spans and fences).

    ``for_markdown``: the result lands in a Markdown page, so tags without a Markdown
    meaning are escaped (``&lt;currency&gt;``). Otherwise (docstrings, read as plain
    text) they stay as written, and entities are decoded (``&amp;`` → ``&``).
    """
    if "<" not in text:
        return text
    out: list[str] = []
    fence: list[str] = []
    prose: list[str] = []
    in_fence = False
    for line in text.splitlines(keepends=True):
        if line.lstrip().startswith(("```", "~~~")):
            if not in_fence:
                out.append(_convert_prose("".join(prose), for_markdown))
                prose = []
            fence.append(line)
            in_fence = not in_fence
            if not in_fence:
                out.append("".join(fence))
                fence = []
        elif in_fence:
            fence.append(line)
        else:
            prose.append(line)
    out.append(_convert_prose("".join(prose), for_markdown))
    out.append("".join(fence))
    return "".join(out)


def _convert_prose(text: str, for_markdown: bool) -> str:
    if "<" not in text:
        return text
    # Code spans are set aside (their ``<`` is literal), converted around, then put back.
    spans: list[str] = []

    def keep(match: re.Match[str]) -> str:
        spans.append(match.group(0))
        return f"\x00{len(spans) - 1}\x00"

    converted = _Converter(for_markdown).convert(_CODE.sub(keep, text))
    return re.sub(r"\x00(\d+)\x00", lambda m: spans[int(m.group(1))], converted)


class _Converter(HTMLParser):
    def __init__(self, for_markdown: bool) -> None:
        super().__init__(convert_charrefs=False)
        self.for_markdown = for_markdown
        self.parts: list[str] = []
        self.links: list[str | None] = []
        self.lists: list[list[int]] = []
        self.dropping = 0
        self.in_code = 0

    def convert(self, text: str) -> str:
        self.feed(text)
        self.close()
        result = "".join(self.parts)
        result = _hard_breaks(result) if self.for_markdown else result
        result = re.sub(r"[ \t]+\n", "\n", result)
        result = re.sub(r"\n{3,}", "\n\n", result)
        return result.strip("\n") + ("\n" if text.endswith("\n") else "") if text.strip() else text

    def _emit(self, text: str) -> None:
        if not self.dropping:
            self.parts.append(text)

    # --------------------------------------------------------------- tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self.dropping += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            safe = href if _SAFE_URL.match(href.strip()) else None
            self.links.append(safe)
            self._emit("[" if safe else "")
        elif tag in _EMPHASIS:
            self._emit(_EMPHASIS[tag])
        elif tag in ("code", "tt", "kbd", "samp"):
            self.in_code += 1
            self._emit("`")
        elif tag == "br":
            self._emit(_BREAK if self.for_markdown else "\n")
        elif tag in ("ul", "ol"):
            self.lists.append([0 if tag == "ol" else -1])
            self._emit("\n\n")
        elif tag == "li":
            numbering = self.lists[-1] if self.lists else [-1]
            if numbering[0] >= 0:
                numbering[0] += 1
                self._emit(f"\n{numbering[0]}. ")
            else:
                self._emit("\n- ")
        elif tag in _BLOCKS:
            self._emit("\n\n")
            if tag.startswith("h") and tag[1:].isdigit():
                self._emit("**")
        elif tag == "img":
            found = dict(attrs)
            src, alt = (found.get("src") or ""), (found.get("alt") or "")
            self._emit(f"![{alt}]({src})" if _SAFE_URL.match(src) else alt)
        elif tag not in _WRAPPERS and tag not in ("hr",):
            self._emit(self._shown(self.get_starttag_text() or f"<{tag}>"))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("br", "img", "hr"):
            self.handle_starttag(tag, attrs)
            if tag == "hr":
                self._emit("\n\n---\n\n")
        elif tag not in _WRAPPERS and tag not in _DROPPED:
            self._emit(self._shown(self.get_starttag_text() or f"<{tag} />"))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self.dropping = max(0, self.dropping - 1)
        elif tag == "a":
            href = self.links.pop() if self.links else None
            self._emit(f"]({href})" if href else "")
        elif tag in _EMPHASIS:
            self._emit(_EMPHASIS[tag])
        elif tag in ("code", "tt", "kbd", "samp"):
            self.in_code = max(0, self.in_code - 1)
            self._emit("`")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self._emit("\n\n")
        elif tag in _BLOCKS:
            if tag.startswith("h") and tag[1:].isdigit():
                self._emit("**")
            self._emit("\n\n")
        elif tag not in _WRAPPERS and tag not in ("li", "br", "img", "hr"):
            self._emit(self._shown(f"</{tag}>"))

    # --------------------------------------------------------------- text

    def handle_data(self, data: str) -> None:
        literal = self.in_code or not self.for_markdown
        self._emit(data if literal else _TAG_START.sub("&lt;", data))

    def handle_entityref(self, name: str) -> None:
        self._entity(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._entity(f"&#{name};")

    def _entity(self, text: str) -> None:
        # Markdown decodes entities in prose but not in code spans; plain text never does.
        self._emit(text if self.for_markdown and not self.in_code else html.unescape(text))

    def handle_comment(self, data: str) -> None:
        pass  # comments are not for readers

    def handle_decl(self, decl: str) -> None:
        self._emit(self._shown(f"<!{decl}>"))

    def unknown_decl(self, data: str) -> None:
        self._emit(self._shown(f"<![{data}]>"))

    def handle_pi(self, data: str) -> None:
        self._emit(self._shown(f"<?{data}>"))

    def _shown(self, tag_text: str) -> str:
        """A tag with no Markdown meaning, shown as text (in Markdown: both brackets escaped, but
        not in code, where an entity would show as written)."""
        if not self.for_markdown or self.in_code:
            return tag_text
        return tag_text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
