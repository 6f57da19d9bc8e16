"""Paths and operations → resources, operations, parameters, bodies and responses.

Naming rules (all overridable in ``[tool.generator.names.operations]``, see
:mod:`generator.model.renames`):

* An operation belongs to the resource of its first tag (``meeting-tokens`` →
  ``client.meeting_tokens``); without tags, to the first fixed segment of its path.
* An ``operationId`` a person wrote names the method: snake_case without the resource
  noun, articles and filler words (``CreateMeetingToken`` → ``create``, ``get-an-album``
  → ``retrieve``), see :func:`generator.model.method_names.english_method_name`.
* An operation without an ``operationId``, or whose ``operationId`` only spells method
  and path (``GetCustomersCustomerBankAccountsId``), is placed by its path: fixed
  segments below the resource become sub-resources and the method gets the REST verb
  of its shape (``client.customers.bank_accounts.retrieve``), see
  :func:`generator.model.method_names.place_by_path`.
* Collisions fall back to the longer name (:mod:`generator.model.resources`).
"""

from __future__ import annotations

import http
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..diagnostics import Report
from ..spec.refs import Node, Workspace
from .answers import answers_a_list
from .bodies import is_empty_body
from .body_arguments import without_repeated_fields
from .ir import (
    BodyField,
    ModelType,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    Response,
    ScalarType,
    SecurityScheme,
    TypeRef,
)
from .method_names import (
    NamedRoute,
    english_method_name,
    fastapi_function_name,
    namespace_of,
    nests_by_path,
    path_owners,
    place_by_path,
    refine_names,
    shape_of,
    starts_at_caller,
)
from .naming import NameAllocator, attribute_name, class_name, method_name, snake_case
from .renames import parse_renames
from .resources import DraftOperation, NodeKey, build_tree, node_class_name, node_keys
from .schemas import MALFORMED, SchemaBuilder, declared_examples, place_name
from .security import Requirements, requirements
from .text import spec_text

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# Keyword arguments every generated method has; parameters are renamed around them.
# ``response`` is the local that holds the answer in every generated method.
METHOD_RESERVED_ARGUMENTS = ("self", "timeout", "extra_headers", "extra_query", "extra_body", "response")
# Public attributes of the generated clients (and their constructor's arguments, which
# users read as attributes); resources are renamed around them.
CLIENT_RESERVED_ATTRIBUTES = (
    "api_key",
    "base_url",
    "close",
    "copy",
    "default_headers",
    "http_client",
    "max_retries",
    "password",
    "request",
    "send",
    "timeout",
    "username",
    "with_options",
)

_DEFAULT_STYLE = {"path": "simple", "query": "form", "header": "simple", "cookie": "form"}


@dataclass(frozen=True)
class _Plan:
    """Where an operation goes and its derived names, decided before anything is built."""

    node: NodeKey
    preferred: str
    fallback: str
    alternatives: tuple[str, ...] = ()


