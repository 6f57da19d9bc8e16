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
    RequestBody,
    Resource,
    Response,
    TypeRef,
)
from ..model.pytypes import annotation, python_literal, referenced_names, uses_any, uses_literal
from ..model.text import docstring_body
from .brackets import Code, Group, flat, lay_out, prefixed
from .codecs import codec
from .common import Doc, group_by_module, import_lines, import_order
from .method_docs import idempotency_header, method_doc
from .model_views import field_annotation
from .request_views import page_view, param_expression, path_expression


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
    call_arguments: tuple[Code, ...]
    return_lines: tuple[ReturnView, ...]
    """What its ``_parse`` returns (from the answer to the result): one ``return``, or a status
    switch when several answers differ; none when the result is always ``None``."""
    deprecated: bool
    overloads: tuple[OverloadView, ...] = ()
    """Where a ``stream`` flag chooses between JSON and events: one signature per choice."""
    page_arguments: tuple[Code, ...] = ()
    """For a list that pages: the ``PageRule`` and the answer's decoder (see ``page_view``)."""


@dataclass(frozen=True)
class ReturnView:
    """``return expression``, under ``if condition:`` when there is one."""

    condition: str | None
    expression: Code

    @property
    def text(self) -> str:
        """The statement on one line (to find the names it uses)."""
        return f"return {flat(self.expression)}"


@dataclass(frozen=True)
class SubResourceView:
    """A sub-resource as an attribute of its parent's class (loaded on first use)."""

    attribute: str
    class_name: str
    module: str
    doc: str


@dataclass(frozen=True)
class ResourceView:
    module: str
    class_name: str
    attribute: str
    """How code reaches it from a client: ``customers.bank_accounts``."""
    doc: str
    imports: tuple[str, ...]
    """Model imports, under ``if TYPE_CHECKING:`` (methods import what they run with)."""
    typing_imports: tuple[str, ...]
    stdlib_imports: tuple[str, ...]
    base_imports: tuple[str, ...]
    model_imports: tuple[str, ...]
    streams: bool
    """Some operation returns server-sent events (``Stream``)."""
    operations: tuple[OperationView, ...]
    subresources: tuple[SubResourceView, ...] = ()
    pagination_imports: tuple[str, ...] = ()


def resource_views(api: Api, settings: Settings) -> list[ResourceView]:
    """One view per resource module: every resource and sub-resource."""
    doc = Doc(settings)
    return [_resource_view(resource, api, doc) for resource in api.all_resources]


def resource_doc(resource: Resource, doc: Doc, indent: int) -> str:
    """The docstring of a resource's class and of the attribute that reaches it."""
    text = (
        doc.text(resource.description)
        or f"Operations on {resource.access.replace('_', ' ').replace('.', ': ')}."
    )
    return docstring_body(text, indent=indent)


