"""Where the spec comes from: fetching the upstream documents, and updating ``spec/`` and the SDK from them.

``[tool.generator] upstream`` lists the sources: http(s) URLs or local files, each holding
an OpenAPI document as JSON or YAML, or a Markdown page with the document in a fenced
code block (Daily publishes one page per endpoint, the document in a ````` ````yaml POST
/meeting-tokens ````` block). Several sources are merged into one document
(:func:`generator.merge.merge_documents`, in the order given).

* :func:`fetch_text` reads one source (URL or file) as UTF-8 text.
* :func:`extract_openapi` finds the OpenAPI document in it.
* :func:`fetch_upstream` fetches, extracts, parses and merges every source.
* :func:`diff_upstream` compares the current spec files with the upstream (``fetch-upstream``).
* :func:`update` writes the upstream into the spec file, regenerates the SDK and adds a
  CHANGELOG entry, all or nothing (``update``).
* :func:`dump_yaml` writes data as deterministic, block-style YAML.

Every failure (HTTP error, time-out, unknown host, undecodable body, no or several
documents on a page, conflicting documents) is a :class:`~generator.diagnostics.SpecError`
with one clear message: the command line prints it and exits with 2, without a traceback.

The spec diff itself lives in :mod:`generator.diff`, imported only when a diff is computed.
"""

from __future__ import annotations

import dataclasses
import enum
import gzip
import http.client
import json
import os
import re
import socket
import ssl
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from . import __version__
from .cache import Cache
from .config import Settings
from .diagnostics import Diagnostic, Report, SpecError, SpecLocation
from .merge import merge_documents
from .pipeline import generate_files
from .source import SourceDocument, parse_text, read_document
from .writer import UnsafePathError, write

if TYPE_CHECKING:
    from .diff import Change, DiffResult, SdkChange

__all__ = [
    "USER_AGENT",
    "Bump",
    "UpdateOutcome",
    "UpstreamDiff",
    "bump_version",
    "changelog_entry",
    "diff_upstream",
    "dump_yaml",
    "extract_openapi",
    "fetch_text",
    "fetch_upstream",
    "prepend_changelog_entry",
    "suggest_bump",
    "update",
]

USER_AGENT = f"openapi-sdk-generator/{__version__} (fetch-upstream; python-urllib)"
_ACCEPT = "text/markdown, application/yaml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5"
_MAX_BYTES = 64 * 1024 * 1024
"""A spec larger than this is refused (the biggest public specs are a few MB)."""
_URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# --------------------------------------------------------------------------- reading sources


def fetch_text(source: str, *, timeout: float = 30.0) -> str:
    """The text of one source: an http(s) URL (fetched with ``timeout`` seconds in all) or a file.

    ``file://`` URLs are files too; relative paths are relative to the working directory.
    """
    where = SpecLocation(source)
    if _URL_SCHEME.match(source):
        scheme = source.split(":", 1)[0].lower()
        if scheme in ("http", "https"):
            raw = _fetch_url(source, timeout)
        elif scheme == "file":
            raw = _read_file(Path(urllib.request.url2pathname(urllib.parse.urlsplit(source).path)), where)
        else:
            raise SpecError.at(
                f"cannot fetch a {scheme}: URL; an upstream source is an http(s) URL or a file", where
            )
    else:
        raw = _read_file(Path(source).expanduser(), where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError.at(
            f"the upstream document is not UTF-8 text ({exc.reason} at byte {exc.start})", where
        ) from None


def _read_file(path: Path, where: SpecLocation) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise SpecError.at(f"cannot read the upstream file: {exc.strerror or exc}", where) from None


def _fetch_url(url: str, timeout: float) -> bytes:
    where = SpecLocation(url)
    host = _checked_host(url, where)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT})  # noqa: S310
    deadline = time.monotonic() + timeout
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - http(s) only
            final = str(response.geturl())
            if urllib.parse.urlsplit(final).scheme.lower() not in ("http", "https"):
                raise SpecError.at(f"refusing a redirect to {final}", where)
            body = _read_body(response, deadline, where)
            encoding = str(response.headers.get("Content-Encoding") or "identity").strip().lower()
    except urllib.error.HTTPError as exc:
        exc.close()
        reason = f" {exc.reason}" if exc.reason else ""
        raise SpecError.at(f"could not fetch the upstream document: HTTP {exc.code}{reason}", where) from None
    except urllib.error.URLError as exc:
        raise SpecError.at(
            f"could not fetch the upstream document: {_reason(exc.reason, host, timeout)}", where
        ) from None
    except http.client.InvalidURL as exc:
        raise SpecError.at(f"not a valid URL: {exc}", where) from None
    except (OSError, http.client.HTTPException) as exc:  # time-outs and broken connections while reading
        raise SpecError.at(
            f"could not fetch the upstream document: {_reason(exc, host, timeout)}", where
        ) from None
    return _decompress(body, encoding, where)


