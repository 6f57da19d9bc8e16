"""The semantic comparison of two intermediate models: operations and what is API-wide.

Operations are matched by HTTP method and path (path parameters by their position, so
renaming ``{id}`` to ``{room_id}`` is not a new operation); parameters by location and
wire name, then what is left over: by wire name alone (moved to another location), by
header name ignoring case (HTTP does: no change at all), and by location and Python
name: ``ignoreNbf`` → ``ignore_nbf`` is one parameter renamed on the wire (breaking, see
:mod:`~generator.drift.rules`), not one removed and one added, since code using the SDK
still passes ``ignore_nbf=``. Path parameters need no such step (their names are not
sent). Responses are matched by status. What an operation sends and receives is compared by
:class:`~generator.drift.types.SchemaDiffer`, this class's base, in the right direction.

A schema shared by many operations is compared once per direction; its changes are then
attributed to every operation that reaches it (walking back up the graph of which
operation or class reached which), so a change to a common model is one entry listing
its operations instead of hundreds of copies.

Where the intermediate model has no exact place for something, the nearest place is
used: parameters point at the operation's ``parameters`` (their index, and whether they
were declared on the path item, is not kept), security at the operation's ``security``
(even when inherited from the root), bodies and responses at the operation even when
they are ``$ref``s to components, properties merged from ``allOf`` members at their
model's ``properties``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..diagnostics import SpecLocation
from ..model.ir import ANY, Api, Operation, Parameter, Resource, Response
from .result import Change, Side
from .rules import level_of
from .support import Notes, Owner, Where, header_spelling, take_pairs
from .types import SchemaDiffer

_PATH_PARAMETER = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True)
class OperationPair:
    old: Operation
    new: Operation
    old_resource: Resource
    new_resource: Resource


def operation_label(operation: Operation) -> str:
    return f"{operation.http_method} {operation.path}"


def match_operations(
    old: Api, new: Api
) -> tuple[list[OperationPair], list[tuple[Operation, Resource]], list[tuple[Operation, Resource]]]:
    """(matched, removed, added): by method and path, then by method and path shape."""
    old_ops = {(o.http_method, o.path): (o, r) for o, r in old.operations}
    new_ops = {(o.http_method, o.path): (o, r) for o, r in new.operations}
    pairs = [
        OperationPair(o, new_ops[k][0], r, new_ops[k][1]) for k, (o, r) in old_ops.items() if k in new_ops
    ]
    removed = {k: v for k, v in old_ops.items() if k not in new_ops}
    added = {k: v for k, v in new_ops.items() if k not in old_ops}
    shapes: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for key in added:
        shapes.setdefault((key[0], _PATH_PARAMETER.sub("{}", key[1])), []).append(key)
    for key in list(removed):
        candidates = shapes.get((key[0], _PATH_PARAMETER.sub("{}", key[1])), [])
        if len(candidates) == 1 and candidates[0] in added:
            (o, r), (n, nr) = removed.pop(key), added.pop(candidates[0])
            pairs.append(OperationPair(o, n, r, nr))
    return pairs, list(removed.values()), list(added.values())


class Engine(SchemaDiffer):
    """Compares two APIs; :meth:`run` returns the changes."""

    def __init__(self, old: Api, new: Api, notes: Notes) -> None:
        super().__init__(old, new, notes)
        self.pairs, self.removed, self.added = match_operations(old, new)

    # ------------------------------------------------------------------ driving

    def run(self) -> list[Change]:
        for operation, _ in self.removed:
            self._emit(
                operation_label(operation),
                "operation-removed",
                f"{operation_label(operation)} was removed",
                "old",
                operation.source,
            )
        for operation, _ in self.added:
            self._emit(
                operation_label(operation),
                "operation-added",
                f"{operation_label(operation)} was added",
                "new",
                operation.source,
            )
        for pair in self.pairs:
            self._operation(pair.old, pair.new)
        self.notes.reorder(
            "operations",
            "",
            "operations",
            [(o.http_method, o.path) for o, _ in self.old.operations],
            [(o.http_method, o.path) for o, _ in self.new.operations],
        )
        self.drain()
        self._servers()
        self._security_schemes()
        return self._attributed()

    def _attributed(self) -> list[Change]:
        """One change per (rule, place, message), listing every operation that reaches it."""
        reached: dict[Owner, frozenset[str]] = {}

        def operations_of(owner: Owner) -> frozenset[str]:
            if isinstance(owner, str):
                return frozenset((owner,)) if owner else frozenset()
            if owner in reached:
                return reached[owner]
            found: set[str] = set()
            seen: set[Owner] = {owner}
            stack: list[Owner] = [owner]
            while stack:
                current = stack.pop()
                for parent in self._parents.get(current, ()) if not isinstance(current, str) else ():
                    if isinstance(parent, str):
                        found.add(parent)
                    elif parent not in seen:
                        seen.add(parent)
                        stack.append(parent)
            reached[owner] = frozenset(found)
            return reached[owner]

        grouped: dict[tuple[str, Side, str, str, str], set[str]] = {}
        for owner, raws in self._raw.items():
            operations = operations_of(owner)
            for raw in raws:
                key = (raw.rule, raw.side, raw.location.file, raw.location.pointer, raw.message)
                grouped.setdefault(key, set()).update(operations)
        changes = []
        for (rule, side, file, pointer, message), reaching in grouped.items():
            ordered = tuple(sorted(reaching, key=operation_order))
            changes.append(
                Change(
                    rule=rule,
                    level=level_of(rule),
                    message=message,
                    pointer=pointer,
                    side=side,
                    operation=ordered[0] if ordered else None,
                    operations=ordered,
                    file=file,
                )
            )
        return changes

    # --------------------------------------------------------------- operations

    def _operation(self, old: Operation, new: Operation) -> None:
        label = operation_label(new)
        where = Where(label, old.source, new.source)
        if new.deprecated and not old.deprecated:
            self._emit(label, "operation-deprecated", f"{label} is now deprecated", "new", new.source)
        self.notes.deprecation("operations", label, old.deprecated, new.deprecated)
        self.notes.description("operations", label, old.summary, new.summary)
        self.notes.description("operations", label, old.description, new.description)
        self._security(label, old, new, where)
        self._parameters(label, old, new, where)
        self._body(label, old, new, where)
        self._responses(label, old, new, where)

    def _security(self, label: str, old: Operation, new: Operation, where: Where) -> None:
        before, after = set(old.security), set(new.security)
        if before == after:
            return
        place = where.child(f"security of {label}", "security")
        open_before = not before or () in before
        open_after = not after or () in after
        if open_before and not open_after:
            self._emit(
                label, "security-requirement-added", f"{label} now requires authentication", "new", place.new
            )
            return
        if open_after and not open_before:
            self._emit(
                label,
                "security-requirement-removed",
                f"{label} no longer requires authentication",
                "new",
                place.new,
            )
            return
        if not (before & after) and not open_before:
            self._emit(
                label,
                "security-requirement-changed",
                f"{label} now authenticates with {_schemes(after)} instead of {_schemes(before)}",
                "new",
                place.new,
            )
            return
        for alternative in sorted(after - before - {()}):
            self._emit(
                label,
                "security-alternative-added",
                f"{label} also accepts authentication with {_schemes([alternative])}",
                "new",
                place.new,
            )
        for alternative in sorted(before - after - {()}):
            self._emit(
                label,
                "security-alternative-removed",
                f"{label} no longer accepts authentication with {_schemes([alternative])}",
                "old",
                place.old,
            )

    def _parameters(self, label: str, old: Operation, new: Operation, where: Where) -> None:
        before = {parameter_key(p, old.path): p for p in old.parameters}
        after = {parameter_key(p, new.path): p for p in new.parameters}
        place = where.child("", "parameters")
        removed = {k: p for k, p in before.items() if k not in after}
        added = {k: p for k, p in after.items() if k not in before}
        same = [(p, after[k]) for k, p in before.items() if k in after]
        moved = take_pairs(removed, added, lambda p: p.wire_name)
        respelled = take_pairs(removed, added, lambda p: header_spelling(p.location, p.wire_name))
        renamed = take_pairs(removed, added, lambda p: (p.location, p.name))
        for parameter in removed.values():
            self._emit(
                label,
                "parameter-removed",
                f"{_describe_parameter(parameter)} of {label} was removed",
                "old",
                place.old,
            )
        for parameter in added.values():
            rule = "parameter-added-required" if parameter.required else "parameter-added-optional"
            kind = "required" if parameter.required else "optional"
            self._emit(
                label, rule, f"{label} has a new {kind} {_describe_parameter(parameter)}", "new", place.new
            )
        for old_p, new_p in moved:
            self._emit(
                label,
                "parameter-location-changed",
                f"parameter `{new_p.wire_name}` of {label} moved from {old_p.location} to {new_p.location}",
                "new",
                place.new,
            )
        for old_p, new_p in respelled:
            self.notes.other.append(
                f"header `{old_p.wire_name}` of {label} is now spelled `{new_p.wire_name}` "
                "(header names are case-insensitive)"
            )
        for old_p, new_p in renamed:
            self._emit(
                label,
                "parameter-wire-name-changed",
                f"{_describe_parameter(old_p)} of {label} is now `{new_p.wire_name}`: renamed on the wire; "
                f"SDK callers unaffected (still `{new_p.name}=`)",
                "new",
                place.new,
            )
        for old_p, new_p in [*same, *moved, *respelled, *renamed]:
            self._parameter(label, old_p, new_p, place)
        new_keys = {parameter_key(o, old.path): parameter_key(n, new.path) for o, n in respelled + renamed}
        self.notes.reorder(
            "keyword parameters",
            "operations",
            label,
            [new_keys.get(k, k) for k, p in before.items() if p.location != "path"],
            [k for k, p in after.items() if p.location != "path"],
        )

    def _parameter(self, label: str, old: Parameter, new: Parameter, place: Where) -> None:
        subject = f"{_describe_parameter(new)} of {label}"
        if old.required != new.required:
            rule = "parameter-became-required" if new.required else "parameter-became-optional"
            self._emit(
                label,
                rule,
                f"{subject} is now {'required' if new.required else 'optional'}",
                "new",
                place.new,
            )
        if new.deprecated and not old.deprecated:
            self._emit(label, "parameter-deprecated", f"{subject} is now deprecated", "new", place.new)
        self.notes.deprecation("parameters", subject, old.deprecated, new.deprecated)
        if (old.style, old.explode) != (new.style, new.explode) and old.location == new.location:
            self._emit(
                label,
                "parameter-serialization-changed",
                f"{subject} is serialized as style={new.style}, explode={str(new.explode).lower()} "
                f"(was style={old.style}, explode={str(old.explode).lower()})",
                "new",
                place.new,
            )
        self._default(label, subject, old.has_default, old.default, new.has_default, new.default, place)
        self.notes.description(
            "parameters", f"{label} {new.location} {new.wire_name}", old.description, new.description
        )
        self.types(old.type, new.type, replace(place, subject=subject), "request", label)

    def _body(self, label: str, old: Operation, new: Operation, where: Where) -> None:
        place = where.child(f"the request body of {label}", "requestBody")
        before, after = old.body, new.body
        if before is None and after is None:
            return
        if before is None:
            assert after is not None
            rule = "request-body-added-required" if after.required else "request-body-added-optional"
            kind = "required" if after.required else "optional"
            self._emit(label, rule, f"{label} takes a new {kind} request body", "new", place.new)
            return
        if after is None:
            self._emit(
                label, "request-body-removed", f"{label} no longer takes a request body", "old", place.old
            )
            return
        self.notes.description("request bodies", label, before.description, after.description)
        if before.required != after.required:
            rule = "request-body-became-required" if after.required else "request-body-became-optional"
            self._emit(
                label,
                rule,
                f"the request body of {label} is now {'required' if after.required else 'optional'}",
                "new",
                place.new,
            )
        if before.encoding != after.encoding or (
            before.encoding in ("binary", "text") and _media(before.media_type) != _media(after.media_type)
        ):
            self._emit(
                label,
                "request-body-media-type-changed",
                f"the request body of {label} is sent as {after.media_type} (was {before.media_type})",
                "new",
                place.new,
            )
            return
        schema = place.child(place.subject, "content", after.media_type, "schema")
        self.types(before.type, after.type, schema, "request", label)

    def _responses(self, label: str, old: Operation, new: Operation, where: Where) -> None:
        before = {r.status: r for r in old.responses}
        after = {r.status: r for r in new.responses}
        old_success = {r.status for r in old.successes}
        new_success = {r.status for r in new.successes}
        for status, response in before.items():
            place = where.child(f"response {status} of {label}", "responses", status)
            if status not in after:
                success = status in old_success
                rule = "response-success-status-removed" if success else "response-error-status-removed"
                self._emit(label, rule, f"{label} no longer returns status {status}", "old", place.old)
            else:
                self._response(label, response, after[status], place)
        for status in after:
            if status not in before:
                place = where.child("", "responses", status)
                rule = (
                    "response-success-status-added"
                    if status in new_success
                    else "response-error-status-added"
                )
                self._emit(label, rule, f"{label} may return status {status}", "new", place.new)

    def _response(self, label: str, old: Response, new: Response, place: Where) -> None:
        self.notes.description("responses", f"{label} {new.status}", old.description, new.description)
        if old.kind == new.kind == "empty":
            return
        if old.kind == "empty":
            self._emit(label, "response-body-added", f"{place.subject} now has a body", "new", place.new)
            return
        if new.kind == "empty":
            self._emit(
                label, "response-body-removed", f"{place.subject} no longer has a body", "old", place.old
            )
            return
        if old.kind != new.kind:
            self._emit(
                label,
                "response-media-type-changed",
                f"{place.subject} is now {new.kind} ({new.media_type}), was {old.kind} ({old.media_type})",
                "new",
                place.new,
            )
            return
        if old.kind == "json" and (old.type is not None or new.type is not None):
            schema = place.child(place.subject, "content", new.media_type or "application/json", "schema")
            self.types(old.type or ANY, new.type or ANY, schema, "response", label)

    # ---------------------------------------------------------------- API-wide

    def _servers(self) -> None:
        from ..emit.client_views import default_base_url

        old_url, new_url = default_base_url(self.old), default_base_url(self.new)
        if old_url != new_url:
            self._emit(
                "",
                "server-url-changed",
                f"the default server changed from {old_url or 'none'} to {new_url or 'none'}",
                "new",
                _root(self.new).child("servers", 0),
            )
        old_urls = [s.url for s in self.old.servers]
        new_urls = [s.url for s in self.new.servers]
        for index, url in enumerate(old_urls):
            if index and url not in new_urls:
                self._emit(
                    "",
                    "server-removed",
                    f"server {url} was removed",
                    "old",
                    _root(self.old).child("servers", index),
                )
        for index, url in enumerate(new_urls):
            if index and url not in old_urls:
                self._emit(
                    "",
                    "server-added",
                    f"server {url} was added",
                    "new",
                    _root(self.new).child("servers", index),
                )
        new_servers = {s.url: s for s in self.new.servers}
        for server in self.old.servers:
            if server.url in new_servers:
                self.notes.description(
                    "servers", server.url, server.description, new_servers[server.url].description
                )
        self.notes.reorder("servers", "", "servers", old_urls[1:], new_urls[1:])

    def _security_schemes(self) -> None:
        before = {s.key: s for s in self.old.security_schemes}
        for scheme in self.new.security_schemes:
            old = before.get(scheme.key)
            if old is None:
                continue
            self.notes.description("security schemes", scheme.key, old.description, scheme.description)
            if (old.kind, old.location, old.parameter_name) != (
                scheme.kind,
                scheme.location,
                scheme.parameter_name,
            ):
                self._emit(
                    "",
                    "security-scheme-changed",
                    f"security scheme `{scheme.key}` is now "
                    f"{_scheme_text(scheme.kind, scheme.location, scheme.parameter_name)} "
                    f"(was {_scheme_text(old.kind, old.location, old.parameter_name)})",
                    "new",
                    _root(self.new).child("components", "securitySchemes", scheme.key),
                )


# ---------------------------------------------------------------------- helpers


def parameter_key(parameter: Parameter, path: str) -> tuple[str, str]:
    """How a parameter is matched: path parameters by position in the path, others by name."""
    if parameter.location == "path":
        names = _PATH_PARAMETER.findall(path)
        if parameter.wire_name in names:
            return ("path", f"#{names.index(parameter.wire_name)}")
    return (parameter.location, parameter.wire_name)


def _describe_parameter(parameter: Parameter) -> str:
    return f"{parameter.location} parameter `{parameter.wire_name}`"


def _root(api: Api) -> SpecLocation:
    """The root document of an API (where its operations are), for API-wide pointers."""
    for operation, _ in api.operations:
        return SpecLocation(operation.source.file)
    for model in api.models:
        return SpecLocation(model.source.file)
    return SpecLocation("")


def _schemes(alternatives: Iterable[tuple[str, ...]]) -> str:
    texts = [" + ".join(alternative) or "no authentication" for alternative in sorted(alternatives)]
    return " or ".join(texts) or "no authentication"


def _scheme_text(kind: str, location: str, name: str) -> str:
    return f"{kind} in {location} `{name}`" if kind == "api_key" else kind


def _media(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


_METHOD_ORDER = {
    m: i for i, m in enumerate(("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"))
}


def operation_order(label: str) -> tuple[str, int, str]:
    method, _, path = label.partition(" ")
    return (path, _METHOD_ORDER.get(method, 99), method)
