"""Checking that a document is OpenAPI 3.x, and validating it with openapi-spec-validator.

The version check is fatal (a Swagger 2.0 or non-OpenAPI document cannot be built).
Validator findings are warnings: several big vendors' current specs fail strict
validation on details, and their users still need an SDK; ``--strict`` makes them fatal.

Validation is the slowest step on big specs (seconds for Stripe's), and its findings
depend only on the document's text and the validator's version. So they are answered,
in this order, from the cache (by content hash), from the record the output's manifest
keeps of the last validation (:class:`ValidationRecord`: a fresh clone of an unchanged
spec is not validated again), or by running the validator. It runs in a process of its
own (:class:`ValidatorProcess`, started before the spec is read), so that on a machine with
two cores its import (a third of a second) overlaps the reading and its work overlaps
building and rendering; openapi-spec-validator is never imported on the main path. A host
that builds many specs in one process imports it once with :func:`preload` and validates in
that process from then on.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import json
import marshal
import re
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..cache import Cache, digest
from ..diagnostics import SpecError, pointer_from_path
from ..installed import installed_version

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
    from pathlib import Path

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


_in_process = False
"""Set by :func:`preload`: validate in this process, where the validator is already imported."""


def preload() -> None:
    """Import openapi-spec-validator now, and validate in this process from then on.

    For hosts that build many specs in one process (a test session, a service): they pay
    the import once instead of once per validating process, which is most of a small
    spec's validation time. The command line never calls this, so its main path stays
    free of the import and the validator runs beside it.
    """
    global _in_process
    for version in ("3.0", "3.1", "3.2"):
        _validator_class(version)
    _in_process = True


Finding = tuple[str, str]
"""(JSON pointer, message)."""


@functools.cache
def validator_version() -> str:
    """The installed openapi-spec-validator's version: findings are only valid for it."""
    return installed_version("openapi-spec-validator")


@dataclass(frozen=True)
class ValidationRecord:
    """What the output's manifest keeps of a validation, so an unchanged spec is not validated again."""

    spec: str
    """The SHA-256 of the validated document's text (:attr:`SourceDocument.digest`)."""
    validator: str
    """The openapi-spec-validator version that validated it."""
    findings: tuple[Finding, ...]

    def answers(self, document: SourceDocument) -> bool:
        """Whether these findings are the validator's for ``document`` (same text, same validator)."""
        return self._answers_digest(document.digest)

    def answers_file(self, path: Path) -> bool:
        """Whether these findings are the validator's for the spec file at ``path`` as it is now.

        Asked before the spec is read, so that an unchanged spec (a fresh clone's first
        ``generate``) starts no validator only to stop it. The digest is that of the text
        :func:`~generator.spec.source.read_document` reads: the bytes without a UTF-8 BOM.
        """
        try:
            raw = path.read_bytes()
        except OSError:
            return False
        return self._answers_digest(hashlib.sha256(raw.removeprefix(codecs.BOM_UTF8)).hexdigest())

    def _answers_digest(self, spec_digest: str) -> bool:
        return self.spec == spec_digest and self.validator == validator_version()

    def to_json(self) -> dict[str, Any]:
        return {"findings": [list(f) for f in self.findings], "spec": self.spec, "validator": self.validator}

    @classmethod
    def from_json(cls, value: object) -> ValidationRecord | None:
        """The record a manifest holds, or ``None`` when it holds none (or one this cannot read)."""
        if not isinstance(value, Mapping):
            return None
        spec, validator, findings = value.get("spec"), value.get("validator"), value.get("findings")
        if not (isinstance(spec, str) and isinstance(validator, str) and isinstance(findings, list)):
            return None
        pairs = [tuple(f) for f in findings if isinstance(f, list) and len(f) == 2]
        if len(pairs) != len(findings) or not all(isinstance(x, str) for pair in pairs for x in pair):
            return None
        return cls(spec, validator, tuple((str(p), str(m)) for p, m in pairs))


def validate(document: SourceDocument, version: str, cache: Cache) -> list[Finding]:
    """Every validator finding as (pointer, message), in the validator's order (here, waiting)."""
    key = _key(document, version)
    cached = _cached(cache, key)
    if cached is None:
        cached = findings(document.data, document.path.as_uri(), version)
        cache.put("validation", key, json.dumps(cached))
    return cached


def _key(document: SourceDocument, version: str) -> str:
    return digest(document.text, version, validator_version())


def _cached(cache: Cache, key: str) -> list[Finding] | None:
    cached = cache.get("validation", key)
    if cached is None:
        return None
    try:
        return _decode(cached)
    except (ValueError, TypeError):
        return None


def _decode(text: str | bytes) -> list[Finding]:
    return [(str(p), str(m)) for p, m in json.loads(text)]


def findings(data: Any, base_uri: str, version: str) -> list[Finding]:
    """openapi-spec-validator's findings on ``data``; a validator that fails is one finding."""
    found: list[Finding] = []
    try:
        validator = _validator_class(version)(data, base_uri=base_uri)
        for error in validator.iter_errors():
            found.append((pointer_from_path(_error_path(error)), _message(error)))
    except Exception as exc:
        found.append(("", f"the validator could not finish: {type(exc).__name__}: {exc}"))
    return found