def _checked_host(url: str, where: SpecLocation) -> str:
    """``host:port`` of an http(s) URL; a malformed URL is a clear error."""
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError when out of range
    except ValueError as exc:
        raise SpecError.at(f"not a valid URL: {exc}", where) from None
    if not parts.hostname:
        raise SpecError.at("not a valid URL: it names no host", where)
    if any(ch.isspace() or ord(ch) < 0x20 for ch in url):
        raise SpecError.at("not a valid URL: it contains spaces or control characters (escape them)", where)
    return parts.netloc


def _read_body(response: Any, deadline: float, where: SpecLocation) -> bytes:
    """The whole body, within the overall deadline (a server trickling bytes times out too)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise TimeoutError("the whole answer took too long")
        chunk = response.read(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        total += len(chunk)
        if total > _MAX_BYTES:
            raise SpecError.at(
                f"the upstream document is larger than {_MAX_BYTES // (1024 * 1024)} MB", where
            )
        chunks.append(chunk)


def _decompress(body: bytes, encoding: str, where: SpecLocation) -> bytes:
    try:
        if encoding in ("", "identity"):
            return body
        if encoding in ("gzip", "x-gzip"):
            return gzip.decompress(body)
        if encoding == "deflate":
            return zlib.decompress(body)
    except (OSError, EOFError, zlib.error) as exc:
        raise SpecError.at(f"could not decompress the {encoding} answer: {exc}", where) from None
    raise SpecError.at(f"the server sent an unsupported Content-Encoding: {encoding}", where)


def _reason(reason: object, host: str, timeout: float) -> str:
    """A one-line explanation of a network failure."""
    if isinstance(reason, TimeoutError):
        return f"no complete answer from {host} within {timeout:g}s (timed out)"
    if isinstance(reason, socket.gaierror):
        return f"cannot resolve the host name {host!r} ({reason.strerror or reason}); check the URL"
    if isinstance(reason, ConnectionRefusedError):
        return f"connection refused by {host}"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the TLS certificate of {host} could not be verified ({reason.verify_message or reason})"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error talking to {host} ({reason.reason or reason})"
    if isinstance(reason, http.client.HTTPException):
        return f"{host} broke off the HTTP exchange ({type(reason).__name__})"
    if isinstance(reason, OSError):
        return f"{reason.strerror or reason} ({host})"
    return f"{reason} ({host})"


# --------------------------------------------------------------------------- finding the document

_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_FENCE_OPEN = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_FENCE_CLOSE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})[ \t]*$")
_LOOKS_LIKE_OPENAPI = re.compile(r"""^\s*["']?(?:openapi|swagger)["']?\s*:""", re.MULTILINE)


@dataclass(frozen=True)
class _Extracted:
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
    return _extract(text, source).text


def _extract(text: str, source: str) -> _Extracted:
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
                return _Extracted(text, parsed, "json" if _is_json(text) else "yaml")
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
    path = urllib.parse.urlsplit(source).path if _URL_SCHEME.match(source) else source
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


def _openapi_blocks(blocks: Sequence[_Block], source: str) -> list[tuple[_Block, _Extracted]]:
    """The blocks holding an OpenAPI document; a block that looks like one but does not parse is an error."""
    found: list[tuple[_Block, _Extracted]] = []
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
            found.append((block, _Extracted(block.content, data, kind)))
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


# --------------------------------------------------------------------------- YAML output

_WIDTH = 100
_FOLD_AT = 80
"""Text with a line longer than this is written folded (at ``_WIDTH`` columns)."""
_ESCAPE_ONLY = frozenset("\x85\u2028\u2029\ufeff")
"""Characters YAML 1.1 readers take as line breaks (or a BOM): such strings are double-quoted."""


class _SpecDumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, no anchors, YAML 1.2 look-alikes quoted."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


# PyYAML quotes every string its YAML 1.1 resolvers would read as something else (`no`, `on`,
# `2024-01-01`, `0x1F`, `1_000`, `~`, `<<`). YAML 1.2 readers (js-yaml, Prism, libyaml-based
# tools in 1.2 mode) also read `1e3` and `0o17` as numbers: quote those too.
_SpecDumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)
_SpecDumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^0o[0-7]+$"), ["0"])
# YAML 1.1 booleans PyYAML does not know but other 1.1 readers (go-yaml v2) do.
_SpecDumper.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))


