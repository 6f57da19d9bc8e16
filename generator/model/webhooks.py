"""Webhook events: the requests an API sends to its users, from 3.1 ``webhooks`` and 3.0 callbacks.

Each request body with a JSON schema is an event, typed like any schema (the builder names
inline ones ``<Webhook>Event``). The events are told apart by one property (``type`` unless the
configuration, the spec's ``x-webhook-signature`` or a ``oneOf`` discriminator says otherwise):
the values its enum or ``const`` allows name the event's class. An event whose class declares
no such values is recognised by its shape, when its payload has no type at all.

Collecting comes before duplicate inline types are merged (the bodies' schemas are built then,
in spec order); the event classes are kept out of the merge (:func:`event_classes`), so the
names recorded here stay valid. Tags are read after the merge, from the final models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..diagnostics import Report, SpecLocation
from ..spec.refs import Node, Workspace
from .ir import (
    Enum,
    EnumType,
    JsonValue,
    LiteralType,
    Model,
    ModelType,
    NullableType,
    TypeRef,
    UnionType,
    WebhookEvent,
    Webhooks,
)
from .naming import class_name
from .schemas import SchemaBuilder, declared_examples
from .text import spec_text
from .webhook_schemes import DEFAULT_EVENT_FIELD, SchemeError, check_table, event_field, signature_of

HTTP_METHODS = ("post", "put", "patch", "delete", "get", "options", "head", "trace")
"""The methods of a Path Item, the usual webhook method first."""
EXTENSION = "x-webhook-signature"


@dataclass(frozen=True)
class DraftEvent:
    """An event's body as collected, before its tags can be read."""

    name: str
    type: TypeRef
    origin: Literal["webhook", "callback"]
    source: SpecLocation
    summary: str | None
    examples: tuple[JsonValue, ...]


def collect_events(
    root: Node, workspace: Workspace, schemas: SchemaBuilder, report: Report
) -> list[DraftEvent]:
    """Every webhook and callback request body with a JSON schema, in spec order (webhooks first)."""
    found: list[DraftEvent] = []
    seen: set[str] = set()
    webhooks = root.get("webhooks")
    if webhooks is not None and isinstance(webhooks.value, dict):
        for name in webhooks.value:
            _collect(str(name), "webhook", webhooks.child(name), workspace, schemas, report, found, seen)
    paths = root.get("paths")
    if paths is not None and isinstance(paths.value, dict):
        for path in paths.value:
            item = workspace.resolve(paths.child(path))
            for method in HTTP_METHODS if isinstance(item.value, dict) else ():
                operation = item.get(method)
                operation = workspace.resolve(operation) if operation is not None else None
                callbacks = operation.get("callbacks") if operation is not None else None
                if callbacks is None or not isinstance(callbacks.value, dict):
                    continue
                for name in callbacks.value:
                    callback = workspace.resolve(callbacks.child(name))
                    for expression in callback.value if isinstance(callback.value, dict) else ():
                        if not str(expression).startswith("x-"):
                            entry = callback.child(expression)
                            _collect(str(name), "callback", entry, workspace, schemas, report, found, seen)
    return found


def _collect(
    name: str,
    origin: Literal["webhook", "callback"],
    entry: Node,
    workspace: Workspace,
    schemas: SchemaBuilder,
    report: Report,
    found: list[DraftEvent],
    seen: set[str],
) -> None:
    item = workspace.resolve(entry)
    if not isinstance(item.value, dict):
        return
    for method in HTTP_METHODS:
        operation = item.get(method)
        operation = workspace.resolve(operation) if operation is not None else None
        if operation is None or not isinstance(operation.value, dict) or operation.key in seen:
            continue
        seen.add(operation.key)  # a callback that several operations reference is one event
        body = operation.get("requestBody")
        body = workspace.resolve(body) if body is not None else None
        content = body.get("content") if body is not None else None
        json_types = [
            m
            for m in (content.value if content is not None and isinstance(content.value, dict) else ())
            if _is_json(str(m))
        ]
        if content is None or not json_types:
            where = (content or body or operation).location
            report.warn(f"{origin} '{name}' has no JSON request body; it is not among the events", where)
            continue
        media = workspace.resolve(content.child(json_types[0]))
        schema = media.get("schema")
        if schema is None:
            report.warn(
                f"{origin} '{name}' has no schema for its body; it is not among the events", media.location
            )
            continue
        hint = class_name(name, fallback="Event") + "Event"
        summary = spec_text(operation.value.get("summary") or operation.value.get("description"))
        found.append(
            DraftEvent(
                name=name,
                type=schemas.type_of(schema, hint),
                origin=origin,
                source=operation.location,
                summary=summary,
                examples=declared_examples(media.value),
            )
        )


