"""Generated docs as a reader sees them on GitHub: rendered as GFM, laid out by headless Chromium.

A page is rendered with markdown-it-py's GFM-like preset (tables, strikethrough, autolinks,
raw HTML) and GitHub's heading anchors, then loaded into Chromium at GitHub's page width with
a stylesheet that copies GitHub's ``markdown-body`` (``github_markdown.css``). What a reader
would trip over is collected per page: a table or code block that scrolls sideways (its
``scrollWidth`` exceeds its ``clientWidth``), a relative link to a page or heading that does
not exist, a ``python`` block that does not parse.

Chromium is Debian's (``/usr/bin/chromium``), driven through Playwright's Python package;
Playwright never downloads a browser of its own here. Tests that need it skip with
:func:`browser_missing`'s reason where it is not installed (``.ci/run`` installs it).
"""

from __future__ import annotations

import ast
import asyncio
import functools
import importlib.util
import posixpath
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags this machine's Chromium needs (root, no GPU, no network); Playwright adds
``--headless`` and a fresh ``--user-data-dir`` itself."""
VIEWPORT_WIDTH = 1280
"""A laptop's browser window: GitHub's column is then its full 980 px."""
STYLESHEET = Path(__file__).with_name("github_markdown.css")

_MEASURE = """
() => {
  const found = {tables: 0, code_blocks: 0, overflowing: []};
  for (const box of document.querySelectorAll('.markdown-body table, .markdown-body pre')) {
    if (box.tagName === 'TABLE') found.tables += 1; else found.code_blocks += 1;
    if (box.scrollWidth > box.clientWidth) {
      const text = box.innerText.replace(/\\s+/g, ' ').slice(0, 70);
      const tag = box.tagName.toLowerCase();
      found.overflowing.push(`${tag} ${box.scrollWidth}px in ${box.clientWidth}px: ${text}`);
    }
  }
  const page = document.documentElement;
  if (page.scrollWidth > page.clientWidth) {
    found.overflowing.push(`the page itself, ${page.scrollWidth}px in ${page.clientWidth}px`);
  }
  return found;
}
"""


def browser_missing() -> str | None:
    """Why the browser tests cannot run here (one line), or ``None`` when they can."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run installs it)"
    for module in ("playwright", "markdown_it", "linkify_it", "mdit_py_plugins"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed: run `.venv/bin/pip install -e '.[dev]'`"
    return None


@dataclass(frozen=True)
class RenderedPage:
    """One Markdown file as GitHub shows it, and what in it can be checked."""

    path: str
    """Relative to the SDK's folder, with ``/`` (``docs/models/Room.md``)."""
    html: str
    links: tuple[str, ...]
    anchors: frozenset[str]
    python_blocks: tuple[str, ...]


@functools.cache
def _github_markdown() -> MarkdownIt:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.anchors import anchors_plugin

    return MarkdownIt("gfm-like").use(anchors_plugin, max_level=6)


def render_markdown(path: str, text: str) -> RenderedPage:
    """``text`` rendered as GFM, with GitHub's heading ids (``## Example (JSON)`` → ``example-json``)."""
    md = _github_markdown()
    tokens = md.parse(text)
    html = md.renderer.render(tokens, md.options, {})
    links: list[str] = []
    python: list[str] = []
    for token in tokens:
        if token.type == "fence" and token.info.strip() == "python":
            python.append(token.content)
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else None
            if isinstance(href, str):
                links.append(href)
    links += re.findall(r"""<a\s[^>]*href=["']([^"']+)["']""", html)  # raw HTML in descriptions
    anchors = frozenset(re.findall(r"""\s(?:id|name)=["']([^"']+)["']""", html))
    return RenderedPage(path, html, tuple(dict.fromkeys(links)), anchors, tuple(python))


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str
    from_spec: bool
    """Copied from the spec's text (the generator's own links always name a ``.md`` page)."""

    def __str__(self) -> str:
        return f"{self.page}: {self.href} ({self.reason})"


class RenderedDocs:
    """An SDK's README and ``docs/`` pages, each rendered once, when first asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.paths = [
            "README.md",
            *(p.relative_to(folder).as_posix() for p in sorted((folder / "docs").rglob("*.md"))),
        ]
        self._rendered: dict[str, RenderedPage] = {}

    def page(self, path: str) -> RenderedPage:
        if path not in self._rendered:
            self._rendered[path] = render_markdown(path, (self.folder / path).read_text(encoding="utf-8"))
        return self._rendered[path]

    def all(self) -> list[RenderedPage]:
        return [self.page(path) for path in self.paths]

    def to_load(self, limit: int) -> list[RenderedPage]:
        """The pages worth loading in a browser: every one with a table or code block (the
        boxes that can scroll sideways, so the share that does is the whole SDK's), then an
        even spread of the others up to ``limit`` pages in all (for the page itself)."""
        pages = self.all()
        boxed = {page.path for page in pages if "<table" in page.html or "<pre" in page.html}
        rest = [page.path for page in pages if page.path not in boxed]
        room = min(len(rest), max(0, limit - len(boxed)))
        spread = {rest[int(i * len(rest) / room)] for i in range(room)} if room else set()
        return [page for page in pages if page.path in boxed | spread]

    def broken_links(self, pages: Sequence[RenderedPage]) -> list[BrokenLink]:
        """The relative links on ``pages`` whose file, or whose heading on a page, does not exist.

        A site-relative link (``/docs/connect``) is broken: on GitHub it resolves against
        github.com. Links with a scheme (``https:``, ``mailto:``) are not followed (no network).
        """
        broken = []
        for page in pages:
            for href in page.links:
                parts = urlsplit(href)
                if parts.scheme or parts.netloc:
                    continue
                from_spec = not parts.path.endswith(".md")
                if href.startswith("/"):
                    broken.append(BrokenLink(page.path, href, "site-relative", from_spec))
                    continue
                target = page.path
                if parts.path:
                    target = posixpath.normpath(
                        posixpath.join(posixpath.dirname(page.path), unquote(parts.path))
                    )
                    if target.startswith("../") or not (self.folder / target).exists():
                        broken.append(BrokenLink(page.path, href, f"no file {target}", from_spec))
                        continue
                anchor = unquote(parts.fragment)
                if anchor and target.endswith(".md") and anchor not in self.page(target).anchors:
                    broken.append(BrokenLink(page.path, href, f"no heading #{anchor} on {target}", from_spec))
        return broken


def python_errors(pages: Sequence[RenderedPage]) -> list[str]:
    """Every ``python`` block that is not valid Python, with the parser's message."""
    errors = []
    for page in pages:
        for block in page.python_blocks:
            try:
                ast.parse(block)
            except SyntaxError as exc:
                errors.append(f"{page.path}: line {exc.lineno}: {exc.msg}")
    return errors


@dataclass
class Layout:
    """What Chromium measured on a set of pages."""

    pages: int = 0
    tables: int = 0
    code_blocks: int = 0
    overflowing: list[str] = field(default_factory=list)
    """One line per table or code block that scrolls sideways (and per page that does)."""
    seconds: float = 0.0

    @property
    def boxes(self) -> int:
        return self.tables + self.code_blocks

    def summary(self) -> str:
        return (
            f"{len(self.overflowing)} of {self.boxes} tables and code blocks scroll sideways "
            f"({self.tables} tables, {self.code_blocks} code blocks, {self.pages} pages, "
            f"{self.seconds:.1f} s)"
        )


def html_document(page: RenderedPage) -> str:
    """A standalone HTML page: the rendered Markdown in GitHub's column, the stylesheet inline."""
    css = STYLESHEET.read_text(encoding="utf-8")
    return (
        '<!doctype html><html><head><meta charset="utf-8">'
        f'<style>{css}</style></head><body><article class="markdown-body">{page.html}</article></body></html>'
    )


def measure_layout(pages: Sequence[RenderedPage], *, tabs: int = 3) -> Layout:
    """Load every page in one headless Chromium (``tabs`` pages at a time) and measure it."""
    return asyncio.run(_measure(pages, tabs))


async def _measure(pages: Sequence[RenderedPage], tabs: int) -> Layout:
    from playwright.async_api import async_playwright

    started = time.perf_counter()
    layout = Layout(pages=len(pages))
    waiting = list(reversed(pages))
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))
        context = await browser.new_context(viewport={"width": VIEWPORT_WIDTH, "height": 900})

        async def tab() -> None:
            view = await context.new_page()
            while waiting:
                page = waiting.pop()
                await view.set_content(html_document(page), wait_until="load")
                found = await view.evaluate(_MEASURE)
                layout.tables += found["tables"]
                layout.code_blocks += found["code_blocks"]
                layout.overflowing += [f"{page.path}: {line}" for line in found["overflowing"]]
            await view.close()

        await asyncio.gather(*(tab() for _ in range(tabs)))
        await browser.close()
    layout.overflowing.sort()
    layout.seconds = time.perf_counter() - started
    return layout
