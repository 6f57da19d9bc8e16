"""Per-file views of the intermediate model: exactly what each template prints.

Templates render; they don't decide. Everything a template needs that is not a
plain field of the intermediate model (annotations, defaults, import lists, the
expression that builds a request) is computed here, once, in Python, where it can
be tested.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from .config import Settings
from .graph import strongly_connected_components
from .ir import (
    Api,
    Enum,
    Field,
    Model,
    ModelType,
    NullableType,
    Operation,
    Parameter,
    Resource,
    Response,
    ScalarType,
    TypeRef,
)
from .pytypes import annotation, codec, python_literal, referenced_names, uses_any, uses_literal
from .text import absolute_links, docstring_body, docstring_lines, escape_docstring, hanging, wrap_markdown

# Status classes of the runtime: (class name, status or None for 5xx, docstring).
STATUS_ERRORS: tuple[tuple[str, int | None, str], ...] = (
    ("BadRequestError", 400, "HTTP 400: the request was invalid."),
    ("AuthenticationError", 401, "HTTP 401: the API key is missing or wrong."),
    ("PermissionDeniedError", 403, "HTTP 403: the API key may not do this."),
    ("NotFoundError", 404, "HTTP 404: no such resource."),
    ("ConflictError", 409, "HTTP 409: the request conflicts with the resource's state."),
    ("UnprocessableEntityError", 422, "HTTP 422: the request was well-formed but not valid."),
    ("RateLimitError", 429, "HTTP 429: too many requests; the client retries these by itself."),
    ("InternalServerError", None, "HTTP 5xx: the server failed."),
)
ERROR_RESERVED_ATTRIBUTES = frozenset(
    {
        "args",
        "body",
        "data",
        "message",
        "request",
        "request_id",
        "response",
        "status_code",
        "with_traceback",
        "add_note",
        "from_dict",
        "to_dict",
        "additional_properties",
    }
)


@dataclass(frozen=True)
class Doc:
    """Description text prepared for one settings (links made absolute)."""

    settings: Settings

    def text(self, value: str | None) -> str:
        return absolute_links(value or "", self.settings.docs_base_url).strip()

    def docstring(self, value: str | None, indent: int, fallback: str = "") -> str:
        return docstring_body(self.text(value) or fallback, indent=indent)


# ------------------------------------------------------------------------ errors


@dataclass(frozen=True)
class ErrorClassView:
    name: str
    status: int | None
    doc: str
    model: str | None
    properties: tuple[ErrorPropertyView, ...]


@dataclass(frozen=True)
class ErrorPropertyView:
    name: str
    annotation: str
    doc: str
    may_be_unset: bool


@dataclass(frozen=True)
class ErrorsView:
    classes: tuple[ErrorClassView, ...]
    typing_imports: tuple[str, ...]
    imports: tuple[str, ...]


def errors_view(api: Api) -> ErrorsView:
    models = {m.name: m for m in api.models}
    bodies = {int(b.status): b.model for b in api.error_bodies}
    classes = []
    owners = {m.name: m.module for m in api.models} | {e.name: e.module for e in api.enums}
    names: set[str] = set()
    typing: set[str] = set()
    unset = False
    for name, status, doc in STATUS_ERRORS:
        model = bodies.get(status) if status is not None else None
        properties: list[ErrorPropertyView] = []
        if model is not None:
            names.add(model)
            for f in models[model].fields:
                if f.name in ERROR_RESERVED_ATTRIBUTES:
                    continue
                names.update(referenced_names(f.type))
                typing.update(n for n in ("Any", "Literal") if n in annotation(f.type))
                text, default = field_annotation(f)
                text = text.replace(" | Unset", "")
                if not text.endswith("None") and text != "Any":
                    text += " | None"
                unset = unset or default == " = UNSET"
                properties.append(
                    ErrorPropertyView(
                        f.name,
                        text,
                        escape_docstring(f"The body's ``{f.wire_name}`` (``None`` when absent)."),
                        default == " = UNSET",
                    )
                )
        classes.append(ErrorClassView(name, status, doc, model, tuple(properties)))
    imports = ["from ._models import Unset"] if unset else []
    imports += [
        f"from .models.{module} import {', '.join(group)}"
        for module, group in _group_by_module(names, owners, "")
    ]
    return ErrorsView(tuple(classes), tuple(sorted(typing)), tuple(imports))


# ------------------------------------------------------------------------ models


@dataclass(frozen=True)
class FieldView:
    name: str
    annotation: str
    default: str
    """`` = None``, `` = UNSET`` or empty (required)."""
    doc: str
    wire: str
    """The ``Wire(...)`` entry."""


@dataclass(frozen=True)
class ModuleView:
    module: str
    doc: str
    typing_imports: tuple[str, ...]
    runtime_imports: tuple[str, ...]
    imports: tuple[str, ...]
    cyclic_imports: tuple[str, ...]
    models: tuple[ModelView, ...]
    enums: tuple[EnumView, ...]


@dataclass(frozen=True)
class ModelView:
    name: str
    doc: str
    fields: tuple[FieldView, ...]
    extra_codec: str | None


@dataclass(frozen=True)
class EnumMemberView:
    name: str
    value: str


@dataclass(frozen=True)
class EnumView:
    name: str
    doc: str
    bases: str
    members: tuple[EnumMemberView, ...]


def import_order(names: Iterable[str]) -> list[str]:
    """Names in one ``from x import ...`` as isort (and ruff) order them: CONSTANTS, Classes, functions."""

    def kind(name: str) -> int:
        if name.isupper() and len(name) > 1:
            return 0
        return 1 if name[:1].isupper() else 2

    return sorted(set(names), key=lambda name: (kind(name), name))


def _items(parts: list[str], width: int) -> str:
    """Comma-separated ``parts``: on one line when short, else one per line with a trailing comma.

    The long form is what black would produce anyway; emitting it directly spares black
    the costly search for a line split (formatting is most of a big API's generation time).
    """
    joined = ", ".join(parts)
    if len(joined) <= width:
        return joined
    return "\n" + "".join(f"{part},\n" for part in parts)


def field_annotation(f: Field) -> tuple[str, str]:
    """(annotation, default) of a model field or keyword argument.

    Optional fields default to ``None`` ("not sent"); an optional field that may
    also be ``null`` defaults to ``UNSET`` so that ``None`` can mean ``null``.
    """
    text = annotation(f.type)
    # A read-only property is required in answers only (OpenAPI): callers never set it.
    if f.required and not f.read_only:
        return text, ""
    if f.nullable:
        return f"{text} | Unset", " = UNSET"
    if text in ("Any", "None"):
        return text, " = None"
    return f"{text} | None", " = None"


def field_doc(f: Field, doc: Doc) -> str:
    parts = [doc.text(f.description)]
    notes = []
    if f.has_default:
        notes.append(
            f"Defaults to ``{json.dumps(f.default, ensure_ascii=False)}`` on the server when not sent."
        )
    if f.read_only:
        notes.append("Read-only: set by the server.")
    if f.deprecated:
        notes.append("Deprecated.")
    parts.append(" ".join(notes))
    return "\n\n".join(p for p in parts if p)


def model_views(api: Api, settings: Settings) -> list[ModuleView]:
    """One module per model and per enum, with imports ordered so cycles still import."""
    doc = Doc(settings)
    owners: dict[str, str] = {m.name: m.module for m in api.models}
    owners.update({e.name: e.module for e in api.enums})
    deps: dict[str, set[str]] = {module: set() for module in owners.values()}
    for model in api.models:
        for f in model.fields:
            deps[model.module].update(
                owners[n] for n in referenced_names(f.type) if owners[n] != model.module
            )
        deps[model.module].update(
            owners[n] for n in referenced_names(model.additional) if owners[n] != model.module
        )
    component_of = {m: i for i, comp in enumerate(strongly_connected_components(deps)) for m in comp}
    uses = _uses(api)

    views = []
    for model in api.models:
        fallback = f"Used as {_usage_text(uses.get(model.name, []))}." if model.name in uses else ""
        views.append(
            _model_module(model, owners, component_of, doc, fallback or f"The ``{model.name}`` object.")
        )
    for enum in api.enums:
        views.append(
            ModuleView(
                module=enum.module,
                doc=f"The ``{enum.name}`` enum.",
                typing_imports=(),
                runtime_imports=("enum",),
                imports=(),
                cyclic_imports=(),
                models=(),
                enums=(_enum_view(enum, doc, uses.get(enum.name, [])),),
            )
        )
    return sorted(views, key=lambda v: v.module)


def _uses(api: Api) -> dict[str, list[str]]:
    """Where each model or enum appears: ``Model.field`` places, in a stable order."""
    found: dict[str, list[str]] = {}
    for model in api.models:
        for f in model.fields:
            for name in dict.fromkeys(referenced_names(f.type)):
                found.setdefault(name, []).append(f"{model.name}.{f.name}")
    return found


def _usage_text(places: list[str]) -> str:
    shown = ", ".join(f"``{place}``" for place in places[:3])
    return shown + (f" and {len(places) - 3} more" if len(places) > 3 else "")


def _model_module(
    model: Model, owners: dict[str, str], component_of: dict[str, int], doc: Doc, fallback: str
) -> ModuleView:
    fields = []
    names_used: set[str] = set()
    typing: set[str] = {"ClassVar"}
    models_imports = {"Model", "Wire", "codec"}
    for f in model.fields:
        text, default = field_annotation(f)
        if "Unset" in text:
            models_imports.update({"UNSET", "Unset"})
        if "FileContent" in text:
            models_imports.add("FileContent")
        if uses_any(f.type) or text.startswith("Any"):
            typing.add("Any")
        if uses_literal(f.type):
            typing.add("Literal")
        names_used.update(referenced_names(f.type))
        wire_args = [python_literal(f.name), python_literal(f.wire_name), codec(f.type)]
        if f.required:
            wire_args.append("required=True")
        if f.nullable:
            wire_args.append("nullable=True")
        fields.append(
            FieldView(
                name=f.name,
                annotation=text,
                default=default,
                doc=docstring_body(field_doc(f, doc), indent=4),
                wire=f"Wire({_items(wire_args, 100 - len('        Wire(),'))})",
            )
        )
    extra_codec = None
    if model.additional != ScalarType("any"):
        extra_codec = codec(model.additional)
        models_imports.add("Codec")
        names_used.update(referenced_names(model.additional))
    imports: list[str] = []
    cyclic: list[str] = []
    for module, names in _group_by_module(names_used, owners, model.module):
        line = f"from .{module} import {', '.join(names)}"
        (cyclic if component_of[module] == component_of[model.module] else imports).append(line)
    return ModuleView(
        module=model.module,
        doc=f"The ``{model.name}`` model.",
        typing_imports=tuple(sorted(typing)),
        runtime_imports=("dataclasses",),
        imports=(f"from .._models import {', '.join(import_order(models_imports))}", *imports),
        cyclic_imports=tuple(cyclic),
        models=(
            ModelView(
                name=model.name,
                # Undescribed schemas are described by where they are used.
                doc=doc.docstring(model.description, 4, fallback=fallback),
                fields=tuple(fields),
                extra_codec=extra_codec,
            ),
        ),
        enums=(),
    )


def _group_by_module(names: Iterable[str], owners: dict[str, str], own: str) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for name in sorted(names):
        if owners[name] != own:
            grouped.setdefault(owners[name], []).append(name)
    return sorted(grouped.items())


def _enum_view(enum: Enum, doc: Doc, uses: list[str]) -> EnumView:
    bases = {"string": "str, enum.Enum", "integer": "int, enum.Enum"}.get(enum.value_kind, "enum.Enum")
    fallback = f"Values of {_usage_text(uses)}." if uses else f"Values of ``{enum.name}``."
    return EnumView(
        name=enum.name,
        doc=doc.docstring(enum.description, 4, fallback=fallback),
        bases=bases,
        members=tuple(EnumMemberView(m.name, python_literal(m.value)) for m in enum.members),
    )


# --------------------------------------------------------------------- resources


@dataclass(frozen=True)
class ArgumentView:
    name: str
    annotation: str
    default: str


@dataclass(frozen=True)
class OperationView:
    name: str
    doc_sync: str
    doc_async: str
    positional: tuple[ArgumentView, ...]
    keyword: tuple[ArgumentView, ...]
    returns: str
    body_setup: tuple[str, ...]
    call_arguments: tuple[str, ...]
    return_lines: tuple[str, ...]
    """The method's last lines: ``return ...``, or a status switch when several answers differ."""
    deprecated: bool


@dataclass(frozen=True)
class ResourceView:
    module: str
    class_name: str
    attribute: str
    doc: str
    imports: tuple[str, ...]
    typing_imports: tuple[str, ...]
    stdlib_imports: tuple[str, ...]
    base_imports: tuple[str, ...]
    model_imports: tuple[str, ...]
    operations: tuple[OperationView, ...]


def resource_views(api: Api, settings: Settings) -> list[ResourceView]:
    doc = Doc(settings)
    return [_resource_view(resource, api, doc) for resource in api.resources]


def _resource_view(resource: Resource, api: Api, doc: Doc) -> ResourceView:
    owners = {m.name: m.module for m in api.models} | {e.name: e.module for e in api.enums}
    names: set[str] = set()
    typing: set[str] = set()
    operations = []
    # A method called ``list`` shadows the builtin inside its class body, where mypy
    # would then read ``list[X]`` annotations as the method: spell those ``builtins.list``.
    shadowed = {op.method_name for op in resource.operations} & _BUILTIN_TYPES
    for operation in resource.operations:
        view, used, typing_used = _operation_view(operation, doc)
        operations.append(_qualify_builtins(view, shadowed) if shadowed else view)
        names |= used
        typing |= typing_used
    imports = [
        f"from ..models.{module} import {', '.join(group)}"
        for module, group in _group_by_module(names, owners, "")
    ]
    description = doc.text(resource.description) or f"Operations on {resource.name.replace('_', ' ')}."
    code = "\n".join(
        line for op in operations for line in (*op.call_arguments, *op.body_setup, *op.return_lines)
    )
    signatures = "\n".join(a.annotation for op in operations for a in (*op.positional, *op.keyword))
    needs_builtins = "builtins." in signatures or any("builtins." in op.returns for op in operations)
    base_imports = ["AsyncAPIClient", "Call", "SyncAPIClient"]
    base_imports += [name for name in ("Param", "path_segment") if f"{name}(" in code]
    model_imports = ["UNSET", "Unset"]
    model_imports += [name for name in ("FileContent",) if name in signatures]
    model_imports += [
        name for name, used in (("codec", "codec." in code), ("to_wire", "to_wire(" in code)) if used
    ]
    model_imports = import_order(model_imports)
    return ResourceView(
        module=resource.module,
        class_name=resource.class_name,
        attribute=resource.name,
        doc=docstring_body(description, indent=4),
        imports=tuple(imports),
        typing_imports=tuple(sorted(typing)),
        stdlib_imports=("builtins",) if needs_builtins else (),
        base_imports=tuple(import_order(base_imports)),
        model_imports=tuple(model_imports),
        operations=tuple(operations),
    )


_BUILTIN_TYPES = frozenset({"list", "dict", "set", "tuple", "bytes", "int", "bool", "type"})


def _qualify_builtins(view: OperationView, shadowed: set[str]) -> OperationView:
    pattern = re.compile(r"(?<![\w.])(" + "|".join(sorted(shadowed)) + r")\b")

    def spell(text: str) -> str:
        return pattern.sub(r"builtins.\1", text)

    return replace(
        view,
        positional=tuple(replace(a, annotation=spell(a.annotation)) for a in view.positional),
        keyword=tuple(replace(a, annotation=spell(a.annotation)) for a in view.keyword),
        returns=spell(view.returns),
    )


def _argument(name: str, t: TypeRef, required: bool, nullable_unset: bool = False) -> ArgumentView:
    text = annotation(t)
    if required:
        return ArgumentView(name, text, "")
    if isinstance(t, NullableType) or nullable_unset:
        return ArgumentView(name, f"{text} | Unset", " = UNSET")
    return ArgumentView(name, text if text in ("Any", "None") else f"{text} | None", " = None")


def _operation_view(operation: Operation, doc: Doc) -> tuple[OperationView, set[str], set[str]]:
    names: set[str] = set()
    typing: set[str] = set()
    positional: list[ArgumentView] = []
    keyword_required: list[ArgumentView] = []
    keyword_optional: list[ArgumentView] = []

    def note(t: TypeRef) -> None:
        names.update(referenced_names(t))
        if uses_any(t):
            typing.add("Any")
        if uses_literal(t):
            typing.add("Literal")

    for p in operation.parameters:
        note(p.type)
        argument = _argument(p.name, p.type, p.required)
        if p.location == "path":
            positional.append(argument)
        else:
            (keyword_required if p.required else keyword_optional).append(argument)

    body = operation.body
    body_setup: list[str] = []
    call: list[str] = [
        f"method={python_literal(operation.http_method)}",
        f"path={_path_expression(operation)}",
    ]
    for location, attribute in (("query", "query"), ("header", "headers"), ("cookie", "cookies")):
        params = [p for p in operation.parameters if p.location == location]
        if params:
            entries = [_param_expression(p) for p in params]
            call.append(f"{attribute}=[{_items(entries, 100 - 16 - len(attribute) - 4)}]")

    if body is not None:
        note(body.type)
        if body.model is not None:
            names.add(body.model)
            for body_field in body.fields:
                note(body_field.field.type)
                text, default = field_annotation(body_field.field)
                target = keyword_required if body_field.field.required else keyword_optional
                target.append(ArgumentView(body_field.argument, text, default))
            assignments = _items(
                [f"{bf.field.name}={bf.argument}" for bf in body.fields],
                100 - len(f"        body = {body.model}().to_dict()"),
            )
            body_setup.append(f"body = {body.model}({assignments}).to_dict()")
            payload = "body"
        else:
            argument = _argument("body", body.type, body.required)
            if body.encoding == "binary":
                typing.add("IO")
                argument = replace(
                    argument, annotation=argument.annotation.replace("FileContent", "bytes | IO[bytes]")
                )
            elif body.encoding == "text":
                argument = replace(argument, annotation=argument.annotation.replace("FileContent", "str"))
            (keyword_required if body.required else keyword_optional).append(argument)
            payload = "to_wire(body)" if body.encoding == "json" else "body"
            if not body.required:
                payload = f"UNSET if body is None else {payload}" if body.encoding == "json" else payload
        if body.encoding == "json":
            call.append(f"json={payload}")
        elif body.encoding == "form":
            call.append(f"form={payload}")
            if body.property_encodings:
                entries = [
                    f"{python_literal(n)}: ({python_literal(s)}, {e!r})"
                    for n, s, e in body.property_encodings
                ]
                call.append(f"encoding={{{_items(entries, 100 - 16 - len('encoding={},'))}}}")
        elif body.encoding == "multipart":
            call.append(f"multipart={payload}")
        else:
            call.append(f"content={payload}")
            content_type = body.media_type
            if body.encoding == "text" and "charset" not in content_type:
                content_type += "; charset=utf-8"  # str bodies are sent as UTF-8
            call.append(f"content_type={python_literal(content_type)}")

    if operation.security:
        call.append(f"security={operation.security!r}")
    call += [
        "extra_headers=extra_headers",
        "extra_query=extra_query",
        "extra_body=extra_body",
        "timeout=timeout",
    ]

    returns, return_lines = _results(operation.successes, note, typing)
    media = list(dict.fromkeys(r.media_type for r in operation.successes if r.media_type))
    if media and media != ["application/json"]:
        call.insert(2, f"accept={python_literal(', '.join(media))}")

    view = OperationView(
        name=operation.method_name,
        doc_sync=_method_doc(operation, doc, returns, is_async=False),
        doc_async=_method_doc(operation, doc, returns, is_async=True),
        positional=tuple(positional),
        keyword=tuple(keyword_required + keyword_optional),
        returns=returns,
        body_setup=tuple(body_setup),
        call_arguments=tuple(call),
        return_lines=return_lines,
        deprecated=operation.deprecated,
    )
    return view, names, typing


def _result(response: Response, typing: set[str]) -> tuple[str, str]:
    """(annotation, expression) of what the method returns for ``response``."""
    if response.kind == "empty":
        return "None", "None"
    if response.kind == "text":
        return "str", "response.text"
    if response.kind == "binary":
        return "bytes", "response.content"
    if response.type is None:
        typing.add("Any")
        return "Any", "response.json()"
    text = annotation(response.type)
    if isinstance(response.type, ModelType):
        return text, f"{response.type.name}.from_dict(response.json())"
    if text == "Any":
        return text, "response.json()"
    typing.add("cast")
    return text, f"cast({python_literal(text)}, {codec(response.type)}.decode(response.json()))"


def _status_test(status: str) -> str:
    if status.upper().endswith("XX"):
        low = int(status[0]) * 100
        return f"{low} <= response.status_code < {low + 100}"
    return f"response.status_code == {int(status)}"


def _results(
    successes: tuple[Response, ...], note: Callable[[TypeRef], None], typing: set[str]
) -> tuple[str, tuple[str, ...]]:
    """The return annotation and the lines that pick the result by the status that came back."""
    if not successes:
        return "None", ()
    for response in successes:
        if response.type is not None:
            note(response.type)
    results = [(r, *_result(r, typing)) for r in successes]
    annotations = _union([text for _, text, _ in results])
    primary_expression = results[0][2]
    lines: list[str] = []
    for response, _, expression in results[1:]:
        if expression != primary_expression and response.status != "default":
            lines += [f"if {_status_test(response.status)}:", f"    return {expression}"]
    if primary_expression != "None" or lines:
        lines.append(f"return {primary_expression}")
    return annotations, tuple(lines)


def _union(annotations: list[str]) -> str:
    parts: list[str] = []
    for text in annotations:
        for piece in text.split(" | "):
            if piece not in parts:
                parts.append(piece)
    if "Any" in parts:
        return "Any"
    parts.sort(key=lambda piece: piece == "None")
    return " | ".join(parts)


def _path_expression(operation: Operation) -> str:
    """The path as an expression: literal parts via ``repr`` (so any text is safe), values encoded."""
    by_wire = {p.wire_name: p for p in operation.parameters if p.location == "path"}
    parts: list[str] = []
    literal = ""
    rest = operation.path
    while rest:
        start = rest.find("{")
        end = rest.find("}", start)
        if start < 0 or end < 0:
            literal += rest
            break
        literal += rest[:start]
        wire = rest[start + 1 : end]
        rest = rest[end + 1 :]
        if wire in by_wire:
            if literal:
                parts.append(python_literal(literal))
                literal = ""
            parts.append(f"path_segment({by_wire[wire].name})")
        else:
            literal += "{" + wire + "}"
    if literal or not parts:
        parts.append(python_literal(literal))
    return " + ".join(parts)


def _param_expression(p: Parameter) -> str:
    return f"Param({python_literal(p.wire_name)}, {p.name}, {python_literal(p.style)}, {p.explode!r})"


def _method_doc(operation: Operation, doc: Doc, returns: str, *, is_async: bool) -> str:
    """A Google-style docstring: what the call does, its endpoint, arguments, result, errors."""
    indent = 8
    width = 88 - indent
    summary = doc.text(operation.summary)
    if summary in (*operation.tags, operation.operation_id):
        summary = ""  # a summary that only repeats the tag or id says nothing
    description = doc.text(operation.description)
    intro = summary if summary and description and summary.lower() not in description.lower() else ""
    text = "\n\n".join(p for p in (intro, description or summary) if p)
    blocks: list[list[str]] = [
        wrap_markdown(text, width) if text else [f"Call ``{operation.operation_id}``."]
    ]
    endpoint = f"``{operation.http_method} {operation.path}``"
    if operation.deprecated:
        endpoint += " (deprecated)"
    blocks.append([endpoint])

    arguments: list[tuple[str, str]] = [
        (p.name, doc.text(p.description) or _type_doc(p.type, p.location)) for p in operation.parameters
    ]
    if operation.body is not None:
        if operation.body.model is not None:
            arguments += [
                (bf.argument, field_doc(bf.field, doc) or _type_doc(bf.field.type, "body"))
                for bf in operation.body.fields
            ]
        else:
            arguments.append(("body", doc.text(operation.body.description) or "The request body."))
    arguments += [
        ("extra_headers", "Headers to add to (or override in) the request."),
        ("extra_query", "Query parameters to add to the request."),
        ("extra_body", "Properties to add to the JSON body."),
        ("timeout", "Seconds (or an ``httpx.Timeout``) for this call, instead of the client's."),
    ]
    section = ["Args:"]
    for name, about in arguments:
        section += hanging(f"{name}: {about}", width, first=4, rest=8)
    blocks.append(section)

    if returns != "None" and operation.success is not None:
        about = doc.text(operation.success.description)
        if not about or about == operation.success.status:
            about = f"The ``{returns}`` the API answers with."
        blocks.append(["Returns:", *hanging(about, width, first=4, rest=8)])

    raises = ["Raises:"]
    for response in operation.errors:
        error_class = _error_class_name(response.status)
        if error_class:
            about = doc.text(response.description)
            if not about or about == response.status:
                about = f"on HTTP {response.status}."
            raises += hanging(f"{error_class}: {about}", width, first=4, rest=8)
    raises += hanging("APIStatusError: on any other non-2xx answer.", width, first=4, rest=8)
    raises += hanging(
        "APIConnectionError: when no answer came (``APITimeoutError`` when it came too late).",
        width,
        first=4,
        rest=8,
    )
    blocks.append(raises)
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.extend(block)
    return docstring_lines(lines, indent=indent)


def _type_doc(t: TypeRef, location: str) -> str:
    """What an undocumented argument is, from its type and where it goes."""
    where = {"path": "in the path", "query": "in the query", "header": "as a header", "cookie": "as a cookie"}
    return f"``{annotation(t)}``, sent {where.get(location, 'in the body')}."


def _error_class_name(status: str) -> str | None:
    for name, code, _ in STATUS_ERRORS:
        if code is not None and str(code) == status:
            return name
    if status.startswith("5"):
        return "InternalServerError"
    return None


# ------------------------------------------------------------------------ client


@dataclass(frozen=True)
class ClientView:
    default_base_url: str
    """A Python literal: the URL, or ``None``."""
    api_key_env: str
    base_url_env: str
    username_env: str
    password_env: str
    api_key: bool
    basic: bool
    auth_required: bool
    schemes: tuple[tuple[str, str], ...]
    doc_sync: str
    doc_async: str
    package_doc: str
    resource_docs: dict[str, str]


def default_base_url(api: Api) -> str | None:
    """The first server's URL with its variables at their defaults, if it is absolute."""
    if not api.servers:
        return None
    server = api.servers[0]
    url = server.url
    for variable in server.variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return url.rstrip("/") if url.startswith(("http://", "https://")) else None


def client_view(api: Api, settings: Settings) -> ClientView:
    doc = Doc(settings)
    env_prefix = settings.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY") or "API"
    schemes = []
    for scheme in api.security_schemes:
        if scheme.kind == "api_key":
            expression = (
                f'SecurityScheme("api_key", {python_literal(scheme.location)}, '
                f"{python_literal(scheme.parameter_name)})"
            )
        else:
            expression = f"SecurityScheme({python_literal(scheme.kind)})"
        schemes.append((python_literal(scheme.key), expression))
    operations = [op for resource in api.resources for op in resource.operations]
    auth_required = bool(operations) and all(
        op.security and all(alternative for alternative in op.security) for op in operations
    )
    kinds = {s.kind for s in api.security_schemes}
    base_url = default_base_url(api)
    title = api.title
    credentials = []
    if kinds - {"basic"}:
        credentials.append(
            f"api_key: The API key; read from the ``{settings.api_key_env}`` environment variable "
            "when not given."
        )
    if "basic" in kinds:
        credentials.append(f"username: For HTTP basic authentication (``{env_prefix}_USERNAME``).")
        credentials.append(f"password: For HTTP basic authentication (``{env_prefix}_PASSWORD``).")
    arguments = [
        *credentials,
        f"base_url: The API's address{f' (default ``{base_url}``)' if base_url else ''}; "
        f"read from ``{env_prefix}_BASE_URL`` when set.",
        "timeout: Seconds (or an ``httpx.Timeout``) a call may take; 60 by default.",
        "max_retries: How often a call that failed in a retryable way is retried (2 by default).",
        "default_headers: Headers sent with every call.",
        "http_client: An ``httpx`` client to use instead of the client's own (for proxies or "
        "custom transports); the SDK does not close it.",
    ]

    def class_doc(is_async: bool) -> str:
        kind = "Asynchronous client" if is_async else "Client"
        lines = wrap_markdown(f"{kind} for the {title}.", 80)
        lines += [
            "",
            *wrap_markdown(
                "Use it as a context manager, or call ``close()``, to release its connections.", 80
            ),
        ]
        lines += ["", "Args:"]
        for argument in arguments:
            lines += hanging(argument, 80, first=4, rest=8)
        return docstring_lines(lines, indent=4)

    first_resource = api.resources[0].name if api.resources else None
    package_lines = wrap_markdown(
        f"Python SDK for the {title} (API version {api.version}), generated from its OpenAPI spec.", 88
    )
    if first_resource:
        package_lines += [
            "",
            "Start with::",
            "",
            f"    from {settings.package} import {settings.client_class}",
            "",
            f"    client = {settings.client_class}()",
            f"    client.{first_resource}...",
        ]
    return ClientView(
        default_base_url=python_literal(base_url) if base_url else "None",
        api_key_env=python_literal(settings.api_key_env),
        base_url_env=python_literal(f"{env_prefix}_BASE_URL"),
        username_env=python_literal(f"{env_prefix}_USERNAME"),
        password_env=python_literal(f"{env_prefix}_PASSWORD"),
        api_key=bool(kinds - {"basic"}),
        basic="basic" in kinds,
        auth_required=auth_required and bool(kinds - {"basic"}),
        schemes=tuple(schemes),
        doc_sync=class_doc(False),
        doc_async=class_doc(True),
        package_doc=docstring_lines(package_lines, indent=0),
        resource_docs={
            r.name: docstring_body(
                doc.text(r.description) or f"Operations on {r.name.replace('_', ' ')}.", indent=8
            )
            for r in api.resources
        },
    )