def _represent_str(dumper: _SpecDumper, data: str) -> yaml.ScalarNode:
    """Long text folded at spaces, other multi-line text as a literal block.

    PyYAML's folded style mangles "more-indented" lines (lines starting with a space or
    tab), so those strings are literal blocks. When a block style cannot hold a string
    exactly (trailing spaces on a line, control characters), the emitter quotes it.
    """
    style: str | None = None
    if _ESCAPE_ONLY.intersection(data):
        style = '"'
    else:
        lines = data.split("\n")
        long = any(len(line) > _FOLD_AT for line in lines)
        indented = any(line[:1] in (" ", "\t") for line in lines)
        if len(lines) > 1:
            style = ">" if long and not indented else "|"
        elif long and " " in data and not indented:
            style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_SpecDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """``data`` as block-style YAML that reads back equal with the generator's loader.

    Key order is kept (nothing is sorted), unicode is written as is, strings a YAML 1.1 or
    1.2 reader would take for something else are quoted, multi-line strings are literal
    blocks, long one-line strings are folded, and repeated objects are written out again
    rather than as anchors. The same data always gives the same text.
    """
    try:
        return yaml.dump(
            data,
            Dumper=_SpecDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=_WIDTH,
            indent=2,
        )
    except RecursionError:
        raise SpecError.at("the document refers to itself (YAML anchors): it cannot be written out") from None


# --------------------------------------------------------------------------- fetching and merging


def fetch_upstream(settings: Settings, *, timeout: float = 30.0) -> SourceDocument:
    """Fetch every source in ``settings.upstream``, extract and parse each, merge them (in order).

    The returned document's text is YAML: a single YAML source's text exactly as upstream
    wrote it (so the vendored file diffs line by line against upstream), otherwise
    :func:`dump_yaml` of the merged data. Its ``path`` is the spec file it is meant for
    (the first configured spec), so relative references and validation behave as they will
    once it is written there; its ``display`` names the source(s).
    """
    if not settings.upstream:
        raise SpecError.at(
            'no upstream source configured: set upstream = ["https://..."] in [tool.generator]'
        )
    target = _spec_target(settings)
    extracted: list[_Extracted] = []
    documents: list[SourceDocument] = []
    for source in settings.upstream:
        found = _extract(fetch_text(source, timeout=timeout), source)
        extracted.append(found)
        documents.append(SourceDocument(path=target, display=source, text=found.text, data=found.data))
    if len(documents) == 1 and extracted[0].kind == "yaml":
        document = documents[0]
        text = document.text if document.text.endswith("\n") else document.text + "\n"
        return SourceDocument(path=target, display=document.display, text=text, data=document.data)
    merged = merge_documents(documents) if len(documents) > 1 else documents[0]
    text = dump_yaml(merged.data)
    data = parse_text(text, Path("upstream.yaml"), merged.display)
    if data != merged.data:  # a bug in dump_yaml: never write a spec that reads back differently
        raise SpecError.at(
            "internal error: the merged upstream document does not read back equal once written as YAML; "
            "please report this",
            SpecLocation(merged.display),
        )
    return SourceDocument(path=target, display=merged.display, text=text, data=data)


