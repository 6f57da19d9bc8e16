"""Views of the resource modules: each operation's signature, request expression,
result handling and docstring.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..config import Settings
from ..model.ir import (
    Api,
    BodyField,
    ModelType,
    NullableType,
    Operation,
    Parameter,
    Resource,
    Response,
    TypeRef,
)
from ..model.pytypes import annotation, codec, python_literal, referenced_names, uses_any, uses_literal
from ..model.text import docstring_body, docstring_lines, hanging, wrap_markdown
from .common import Doc, comma_items, group_by_module, import_order, tuple_literal
from .error_views import error_class_name
from .model_views import field_annotation, field_doc


@dataclass(frozen=True)
class ArgumentView:
    name: str
    annotation: str
    default: str


@dataclass(frozen=True)
class OverloadView:
    """One ``@overload`` signature: the keyword arguments (the ``stream`` flag narrowed) and result."""

    keyword: tuple[ArgumentView, ...]
    returns: str
    returns_async: str


@dataclass(frozen=True)
class OperationView:
    name: str
    doc_sync: str
    doc_async: str
    positional: tuple[ArgumentView, ...]
    keyword: tuple[ArgumentView, ...]
    returns: str
    returns_async: str
    """``returns`` for the async method (``AsyncStream`` where the sync one has ``Stream``)."""
    body_setup: tuple[str, ...]
    call_arguments: tuple[str, ...]
    return_lines: tuple[str, ...]
    """The lines of its ``_parse`` (from the answer to the result): ``return ...``, or a status
    switch when several answers differ; none when the result is always ``None``."""
    deprecated: bool
    overloads: tuple[OverloadView, ...] = ()
    """Where a ``stream`` flag chooses between JSON and events: one signature per choice."""


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
    streams: bool
    """Some operation returns server-sent events (``Stream``)."""
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
        for module, group in group_by_module(names, owners, "")
    ]
    description = doc.text(resource.description) or f"Operations on {resource.name.replace('_', ' ')}."
    code = "\n".join(
        line for op in operations for line in (*op.call_arguments, *op.body_setup, *op.return_lines)
    )
    signatures = "\n".join(a.annotation for op in operations for a in (*op.positional, *op.keyword))
    needs_builtins = "builtins." in signatures or any("builtins." in op.returns for op in operations)
    base_imports = ["AsyncAPIClient", "Call", "SyncAPIClient"]
    base_imports += [name for name in ("Param", "path_segment") if f"{name}(" in code]
    base_imports += ["no_content"] if any(not op.return_lines for op in operations) else []
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
        streams=any("Stream[" in op.returns for op in operations),
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
        returns_async=spell(view.returns_async),
        overloads=tuple(
            OverloadView(
                tuple(replace(a, annotation=spell(a.annotation)) for a in o.keyword),
                spell(o.returns),
                spell(o.returns_async),
            )
            for o in view.overloads
        ),
    )


def _argument(name: str, t: TypeRef, required: bool) -> ArgumentView:
    text = annotation(t)
    if required:
        return ArgumentView(name, text, "")
    if isinstance(t, NullableType):
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
            call.append(f"{attribute}=[{comma_items(entries, 100 - 16 - len(attribute) - 4, 16)}]")

    if body is not None:
        note(body.type)
        if body.model is not None:
            names.add(body.model)
            for body_field in body.fields:
                note(body_field.field.type)
                text, default = field_annotation(body_field.field)
                target = keyword_required if body_field.field.required else keyword_optional
                target.append(ArgumentView(body_field.argument, text, default))
            assignments = comma_items(
                [f"{bf.field.name}={bf.argument}" for bf in body.fields],
                100 - len(f"        body = {body.model}().to_dict()"),
                8,
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
                call.append(f"encoding={{{comma_items(entries, 100 - 16 - len('encoding={},'), 16)}}}")
        elif body.encoding == "multipart":
            call.append(f"multipart={payload}")
        else:
            call.append(f"content={payload}")
            content_type = body.media_type
            if body.encoding == "text" and "charset" not in content_type:
                content_type += "; charset=utf-8"  # str bodies are sent as UTF-8
            call.append(f"content_type={python_literal(content_type)}")

    if operation.security:
        requirements = [tuple_literal([python_literal(s) for s in r]) for r in operation.security]
        call.append(f"security={tuple_literal(requirements)}")
    idempotency = idempotency_header(operation, doc.settings.idempotency_header)
    if idempotency is not None:
        call.append(f"idempotency_header={python_literal(idempotency)}")
    call += [
        "extra_headers=extra_headers",
        "extra_query=extra_query",
        "extra_body=extra_body",
        "timeout=timeout",
    ]

    returns, return_lines = _results(operation.successes, note, typing)
    json_returns = returns
    returns, return_lines, stream_argument = _events(operation, returns, return_lines, note, typing)
    keyword = tuple(keyword_required + keyword_optional)
    overloads: tuple[OverloadView, ...] = ()
    if stream_argument is not None and stream_argument != "True":
        flag = stream_argument.removeprefix("bool(").removesuffix(")")
        overloads = _stream_overloads(keyword, flag, json_returns, returns)
        typing |= {"Literal", "overload"}
    if stream_argument is not None:
        call.append(f"stream={stream_argument}")
    media = list(dict.fromkeys(r.media_type for r in operation.successes if r.media_type))
    media += ["text/event-stream"] if stream_argument is not None and "text/event-stream" not in media else []
    if media and media != ["application/json"]:
        call.insert(2, f"accept={python_literal(', '.join(media))}")

    view = OperationView(
        name=operation.method_name,
        doc_sync=_method_doc(operation, doc, returns, is_async=False),
        doc_async=_method_doc(operation, doc, returns, is_async=True),
        positional=tuple(positional),
        keyword=keyword,
        returns=returns,
        returns_async=_async_returns(returns),
        body_setup=tuple(body_setup),
        call_arguments=tuple(call),
        return_lines=return_lines,
        deprecated=operation.deprecated,
        overloads=overloads,
    )
    return view, names, typing


def _async_returns(returns: str) -> str:
    return re.sub(r"(?<![\w.])Stream\[", "AsyncStream[", returns)


def _stream_overloads(
    keyword: tuple[ArgumentView, ...], flag: str, json_returns: str, returns: str
) -> tuple[OverloadView, ...]:
    """``stream=False`` (or none) gives the JSON result, ``stream=True`` the events, a ``bool`` either."""

    def narrowed(text: str, default: str) -> tuple[ArgumentView, ...]:
        return tuple(replace(a, annotation=text, default=default) if a.name == flag else a for a in keyword)

    stream = returns[len(json_returns) + len(" | ") :]
    return (
        OverloadView(narrowed("Literal[False] | None", " = None"), json_returns, json_returns),
        OverloadView(narrowed("Literal[True]", ""), stream, _async_returns(stream)),
        OverloadView(keyword, returns, _async_returns(returns)),
    )


_KEY_NOTE = " When not given, the SDK makes one key per call and sends it on every retry of the call."
_IDEMPOTENCY_HEADER = re.compile(r"^(x-)?idempotency[-_]?key$", re.IGNORECASE)


def idempotency_header(operation: Operation, configured: str | None) -> str | None:
    """The header that makes this call safe to retry: one the operation declares, or the
    configured one on POST and PATCH (the methods HTTP does not make idempotent)."""
    for p in operation.parameters:
        if p.location == "header" and _IDEMPOTENCY_HEADER.match(p.wire_name):
            return p.wire_name
    if configured is not None and operation.http_method.upper() in ("POST", "PATCH"):
        return configured
    return None


def _result(response: Response, typing: set[str]) -> tuple[str, str]:
    """(annotation, expression) of what the method returns for ``response``.

    JSON is read by the client, which turns a body that is not what the spec documents
    into an ``APIResponseValidationError``.
    """
    if response.kind == "empty":
        return "None", "None"
    if response.kind == "text":
        return "str", "response.text"
    if response.kind == "binary":
        return "bytes", "response.content"
    if response.type is None:
        typing.add("Any")
        return "Any", "self._client._read_json(response)"
    text = annotation(response.type)
    if isinstance(response.type, ModelType):
        return text, f"self._client._read_model(response, {response.type.name})"
    if text == "Any":
        return text, "self._client._read_json(response)"
    typing.add("cast")
    return text, f"cast({python_literal(text)}, self._client._read(response, {codec(response.type)}))"


def _events(
    operation: Operation,
    returns: str,
    lines: tuple[str, ...],
    note: Callable[[TypeRef], None],
    typing: set[str],
) -> tuple[str, tuple[str, ...], str | None]:
    """The result, parse lines and ``Call(stream=...)`` of an operation that answers with
    server-sent events: always (``Stream[T]``), or when its body's ``stream`` flag is set."""
    response = next((r for r in operation.successes if r.events), None)
    if response is None:
        return returns, lines, None
    event = "Any"
    decoder = "codec.ANY"
    if response.event_type is not None:
        note(response.event_type)
        event, decoder = annotation(response.event_type), codec(response.event_type)
    if event == "Any":
        typing.add("Any")
    stream = f"Stream[{event}]"
    flag = _stream_flag(operation)
    end = response.event_end
    if end is None and flag is not None and "[DONE]" in (flag.field.description or ""):
        end = "[DONE]"
    expression = f"self._client._stream(response, {decoder}, {python_literal(end)})"
    if response.kind != "json":
        return stream, (f"return {expression}",), "True"
    if flag is None:
        return returns, lines, None  # JSON is asked for; nothing says how to ask for events
    name = flag.argument
    return f"{returns} | {stream}", (f"if {name}:", f"    return {expression}", *lines), f"bool({name})"


