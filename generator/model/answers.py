"""Whether an operation answers a list: what a plural path's GET says about its shape.

Method names need it (``GET /me/albums`` that answers a page of albums lists them:
``list_saved``; ``GET /recommendations`` that answers one object does not).
"""

from __future__ import annotations

from typing import Any

from ..spec.refs import Node, Workspace
from .method_names import LIST_PROPERTIES
from .schemas import MALFORMED


def answers_a_list(workspace: Workspace, operation: Node) -> bool | None:
    """Whether the first 2xx JSON answer is an array or an object wrapping one; ``None``: unknown."""
    try:
        responses = operation.get("responses")
        statuses = sorted(str(s) for s in responses.value) if responses is not None else []
        success = next((s for s in statuses if s.startswith("2")), None)
        if responses is None or success is None:
            return None
        content = workspace.resolve(responses.child(success)).get("content")
        media = [m for m in (content.value if content is not None else {}) if "json" in m]
        schema = content.child(media[0]).get("schema") if content is not None and media else None
        if schema is None:
            return None
        value = workspace.resolve(schema).value
        if value.get("type") == "array" or "array" in _list(value.get("type")):
            return True
        # Spotify's pages are ``allOf: [PagingObject, {properties: {items: ...}}]``.
        resolved = workspace.resolve(schema)
        parts = resolved.get("allOf")
        count = len(parts.value) if parts is not None and isinstance(parts.value, list) else 0
        wholes = [resolved, *(workspace.resolve(parts.child(i)) for i in range(count) if parts)]
        found = [w.get("properties") for w in wholes]
        listed = [p for p in found if p is not None and isinstance(p.value, dict)]
        if not listed:
            return False if value.get("type") == "object" else None
        return any(
            workspace.resolve(properties.child(name)).value.get("type") == "array"
            for properties in listed
            for name in properties.value
            if name in LIST_PROPERTIES
        )
    except MALFORMED:
        return None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