def _spec_target(settings: Settings) -> Path:
    return settings.specs[0].resolve() if settings.specs else (Path.cwd() / "upstream.yaml")


def validate_upstream(document: SourceDocument, settings: Settings) -> Report:
    """The version check (fatal) and openapi-spec-validator's findings (warnings; fatal under strict)."""
    from .validate import openapi_version, validate

    report = Report(strict=settings.strict)
    version = openapi_version(document)
    for pointer, message in validate(document, version, Cache(settings.cache_dir)):
        report.warn(f"spec validation: {message}", document.location(pointer))
    report.raise_if_strict()
    return report


# --------------------------------------------------------------------------- the diff


def _diff_specs(old: Settings, new: Settings) -> DiffResult:
    from .diff import diff_specs  # only the commands that diff pay for importing the diff engine

    return diff_specs(old, new)


@dataclass(frozen=True)
class UpstreamDiff:
    """The upstream document and how it differs from the current spec files."""

    document: SourceDocument
    result: DiffResult
    """:func:`generator.diff.diff_specs` from the current spec (old) to the upstream (new)."""
    differs: bool
    """The upstream data is not equal to the current spec's (also when only descriptions changed)."""
    report: Report
    """Validation findings about the upstream document."""


def diff_upstream(settings: Settings, *, timeout: float = 30.0) -> UpstreamDiff:
    """Fetch, validate and compare with the current spec files; writes nothing (``fetch-upstream``)."""
    document = fetch_upstream(settings, timeout=timeout)
    report = validate_upstream(document, settings)
    current = _current_data(settings)
    target = _spec_target(settings)
    with tempfile.TemporaryDirectory(prefix="upstream-") as folder:
        staged = Path(folder) / target.name
        staged.write_text(_spec_text(target, document), encoding="utf-8")
        result = _diff_specs(settings, dataclasses.replace(settings, specs=(staged,)))
    return UpstreamDiff(document=document, result=result, differs=current != document.data, report=report)


def _current_data(settings: Settings) -> Any:
    documents = [read_document(path) for path in settings.specs]
    return (merge_documents(documents) if len(documents) > 1 else documents[0]).data


def _spec_text(target: Path, document: SourceDocument) -> str:
    """What the spec file holds: JSON for a ``.json`` spec, else the document's YAML text."""
    if target.suffix.lower() == ".json":
        return json.dumps(document.data, indent=2, ensure_ascii=False) + "\n"
    return document.text


# --------------------------------------------------------------------------- versions and the changelog


class Bump(enum.StrEnum):
    """The semantic-version bump the changes call for."""

    MAJOR = "major"
    MINOR = "minor"
    PATCH = "patch"


_ADDITION = re.compile(r"(?:^|[^a-z])(?:add|added|adds|new)(?:[^a-z]|$)")
_REMOVAL = ("removed", "remove", "deleted", "renamed")


def _level_name(change: Change) -> str:
    level: Any = change.level
    return str(getattr(level, "name", level)).upper()


def _text(value: Any) -> str:
    """An enum's value or a plain value, as text."""
    return str(getattr(value, "value", value) if value is not None else "")