def _resource_view(resource: Resource, api: Api, doc: Doc) -> ResourceView:
    owners = {m.name: m.module for m in api.models} | {e.name: e.module for e in api.enums}
    names: set[str] = set()
    typing: set[str] = set()
    operations = []
    # A method called ``list`` shadows the builtin inside its class body, where mypy
    # would then read ``list[X]`` annotations as the method: spell those ``builtins.list``.
    members = {op.method_name for op in resource.operations} | {r.name for r in resource.resources}
    shadowed = members & _BUILTIN_TYPES
    for operation in resource.operations:
        view, used, typing_used = _operation_view(operation, doc)
        view = _with_local_imports(view, used, owners)
        operations.append(_qualify_builtins(view, shadowed) if shadowed else view)
        names |= used
        typing |= typing_used
    # Touching a resource imports no model: annotations name them under TYPE_CHECKING, and
    # each method imports the models it builds or reads when it runs (see _with_local_imports).
    annotations = "\n".join(
        text
        for op in operations
        for text in (op.returns, *(a.annotation for a in (*op.positional, *op.keyword)))
    )
    imports = [
        line
        for module, group in group_by_module(_mentioned(names, annotations), owners, "")
        for line in import_lines(f"..models.{module}", group, 4)
    ]
    if imports or resource.resources:
        typing.add("TYPE_CHECKING")
    code = "\n".join(
        line
        for op in operations
        for line in (*map(flat, op.call_arguments), *op.body_setup, *(r.text for r in op.return_lines))
    )
    signatures = "\n".join(a.annotation for op in operations for a in (*op.positional, *op.keyword))
    needs_builtins = "builtins." in signatures or any("builtins." in op.returns for op in operations)
    base_imports = (
        ["AsyncAPIClient", "Call", "SyncAPIClient"] if operations else ["AsyncAPIClient", "SyncAPIClient"]
    )
    base_imports += [name for name in ("Param", "path_segment") if f"{name}(" in code]
    paged = any(op.page_arguments for op in operations)
    code += "\n".join(flat(argument) for op in operations for argument in op.page_arguments)
    base_imports += ["no_content"] if any(not op.return_lines for op in operations) else []
    model_imports = ["UNSET", "Unset"] if operations else []
    model_imports += [name for name in ("FileContent",) if name in signatures]
    model_imports += [
        name for name, used in (("codec", "codec." in code), ("to_wire", "to_wire(" in code)) if used
    ]
    model_imports = import_order(model_imports)
    return ResourceView(
        module=resource.module,
        class_name=resource.class_name,
        attribute=resource.access,
        doc=resource_doc(resource, doc, indent=4),
        imports=tuple(imports),
        typing_imports=tuple(import_order(typing)),
        stdlib_imports=("builtins",) if needs_builtins else (),
        base_imports=tuple(import_order(base_imports)),
        model_imports=tuple(model_imports),
        streams=any("Stream[" in op.returns for op in operations),
        operations=tuple(operations),
        subresources=tuple(
            SubResourceView(r.name, r.class_name, r.module, resource_doc(r, doc, indent=8))
            for r in resource.resources
        ),
        pagination_imports=("AsyncPaginator", "PageRule", "SyncPage") if paged else (),
    )


def _with_local_imports(view: OperationView, used: set[str], owners: dict[str, str]) -> OperationView:
    """``view`` whose body first imports the models its code uses at run time.

    Imported in the method, not at the top of the module, so that a model module is
    loaded when the first call builds or reads a value of its type, not when the
    resource is touched.
    """
    returned = (r.text for r in view.return_lines)
    code = "\n".join((*view.body_setup, *map(flat, view.call_arguments), *returned))
    needed = _mentioned(used, code)
    if not needed:
        return view
    lines = [
        line
        for module, group in group_by_module(needed, owners, "")
        for line in import_lines(f"..models.{module}", group, 8)
    ]
    # A blank line after the imports, as black puts one; the template already opens a
    # ``_parse`` helper that comes next with one.
    opens_parse = bool(view.return_lines) and not view.page_arguments and not view.body_setup
    return replace(view, body_setup=(*lines, *([] if opens_parse else [""]), *view.body_setup))


def _mentioned(names: set[str], code: str) -> set[str]:
    """The ``names`` that ``code`` refers to (as a whole name, not an attribute)."""
    return {name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}\b", code)}


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


@dataclass(frozen=True)
class SignatureArgument:
    """One argument of a resource method, exactly as the method declares it."""

    name: str
    annotation: str
    default: str
    """`` = None``, `` = UNSET`` or empty (required)."""
    source: Parameter | BodyField | RequestBody
    """What it sets: a parameter, one property of the body, or the whole body."""

    @property
    def positional(self) -> bool:
        return isinstance(self.source, Parameter) and self.source.location == "path"


@dataclass(frozen=True)
class MethodSignature:
    """A resource method's arguments and return annotation: what callers see of it."""

    arguments: tuple[SignatureArgument, ...]
    """Path parameters (positional) first, then the required keywords, then the optional ones."""
    returns: str


