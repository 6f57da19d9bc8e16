"""What a reader of generated Markdown docs would trip over in their text and links, counted.

Read independently of the generator (a second opinion, not a copy of its code): the rules are
those of GitHub's Markdown (GFM). Each finding names the page and shows the text around it.

- a ``<br>`` in the middle of a sentence (a spec's line wrap shown as a break);
- a backslash escape inside a code span (GFM shows it: ``oauth\\_2\\_0``), except ``\\|`` in a
  table row, which GFM reads as the cell's ``|`` before the span;
- a link that is site-relative (``/docs/connect``: it would resolve against github.com), or
  relative to a page or anchor the docs do not have;
- a page over the size budget;
- parameter descriptions that begin with their location (``query.``), responses that end in a
  fragment after ``(HTTP 200).``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

PAGE_LIMIT = 200_000
"""Bytes: the most a page may weigh (GitHub renders bigger files slowly, or not at all)."""

_FENCE = re.compile(r"^ {0,3}(```+|~~~+).*?^ {0,3}\1[^\n]*$", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
_MID_SENTENCE_BREAK = re.compile(r"[a-z,;]<br>\s*[a-z]")
_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_LOCATION_PREFIX = re.compile(r"^\|.*\| (query|path|header|cookie)\. ", re.MULTILINE)
_RESPONSE_FRAGMENT = re.compile(r"\(HTTP \d{3}\)\. [A-Z][^.\n]*$", re.MULTILINE)


@dataclass
class DocsAudit:
    pages: int = 0
    biggest: tuple[int, str] = (0, "")
    findings: dict[str, list[str]] = field(default_factory=dict)

    def add(self, kind: str, page: str, excerpt: str) -> None:
        self.findings.setdefault(kind, []).append(f"{page}: {excerpt}")

    def counts(self) -> Counter[str]:
        return Counter({kind: len(found) for kind, found in self.findings.items()})

    def summary(self) -> str:
        counted = (
            ", ".join(f"{kind} {count}" for kind, count in sorted(self.counts().items())) or "no findings"
        )
        return f"{self.pages} pages, biggest {self.biggest[0]:,} bytes ({self.biggest[1]}); {counted}"


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading (its text, lower case, without punctuation, spaces as ``-``)."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = text.replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _prose(text: str) -> str:
    """``text`` without fenced blocks (their content is code, never Markdown)."""
    return _FENCE.sub("", text)


def audit_docs(root: Path, *, limit: int = PAGE_LIMIT) -> DocsAudit:
    """Every ``.md`` under ``root`` (the SDK's folder: ``README.md`` and ``docs/``)."""
    pages = {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.md"))
    }
    anchors = {
        name: {github_anchor(h) for h in _HEADING.findall(_prose(text))} for name, text in pages.items()
    }
    audit = DocsAudit(pages=len(pages))
    for name, text in pages.items():
        size = len(text.encode("utf-8"))
        audit.biggest = max(audit.biggest, (size, name))
        if size > limit:
            audit.add("page over the size limit", name, f"{size:,} bytes")
        prose = _prose(text)
        for line in prose.splitlines():
            in_table = line.startswith("|")
            for match in _MID_SENTENCE_BREAK.finditer(line):
                audit.add("mid-sentence <br>", name, line[max(0, match.start() - 40) : match.end() + 40])
            for span in _CODE_SPAN.finditer(line):
                body = span.group(2)
                escapes = [e for e in _ESCAPE.findall(body) if not (in_table and e == "\\|")]
                if escapes:
                    audit.add("backslash in a code span", name, span.group(0)[:120])
            without_code = _CODE_SPAN.sub("", line)
            for match in _LINK.finditer(without_code):
                problem = _link_problem(name, match.group(1), pages, anchors)
                if problem:
                    audit.add(problem, name, match.group(1))
        for match in _LOCATION_PREFIX.finditer(prose):
            audit.add("description begins with its location", name, match.group(0)[-60:])
        for match in _RESPONSE_FRAGMENT.finditer(prose):
            audit.add("response ends in a fragment", name, match.group(0)[:120])
    return audit


def _link_problem(page: str, url: str, pages: dict[str, str], anchors: dict[str, set[str]]) -> str | None:
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", url):
        return None
    if url.startswith("/"):
        return "site-relative link"
    target, _, anchor = url.partition("#")
    if target:
        resolved = PurePosixPath(page).parent / target
        parts: list[str] = []
        for part in resolved.parts:
            if part == "..":
                if not parts:
                    return "link out of the docs"
                parts.pop()
            elif part != ".":
                parts.append(part)
        target = "/".join(parts)
        if target not in pages:
            return "link to a missing page"
    else:
        target = page
    if anchor and anchor not in anchors[target]:
        return "link to a missing anchor"
    return None