@dataclass
class OperationBuilder:
    workspace: Workspace
    report: Report
    schemas: SchemaBuilder
    class_names: NameAllocator
    operation_name_overrides: Mapping[str, str] = field(default_factory=dict)
    schemes: Mapping[str, SecurityScheme] = field(default_factory=dict)

    _resource_classes: dict[NodeKey, str] = field(default_factory=dict)
    _plans: dict[tuple[str, str], _Plan] = field(default_factory=dict)

    def reserve_resource_names(self, root: Node) -> None:
        """Place every operation, then claim resource class names before inline schemas are named."""
        found = self._operation_nodes(root)
        routes: dict[str, set[tuple[str, str]]] = {}
        for key, path, method, _, _ in found:
            routes.setdefault(key, set()).add((method.upper(), path))
        lists = {
            path: answers_a_list(self.workspace, operation)
            for _, path, method, _, operation in found
            if method == "get"
        }
        namespace = namespace_of(
            [str(o.value["operationId"]) for _, _, _, _, o in found if o.value.get("operationId")]
        )
        spoken: list[tuple[str, str]] = []
        for key, path, method, _, operation in found:
            raw = operation.value.get("operationId")
            operation_id = str(raw) if raw else _derived_operation_id(method, path)
            operation_id = fastapi_function_name(operation_id, method, path) or operation_id
            fallback = method_name(operation_id)
            if nests_by_path(str(raw) if raw else None, method, path, key):
                placed = place_by_path(method, path, key, routes[key], fallback, lists.get(path))
                plan = _Plan((key, placed.chain), placed.preferred, placed.fallback)
            else:
                shape = shape_of(method, path, routes[key], lists.get(path))
                preferred, fallback = english_method_name(
                    operation_id, key, shape, namespace, path_owners(path), starts_at_caller(path)
                )
                plan = _Plan((key, ()), preferred, fallback)
                spoken.append((method.upper(), path))
            self._plans[(method.upper(), path)] = plan
        self._refine_names(spoken)
        for node in node_keys([plan.node for plan in self._plans.values()]):
            self._resource_classes[node] = self.class_names.claim(node_class_name(node))
            self.class_names.reserve("Async" + self._resource_classes[node])

    def _refine_names(self, spoken: list[tuple[str, str]]) -> None:
        """Names that depend on the other operations of a node (see :func:`refine_names`)."""
        by_node: dict[NodeKey, list[tuple[str, str]]] = {}
        for route in spoken:
            by_node.setdefault(self._plans[route].node, []).append(route)
        for routes in by_node.values():
            plans = [self._plans[route] for route in routes]
            drafts = [
                NamedRoute(m, p, plan.node[0], plan.preferred, plan.fallback)
                for (m, p), plan in zip(routes, plans, strict=True)
            ]
            for route, plan, names in zip(routes, plans, refine_names(drafts), strict=True):
                self._plans[route] = replace(
                    plan, preferred=names[0], fallback=names[1], alternatives=names[2:]
                )

    def follow(self, node: Node | None, what: str | None = None) -> Node | None:
        """``node`` with its ``$ref`` followed; ``what`` names an object OpenAPI allows no
        Reference Object for (the reference is still followed, with a warning)."""
        if node is None or not (isinstance(node.value, dict) and isinstance(node.value.get("$ref"), str)):
            return node
        if what is not None:
            self.report.warn(
                f"OpenAPI does not allow a $ref in place of {what}; it was followed "
                f"({node.value['$ref']})",
                node.location.child("$ref"),
            )
        return self.workspace.resolve(node)

    def _operation_nodes(self, root: Node) -> list[tuple[str, str, str, Node, Node]]:
        """(resource key, path, HTTP method, path item, operation) for every operation, in spec order."""
        paths = self.follow(root.get("paths"), "the Paths object")
        found = []
        if paths is not None and isinstance(paths.value, dict):
            for path in paths.value:
                item = self.workspace.resolve(paths.child(path))
                if not isinstance(item.value, dict):
                    continue
                for method in HTTP_METHODS:
                    operation = self.follow(item.get(method), "an Operation object")
                    if operation is not None and isinstance(operation.value, dict):
                        tags = _strings(operation.value.get("tags"))
                        key = tags[0] if tags else _resource_from_path(path)
                        found.append((key, path, method, item, operation))
        return found

    def build(self, root: Node) -> tuple[Resource, ...]:
        default_security = requirements(root.value.get("security"))
        drafts = []
        for key, path, method, item, node in self._operation_nodes(root):
            try:
                drafts.append(self._operation(path, method, item, node, key, default_security))
            except MALFORMED as exc:
                self.report.warn(
                    f"{method.upper()} {path} is malformed ({type(exc).__name__}: {exc}); "
                    "no method is generated for it",
                    node.location,
                )
        return self._group(drafts, root)

    # ------------------------------------------------------------------ grouping

    def _group(self, drafts: list[DraftOperation], root: Node) -> tuple[Resource, ...]:
        tag_descriptions = {
            str(t.get("name")): spec_text(t.get("description"))
            for t in _list(root.value.get("tags"))
            if isinstance(t, dict)
        }
        renames = parse_renames(self.operation_name_overrides)
        used = {renames.match(d.operation_id, d.build.http_method, d.build.path) for d in drafts}
        for key in sorted(set(renames.keys()) - {found[1] for found in used if found}):
            self.report.warn(f"[tool.generator.names.operations] {key!r} matches no operation; it is unused")
        return build_tree(
            drafts, self._resource_classes, tag_descriptions, renames, CLIENT_RESERVED_ATTRIBUTES
        )

    # ---------------------------------------------------------------- operations

    def _operation(
        self,
        path: str,
        method: str,
        item: Node,
        node: Node,
        resource_key: str,
        default_security: Requirements,
    ) -> DraftOperation:
        spec = node.value
        raw_id = spec.get("operationId")
        operation_id = str(raw_id) if raw_id else _derived_operation_id(method, path)
        tags = tuple(_strings(spec.get("tags")))
        hint = class_name(operation_id, fallback="Operation")

        arguments = NameAllocator(METHOD_RESERVED_ARGUMENTS)
        parameters = self._parameters(item, node, arguments)
        body = self._request_body(node, method, hint, arguments)
        if body is not None:
            body = without_repeated_fields(body, parameters, self.report, node.location)
        responses = self._responses(node, hint)
        security = requirements(spec["security"]) if "security" in spec else default_security

        plan = self._plans[(method.upper(), path)]
        operation = Operation(
            operation_id=operation_id,
            method_name=plan.preferred,
            http_method=method.upper(),
            path=path,
            parameters=parameters,
            body=body,
            responses=responses,
            # Requirements naming a scheme the SDK cannot apply are dropped (the scheme
            # was reported when it was read); an empty requirement means "anonymous".
            security=tuple(alt for alt in security.alternatives if all(k in self.schemes for k in alt)),
            scopes=security.token_scopes(self.schemes),
            source=node.location,
            summary=spec_text(spec.get("summary")),
            description=spec_text(spec.get("description")),
            deprecated=bool(spec.get("deprecated", False)),
            tags=tags,
        )
        return DraftOperation(
            operation_id,
            plan.preferred,
            plan.fallback,
            resource_key,
            plan.node[1],
            operation,
            plan.alternatives,
        )

    def _parameters(self, item: Node, node: Node, arguments: NameAllocator) -> tuple[Parameter, ...]:
        merged: dict[tuple[str, str], Node] = {}
        for owner in (item, node):
            listed = self.follow(owner.get("parameters"), "a list of parameters")
            if listed is None or not isinstance(listed.value, list):
                continue
            for index in range(len(listed.value)):
                resolved = self.workspace.resolve(listed.child(index))
                value = resolved.value
                if not isinstance(value, dict) or "name" not in value or "in" not in value:
                    self.report.warn(
                        "a parameter without 'name' and 'in' is skipped", listed.child(index).location
                    )
                    continue
                merged[(str(value["name"]), str(value["in"]))] = resolved
        parameters = []
        # Path parameters first (positional), then the rest in spec order.
        ordered = sorted(merged.items(), key=lambda kv: kv[0][1] != "path")
        for (wire, location), resolved in ordered:
            if location not in _DEFAULT_STYLE:
                self.report.warn(
                    f"parameter location '{location}' is not supported; skipped", resolved.location
                )
                continue
            parameters.append(self._parameter(wire, location, resolved, arguments))
        return tuple(parameters)

    def _parameter(self, wire: str, location: str, node: Node, arguments: NameAllocator) -> Parameter:
        spec = node.value
        schema_node = node.get("schema")
        if schema_node is None and isinstance(spec.get("content"), dict) and spec["content"]:
            media = next(iter(spec["content"]))
            schema_node = node.child("content", media).get("schema")
        hint = class_name(wire, fallback="Param")
        param_type: TypeRef = (
            self.schemas.type_of(schema_node, hint, label=wire)
            if schema_node is not None
            else ScalarType("string")
        )
        schema = self.workspace.resolve(schema_node).value if schema_node is not None else {}
        schema = schema if isinstance(schema, dict) else {}
        if schema_node is not None and "default" in schema:
            target = self.workspace.resolve(schema_node)
            self.schemas.check_default(schema, schema["default"], target.child("default"))
        required = bool(spec.get("required", False)) or location == "path"
        if location == "path" and not spec.get("required", False):
            self.report.warn(f"path parameter '{wire}' must be required; treated as required", node.location)
        style = str(spec.get("style") or _DEFAULT_STYLE[location])
        explode = bool(spec.get("explode", style == "form"))
        name = arguments.claim(attribute_name(wire, fallback="param"), f"{location}_{attribute_name(wire)}")
        return Parameter(
            name=name,
            wire_name=wire,
            location=location,  # type: ignore[arg-type]
            type=param_type,
            required=required,
            style=style,
            explode=explode,
            description=spec_text(spec.get("description")) or spec_text(schema.get("description")),
            default=schema.get("default"),
            has_default="default" in schema,
            deprecated=bool(spec.get("deprecated", False)),
            examples=declared_examples(spec) or declared_examples(schema),
        )

    def _request_body(
        self, node: Node, method: str, hint: str, arguments: NameAllocator
    ) -> RequestBody | None:
        ref = node.get("requestBody")
        if ref is None:
            return None
        resolved = self.workspace.resolve(ref)
        if is_empty_body(self.workspace, method, resolved):
            self.report.note(
                f"the {method.upper()} request body has no properties and no constraints; "
                "it is dropped (extra_body still sends one)",
                resolved.location,
                kind="empty-body",
            )
            return None
        content = self.follow(resolved.get("content"), "a content map")
        if content is None or not isinstance(content.value, dict) or not content.value:
            self.report.warn("a request body without content is ignored", resolved.location)
            return None
        media_type, encoding = _pick_media_type(list(content.value))
        if encoding is None:
            self.report.warn(
                f"request body media type '{media_type}' is not supported; it is sent as raw bytes",
                content.child(media_type).location,
            )
            encoding = "binary"
        media = self.follow(content.child(media_type), "a Media Type object")
        media = media if media is not None and isinstance(media.value, dict) else content.child(media_type)
        schema_node = media.get("schema")
        body_hint = hint + "Request"
        body_type: TypeRef
        if encoding == "binary":
            # Raw bytes whatever the schema says they encode (an image, a JSON file...).
            body_type = ScalarType("binary")
        elif encoding == "text":
            body_type = ScalarType("string")
        elif schema_node is not None:
            body_type = self.schemas.type_of(schema_node, body_hint)
        else:
            body_type = ScalarType("any")
        fields: tuple[BodyField, ...] = ()
        model = None
        if encoding in ("json", "form", "multipart") and isinstance(body_type, ModelType):
            model = body_type.name
            fields = tuple(
                BodyField(arguments.claim(f.name, f"body_{f.name}"), f)
                for f in self.schemas.models[model].fields
                if not f.read_only
            )
        else:
            arguments.claim("body", "request_body")
        return RequestBody(
            media_type=media_type,
            encoding=encoding,
            type=body_type,
            required=bool(resolved.value.get("required", False)),
            model=model,
            fields=fields,
            description=spec_text(resolved.value.get("description")),
            property_encodings=self._property_encodings(media, encoding),
            examples=declared_examples(media.value),
        )

    def _property_encodings(self, media: Node, encoding: str) -> tuple[tuple[str, str, bool], ...]:
        """The styled properties of a form body, and of a multipart one from OpenAPI 3.1 on
        (3.0 says ``style`` and ``explode`` SHALL be ignored unless the body is form-urlencoded)."""
        data = self.workspace.root.data
        version = str(data.get("openapi", "")) if isinstance(data, dict) else ""
        if encoding == "multipart" and version.startswith("3.0"):
            return ()
        if encoding not in ("form", "multipart") or not isinstance(media.value, dict):
            return ()
        return _property_encodings(media.value.get("encoding"))

    def _responses(self, node: Node, hint: str) -> tuple[Response, ...]:
        listed = self.follow(node.get("responses"), "the Responses object")
        if listed is None or not isinstance(listed.value, dict):
            return ()
        responses = []
        statuses = sorted(listed.value, key=_status_order)
        first_success = next((s for s in statuses if s.startswith("2")), None)
        for status in statuses:
            if not _STATUS.match(status):
                self.report.warn(
                    f"response code {status!r} is not an HTTP status, a range like 2XX, "
                    "or 'default'; ignored",
                    listed.child(status).location,
                )
                continue
            ref = listed.child(status)
            resolved = self.workspace.resolve(ref)
            spec = resolved.value if isinstance(resolved.value, dict) else {}
            content_node = self.follow(resolved.get("content"), "a content map")
            content = content_node.value if content_node is not None else None
            if content_node is None or not isinstance(content, dict) or not content:
                responses.append(Response(status, spec_text(spec.get("description")), "empty"))
                continue
            media_type = _pick_response_media_type(list(content))
            kind = _response_kind(media_type)
            media = self.follow(content_node.child(media_type), "a Media Type object")
            schema_node = media.get("schema") if media is not None else None
            response_type: TypeRef | None = None
            if schema_node is not None and kind == "json":
                response_type = self.schemas.type_of(
                    schema_node, self._response_hint(ref, resolved, status, hint, first_success)
                )
            response = Response(
                status,
                spec_text(spec.get("description")),
                kind,
                media_type,
                response_type,
                declared_examples(media.value if media is not None else None),
            )
            events = next((m for m in content if _is_event_stream(m)), None)
            if events is not None and status.startswith("2"):
                response = self._with_events(response, content_node.child(events), hint, node)
            responses.append(response)
        return tuple(responses)

    def _with_events(self, response: Response, media_ref: Node, hint: str, operation: Node) -> Response:
        """``response`` that may come as server-sent events, each read as the media type's schema."""
        media = self.follow(media_ref, "a Media Type object")
        schema_node = media.get("schema") if media is not None else None
        event_type = None
        if schema_node is not None:
            event_type = self.schemas.type_of(schema_node, f"{hint}StreamEvent")
        texts = [str(operation.value.get(key) or "") for key in ("description", "summary")]
        texts.append(response.description or "")
        end = "[DONE]" if any(_DONE.search(text) for text in texts) else None
        return replace(response, events=True, event_type=event_type, event_end=end)

    @staticmethod
    def _response_hint(ref: Node, resolved: Node, status: str, hint: str, first_success: str | None) -> str:
        if resolved.pointer.startswith("/components/responses/") or resolved.document is not ref.document:
            # A shared response (a component, or a file of its own as in multi-file layouts,
            # which bundlers turn into components named after the file).
            key = place_name(resolved)
            return class_name(_status_phrase(key) or key, fallback="Response") + "Response"
        if status == first_success:
            return hint + "Response"
        return hint + class_name(_status_phrase(status) or status, fallback="Status") + "Response"


