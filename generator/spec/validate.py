"""Checking that a document is OpenAPI 3.x, and validating it with openapi-spec-validator.

The version check is fatal (a Swagger 2.0 or non-OpenAPI document cannot be built).
Validator findings are warnings: several big vendors' current specs fail strict
validation on details, and their users still need an SDK; ``--strict`` makes them fatal.

Validation is the slowest step on big specs (seconds for Stripe's), and its answer
depends only on the document's bytes, so it is cached by content hash. Its findings never
change the output, so :func:`start_validation` runs it in a forked process of its own,
concurrently with building and rendering; openapi-spec-validator (a quarter of a second
to import) is imported only there, never on the main path.
"""

from __future__ import annotations

import json
import os
import re
import threading
from importlib.metadata import version as package_version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..cache import Cache, digest
from ..diagnostics import SpecError, pointer_from_path
from .early import take as take_early

EARLY_LIMIT = 1 << 20
"""The largest document (characters) sent to the validator started early (:mod:`.early`);
pickling a bigger one would cost the main path more than the early import saves."""

_VERSION = re.compile(r"^3\.(\d+)\.\d+(-.+)?$")


def openapi_version(document: SourceDocument) -> str:
    """``"3.0"``, ``"3.1"`` or ``"3.2"``; anything else stops the run with a clear message."""
    data = document.data
    where = document.location("")
    if not isinstance(data, dict):
        raise SpecError.at(
            f"not an OpenAPI document: the top level is a {type(data).__name__}, not a mapping", where
        )
    if "swagger" in data:
        raise SpecError.at(
            f"Swagger {data['swagger']} documents are not supported; convert the spec to OpenAPI 3 "
            "first (for example with swagger2openapi)",
            document.location("/swagger"),
        )
    if "openapi" not in data:
        raise SpecError.at("not an OpenAPI document: it has no top-level 'openapi' field", where)
    raw = str(data["openapi"])
    match = _VERSION.match(raw)
    if not match or match.group(1) not in ("0", "1", "2"):
        raise SpecError.at(
            f"OpenAPI version {raw!r} is not supported; this generator reads OpenAPI 3.0, 3.1 and 3.2",
            document.location("/openapi"),
        )
    return f"3.{match.group(1)}"


if TYPE_CHECKING:  # (annotations only: the validating process never needs the YAML reader)
    from openapi_spec_validator.validation.validators import SpecValidator

    from .source import SourceDocument


def _validator_class(version: str) -> type[SpecValidator]:
    from types import MappingProxyType

    from jsonschema_path.handlers.urllib import UrllibHandler
    from openapi_spec_validator.validation.validators import (
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
        OpenAPIV32SpecValidator,
    )

    base: type[SpecValidator] = {
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }[version]

    class Validator(base):  # type: ignore[valid-type,misc]
        # Resolver handlers that never touch the network (the validator follows file references only).
        resolver_handlers = MappingProxyType({"file": UrllibHandler("file")})

    return Validator


def preload() -> None:
    """Import openapi-spec-validator now, in this process.

    For hosts that build many specs in one process (a test session, a service): every
    validation forked afterwards inherits the import instead of paying for it again, which
    is most of a small spec's validation time. The command line never calls this, so its
    main path stays free of the import.
    """
    for version in ("3.0", "3.1", "3.2"):
        _validator_class(version)


Finding = tuple[str, str]
"""(JSON pointer, message)."""


def validate(document: SourceDocument, version: str, cache: Cache) -> list[Finding]:
    """Every validator finding as (pointer, message), in the validator's order."""
    key = _key(document, version)
    cached = _cached(cache, key)
    return cached if cached is not None else _run(document, version, cache, key)


def _key(document: SourceDocument, version: str) -> str:
    return digest(document.text, version, package_version("openapi-spec-validator"))


def _cached(cache: Cache, key: str) -> list[Finding] | None:
    cached = cache.get("validation", key)
    if cached is None:
        return None
    try:
        return _decode(cached)
    except (ValueError, TypeError):
        return None


def _decode(text: str) -> list[Finding]:
    return [(str(p), str(m)) for p, m in json.loads(text)]


def _run(document: SourceDocument, version: str, cache: Cache, key: str) -> list[Finding]:
    return _findings(document.data, document.path.as_uri(), version, cache, key)


