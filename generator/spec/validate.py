"""Checking that a document is OpenAPI 3.x, and validating it with openapi-spec-validator.

The version check is fatal (a Swagger 2.0 or non-OpenAPI document cannot be built).
Validator findings are warnings: several big vendors' current specs fail strict
validation on details, and their users still need an SDK; ``--strict`` makes them fatal.

Validation is the slowest step on big specs (seconds for Stripe's), and its answer
depends only on the document's bytes, so it is cached by content hash.
"""

from __future__ import annotations

import json
import re
from importlib.metadata import version as package_version
from types import MappingProxyType
from typing import Any

from jsonschema_path.handlers.urllib import UrllibHandler
from openapi_spec_validator.validation.validators import (
    OpenAPIV30SpecValidator,
    OpenAPIV31SpecValidator,
    OpenAPIV32SpecValidator,
    SpecValidator,
)

from ..cache import Cache, digest
from ..diagnostics import SpecError, pointer_from_path
from .source import SourceDocument

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


# Resolver handlers that never touch the network (the validator follows file references only).
_LOCAL_ONLY_HANDLERS = MappingProxyType({"file": UrllibHandler("file")})


def _validator_class(version: str) -> type[SpecValidator]:
    base: type[SpecValidator] = {
        "3.0": OpenAPIV30SpecValidator,
        "3.1": OpenAPIV31SpecValidator,
        "3.2": OpenAPIV32SpecValidator,
    }[version]

    class Validator(base):  # type: ignore[valid-type,misc]
        resolver_handlers = _LOCAL_ONLY_HANDLERS

    return Validator


Finding = tuple[str, str]
"""(JSON pointer, message)."""


def validate(document: SourceDocument, version: str, cache: Cache) -> list[Finding]:
    """Every validator finding as (pointer, message), in the validator's order."""
    key = digest(document.text, version, package_version("openapi-spec-validator"))
    cached = cache.get("validation", key)
    if cached is not None:
        try:
            return [(str(p), str(m)) for p, m in json.loads(cached)]
        except (ValueError, TypeError):
            pass
    findings: list[Finding] = []
    validator = _validator_class(version)(document.data, base_uri=document.path.as_uri())
    try:
        for error in validator.iter_errors():
            findings.append((pointer_from_path(_error_path(error)), _message(error)))
    except Exception as exc:
        findings.append(("", f"the validator could not finish: {type(exc).__name__}: {exc}"))
    cache.put("validation", key, json.dumps(findings))
    return findings


def _error_path(error: Any) -> list[str | int]:
    path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or []
    return list(path)


def _message(error: Any) -> str:
    message = str(getattr(error, "message", error))
    if len(message) > 300:
        message = message[:297] + "..."
    return message
