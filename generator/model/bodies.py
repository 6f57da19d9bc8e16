"""Request bodies that say nothing, on methods whose requests carry no content.

Stripe declares ``requestBody: {content: {application/x-www-form-urlencoded: {schema:
{type: object, properties: {}}}}}`` on its list GETs. Kept, it would give every list a
``body: dict[str, Any]`` argument that no caller needs (and that HTTP gives no meaning on
a GET). Such a body is dropped (with a note) by :mod:`generator.model.operations`, and
:mod:`generator.model.fidelity` does not count it as lost; both ask :func:`is_empty_body`.

A body is empty when every media type's schema admits any object and names nothing: no
properties, no ``additionalProperties`` schema, no combinators, enums or other
constraints. A GET body with real properties is kept.
"""

from __future__ import annotations

from typing import Any

from ..spec.refs import Node, Workspace

BODYLESS_METHODS = frozenset({"get", "head", "delete"})
"""HTTP methods whose request content has no defined meaning (RFC 9110, 9.3)."""

_SILENT_KEYWORDS = frozenset(
    {"type", "properties", "additionalProperties", "required", "title", "description", "example", "examples"}
)
"""Keywords an empty schema may carry: they name no value and constrain none (given the checks
in :func:`_says_nothing`)."""


def is_empty_body(workspace: Workspace, method: str, request_body: Node) -> bool:
    """Whether the (resolved) Request Body object of a ``method`` operation says nothing and
    is dropped."""
    if method.lower() not in BODYLESS_METHODS or not isinstance(request_body.value, dict):
        return False
    content = request_body.get("content")
    if content is None or not isinstance(content.value, dict) or not content.value:
        return False  # reported as "a request body without content" by the builder
    for media_type in content.value:
        media = workspace.resolve(content.child(media_type))
        schema = media.get("schema") if isinstance(media.value, dict) else None
        if schema is not None and not _says_nothing(workspace.resolve(schema).value):
            return False
    return True


def _says_nothing(schema: Any) -> bool:
    if schema is True or schema == {}:
        return True
    if not isinstance(schema, dict):
        return False
    if any(key not in _SILENT_KEYWORDS and not str(key).startswith("x-") for key in schema):
        return False
    return (
        schema.get("type", "object") == "object"
        and schema.get("properties", {}) == {}
        and isinstance(schema.get("additionalProperties", True), bool)
        and not schema.get("required")
    )
