"""The escape hatch of :mod:`generator.model.directions`: readOnly properties requests still send.

Some APIs mark an object's ``id`` readOnly, yet a request that refers to such an object
(``{"owner": {"id": 7}}``) must send it. ``[tool.generator.directions] send-read-only``
names those properties, as ``Schema.property`` (a component schema's key, and a property
it declares or takes through ``allOf``) or ``Schema`` (every readOnly property of it); they
are built as ordinary properties, sent and read, required where the spec requires them.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..diagnostics import Report, SpecLocation, unescape_token
from ..spec.refs import Node
from .ir import Field

SETTING = "[tool.generator.directions] send-read-only"
_COMPONENT_SCHEMAS = "/components/schemas/"


@dataclass
class SentReadOnly:
    """The configured properties, by component schema key, and those a schema really had."""

    by_schema: dict[str, frozenset[str]] = field(default_factory=dict)
    """Component schema key → property names (``*``: every readOnly one)."""
    entries: tuple[tuple[str, str, str, SpecLocation], ...] = ()
    """(entry as written, schema key, property or ``*``, the schema's place), in order."""
    met: set[tuple[str, str]] = field(default_factory=set)
    """(schema key, property) of every readOnly property the configuration made ordinary."""

    @classmethod
    def configured(cls, entries: Sequence[str], components: Node | None, report: Report) -> SentReadOnly:
        """The configured entries, each resolved to a component schema (an error names one that
        is not a schema of the spec)."""
        schemas = components.get("schemas") if components is not None else None
        keys = sorted(schemas.value) if schemas is not None and isinstance(schemas.value, dict) else []
        resolved: list[tuple[str, str, str, SpecLocation]] = []
        by_schema: dict[str, set[str]] = {}
        for entry in entries:
            schema, _, prop = (entry, "", "*") if entry in keys else entry.rpartition(".")
            if schema not in keys or schemas is None:
                close = difflib.get_close_matches(schema or entry, keys, n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise report.error(
                    f"{SETTING}: {entry!r} names no component schema of the spec{hint}; "
                    "write 'Schema.property' or 'Schema' with the key under #/components/schemas"
                )
            resolved.append((entry, schema, prop, schemas.child(schema).location))
            by_schema.setdefault(schema, set()).add(prop)
        return cls({k: frozenset(v) for k, v in by_schema.items()}, tuple(resolved))

    def applied(self, built: Field, owner: Node, source: Node) -> Field:
        """``built`` (a readOnly property of ``source``, merged into ``owner``'s model) as an
        ordinary property when the configuration names it under either schema."""
        for key in sorted({k for k in (_component_key(owner), _component_key(source)) if k is not None}):
            sent = self.by_schema.get(key, frozenset())
            if built.wire_name in sent or "*" in sent:
                self.met.add((key, built.wire_name))
                built = replace(built, read_only=False)
        return built

    def check(self, report: Report) -> None:
        """An error for an entry that matched no readOnly property (a typo, or a property
        that is not readOnly): a setting that silently does nothing is worse than none."""
        for entry, schema, prop, where in self.entries:
            found = any(key == schema and (prop in ("*", wire)) for key, wire in self.met)
            if not found:
                what = "readOnly property" + ("" if prop == "*" else f" {prop!r}")
                raise report.error(f"{SETTING}: {entry!r}: the schema {schema!r} has no {what}", where)


def _component_key(node: Node) -> str | None:
    """The key of the component schema at ``node`` (``Pet``), if it is one."""
    if node.pointer.startswith(_COMPONENT_SCHEMAS) and "/" not in node.pointer[len(_COMPONENT_SCHEMAS) :]:
        return unescape_token(node.pointer[len(_COMPONENT_SCHEMAS) :])
    return None
