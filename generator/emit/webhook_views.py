"""The view of the SDK's ``webhooks.py`` (the events and the signature scheme) and of its README
section: what the templates print, from :class:`~generator.model.ir.Webhooks`. The code it holds
is data (bracketed :class:`~generator.emit.brackets.Group` values and the union's members), which
the template lays out."""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..config import Settings
from ..model.ir import Api, Model, Webhooks
from .brackets import Code, Group, prefixed
from .common import natural_key
from .spelling import python_literal

UNKNOWN_EVENT = "UnknownWebhookEvent"
ALIASES = ("WebhookEvent", "AnyWebhookEvent", "WebhookEventUnion", "SdkWebhookEvent")
"""Names for the union of the events, the first that no model of the API takes (runtime names
such as ``UnknownWebhookEvent`` are reserved for them already); ``WebhookEvent_`` after them."""
ATTRIBUTE = "webhooks"
FALLBACK_ATTRIBUTE = "webhook_signatures"
"""The client's attribute when a resource of the API is named ``webhooks`` already (Daily's is)."""


@dataclass(frozen=True)
class WebhookView:
    attribute: str
    """``client.webhooks`` (or :data:`FALLBACK_ATTRIBUTE`)."""
    secret_env: str
    imports: tuple[Group, ...]
    """``from .models.x import (X)`` of each event class (parentheses only when split)."""
    alias: str
    """The name of the union of the events: ``WebhookEvent``, unless a model of the API has it."""
    members: tuple[str, ...]
    """The union's members: the event classes, then ``UnknownWebhookEvent``."""
    scheme: Group
    """``WebhookSignatureScheme(...)``, the value of ``SIGNATURE_SCHEME``."""
    reader: Group
    """``WebhookEventReader(...)``, the value of ``_EVENTS``."""
    preset: str
    signature_header: str
    timestamp_header: str | None
    id_header: str | None
    field: str
    events: tuple[tuple[str, str, str], ...]
    """(event name, class, the tags that name it, as README text) in spec order."""
    example_event: str | None
    """The class the README's handler checks for."""
    tolerance: str


def webhook_secret_env(settings: Settings) -> str:
    """``DAILY_WEBHOOK_SECRET``: named like the API key's variable."""
    prefix = settings.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY") or "API"
    return f"{prefix}_WEBHOOK_SECRET"


def webhook_attribute(api: Api) -> str:
    return FALLBACK_ATTRIBUTE if any(r.name == ATTRIBUTE for r in api.resources) else ATTRIBUTE


def webhook_view(api: Api, settings: Settings) -> WebhookView | None:
    webhooks = api.webhooks
    if webhooks is None:
        return None
    models = {m.name: m for m in api.models}
    classes = sorted({event.model for event in webhooks.events}, key=natural_key)
    imports = tuple(
        Group(f"from .models.{models[name].module} import (", (name,), ")", optional=True)
        for name in sorted(classes, key=lambda name: natural_key(models[name].module))
    )
    signature = webhooks.signature
    arguments: list[Code] = [
        f"{f.name}={python_literal(getattr(signature, f.name))}"
        for f in fields(signature)
        if f.name != "preset"
    ]
    return WebhookView(
        attribute=webhook_attribute(api),
        secret_env=webhook_secret_env(settings),
        imports=imports,
        alias=next((name for name in ALIASES if name not in models), "WebhookEvent_"),
        members=(*classes, UNKNOWN_EVENT),
        scheme=Group("WebhookSignatureScheme(", tuple(arguments), ")"),
        reader=_reader(webhooks, models),
        preset=signature.preset,
        signature_header=signature.signature_header,
        timestamp_header=signature.timestamp_header,
        id_header=signature.id_header,
        field=webhooks.field,
        events=tuple(
            (e.name, e.model, ", ".join(f"`{tag}`" for tag in e.tags) or "(by its shape)")
            for e in webhooks.events
        ),
        example_event=webhooks.events[0].model if webhooks.events else None,
        tolerance=f"{signature.tolerance:g}",
    )


def _reader(webhooks: Webhooks, models: dict[str, Model]) -> Group:
    """``WebhookEventReader(field, typed, untyped, open)``: the classes by type value, then those
    read by shape (without the field; with a field of any value)."""
    typed: dict[str, str] = {}
    untyped: list[str] = []
    open_: list[str] = []
    for event in webhooks.events:
        for tag in event.tags:
            typed.setdefault(tag, event.model)
        if not event.tags:
            has_field = any(f.wire_name == webhooks.field for f in models[event.model].fields)
            shaped = open_ if has_field else untyped
            if event.model not in shaped:
                shaped.append(event.model)
    entries = tuple(prefixed(f"{python_literal(tag)}: ", _codec(model)) for tag, model in typed.items())
    items: list[Code] = [python_literal(webhooks.field), Group("{", entries, "}")]
    if untyped or open_:
        items.append(Group("(", tuple(_codec(model) for model in untyped), ")", one_tuple=True))
    if open_:
        items.append(Group("open=(", tuple(_codec(model) for model in open_), ")", one_tuple=True))
    return Group("WebhookEventReader(", tuple(items), ")")


def _codec(model: str) -> Group:
    # Black gives a call's sole lambda argument no trailing comma when it splits the call.
    return Group("codec.model(", (f"lambda: {model}",), ")", comma=False)