# ---------------------------------------------------------------------- helpers


def _property_encodings(value: Any) -> tuple[tuple[str, str, bool], ...]:
    """(property, style, explode) for each property the ``encoding`` map describes."""
    if not isinstance(value, dict):
        return ()
    found = []
    for name, spec in value.items():
        if isinstance(spec, dict) and ("style" in spec or "explode" in spec):
            style = str(spec.get("style") or "form")
            found.append((str(name), style, bool(spec.get("explode", style == "form"))))
    return tuple(found)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _strings(value: Any) -> list[str]:
    return [str(v) for v in _list(value) if isinstance(v, (str, int, float))]


def _derived_operation_id(method: str, path: str) -> str:
    parts = [method]
    for segment in path.strip("/").split("/"):
        if not segment or _VERSION_SEGMENT.match(segment):
            continue
        if segment.startswith("{") and segment.endswith("}"):
            parts += ["by", segment[1:-1]]
        else:
            parts.append(segment)
    return snake_case("_".join(parts)) or method


_STATUS = re.compile(r"^([1-5]\d\d|[1-5]XX|default)$", re.IGNORECASE)
_VERSION_SEGMENT = re.compile(r"^(v\d+([._]\d+)*|api|rest)$", re.IGNORECASE)


def _resource_from_path(path: str) -> str:
    """The first path segment that names something: not a parameter, a version or ``api``."""
    for segment in path.strip("/").split("/"):
        if segment and not segment.startswith("{") and not _VERSION_SEGMENT.match(segment):
            return segment
    return "default"


