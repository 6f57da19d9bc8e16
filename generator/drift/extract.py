"""Finding the OpenAPI document in what a source holds: JSON, YAML, or a Markdown page
with the document in a fenced code block (Daily publishes one page per endpoint).
"""

from __future__ import annotations

import json
import re
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..diagnostics import Diagnostic, SpecError, SpecLocation
from ..spec.source import parse_text
from .fetch import URL_SCHEME

# --------------------------------------------------------------------------- finding the document

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_FENCE_CLOSE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")
_LOOKS_LIKE_OPENAPI = re.compile(r"""^\s*["']?(?:openapi|swagger)["']?\s*:""", re.MULTILINE)


@dataclass(frozen=True)
class Extracted:
    text: str
    data: dict[str, Any]
    kind: str
    """``"json"`` or ``"yaml"``: how ``text`` is written."""


@dataclass(frozen=True)
class _Block:
    line: int
    """1-based line of the opening fence."""
    info: str
    content: str
    closed: bool


def extract_openapi(text: str, source: str) -> str:
    """The OpenAPI document in ``text``: the whole text when it is JSON or YAML, else the one
    fenced code block of a Markdown page whose content is a mapping with ``openapi`` (or ``swagger``).

    ``source`` (a URL or path) names the input in errors, and its extension decides the
    format when it has one (``.md``, ``.json``, ``.yaml``); otherwise the text is sniffed.
    """
    return extract(text, source).text


def extract(text: str, source: str) -> Extracted:
    where = SpecLocation(source)
    if not text.strip():
        raise SpecError.at("the upstream document is empty", where)
    hint = _format_hint(source)
    parsed: Any = None
    if hint != "markdown":
        as_json = hint == "json" or (hint is None and text.lstrip().startswith("{"))
        try:
            parsed = _parse(text, source, as_json=as_json, fallback_to_yaml=hint is None)
        except SpecError:
            if hint is not None:
                raise
        else:
            if _is_openapi(parsed):
                return Extracted(text, parsed, "json" if _is_json(text) else "yaml")
            if hint is not None:
                raise SpecError.at(_not_openapi(parsed), where)
    blocks = list(_fenced_blocks(text))
    found = _openapi_blocks(blocks, source)
    if not found:
        if not blocks and isinstance(parsed, dict):
            raise SpecError.at(_not_openapi(parsed), where)
        if not blocks:
            raise SpecError.at(
                "no OpenAPI document found: this is neither a JSON or YAML OpenAPI document nor a Markdown "
                "page with one in a fenced code block (``` or ~~~)",
                where,
            )
        lines = ", ".join(str(b.line) for b in blocks)
        raise SpecError.at(
            f"no OpenAPI document found: none of the page's {len(blocks)} fenced code block(s) (line(s) "
            f"{lines}) holds a mapping with a top-level 'openapi' key",
            where,
        )
    distinct = [found[0]]
    for block, extracted in found[1:]:
        if all(extracted.data != other.data for _, other in distinct):
            distinct.append((block, extracted))
    if len(distinct) > 1:
        listed = "; ".join(f"line {b.line} ({b.info or 'no info string'})" for b, _ in distinct)
        raise SpecError.at(
            f"the page holds {len(distinct)} different OpenAPI documents in fenced code blocks ({listed}); "
            "expected exactly one: point upstream at a page (or file) with a single document",
            where,
        )
    block, extracted = distinct[0]
    if not block.closed:
        raise SpecError.at(
            f"the fenced code block opened at line {block.line} is never closed; the page may be truncated",
            where,
            line=block.line,
        )
    return extracted


def _format_hint(source: str) -> str | None:
    path = urllib.parse.urlsplit(source).path if URL_SCHEME.match(source) else source
    suffix = Path(path).suffix.lower()
    if suffix in _MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    return None


def _is_openapi(data: Any) -> bool:
    return isinstance(data, dict) and ("openapi" in data or "swagger" in data)


def _is_json(text: str) -> bool:
    if not text.lstrip().startswith("{"):
        return False
    try:
        json.loads(text, strict=False)
    except ValueError:
        return False
    return True


def _not_openapi(data: Any) -> str:
    if not isinstance(data, dict):
        return f"not an OpenAPI document: the top level is a {type(data).__name__}, not a mapping"
    return "not an OpenAPI document: it has no top-level 'openapi' (or 'swagger') field"


def _parse(text: str, display: str, *, as_json: bool, fallback_to_yaml: bool) -> Any:
    if as_json:
        try:
            return parse_text(text, Path("upstream.json"), display)
        except SpecError:
            if not fallback_to_yaml:
                raise
    return parse_text(text, Path("upstream.yaml"), display)


def _fenced_blocks(text: str) -> list[_Block]:
    """Fenced code blocks as CommonMark defines them (top level only, not inside block quotes)."""
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    blocks: list[_Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE_OPEN.match(lines[index])
        if opening is None or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        content: list[str] = []
        closed = False
        end = index + 1
        while end < len(lines):
            closing = _FENCE_CLOSE.match(lines[end])
            if closing and closing["fence"][0] == fence[0] and len(closing["fence"]) >= len(fence):
                closed = True
                break
            line = lines[end]
            strip = len(line) - len(line.lstrip(" "))
            content.append(line[min(indent, strip) :])
            end += 1
        body = "\n".join(content)
        blocks.append(_Block(index + 1, opening["info"].strip(), body + "\n" if content else "", closed))
        index = end + 1
    return blocks


def _openapi_blocks(blocks: Sequence[_Block], source: str) -> list[tuple[_Block, Extracted]]:
    """The blocks holding an OpenAPI document; a block that looks like one but does not parse is an error."""
    found: list[tuple[_Block, Extracted]] = []
    broken: SpecError | None = None
    for block in blocks:
        language = block.info.split()[0].lower() if block.info else ""
        as_json = language == "json" or block.content.lstrip().startswith("{")
        try:
            data = _parse(block.content, source, as_json=as_json, fallback_to_yaml=language != "json")
        except SpecError as exc:
            if broken is None and _LOOKS_LIKE_OPENAPI.search(block.content):
                broken = _shifted(exc, block)
            continue
        if _is_openapi(data):
            kind = "json" if as_json and _is_json(block.content) else "yaml"
            found.append((block, Extracted(block.content, data, kind)))
    if not found and broken is not None:
        raise broken
    return found


def _shifted(error: SpecError, block: _Block) -> SpecError:
    """A parse error inside a block, with its line counted on the page."""
    return SpecError(
        Diagnostic(
            d.severity,
            f"{d.message} (in the fenced code block opened at line {block.line})",
            d.location,
            block.line + d.line if d.line is not None else block.line,
            d.column,
        )
        for d in error.diagnostics
    )