def suggest_bump(result: DiffResult) -> Bump:
    """Breaking or possibly breaking changes (or SDK names removed) → major; additions → minor; else patch."""
    levels = {_level_name(change) for change in result.changes}
    sdk_actions = {_text(change.action).lower() for change in result.sdk_changes}
    if {"BREAKING", "POSSIBLY_BREAKING"} & levels or sdk_actions & set(_REMOVAL):
        return Bump.MAJOR
    additions = any(
        _ADDITION.search(change.rule.lower()) or _ADDITION.search(change.message.lower().split(":")[0])
        for change in result.changes
    )
    if additions or sdk_actions & {"added", "add"}:
        return Bump.MINOR
    return Bump.PATCH


_SEMVER = re.compile(r"^(?P<v>v?)(?P<major>\d+)\.(?P<minor>\d+)(?:\.(?P<patch>\d+))?(?:[-+].*)?$")


def bump_version(version: str, bump: Bump) -> str | None:
    """``version`` bumped (``1.1.1`` + major → ``2.0.0``); ``None`` when it is not ``X.Y[.Z]``.

    Below 1.0 the bump shifts one place (Cargo's convention): breaking → minor, else patch.
    A pre-release or build suffix is dropped.
    """
    match = _SEMVER.match(version.strip())
    if match is None:
        return None
    major, minor, patch = int(match["major"]), int(match["minor"]), int(match["patch"] or 0)
    if major == 0:
        bump = Bump.MINOR if bump is Bump.MAJOR else Bump.PATCH
    if bump is Bump.MAJOR:
        major, minor, patch = major + 1, 0, 0
    elif bump is Bump.MINOR:
        minor, patch = minor + 1, 0
    else:
        patch += 1
    return f"{match['v']}{major}.{minor}.{patch}"


_WHY = {
    Bump.MAJOR: "breaking or possibly breaking changes",
    Bump.MINOR: "additions, nothing breaking",
    Bump.PATCH: "no additions, nothing breaking",
}
_GROUPS = (
    ("BREAKING", "Breaking"),
    ("POSSIBLY_BREAKING", "Possibly breaking"),
    ("NON_BREAKING", "Non-breaking"),
)


def changelog_entry(
    result: DiffResult,
    *,
    version: str | None,
    today: date,
    bump: Bump,
    source: str,
    spec_versions: tuple[str, str] | None = None,
) -> str:
    """One CHANGELOG entry (Markdown, ending with a newline): heading, summary, grouped changes."""
    heading = version or "Unreleased"
    lines = [f"## [{heading}] - {today.isoformat()}", ""]
    summary = f"Spec updated from upstream ({source}). Suggested version bump: {bump.value} ({_WHY[bump]})."
    if spec_versions is not None and spec_versions[0] != spec_versions[1]:
        summary += f" Upstream info.version: {spec_versions[0]} → {spec_versions[1]}."
    lines += [summary, ""]
    for level, title in _GROUPS:
        changes = [change for change in result.changes if _level_name(change) == level]
        if changes:
            lines += [f"### {title}", "", *(f"- {_change_line(change)}" for change in changes), ""]
    known = {level for level, _ in _GROUPS}
    other = [change for change in result.changes if _level_name(change) not in known]
    if other:
        lines += ["### Other", "", *(f"- {_change_line(change)}" for change in other), ""]
    if result.sdk_changes:
        lines += ["### SDK API", "", *(f"- {_sdk_line(change)}" for change in result.sdk_changes), ""]
    notes = [_one_line(str(note)) for note in getattr(result, "notes", ())]
    if notes:
        lines += ["### Notes", "", *(f"- {note}" for note in notes), ""]
    if not result.changes and not result.sdk_changes and not notes:
        lines += [
            "### Changed",
            "",
            "- Descriptions, examples or other details only; the API is unchanged.",
            "",
        ]
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _change_line(change: Change) -> str:
    text = _one_line(change.message)
    operation = _text(change.operation)
    if operation and operation not in text:
        text += f" (`{operation}`)"
    return text


def _sdk_line(change: SdkChange) -> str:
    action = _text(change.action)
    kind = _text(change.kind).replace("-", " ")
    text = f"{action[:1].upper()}{action[1:]} {kind} `{change.name}`".replace("  ", " ")
    detail = _one_line(_text(change.detail))
    return f"{text}: {detail}" if detail else text


