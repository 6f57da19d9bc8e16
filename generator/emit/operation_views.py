"""Views of the resource modules: each operation's signature, request expression,
result handling and docstring.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..config import Settings
from ..model.ir import (
    Api,
    BodyField,
    ModelType,
    Operation,
    Resource,
    Response,
    TypeRef,
)
from ..model.pytypes import referenced_names, uses_any, uses_literal
from .brackets import Chain, Code, Group, Hint, Subscript, lay_out, prefixed
from .codecs import codec
from .common import Doc, group_by_module, import_lines, import_order
from .method_docs import idempotency_header, method_doc
from .page_views import BUILTIN_TYPES, PageClassView, page_class_view, page_view
from .params import ParamTypes, param_types
from .request_views import bytes_format, param_expression, path_expression
from .signatures import method_signature, result_hint, union
from .spelling import ANY, NONE, hint, python_literal, qualified, value_modules
from .text import docstring_body


@dataclass(frozen=True)
class ArgumentView:
    name: str
    hint: Hint
    default: str
    """`` = None``, `` = UNSET`` or empty (required)."""


@dataclass(frozen=True)
class OverloadView:
    """One ``@overload`` signature: the keyword arguments (the ``stream`` flag narrowed) and result."""

    keyword: tuple[ArgumentView, ...]
    returns: Hint
    returns_async: Hint


@dataclass(frozen=True)
class OperationView:
    name: str
    doc_sync: str
    doc_async: str
    positional: tuple[ArgumentView, ...]
    keyword: tuple[ArgumentView, ...]
    returns: Hint
    returns_async: Hint
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
    page_class: str = ""
    """For a list that pages: its page class (or the runtime's ``SyncPage``)."""
    page_class_async: str = ""
    streams: bool = False
    """It may answer with server-sent events (a ``Stream``)."""
    runtime: frozenset[str] = frozenset()
    """The SDK's runtime names its code calls (``Param``, ``codec``, ``to_wire`` ...)."""
    models: frozenset[str] = frozenset()
    """The models and enums its code names when it runs (built, read or decoded)."""


@dataclass(frozen=True)
class ReturnView:
    """``return expression``, under ``if condition:`` when there is one."""

    condition: str | None
    expression: Code
    models: frozenset[str] = frozenset()
    """The models and enums the expression names when it runs."""
    decodes: bool = False
    """The expression names a codec (``codec.``)."""


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
    pages: tuple[PageClassView, ...] = ()
    """The page classes of its list methods."""
    abc_imports: tuple[str, ...] = ()
    """From ``collections.abc``: ``Mapping`` (``extra_headers``), ``Sequence`` (a list of typed dicts)."""
    raw_docs: dict[str, str] = field(default_factory=dict)
    """The docstrings of its ``with_raw_response`` and ``with_streaming_response`` classes, by
    ``Async`` prefix and kind (``"RawResponse"``): ``help()`` shows which methods they hold."""


def resource_views(api: Api, settings: Settings) -> list[ResourceView]:
    """One view per resource module: every resource and sub-resource."""
    doc = Doc(settings)
    params = param_types(api)
    return [_resource_view(resource, api, doc, params) for resource in api.all_resources]


def resource_doc(resource: Resource, doc: Doc, indent: int, members: bool = False) -> str:
    """The docstring of a resource's class and of the attribute that reaches it.

    ``members``: the client's attribute also lists the resource's methods and sub-resources,
    so that ``help()`` on the client shows what each resource does.
    """
    text = (
        doc.text(resource.description)
        or f"Operations on {resource.access.replace('_', ' ').replace('.', ': ')}."
    )
    if members:
        methods = ", ".join(f"``{op.method_name}()``" for op in resource.operations)
        resources = ", ".join(f"``{sub.name}``" for sub in resource.resources)
        text += f"\n\nMethods: {methods}." if methods else ""
        text += f"\n\nResources: {resources}." if resources else ""
    return docstring_body(text, indent=indent)


def _resource_view(resource: Resource, api: Api, doc: Doc, params: ParamTypes) -> ResourceView:
    owners = {m.name: m.module for m in api.models} | {e.name: e.module for e in api.enums}
    owners |= {params.of(m.name): m.module for m in api.models if m.name in params.names}
    typing: set[str] = set()
    operations = []
    # A method called ``list`` shadows the builtin inside its class body, where mypy
    # would then read ``list[X]`` annotations as the method: spell those ``builtins.list``.
    members = {op.method_name for op in resource.operations} | {r.name for r in resource.resources}
    shadowed = frozenset(members & BUILTIN_TYPES)
    models = {m.name: m for m in api.models}
    taken = set(owners) | {resource.class_name}
    pages: list[PageClassView] = []
    for operation in resource.operations:
        page = page_class_view(operation, resource.class_name, models, taken, doc)
        pages += [page] if page is not None else []
        view, typing_used = _operation_view(operation, doc, params, page)
        operations.append(_with_local_imports(view, owners))
        typing |= typing_used
    typing |= {name for page in pages for name in page.typing}
    hints = [h for op in operations for h in _hints(op)]
    needs_builtins = any(h != qualified(h, shadowed) for h in hints) or any(p.builtins for p in pages)
    hints += [h for page in pages for h in page.hints()]
    if needs_builtins:
        operations = [_qualify_builtins(op, shadowed) for op in operations]
    # Touching a resource imports no model: annotations name them under TYPE_CHECKING, and
    # each method imports the models it builds or reads when it runs (see _with_local_imports).
    spelled = set().union(*(h.names() for h in hints))
    annotated = spelled & owners.keys()
    imports = [
        line
        for module, group in group_by_module(annotated, owners, "")
        for line in import_lines(f"..models.{module}", group, 4)
    ]
    if imports or resource.resources:
        typing.add("TYPE_CHECKING")
    runtime = {name for op in operations for name in op.runtime}
    base_imports = (
        ["AsyncAPIClient", "Call", "SyncAPIClient"] if operations else ["AsyncAPIClient", "SyncAPIClient"]
    )
    base_imports += sorted(runtime & {"Param", "path_segment"})
    paged = [op for op in operations if op.page_arguments]
    base_imports += ["no_content"] if any(not op.return_lines for op in operations) else []
    model_imports = ["UNSET", "Unset"] if operations else []
    model_imports += ["FileContent"] if "FileContent" in spelled else []
    model_imports += sorted(runtime & {"codec", "request_body", "to_wire"})
    model_imports = import_order(model_imports)
    return ResourceView(
        module=resource.module,
        class_name=resource.class_name,
        attribute=resource.access,
        doc=resource_doc(resource, doc, indent=4),
        imports=tuple(imports),
        typing_imports=tuple(import_order(typing)),
        stdlib_imports=(*(("builtins",) if needs_builtins else ()), *value_modules(hints)),
        base_imports=tuple(import_order(base_imports)),
        model_imports=tuple(model_imports),
        streams=any(op.streams for op in operations),
        operations=tuple(operations),
        subresources=tuple(
            SubResourceView(r.name, r.class_name, r.module, resource_doc(r, doc, indent=8))
            for r in resource.resources
        ),
        pagination_imports=_pagination_imports(paged),
        pages=tuple(pages),
        abc_imports=tuple(sorted(({"Mapping"} if operations else set()) | (spelled & {"Sequence"}))),
        raw_docs=_raw_docs(resource),
    )


def _raw_docs(resource: Resource) -> dict[str, str]:
    """The docstrings of the resource's ``with_raw_response`` and ``with_streaming_response``
    classes: their methods are instance attributes (wrapped methods), which ``help()`` does not
    list, so the class says which they are."""
    methods = ", ".join(f"``{op.method_name}()``" for op in resource.operations) or "none"
    docs = {}
    for prefix in ("", "Async"):
        owner = f"{prefix}{resource.class_name}"
        docs[prefix + "RawResponse"] = (
            f"``{owner}.with_raw_response``: its methods returning the ``{prefix}APIResponse`` "
            f"(status, headers, ``parse()``) instead of the result.\n\nMethods: {methods}."
        )
        docs[prefix + "StreamingResponse"] = (
            f"``{owner}.with_streaming_response``: its methods as context managers giving the "
            f"``{prefix}APIResponse`` with the body read only on demand.\n\nMethods: {methods}."
        )
    return {key: docstring_body(text, indent=4) for key, text in docs.items()}


def _pagination_imports(paged: list[OperationView]) -> tuple[str, ...]:
    """What the module's list methods and page classes name from the runtime's pagination."""
    return ("AsyncPage", "AsyncPaginator", "PageRule", "SyncPage") if paged else ()


def _with_local_imports(view: OperationView, owners: dict[str, str]) -> OperationView:
    """``view`` whose body first imports the models its code uses at run time.

    Imported in the method, not at the top of the module, so that a model module is
    loaded when the first call builds or reads a value of its type, not when the
    resource is touched.
    """
    if not view.models:
        return view
    lines = [
        line
        for module, group in group_by_module(view.models, owners, "")
        for line in import_lines(f"..models.{module}", group, 8)
    ]
    # A blank line after the imports, as black puts one; the template already opens a
    # ``_parse`` helper that comes next with one.
    opens_parse = bool(view.return_lines) and not view.page_arguments and not view.body_setup
    return replace(view, body_setup=(*lines, *([] if opens_parse else [""]), *view.body_setup))


def _hints(view: OperationView) -> list[Hint]:
    """Every annotation of the method (its overloads' too)."""
    arguments = (*view.positional, *view.keyword, *(a for o in view.overloads for a in o.keyword))
    returns = (o.returns for o in view.overloads)
    returns_async = (o.returns_async for o in view.overloads)
    return [*(a.hint for a in arguments), view.returns, view.returns_async, *returns, *returns_async]


def _qualify_builtins(view: OperationView, shadowed: frozenset[str]) -> OperationView:
    """``view`` with the builtin types its class shadows spelled ``builtins.list``."""

    def arguments(items: tuple[ArgumentView, ...]) -> tuple[ArgumentView, ...]:
        return tuple(replace(a, hint=qualified(a.hint, shadowed)) for a in items)

    return replace(
        view,
        positional=arguments(view.positional),
        keyword=arguments(view.keyword),
        returns=qualified(view.returns, shadowed),
        returns_async=qualified(view.returns_async, shadowed),
        overloads=tuple(
            OverloadView(
                arguments(o.keyword), qualified(o.returns, shadowed), qualified(o.returns_async, shadowed)
            )
            for o in view.overloads
        ),
    )


def _operation_view(
    operation: Operation, doc: Doc, params: ParamTypes, page: PageClassView | None = None
) -> tuple[OperationView, set[str]]:
    """The method's view, and the names it needs from ``typing``."""
    typing: set[str] = set()
    runtime: set[str] = set()
    models: set[str] = set()
    positional: list[ArgumentView] = []
    keywords: list[ArgumentView] = []  # required first: the signature's order

    def note(t: TypeRef) -> None:
        if uses_any(t):
            typing.add("Any")
        if uses_literal(t):
            typing.add("Literal")

    signature = method_signature(operation, params)
    for argument in signature.arguments:
        shown = ArgumentView(argument.name, argument.hint, argument.default)
        (positional if argument.positional else keywords).append(shown)
    for p in operation.parameters:
        note(p.type)

    body = operation.body
    body_setup: list[str] = []
    path = path_expression(operation)
    if isinstance(path, Chain):
        runtime.add("path_segment")
    call: list[Code] = [f"method={python_literal(operation.http_method)}", prefixed("path=", path)]
    for location, attribute in (("query", "query"), ("header", "headers"), ("cookie", "cookies")):
        located = [p for p in operation.parameters if p.location == location]
        if located:
            runtime.add("Param")
            call.append(Group(f"{attribute}=[", tuple(param_expression(p) for p in located), "]"))

    if body is not None:
        note(body.type)
        if body.model is not None:
            models.add(body.model)
            for body_field in body.fields:
                note(body_field.field.type)
            # ``request_body``, not the model's constructor: an argument may be a typed dict
            # where the model's field holds a model (the dict is sent as it is).
            runtime.add("request_body")
            assignments = Group(
                "request_body(", (body.model, *(f"{bf.field.name}={bf.argument}" for bf in body.fields)), ")"
            )
            body_setup.append(lay_out(assignments, 8, target="body = "))
            payload = "body"
        else:
            if body.encoding == "binary":
                typing.add("IO")
            payload = "body"
            if body.encoding == "json":
                runtime.add("to_wire")
                payload = "to_wire(body)" if body.required else "UNSET if body is None else to_wire(body)"
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
            formats = [(bf.field.wire_name, bytes_format(bf.field.type)) for bf in body.fields]
            if body.encoding == "form" and any(fmt for _, fmt in formats):
                pairs = tuple(f"{python_literal(n)}: {python_literal(f)}" for n, f in formats if f)
                call.append(Group("formats={", pairs, "}"))
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
    if operation.scopes:
        scopes = tuple(
            Group(f"{python_literal(key)}: (", tuple(python_literal(n) for n in names), ")", one_tuple=True)
            for key, names in operation.scopes
        )
        call.append(Group("scopes={", scopes, "}"))
    idempotency = idempotency_header(operation, doc.settings.idempotency_header)
    if idempotency is not None:
        call.append(f"idempotency_header={python_literal(idempotency)}")
    call += [
        "extra_headers=extra_headers",
        "extra_query=extra_query",
        "extra_body=extra_body",
        "timeout=timeout",
    ]

    for response in operation.successes:
        if response.type is not None:
            note(response.type)
    returns, return_lines = _results(operation.successes, typing)
    json_returns = returns
    events = _events(operation)
    overloads: tuple[OverloadView, ...] = ()
    if events is not None:
        if events.event_type is not None:
            note(events.event_type)
        if events.hint == ANY:
            typing.add("Any")
        stream = Subscript("Stream", (events.hint,))
        if events.flag is None:  # always events
            returns, return_lines = Hint((stream,)), (replace(events.read, condition=None),)
            call.append("stream=True")
        else:
            returns = Hint((*json_returns.members, stream))
            return_lines = (replace(events.read, condition=events.flag), *return_lines)
            overloads = _stream_overloads(tuple(keywords), events.flag, json_returns, stream)
            typing |= {"Literal", "overload"}
            call.append(f"stream=bool({events.flag})")
    returns_async = _for_async(returns)
    page_arguments: tuple[Code, ...] = ()
    page_classes = ("", "")
    if operation.pagination is not None and operation.success is not None and operation.success.type:
        note(operation.pagination.item_type)
        returns, returns_async, page_arguments, page_classes = page_view(
            operation.pagination, operation.success.type, page
        )
        typing.discard("cast")  # a list that pages renders its page arguments, not its return lines
        models.update(referenced_names(operation.success.type))  # the page's codec
        runtime.add("codec")
    media = list(dict.fromkeys(r.media_type for r in operation.successes if r.media_type))
    media += ["text/event-stream"] if events is not None and "text/event-stream" not in media else []
    if media and media != ["application/json"]:
        call.insert(2, f"accept={python_literal(', '.join(media))}")

    models.update(name for r in return_lines for name in r.models)
    runtime.update(["codec"] if any(r.decodes for r in return_lines) else [])
    view = OperationView(
        name=operation.method_name,
        doc_sync=method_doc(operation, doc, returns, is_async=False),
        doc_async=method_doc(operation, doc, returns, is_async=True),
        positional=tuple(positional),
        keyword=tuple(keywords),
        returns=returns,
        returns_async=returns_async,
        body_setup=tuple(body_setup),
        call_arguments=tuple(call),
        return_lines=return_lines,
        deprecated=operation.deprecated,
        page_arguments=page_arguments,
        page_class=page_classes[0],
        page_class_async=page_classes[1],
        overloads=overloads,
        streams=events is not None,
        runtime=frozenset(runtime),
        models=frozenset(models),
    )
    return view, typing


def _for_async(returns: Hint) -> Hint:
    """The async method's result: an ``AsyncStream`` where the sync one returns a ``Stream``."""
    return Hint(
        tuple(
            Subscript("AsyncStream", m.args) if isinstance(m, Subscript) and m.head == "Stream" else m
            for m in returns.members
        )
    )


def _stream_overloads(
    keyword: tuple[ArgumentView, ...], flag: str, json_returns: Hint, stream: Subscript
) -> tuple[OverloadView, ...]:
    """``stream=False`` (or none) gives the JSON result, ``stream=True`` the events, a ``bool`` either."""

    def narrowed(annotation: Hint, default: str) -> tuple[ArgumentView, ...]:
        return tuple(replace(a, hint=annotation, default=default) if a.name == flag else a for a in keyword)

    literal_false = Hint((Subscript("Literal", (Hint(("False",)),)), "None"))
    literal_true = Hint((Subscript("Literal", (Hint(("True",)),)),))
    events = Hint((stream,))
    either = Hint((*json_returns.members, stream))
    return (
        OverloadView(narrowed(literal_false, " = None"), json_returns, json_returns),
        OverloadView(narrowed(literal_true, ""), events, _for_async(events)),
        OverloadView(keyword, either, _for_async(either)),
    )


_READ_JSON = Group("self._client._read_json(", ("response",), ")")
_RAW_RESULTS = {"empty": "None", "text": "response.text", "binary": "response.content"}


def _result(response: Response, typing: set[str]) -> tuple[Hint, ReturnView]:
    """(annotation, expression) of what the method returns for ``response``.

    JSON is read by the client, which turns a body that is not what the spec documents
    into an ``APIResponseValidationError``.
    """
    shown = result_hint(response)
    if response.kind in _RAW_RESULTS:
        return shown, ReturnView(None, _RAW_RESULTS[response.kind])
    if response.type is None:
        typing.add("Any")
        return shown, ReturnView(None, _READ_JSON)
    if isinstance(response.type, ModelType):
        read_model = Group("self._client._read_model(", ("response", response.type.name), ")")
        return shown, ReturnView(None, read_model, frozenset((response.type.name,)))
    if shown == ANY:
        return shown, ReturnView(None, _READ_JSON)
    read = Group("self._client._read(", ("response", codec(response.type)), ")")
    typing.add("cast")
    expression = Group("cast(", (python_literal(shown.flat()), read), ")")
    return shown, ReturnView(None, expression, frozenset(referenced_names(response.type)), True)


@dataclass(frozen=True)
class _Events:
    """How an operation answers with server-sent events."""

    hint: Hint
    """The annotation of one event."""
    event_type: TypeRef | None
    read: ReturnView
    """``return self._client._stream(...)``."""
    flag: str | None
    """The argument whose truth asks for events; none when the answer is always events."""


def _events(operation: Operation) -> _Events | None:
    """How the operation answers with server-sent events: always (``Stream[T]``), or when its
    body's ``stream`` flag is set; None when it never does (or nothing says how to ask)."""
    response = next((r for r in operation.successes if r.events), None)
    if response is None:
        return None
    flag = _stream_flag(operation)
    if response.kind == "json" and flag is None:
        return None  # JSON is asked for; nothing says how to ask for events
    event, models = ANY, frozenset[str]()
    decoder: Code = "codec.ANY"
    if response.event_type is not None:
        event, decoder = hint(response.event_type), codec(response.event_type)
        models = frozenset(referenced_names(response.event_type))
    end = response.event_end
    if end is None and flag is not None and "[DONE]" in (flag.field.description or ""):
        end = "[DONE]"
    stream = Group("self._client._stream(", ("response", decoder, python_literal(end)), ")")
    read = ReturnView(None, stream, models, True)
    asked_by = flag.argument if response.kind == "json" and flag is not None else None
    return _Events(event, response.event_type, read, asked_by)


_BOOL = (Hint(("bool",)), Hint(("bool", "None")))


def _stream_flag(operation: Operation) -> BodyField | None:
    """The boolean ``stream`` property of the body, as OpenAI's spec has it."""
    body = operation.body
    if body is None:
        return None
    for body_field in body.fields:
        if body_field.field.wire_name == "stream" and hint(body_field.field.type) in _BOOL:
            return body_field
    return None


def _status_test(status: str) -> str:
    if status.upper().endswith("XX"):
        low = int(status[0]) * 100
        return f"{low} <= response.status_code < {low + 100}"
    return f"response.status_code == {int(status)}"


def _results(successes: tuple[Response, ...], typing: set[str]) -> tuple[Hint, tuple[ReturnView, ...]]:
    """The return annotation and the lines that pick the result by the status that came back."""
    if not successes:
        return NONE, ()
    results = [(r, *_result(r, typing)) for r in successes]
    annotations = union([shown for _, shown, _ in results])
    primary = results[0][2]
    lines: list[ReturnView] = []
    for response, _, read in results[1:]:
        if read.expression != primary.expression and response.status != "default":
            lines.append(replace(read, condition=_status_test(response.status)))
    if primary.expression != "None" or lines:
        lines.append(primary)
    return annotations, tuple(lines)