class ValidatorProcess:
    """A Python process that imports openapi-spec-validator, then validates the one document
    it is sent (:meth:`send`) and answers with the findings, as JSON.

    It is started before the spec is read (:func:`generator.pipeline.open_spec`), so that its
    import (a third of a second) overlaps the reading; a process, not a thread, so that the
    validation runs on another core beside building and rendering; started, not forked, as a
    fork of a process that runs threads may deadlock. It reads its request while it imports,
    so sending never waits for it.
    """

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self._process = process

    @classmethod
    def start(cls) -> ValidatorProcess | None:
        """A new process (``None`` after :func:`preload`, or where none can be started)."""
        if _in_process:
            return None
        try:
            process = subprocess.Popen(  # noqa: S603 - this interpreter, our own code
                [sys.executable, "-c", _CHILD, json.dumps(sys.path)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            return None
        return cls(process)

    @property
    def pid(self) -> int:
        return self._process.pid

    def send(self, document: SourceDocument, version: str) -> bool:
        """Ask for the findings on ``document``; ``False`` (the process stopped) when the data
        cannot be marshalled, and the caller validates it itself."""
        try:
            payload = marshal.dumps((document.data, document.path.as_uri(), version))
        except ValueError:
            self.stop()
            return False
        self._close_stdin(payload)
        return True

    def answer(self) -> list[Finding]:
        """The findings (waits for them); a process that failed is one finding."""
        self._close_stdin(b"")
        output, _ = self._process.communicate()
        try:
            return _decode(output)
        except (ValueError, TypeError):
            status = self._process.returncode
            return [("", f"the validator could not finish: its process ended with status {status}")]

    def stop(self) -> None:
        """End the process, unused or no longer needed, and reap it."""
        self._process.kill()
        self._close_stdin(b"")
        self._process.communicate()

    def _close_stdin(self, payload: bytes) -> None:
        stdin: IO[bytes] | None = self._process.stdin
        if stdin is None:
            return
        self._process.stdin = None  # (closed here: ``communicate`` must not flush it)
        try:
            with stdin:
                stdin.write(payload)
        except BrokenPipeError:
            pass  # the process ended; its answer says how


_CHILD = f"""\
import json, sys, threading
sys.path[:] = json.loads(sys.argv[1])
request = []
reader = threading.Thread(target=lambda: request.append(sys.stdin.buffer.read()))
reader.start()
from {__name__} import preload, serve
preload()
reader.join()
serve(request[0])
"""
"""The validating process, with the parent's import path (an embedding host may have changed it)."""


def serve(request: bytes) -> None:  # pragma: no cover - runs in the validating process
    """Validate the marshalled request and write the findings to stdout (nothing: not needed)."""
    if request:
        data, base_uri, version = marshal.loads(request)  # noqa: S302 - written by our parent
        sys.stdout.buffer.write(json.dumps(findings(data, base_uri, version)).encode("utf-8"))


class PendingValidation:
    """A validation's findings: known already, coming from a :class:`ValidatorProcess`, or to be
    found here when asked for."""

    def __init__(
        self,
        document: SourceDocument,
        version: str,
        cache: Cache,
        *,
        answer: list[Finding] | None = None,
        process: ValidatorProcess | None = None,
    ) -> None:
        self._document = document
        self._version = version
        self._cache = cache
        self._findings = answer
        self._process = process

    def result(self) -> list[Finding]:
        """The findings, in the validator's order (waiting for the validating process)."""
        if self._findings is None:
            process, self._process = self._process, None
            if process is not None:
                found = process.answer()
            else:
                found = findings(self._document.data, self._document.path.as_uri(), self._version)
            self._cache.put("validation", _key(self._document, self._version), json.dumps(found))
            self._findings = found
        return self._findings

    def record(self) -> ValidationRecord:
        """What the output's manifest keeps of this validation (waits for it)."""
        return ValidationRecord(self._document.digest, validator_version(), tuple(self.result()))

    def cancel(self) -> None:
        """Stop the validating process (the run failed; its findings are not needed)."""
        process, self._process = self._process, None
        if process is not None:
            process.stop()
        if self._findings is None:
            self._findings = []


def answered_validation(
    document: SourceDocument, version: str, cache: Cache, recorded: ValidationRecord | None
) -> PendingValidation | None:
    """The findings without validating: from the cache, else from ``recorded`` (``None``: unknown)."""
    cached = _cached(cache, _key(document, version))
    if cached is not None:
        return PendingValidation(document, version, cache, answer=cached)
    if recorded is not None and recorded.answers(document):
        return PendingValidation(document, version, cache, answer=list(recorded.findings))
    return None


def start_validation(
    document: SourceDocument,
    version: str,
    cache: Cache,
    recorded: ValidationRecord | None = None,
    process: ValidatorProcess | None = None,
) -> PendingValidation:
    """The findings on ``document``: answered at once (the cache, ``recorded``), or asked of a
    validating process (``process``, started early by the caller, else a new one) and not
    waited for. ``process`` is used or stopped. Where no process can be started, or after
    :func:`preload`, the validation runs here when :meth:`PendingValidation.result` is called.
    """
    answered = answered_validation(document, version, cache, recorded)
    if answered is not None:
        if process is not None:
            process.stop()
        return answered
    process = process or ValidatorProcess.start()
    if process is not None and not process.send(document, version):
        process = None
    return PendingValidation(document, version, cache, process=process)


def _error_path(error: Any) -> list[str | int]:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or []
    return list(path)


def _message(error: Any) -> str:
    message = str(getattr(error, "message", error))
    if len(message) > 300:
        message = message[:297] + "..."
    return message