def prepend_changelog_entry(existing: str | None, entry: str, *, title: str) -> str:
    """The CHANGELOG with ``entry`` before its newest entry (the first ``## `` heading).

    A missing or empty CHANGELOG starts with ``title``.
    """
    if existing is None or not existing.strip():
        return f"{title.rstrip()}\n\n{entry}"
    lines = existing.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if line.startswith("## "):
            return "".join(lines[:index]) + entry + "\n" + "".join(lines[index:])
    return existing.rstrip("\n") + "\n\n" + entry


def _changelog_title(settings: Settings) -> str:
    return (
        "# Changelog\n\n"
        f"All notable changes to the `{settings.distribution}` SDK. Entries are added by "
        "`python -m generator update` when the upstream spec changes; their versions are "
        "suggestions from the changes (semantic versioning)."
    )


# --------------------------------------------------------------------------- update


@dataclass(frozen=True)
class UpdateOutcome:
    """What :func:`update` did."""

    changed: bool
    """The upstream differed: the spec, the SDK and the CHANGELOG were written."""
    diff: DiffResult
    bump: Bump | None
    """The suggested bump (``None`` when nothing changed)."""
    previous_version: str
    """The SDK version before: the ``version`` setting, else the current spec's ``info.version``."""
    version: str | None
    """The suggested next SDK version (``None`` when nothing changed or the version is not semver)."""
    sdk_version: str
    """The version the regenerated SDK carries (the ``version`` setting, else the new ``info.version``)."""
    spec: Path
    written: tuple[Path, ...] = ()
    """Every file written: the spec, the SDK files that changed, the CHANGELOG."""
    removed: tuple[Path, ...] = ()
    """SDK files removed because the generator no longer produces them."""
    changelog_entry: str | None = None
    warnings: tuple[Diagnostic, ...] = ()
    """Validation findings about the upstream; after a regeneration, the generator's findings."""
    source: str = ""

    def summary(self) -> str:
        """A few lines for the command line."""
        if not self.changed:
            return f"{self.spec} is up to date with upstream ({self.source}); nothing was written"
        lines = [
            f"updated {self.spec} from upstream ({self.source}): {len(self.diff.changes)} change(s), "
            f"suggested bump {self.bump.value if self.bump else 'none'}"
            + (f" ({self.previous_version} → {self.version})" if self.version else ""),
            f"wrote {len(self.written)} file(s), removed {len(self.removed)}",
        ]
        if self.version and self.sdk_version != self.version:
            lines.append(
                f"note: the regenerated SDK's version is {self.sdk_version}; to release {self.version}, "
                f'set version = "{self.version}" in [tool.generator] and run `python -m generator generate`'
            )
        return "\n".join(lines)