def method_signature(operation: Operation) -> MethodSignature:
    """The signature the resource module declares for ``operation``.

    The one source of it: the emitted method is built from it, and ``diff`` compares the
    signatures of two specs through it (before ``builtins.`` qualification, a rendering detail).
    """
    positional: list[SignatureArgument] = []
    required: list[SignatureArgument] = []
    optional: list[SignatureArgument] = []
    for p in operation.parameters:
        shown = _argument(p.name, p.type, p.required)
        argument = SignatureArgument(p.name, shown.annotation, shown.default, p)
        if p.location == "path":
            positional.append(argument)
        else:
            (required if p.required else optional).append(argument)
    body = operation.body
    if body is not None and body.model is not None:
        for body_field in body.fields:
            text, default = field_annotation(body_field.field)
            target = required if body_field.field.required else optional
            target.append(SignatureArgument(body_field.argument, text, default, body_field))
    elif body is not None:
        shown = _argument("body", body.type, body.required)
        text = shown.annotation
        if body.encoding == "binary":
            text = text.replace("FileContent", "bytes | IO[bytes]")
        elif body.encoding == "text":
            text = text.replace("FileContent", "str")
        (required if body.required else optional).append(SignatureArgument("body", text, shown.default, body))
    returns = _union([_result(r, set())[0] for r in operation.successes]) if operation.successes else "None"
    return MethodSignature((*positional, *required, *optional), returns)