def _is_json(media_type: str) -> bool:
    base = media_type.split(";", 1)[0].strip().lower()
    return base in ("application/json", "text/json") or base.endswith("+json")


def event_classes(drafts: list[DraftEvent]) -> frozenset[str]:
    """The classes events are read into (kept out of the merge of identical types)."""
    names = set()
    for draft in drafts:
        for variant in _variants(draft.type):
            if isinstance(variant, ModelType):
                names.add(variant.name)
    return frozenset(names)


def _variants(t: TypeRef) -> tuple[TypeRef, ...]:
    return t.variants if isinstance(t, UnionType) else (t,)


def declared_scheme(root: Node, report: Report) -> dict[str, Any] | None:
    """The spec's ``x-webhook-signature`` table, checked (a wrong one is ignored, with a warning)."""
    node = root.get(EXTENSION)
    if node is None:
        return None
    try:
        return check_table(node.value)
    except SchemeError as exc:
        where = (
            node.child(exc.key)
            if exc.key is not None and isinstance(node.value, dict) and exc.key in node.value
            else node
        )
        report.warn(f"{EXTENSION}: {exc}; the extension is ignored", where.location)
        return None


def build_webhooks(
    drafts: list[DraftEvent],
    models: Mapping[str, Model],
    enums: Mapping[str, Enum],
    configured: Mapping[str, Any] | None,
    declared: Mapping[str, Any] | None,
    report: Report,
    *,
    described: bool = False,
) -> Webhooks | None:
    """The events with their tags, and the signature scheme; ``None`` when there is nothing to
    verify: no event, no ``webhooks`` in the spec (``described``), no configured or declared
    scheme."""
    if not drafts and not described and configured is None and declared is None:
        return None
    field = event_field(configured, declared) or _discriminated_field(drafts) or DEFAULT_EVENT_FIELD
    events: list[WebhookEvent] = []
    owners: dict[str, str] = {}
    for draft in drafts:
        union = draft.type if isinstance(draft.type, UnionType) else None
        for variant in _variants(draft.type):
            if not isinstance(variant, ModelType) or variant.name not in models:
                report.warn(
                    f"{draft.origin} '{draft.name}': a body that is no JSON object is not an event",
                    draft.source,
                )
                continue
            tags = _tags(models[variant.name], field, enums)
            if (
                union is not None
                and union.discriminator is not None
                and union.discriminator.property == field
            ):
                tags = (
                    tuple(tag for tag, model in union.discriminator.mapping if model == variant.name) or tags
                )
            kept = []
            for tag in tags:
                owner = owners.setdefault(tag, variant.name)
                if owner == variant.name:
                    kept.append(tag)
                else:
                    report.warn(
                        f"{draft.origin} '{draft.name}': {field} {tag!r} already names {owner}; "
                        f"it is read as {owner}",
                        draft.source,
                    )
            events.append(
                WebhookEvent(
                    name=draft.name,
                    model=variant.name,
                    tags=tuple(kept),
                    origin=draft.origin,
                    source=draft.source,
                    summary=draft.summary,
                    examples=draft.examples,
                )
            )
    return Webhooks(tuple(events), field, signature_of(configured, declared))


def _discriminated_field(drafts: list[DraftEvent]) -> str | None:
    for draft in drafts:
        if isinstance(draft.type, UnionType) and draft.type.discriminator is not None:
            return draft.type.discriminator.property
    return None


def _tags(model: Model, field: str, enums: Mapping[str, Enum]) -> tuple[str, ...]:
    """The string values the model's ``field`` may take (its ``const`` or enum), if it says."""
    for f in model.fields:
        if f.wire_name != field:
            continue
        t = f.type.inner if isinstance(f.type, NullableType) else f.type
        if isinstance(t, LiteralType) and isinstance(t.value, str):
            return (t.value,)
        if isinstance(t, EnumType) and t.name in enums:
            return tuple(m.value for m in enums[t.name].members if isinstance(m.value, str))
    return ()