def update(settings: Settings, *, today: date, timeout: float = 30.0) -> UpdateOutcome:
    """Bring the spec file, the SDK and the CHANGELOG up to date with upstream, all or nothing.

    Fetches and validates the upstream (as :func:`diff_upstream`); when its data differ from
    the current spec, writes it to the spec file (atomically), regenerates the SDK into the
    output folder and prepends an entry to ``settings.changelog`` (when configured). If the
    regeneration or the SDK write fails, the spec file is restored and the CHANGELOG is left
    alone. Only one spec file can be updated: with several configured, this refuses.
    """
    target = _single_spec(settings)
    if not target.is_file():
        raise SpecError.at(
            f"{target} does not exist: update compares upstream with the current spec; save the upstream "
            "document there once (for example the YAML block of the docs page), then run update",
            SpecLocation(str(target)),
        )
    old_bytes = target.read_bytes()
    upstream = diff_upstream(settings, timeout=timeout)
    old_data = read_document(target).data
    previous_version = settings.version or _info_version(old_data)
    new_version_of_spec = _info_version(upstream.document.data)
    sdk_version = settings.version or new_version_of_spec
    if not upstream.differs:
        return UpdateOutcome(
            changed=False,
            diff=upstream.result,
            bump=None,
            previous_version=previous_version,
            version=None,
            sdk_version=sdk_version,
            spec=target,
            warnings=upstream.report.warnings,
            source=upstream.document.display,
        )

    bump = suggest_bump(upstream.result)
    version = bump_version(previous_version, bump)
    entry = changelog_entry(
        upstream.result,
        version=version,
        today=today,
        bump=bump,
        source=upstream.document.display,
        spec_versions=(_info_version(old_data), new_version_of_spec),
    )
    staged: list[Path] = []
    try:
        # Everything that can fail for lack of space or permissions is staged first; then the
        # spec is swapped in, the SDK written (restoring the spec if that fails), and last the
        # CHANGELOG renamed into place.
        changelog_tmp: Path | None = None
        try:
            if settings.changelog is not None:
                existing = _read_optional(settings.changelog)
                text = prepend_changelog_entry(existing, entry, title=_changelog_title(settings))
                changelog_tmp = _stage(settings.changelog, text.encode("utf-8"))
                staged.append(changelog_tmp)
            spec_tmp = _stage(target, _spec_text(target, upstream.document).encode("utf-8"))
            staged.append(spec_tmp)
            os.replace(spec_tmp, target)
        except OSError as exc:
            raise SpecError.at(
                f"could not write: {exc}; nothing was changed", SpecLocation(str(target))
            ) from None
        try:
            result = generate_files(settings)
            changes = write(settings.output, result.files)
        except BaseException as exc:
            _restore(target, old_bytes)
            if isinstance(exc, UnsafePathError | OSError):
                raise SpecError.at(
                    f"could not write the SDK into {settings.output}: {exc}; {target} was restored and "
                    "nothing else was changed",
                    SpecLocation(str(settings.output)),
                ) from None
            raise
        if changelog_tmp is not None and settings.changelog is not None:
            try:
                os.replace(changelog_tmp, settings.changelog)
            except OSError as exc:
                raise SpecError.at(
                    f"the spec and the SDK were updated, but the CHANGELOG could not be written: {exc}",
                    SpecLocation(str(settings.changelog)),
                ) from None
    finally:
        for path in staged:
            path.unlink(missing_ok=True)

    written = [target, *(settings.output / name for name in (*changes.stale, *changes.missing))]
    if settings.changelog is not None:
        written.append(settings.changelog)
    return UpdateOutcome(
        changed=True,
        diff=upstream.result,
        bump=bump,
        previous_version=previous_version,
        version=version,
        sdk_version=sdk_version,
        spec=target,
        written=tuple(written),
        removed=tuple(settings.output / name for name in changes.extra),
        changelog_entry=entry,
        warnings=result.report.warnings,
        source=upstream.document.display,
    )


def _single_spec(settings: Settings) -> Path:
    if not settings.upstream:
        raise SpecError.at(
            'no upstream source configured: set upstream = ["https://..."] in [tool.generator]'
        )
    if len(settings.specs) != 1:
        names = ", ".join(str(path) for path in settings.specs)
        raise SpecError.at(
            f"the upstream document goes into one spec file, but {len(settings.specs)} are configured "
            f"({names}); list a single spec file in [tool.generator] (several upstream sources are merged "
            "into it)"
        )
    return settings.specs[0]


def _info_version(data: Any) -> str:
    info = data.get("info") if isinstance(data, dict) else None
    version = info.get("version") if isinstance(info, dict) else None
    return str(version) if version is not None else "0.0.0"


def _read_optional(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _stage(target: Path, data: bytes) -> Path:
    """``data`` in a temporary file beside ``target`` (same file system, so ``os.replace`` is atomic),
    with ``target``'s permissions (``0o644`` for a new file; ``mkstemp`` alone would give ``0o600``)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = 0o644
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, mode)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _restore(target: Path, data: bytes) -> None:
    tmp = _stage(target, data)
    os.replace(tmp, target)