def _stream_flag(operation: Operation) -> BodyField | None:
    """The boolean ``stream`` property of the body, as OpenAI's spec has it."""
    body = operation.body
    if body is None:
        return None
    for body_field in body.fields:
        kind = annotation(body_field.field.type)
        if body_field.field.wire_name == "stream" and kind in ("bool", "bool | None"):
            return body_field
    return None


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
    idempotency = idempotency_header(operation, doc.settings.idempotency_header)
    arguments = [
        (name, about + _KEY_NOTE if p.location == "header" and p.wire_name == idempotency else about)
        for (name, about), p in zip(arguments, operation.parameters, strict=True)
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
        (
            "timeout",
            "Seconds (or an ``httpx.Timeout``) this whole call may take, retries included, "
            "instead of the client's ``timeout``.",
        ),
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
        error_class = error_class_name(response.status)
        if error_class:
            about = doc.text(response.description)
            if not about or about == response.status:
                about = f"on HTTP {response.status}."
            raises += hanging(f"{error_class}: {about}", width, first=4, rest=8)
    raises += hanging("APIStatusError: on any other non-2xx answer.", width, first=4, rest=8)
    if any(r.kind not in ("empty", "text", "binary") for r in operation.successes):
        raises += hanging(
            "APIResponseValidationError: when a 2xx answer's body is not the documented JSON.",
            width,
            first=4,
            rest=8,
        )
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