def _operation_view(operation: Operation, doc: Doc) -> tuple[OperationView, set[str], set[str]]:
    names: set[str] = set()
    typing: set[str] = set()
    positional: list[ArgumentView] = []
    keywords: list[ArgumentView] = []  # required first: the signature's order

    def note(t: TypeRef) -> None:
        names.update(referenced_names(t))
        if uses_any(t):
            typing.add("Any")
        if uses_literal(t):
            typing.add("Literal")

    signature = method_signature(operation)
    for argument in signature.arguments:
        shown = ArgumentView(argument.name, argument.annotation, argument.default)
        (positional if argument.positional else keywords).append(shown)
    for p in operation.parameters:
        note(p.type)

    body = operation.body
    body_setup: list[str] = []
    call: list[Code] = [
        f"method={python_literal(operation.http_method)}",
        prefixed("path=", path_expression(operation)),
    ]
    for location, attribute in (("query", "query"), ("header", "headers"), ("cookie", "cookies")):
        params = [p for p in operation.parameters if p.location == location]
        if params:
            call.append(Group(f"{attribute}=[", tuple(param_expression(p) for p in params), "]"))

    if body is not None:
        note(body.type)
        if body.model is not None:
            names.add(body.model)
            for body_field in body.fields:
                note(body_field.field.type)
            assignments = Group(
                f"{body.model}(", tuple(f"{bf.field.name}={bf.argument}" for bf in body.fields), ").to_dict()"
            )
            body_setup.append(lay_out(assignments, 8, target="body = "))
            payload = "body"
        else:
            if body.encoding == "binary":
                typing.add("IO")
            payload = "to_wire(body)" if body.encoding == "json" else "body"
            if not body.required:
                payload = f"UNSET if body is None else {payload}" if body.encoding == "json" else payload
        if body.encoding == "json":
            call.append(f"json={payload}")
        elif body.encoding in ("form", "multipart"):
            call.append(f"{body.encoding}={payload}")
            if body.property_encodings:
                entries = tuple(
                    f"{python_literal(n)}: ({python_literal(s)}, {e!r})"
                    for n, s, e in body.property_encodings
                )
                call.append(Group("encoding={", entries, "}"))
        else:
            call.append(f"content={payload}")
            content_type = body.media_type
            if body.encoding == "text" and "charset" not in content_type:
                content_type += "; charset=utf-8"  # str bodies are sent as UTF-8
            call.append(f"content_type={python_literal(content_type)}")

    if operation.security:
        requirements = tuple(
            Group("(", tuple(python_literal(s) for s in r), ")", one_tuple=True) for r in operation.security
        )
        call.append(Group("security=(", requirements, ")", one_tuple=True))
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
    keyword = tuple(keywords)
    overloads: tuple[OverloadView, ...] = ()
    if stream_argument is not None and stream_argument != "True":
        flag = stream_argument.removeprefix("bool(").removesuffix(")")
        overloads = _stream_overloads(keyword, flag, json_returns, returns)
        typing |= {"Literal", "overload"}
    if stream_argument is not None:
        call.append(f"stream={stream_argument}")
    returns_async = _async_returns(returns)
    page_arguments: tuple[Code, ...] = ()
    if operation.pagination is not None and operation.success is not None and operation.success.type:
        note(operation.pagination.item_type)
        returns, returns_async, page_arguments = page_view(operation.pagination, operation.success.type)
        typing.discard("cast")  # a list that pages renders its page arguments, not its return lines
    media = list(dict.fromkeys(r.media_type for r in operation.successes if r.media_type))
    media += ["text/event-stream"] if stream_argument is not None and "text/event-stream" not in media else []
    if media and media != ["application/json"]:
        call.insert(2, f"accept={python_literal(', '.join(media))}")

    view = OperationView(
        name=operation.method_name,
        doc_sync=method_doc(operation, doc, returns, is_async=False),
        doc_async=method_doc(operation, doc, returns, is_async=True),
        positional=tuple(positional),
        keyword=keyword,
        returns=returns,
        returns_async=returns_async,
        body_setup=tuple(body_setup),
        call_arguments=tuple(call),
        return_lines=return_lines,
        deprecated=operation.deprecated,
        page_arguments=page_arguments,
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


_READ_JSON = Group("self._client._read_json(", ("response",), ")")


def _result(response: Response, typing: set[str]) -> tuple[str, Code]:
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
        return "Any", _READ_JSON
    text = annotation(response.type)
    if isinstance(response.type, ModelType):
        return text, Group("self._client._read_model(", ("response", response.type.name), ")")
    if text == "Any":
        return text, _READ_JSON
    read = Group("self._client._read(", ("response", codec(response.type)), ")")
    typing.add("cast")
    return text, Group("cast(", (python_literal(text), read), ")")


def _events(
    operation: Operation,
    returns: str,
    lines: tuple[ReturnView, ...],
    note: Callable[[TypeRef], None],
    typing: set[str],
) -> tuple[str, tuple[ReturnView, ...], str | None]:
    """The result, parse lines and ``Call(stream=...)`` of an operation that answers with
    server-sent events: always (``Stream[T]``), or when its body's ``stream`` flag is set."""
    response = next((r for r in operation.successes if r.events), None)
    if response is None:
        return returns, lines, None
    event = "Any"
    decoder: Code = "codec.ANY"
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
    expression = Group("self._client._stream(", ("response", decoder, python_literal(end)), ")")
    if response.kind != "json":
        return stream, (ReturnView(None, expression),), "True"
    if flag is None:
        return returns, lines, None  # JSON is asked for; nothing says how to ask for events
    name = flag.argument
    return f"{returns} | {stream}", (ReturnView(name, expression), *lines), f"bool({name})"


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
) -> tuple[str, tuple[ReturnView, ...]]:
    """The return annotation and the lines that pick the result by the status that came back."""
    if not successes:
        return "None", ()
    for response in successes:
        if response.type is not None:
            note(response.type)
    results = [(r, *_result(r, typing)) for r in successes]
    annotations = _union([text for _, text, _ in results])
    primary_expression = results[0][2]
    lines: list[ReturnView] = []
    for response, _, expression in results[1:]:
        if expression != primary_expression and response.status != "default":
            lines.append(ReturnView(_status_test(response.status), expression))
    if primary_expression != "None" or lines:
        lines.append(ReturnView(None, primary_expression))
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