_JSON_LIKE = ("application/json", "text/json")


def _pick_media_type(media_types: list[str]) -> tuple[str, Any]:
    def encoding_of(media: str) -> str | None:
        base = media.split(";", 1)[0].strip().lower()
        if base in _JSON_LIKE or base.endswith("+json"):
            return "json"
        if base == "application/x-www-form-urlencoded":
            return "form"
        if base == "multipart/form-data":
            return "multipart"
        if base == "application/octet-stream" or base.startswith(("image/", "audio/", "video/")):
            return "binary"
        if base.startswith("text/"):
            return "text"
        return None

    ranked = sorted(
        media_types,
        key=lambda m: ["json", "form", "multipart", "binary", "text", None].index(encoding_of(m)),
    )
    return ranked[0], encoding_of(ranked[0])


def _pick_response_media_type(media_types: list[str]) -> str:
    for media in media_types:
        if _response_kind(media) == "json":
            return media
    return media_types[0]


_DONE = re.compile(r"data: *\[DONE\]")


def _is_event_stream(media_type: str) -> bool:
    return media_type.split(";", 1)[0].strip().lower() == "text/event-stream"


def _response_kind(media_type: str) -> Any:
    base = media_type.split(";", 1)[0].strip().lower()
    if base in _JSON_LIKE or base.endswith("+json") or base == "*/*":
        return "json"
    if base.startswith("text/") or base in ("application/xml",):
        return "text"
    return "binary"


def _status_order(status: str) -> tuple[int, str]:
    if status == "default":
        return (1000, status)
    return (int(status[0]) * 100 if status[:1].isdigit() else 999, status)


def _status_phrase(status: str) -> str | None:
    if status.isdigit():
        try:
            return http.HTTPStatus(int(status)).phrase
        except ValueError:
            return None
    return None
