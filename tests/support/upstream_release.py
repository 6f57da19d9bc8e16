"""A realistic upstream release of an OpenAPI document, made by transforming the current one.

The release-loop test (``tests/test_release_loop.py``) feeds such a release to ``update`` in a
copy of the repository and then runs the default suite there: a suite that depends on the
vendored spec's contents fails it. The release is built from whatever ``spec/daily.yaml``
holds at the time, so every change is found structurally (the token properties by following
the create operation's request body, an enum by its shape), and a change that no longer
applies is left out, not forced: the test then says which changes it made.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

JSON = "application/json"
NEW_FIELD = "enable_advanced_chat"
"""The optional field the release adds (a real Daily token property, absent from the vendored spec)."""
PREFERRED_RENAMES = {"user_name": "display_name"}
"""Renames a real release might make; any other plain string field gets ``<name>_v2``."""


@dataclass
class Release:
    """The released document and a line per change made to it (for the test's messages)."""

    document: dict[str, Any]
    changes: list[str] = field(default_factory=list)


def release_of(current: dict[str, Any]) -> Release:
    """The next major release of ``current``: a new read operation, a new optional field, a
    removed field, a removed enum value, a renamed field and a new ``info.version``.

    ``current`` is not modified.
    """
    release = Release(copy.deepcopy(current))
    document = release.document
    create = _create_operation(document)
    if create is not None:
        path, operation = create
        _add_read_operation(release, path, operation)
        properties = _token_properties(document, operation)
        if properties is not None:
            _add_field(release, properties)
            _remove_enum_value(release, properties)
            _rename_field(release, properties)
            _remove_field(release, properties)
    _bump_major_version(release)
    return release


def _create_operation(document: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The first ``post`` with a JSON request body, on a path without parameters."""
    for path, item in (document.get("paths") or {}).items():
        operation = item.get("post") if isinstance(item, dict) else None
        if isinstance(operation, dict) and "{" not in path and _body_schema(operation) is not None:
            return path, operation
    return None


def _body_schema(operation: dict[str, Any]) -> dict[str, Any] | None:
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    media = content.get(JSON) if isinstance(content, dict) else None
    schema = media.get("schema") if isinstance(media, dict) else None
    return schema if isinstance(schema, dict) else None


def _resolve(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with local ``$ref`` chains followed (an unresolvable one is returned as is)."""
    seen: set[str] = set()
    while (
        isinstance(schema.get("$ref"), str) and schema["$ref"].startswith("#/") and schema["$ref"] not in seen
    ):
        seen.add(schema["$ref"])
        target: Any = document
        for part in schema["$ref"][2:].split("/"):
            target = (
                target.get(part.replace("~1", "/").replace("~0", "~")) if isinstance(target, dict) else None
            )
        if not isinstance(target, dict):
            break
        schema = target
    return schema


def _object_properties(document: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any] | None:
    resolved = _resolve(document, schema)
    properties = resolved.get("properties")
    return properties if isinstance(properties, dict) and properties else None


def _token_properties(document: dict[str, Any], operation: dict[str, Any]) -> dict[str, Any] | None:
    """The request body's richest object: the body itself, or an object one of its fields refers to.

    Daily's body is ``{"properties": {$ref: properties}}``; the schema with the most fields
    reachable in one step is the one a release changes.
    """
    body = _body_schema(operation)
    if body is None:
        return None
    candidates = [_object_properties(document, body)]
    for value in (_object_properties(document, body) or {}).values():
        if isinstance(value, dict):
            candidates.append(_object_properties(document, value))
    found = [c for c in candidates if c]
    return max(found, key=len) if found else None


def _schema_holding(document: dict[str, Any], properties: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """Every schema object in ``document`` whose ``properties`` is ``properties`` (for ``required``)."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if node.get("properties") is properties:
                yield node
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _add_read_operation(release: Release, path: str, create: dict[str, Any]) -> None:
    """``GET {path}/{<singular>}``: reads back what the create operation made."""
    singular = re.sub(r"s$", "", path.rstrip("/").rsplit("/", 1)[-1]).replace("-", "_") or "item"
    new_path = f"{path.rstrip('/')}/{{{singular}}}"
    paths = release.document.setdefault("paths", {})
    if new_path in paths:
        return
    body = _body_schema(create) or {"type": "object"}
    name = str(create.get("operationId") or "Create")
    operation_id = re.sub(
        r"^(Create|create|Post|post)", lambda m: "Get" if m[1][0].isupper() else "get", name
    )
    if operation_id == name:
        operation_id = f"Get{name[:1].upper()}{name[1:]}"
    operation: dict[str, Any] = {
        "summary": f"get {singular.replace('_', ' ')}",
        "description": f"Validate a {singular.replace('_', ' ')} and return what it was created with",
        "operationId": operation_id,
        "parameters": [
            {
                "name": singular,
                "in": "path",
                "required": True,
                "description": f"The {singular.replace('_', ' ')} to validate",
                "schema": {"type": "string"},
            }
        ],
        "responses": {
            "200": {
                "description": "200",
                "content": {JSON: {"schema": copy.deepcopy(body)}},
            }
        },
    }
    for key in ("tags", "security"):
        if key in create:
            operation[key] = copy.deepcopy(create[key])
    for status, response in (create.get("responses") or {}).items():
        if str(status).startswith("4"):
            operation["responses"][str(status)] = copy.deepcopy(response)
    paths[new_path] = {"get": operation}
    release.changes.append(f"added GET {new_path} ({operation_id})")


def _add_field(release: Release, properties: dict[str, Any]) -> None:
    name = NEW_FIELD
    while name in properties:
        name += "_v2"
    properties[name] = {
        "type": "boolean",
        "default": False,
        "description": "Allow this user to use the advanced chat (new in this release).",
    }
    release.changes.append(f"added optional field {name}")


def _is_plain(schema: Any, kind: str) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") == kind
        and "enum" not in schema
        and "$ref" not in schema
    )


def _remove_enum_value(release: Release, properties: dict[str, Any]) -> None:
    """Drop one member (never the default) of the largest string enum among the fields."""
    enums = [
        (name, schema)
        for name, schema in properties.items()
        if isinstance(schema, dict)
        and schema.get("type") == "string"
        and isinstance(schema.get("enum"), list)
        and len(schema["enum"]) >= 3
    ]
    if not enums:
        return
    name, schema = max(enums, key=lambda pair: len(pair[1]["enum"]))
    removable = [value for value in schema["enum"] if value != schema.get("default")]
    dropped = removable[-1]
    schema["enum"] = [value for value in schema["enum"] if value != dropped]
    release.changes.append(f"removed {dropped!r} from the {name} enum")


def _rename_field(release: Release, properties: dict[str, Any]) -> None:
    plain = [name for name, schema in properties.items() if _is_plain(schema, "string")]
    preferred = [name for name in PREFERRED_RENAMES if name in plain]
    if not plain:
        return
    old = (preferred or plain)[0]
    new = PREFERRED_RENAMES.get(old, f"{old}_v2")
    if new in properties:
        return
    # Keep the field's position: a rename, not a removal and an addition at the end.
    renamed = {(new if key == old else key): value for key, value in properties.items()}
    properties.clear()
    properties.update(renamed)
    for holder in _schema_holding(release.document, properties):
        if isinstance(holder.get("required"), list):
            holder["required"] = [new if item == old else item for item in holder["required"]]
    release.changes.append(f"renamed field {old} to {new}")


def _remove_field(release: Release, properties: dict[str, Any]) -> None:
    """Remove the last optional boolean field (other than the one just added)."""
    required: set[str] = set()
    for holder in _schema_holding(release.document, properties):
        required.update(holder.get("required") or [])
    removable = [
        name
        for name, schema in properties.items()
        if _is_plain(schema, "boolean") and name not in required and not name.startswith(NEW_FIELD)
    ]
    if not removable:
        return
    del properties[removable[-1]]
    release.changes.append(f"removed field {removable[-1]}")


def _bump_major_version(release: Release) -> None:
    info = release.document.setdefault("info", {})
    old = str(info.get("version", "0"))
    match = re.search(r"\d+", old)
    new = f"{int(match[0]) + 1 if match else 1}.0.0"
    info["version"] = new
    release.changes.append(f"info.version {old} -> {new}")