def _findings(data: Any, base_uri: str, version: str, cache: Cache, key: str) -> list[Finding]:
    findings: list[Finding] = []
    try:
        validator = _validator_class(version)(data, base_uri=base_uri)
        for error in validator.iter_errors():
            findings.append((pointer_from_path(_error_path(error)), _message(error)))
    except Exception as exc:
        findings.append(("", f"the validator could not finish: {type(exc).__name__}: {exc}"))
    cache.put("validation", key, json.dumps(findings))
    return findings


def run(data: Any, base_uri: str, version: str, cache_root: Path | None, key: str) -> bytes:
    """The findings as JSON bytes: what a validating process sends back (see :mod:`.early`)."""
    return json.dumps(_findings(data, base_uri, version, Cache(cache_root), key)).encode("utf-8")


class PendingValidation:
    """A validation started by :func:`start_validation`; :meth:`result` waits for its findings."""

    def __init__(
        self,
        findings: list[Finding] | None = None,
        *,
        pid: int | None = None,
        pipe: int | None = None,
        fallback: tuple[SourceDocument, str, Cache, str] | None = None,
    ) -> None:
        self._findings = findings
        self._pid = pid
        self._pipe = pipe
        self._fallback = fallback

    def result(self) -> list[Finding]:
        """The findings, in the validator's order (waits for the validating process)."""
        if self._findings is None:
            if self._pipe is not None:
                self._findings = self._receive()
            elif self._fallback is not None:
                self._findings = _run(*self._fallback)
            else:  # pragma: no cover - every constructor path sets one of the above
                self._findings = []
        return self._findings

    def cancel(self) -> None:
        """Stop the validating process (the run failed; its findings are not needed)."""
        if self._pid is not None and self._findings is None:
            try:
                os.kill(self._pid, 9)
            except OSError:
                pass
            self._reap()
        self._findings = self._findings or []

    def _receive(self) -> list[Finding]:
        assert self._pipe is not None
        chunks: list[bytes] = []
        with os.fdopen(self._pipe, "rb") as stream:
            self._pipe = None
            while chunk := stream.read(1 << 16):
                chunks.append(chunk)
        status = self._reap()
        try:
            return _decode(b"".join(chunks).decode("utf-8"))
        except (ValueError, TypeError, UnicodeDecodeError):
            return [("", f"the validator could not finish: its process ended with status {status}")]

    def _reap(self) -> int:
        pid, self._pid = self._pid, None
        if pid is None:
            return 0
        try:
            return os.waitpid(pid, 0)[1]
        except ChildProcessError:
            return 0


def start_validation(document: SourceDocument, version: str, cache: Cache) -> PendingValidation:
    """Validate ``document`` in a forked process (or answer from the cache) without waiting.

    The child inherits the parsed document (nothing is pickled or parsed again), imports
    openapi-spec-validator, stores its findings in the cache and sends them through a pipe.
    Where ``fork`` does not exist, or when the process runs other threads (a library host,
    not the command line), the validation runs when :meth:`PendingValidation.result` is called.
    """
    key = _key(document, version)
    cached = _cached(cache, key)
    early = take_early()
    if cached is not None:
        if early is not None:
            early.stop()
        return PendingValidation(cached)
    if early is not None:
        request = (document.data, document.path.as_uri(), version, cache.root, key)
        if len(document.text) <= EARLY_LIMIT and early.send(request):
            return PendingValidation(pid=early.pid, pipe=early.answers)
        early.stop()  # a big document: forking now shares it with the child instead of pickling it
    if not hasattr(os, "fork") or threading.active_count() > 1:
        # No fork (Windows), or a host process with threads, which a fork could deadlock.
        return PendingValidation(fallback=(document, version, cache, key))
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child process (coverage does not follow os._exit)
        os.close(read_end)
        code = 0
        try:
            payload = run(document.data, document.path.as_uri(), version, cache.root, key)
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    return PendingValidation(pid=pid, pipe=read_end)


def _error_path(error: Any) -> list[str | int]:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or []
    return list(path)


def _message(error: Any) -> str:
    message = str(getattr(error, "message", error))
    if len(message) > 300:
        message = message[:297] + "..."
    return message
