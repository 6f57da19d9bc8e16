"""Reading one upstream source: an http(s) URL or a local file, as UTF-8 text.

Every failure (HTTP error, time-out, unknown host, refused connection, oversized or
undecodable body) is a :class:`~generator.diagnostics.SpecError` with one clear message.
"""

from __future__ import annotations

import gzip
import http.client
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
import zlib
from pathlib import Path
from typing import Any

from .. import __version__
from ..diagnostics import SpecError, SpecLocation

USER_AGENT = f"openapi-sdk-generator/{__version__} (fetch-upstream; python-urllib)"
_ACCEPT = "text/markdown, application/yaml, application/json;q=0.9, text/plain;q=0.8, */*;q=0.5"
_MAX_BYTES = 64 * 1024 * 1024
"""A spec larger than this is refused (the biggest public specs are a few MB)."""
URL_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


# --------------------------------------------------------------------------- reading sources


def fetch_text(source: str, *, timeout: float = 30.0) -> str:
    """The text of one source: an http(s) URL (fetched with ``timeout`` seconds in all) or a file.

    ``file://`` URLs are files too; relative paths are relative to the working directory.
    """
    where = SpecLocation(source)
    if URL_SCHEME.match(source):
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
