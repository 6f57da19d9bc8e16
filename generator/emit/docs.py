"""Markdown reference pages: an index, one page per operation, one per model and enum.

Every string from the spec is escaped for where it lands: descriptions keep their
Markdown but lose live HTML, names and values in tables are escaped, table cells
stay on one line. Page paths come from generated identifiers only, never from
raw spec text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from ..config import Settings
from ..model.ir import (
    Api,
    Field,
    JsonValue,
    Model,
    Operation,
    Parameter,
    Resource,
    TypeRef,
)
from ..model.pytypes import referenced_names
from ..model.reserved import STATUS_ERRORS
from .brackets import Code, Group, import_from, lay_out, prefixed
from .client_views import ClientView, default_base_url
from .method_docs import idempotency_header
from .params import param_types
from .spelling import VALUE_MODULES, annotation
from .text import absolute_links, code_span, first_sentence, markdown_inline, markdown_text, table_cell
from .values import UnbuildableError, Values


@dataclass(frozen=True)
class Row:
    """One row of a fields or parameters table (cells already escaped)."""

    name: str
    type: str
    required: str
    default: str
    description: str


@dataclass(frozen=True)
class OperationPage:
    path: str
    title: str
    call: str
    http: str
    summary: str
    description: str
    auth: str
    parameters: tuple[Row, ...]
    body_fields: tuple[Row, ...]
    body_note: str
    response: str
    response_example: str
    """The spec's example of the answer, as a fenced JSON block (empty when it has none)."""
    errors: tuple[tuple[str, str, str], ...]
    example: str
    deprecated: bool
    index_summary: str


@dataclass(frozen=True)
class ModelPage:
    path: str
    name: str
    description: str
    rows: tuple[Row, ...]
    values: tuple[tuple[str, str], ...]
    used_by: tuple[tuple[str, str], ...]
    example: str
    param: str = ""
    """Its typed dict, when requests take it (:mod:`generator.emit.params`)."""


class _Linker:
    """Turns annotations into Markdown with links to model and enum pages."""

    def __init__(self, api: Api) -> None:
        self.pages = {m.name: f"models/{m.name}.md" for m in api.models}
        self.pages.update({e.name: f"models/{e.name}.md" for e in api.enums})

    def type_cell(self, t: TypeRef, *, optional: bool = False, prefix: str = "") -> str:
        text = annotation(t)
        if optional and not text.endswith("None") and text not in ("Any", "None"):
            text += " | None"
        return self.link_names(text, prefix)

    def link_names(self, text: str, prefix: str) -> str:
        """``A | list[B]`` → a link for each model or enum, code spans for the rest, ``|`` escaped."""
        out: list[str] = []
        plain = ""
        for piece in re.split(r"([A-Za-z_][A-Za-z0-9_]*)", text):
            if piece in self.pages:
                if plain:
                    out.append(code_span(plain))
                    plain = ""
                out.append(f"[`{piece}`]({prefix}{self.pages[piece]})")
            else:
                plain += piece
        if plain:
            out.append(code_span(plain))
        return "".join(out)  # code_span escapes "|"; links hold identifiers only


def _json(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


NOT_GIVEN = "—"
"""What a reference table shows where the spec says nothing (a cell is never left empty)."""


def _default_cell(f: Field | Parameter) -> str:
    """The spec's default of a field or parameter, or :data:`NOT_GIVEN`."""
    return code_span(_json(f.default)) if f.has_default else NOT_GIVEN


def _required_cell(required: bool) -> str:
    return "yes" if required else "no"


class _Describer:
    """Table-cell descriptions: the spec's own, else the described type's, else :data:`NOT_GIVEN`."""

    def __init__(self, api: Api, base_url: str | None) -> None:
        self.base_url = base_url
        self.types = {m.name: m.description for m in api.models}
        self.types.update({e.name: e.description for e in api.enums})

    def cell(self, text: str | None, t: TypeRef | None = None) -> str:
        if text:
            return table_cell(absolute_links(text, self.base_url))
        for name in referenced_names(t) if t is not None else ():
            about = first_sentence(self.types.get(name))
            if about:
                return table_cell(absolute_links(about, self.base_url))
        return NOT_GIVEN


def render_docs(
    api: Api, settings: Settings, env: jinja2.Environment, common: dict[str, Any]
) -> dict[str, str]:
    linker = _Linker(api)
    base = settings.docs_base_url

    def describe(text: str | None) -> str:
        return markdown_text(absolute_links(text or "", base)).strip()

    describer = _Describer(api, base)
    cell = describer.cell

    examples = _Examples(api, settings, common["client_view"])
    operation_pages = [
        _operation_page(resource, operation, settings, linker, describe, cell, examples)
        for operation, resource in api.operations
    ]
    used_by = _used_by(api)
    roles = _operation_roles(api)
    params = param_types(api)
    model_pages = [
        ModelPage(
            path=f"models/{model.name}.md",
            name=model.name,
            description=describe(model.description),
            rows=tuple(
                Row(
                    name=code_span(f.name)
                    + ("" if f.name == f.wire_name else f" (JSON {code_span(f.wire_name)})"),
                    type=linker.type_cell(f.type, prefix="../"),
                    required=_required_cell(f.required),
                    default=_default_cell(f),
                    description=cell(f.description, f.type),
                )
                for f in model.fields
            ),
            values=(),
            used_by=tuple(sorted(used_by.get(model.name, ()))),
            example=examples.model_example(model),
            param=params.of(model.name) if model.name in params.names else "",
        )
        for model in api.models
    ] + [
        ModelPage(
            path=f"models/{enum.name}.md",
            name=enum.name,
            description=describe(enum.description),
            rows=(),
            values=tuple((code_span(m.name), code_span(_json(m.value))) for m in enum.members),
            used_by=tuple(sorted(used_by.get(enum.name, ()))),
            example="",
        )
        for enum in api.enums
    ]
    files = {}
    for page in operation_pages:
        files[f"docs/{page.path}"] = env.get_template("docs/operation.md.j2").render(**common, page=page)
    for model_page in model_pages:
        files[f"docs/{model_page.path}"] = env.get_template("docs/model.md.j2").render(
            **common, page=model_page
        )
    index = env.get_template("docs/index.md.j2").render(
        **common,
        title=markdown_inline(api.title),
        description=describe(api.description),
        operations=operation_pages,
        models=sorted((p.name, p.path, _index_summary(p, roles)) for p in model_pages),
        errors=STATUS_ERRORS,
        base_url=default_base_url(api),
    )
    files["docs/index.md"] = index
    readme_example = operation_pages[0].example if operation_pages else ""
    idempotent = [
        (f"{resource.access}.{op.method_name}", header)
        for op, resource in api.operations
        if (header := idempotency_header(op, settings.idempotency_header)) is not None
    ]
    # An API with sub-resources shows one in README too (``client.customers.bank_accounts...``).
    nested = next(((o, r) for o, r in api.operations if "." in r.access), None)
    nested_example = examples.call_example(nested[1], nested[0]) if nested else ""
    paginated = [
        (f"{resource.access}.{op.method_name}", op.pagination.style, annotation(op.pagination.item_type))
        for op, resource in api.operations
        if op.pagination is not None
    ]
    files["README.md"] = env.get_template("sdk/README.md.j2").render(
        **common,
        title=markdown_inline(api.title),
        description=describe(api.description),
        example=readme_example,
        nested_example=nested_example,
        errors=STATUS_ERRORS,
        base_url=default_base_url(api),
        idempotent=idempotent,
        paginated=paginated,
        **_streaming_facts(api),
    )
    return files


def _streaming_facts(api: Api) -> dict[str, object]:
    """What the README says about raw and streamed answers: a call to show, and which
    operations answer with server-sent events or binary bodies."""
    operations = [(resource, op) for resource in api.resources for op in resource.operations]

    def needs_arguments(op: Operation) -> bool:
        fields = op.body.fields if op.body is not None else ()
        return any(p.required for p in op.parameters) or any(f.field.required for f in fields)

    first = next(((r, op) for r, op in operations if not needs_arguments(op)), None)
    first = first or (operations[0] if operations else None)
    arguments = "..." if first is not None and needs_arguments(first[1]) else ""
    events = [f"{r.name}.{op.method_name}" for r, op in operations if any(x.events for x in op.successes)]
    binary = [
        f"{r.name}.{op.method_name}" for r, op in operations if any(x.kind == "binary" for x in op.successes)
    ]
    return {
        "first_call": f"{first[0].name}.{first[1].method_name}({arguments})" if first else None,
        "event_calls": events,
        "binary_calls": binary,
    }


def _json_block(value: JsonValue) -> str:
    """``value`` as a fenced JSON block whose fence no string inside it can close."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", text)), default=0) + 1)
    return f"{fence}json\n{text}\n{fence}"


def _sentence(cell: str) -> str:
    """A cell that follows a label (``query. …``): the placeholder reads as "not described"."""
    return "Not described." if cell == NOT_GIVEN else cell


def _index_summary(page: ModelPage, roles: dict[str, list[str]]) -> str:
    """The first sentence of the description, or where an undescribed type is used."""
    summary = table_cell(first_sentence(page.description))
    if summary:
        return summary
    if page.used_by:
        return "Used by " + ", ".join(f"`{name}`" for name, _ in page.used_by) + "."
    if page.name in roles:
        text = "; ".join(roles[page.name])
        return table_cell(text[:1].upper() + text[1:] + ".")
    return NOT_GIVEN


def _operation_roles(api: Api) -> dict[str, list[str]]:
    """What each model is to the operations: a request body, an answer, an error body."""
    roles: dict[str, list[str]] = {}
    for op, resource in api.operations:
        call = f"`client.{resource.access}.{op.method_name}()`"
        if op.body is not None and op.body.model is not None:
            roles.setdefault(op.body.model, []).append(f"the request body of {call}")
        for response in op.successes:
            for name in referenced_names(response.type) if response.type is not None else ():
                roles.setdefault(name, []).append(f"the answer of {call}")
    for body in api.error_bodies:
        roles.setdefault(body.model, []).append(f"the body of HTTP {body.status} errors")
    return {name: list(dict.fromkeys(found)) for name, found in roles.items()}


def _used_by(api: Api) -> dict[str, set[tuple[str, str]]]:
    used: dict[str, set[tuple[str, str]]] = {}
    for model in api.models:
        for f in model.fields:
            for name in referenced_names(f.type):
                used.setdefault(name, set()).add((model.name, f"{model.name}.md"))
    return used


def _operation_page(
    resource: Resource,
    operation: Operation,
    settings: Settings,
    linker: _Linker,
    describe: Any,
    cell: Callable[[str | None, TypeRef | None], str],
    examples: _Examples,
) -> OperationPage:
    prefix = "../../"
    call = f"client.{resource.access}.{operation.method_name}()"
    parameters = tuple(
        Row(
            name=code_span(p.name)
            + ("" if p.name == p.wire_name else f" ({p.location} {code_span(p.wire_name)})"),
            type=linker.type_cell(p.type, prefix=prefix),
            required=_required_cell(p.required),
            default=_default_cell(p),
            description=f"{p.location}. " + _sentence(cell(p.description, p.type)),
        )
        for p in operation.parameters
    )
    body = operation.body
    body_fields: tuple[Row, ...] = ()
    body_note = ""
    if body is not None:
        if body.model is not None:
            body_fields = tuple(
                Row(
                    name=code_span(bf.argument),
                    type=linker.type_cell(bf.field.type, prefix=prefix),
                    required=_required_cell(bf.field.required),
                    default=_default_cell(bf.field),
                    description=cell(bf.field.description, bf.field.type),
                )
                for bf in body.fields
            )
            body_note = (
                f"Sent as `{markdown_inline(body.media_type)}`; the keyword arguments build a "
                f"[`{body.model}`]({prefix}models/{body.model}.md)."
            )
        else:
            body_note = (
                f"Sent as `{markdown_inline(body.media_type)}`: pass it as `body` "
                f"({linker.type_cell(body.type, prefix=prefix)})."
            )
    success = operation.success
    if success is None or success.kind == "empty":
        response = "Returns `None`."
    elif success.kind == "json" and success.type is not None:
        response = f"Returns {linker.type_cell(success.type, prefix=prefix)} (HTTP {success.status})."
    else:
        response = (
            f"Returns the body as `{'str' if success.kind == 'text' else 'bytes'}` (HTTP {success.status})."
        )
    if success is not None and success.description and success.description != success.status:
        response += " " + describe(success.description)
    if operation.pagination is not None and success is not None and success.type is not None:
        item = linker.type_cell(operation.pagination.item_type, prefix=prefix)
        response = (
            f"Returns a page (`SyncPage`; `AsyncPaginator` from the async client) of {item}: iterating "
            f"it yields the items of every page, fetching the next one as needed ("
            f"{operation.pagination.style.replace('_', ' ')} pagination). `page.items` are this "
            f"page's items, `page.body` its whole answer, a "
            f"{linker.type_cell(success.type, prefix=prefix)} (HTTP {success.status})."
        )
        if success.description and success.description != success.status:
            response += " " + describe(success.description)
    errors = []
    for r in operation.errors:
        known = next(((n, doc) for n, code, doc in STATUS_ERRORS if str(code) == r.status), None)
        if known is None:
            known = ("InternalServerError", "The server failed.") if r.status.startswith("5") else None
        name, fallback = known or ("APIStatusError", f"HTTP {r.status}.")
        about = r.description if r.description and r.description != r.status else None
        errors.append((markdown_inline(r.status), f"`{name}`", cell(about or fallback, None)))
    if operation.security:
        auth = " or ".join(
            " + ".join(f"`{markdown_inline(key)}`" for key in alternative) or "none"
            for alternative in operation.security
        )
        auth = f"Requires {auth} (the client sends its API key)."
    else:
        auth = "No authentication."
    summary = describe(operation.summary) if operation.summary not in operation.tags else ""
    description = describe(operation.description)
    return OperationPage(
        path=f"operations/{resource.module}/{operation.method_name}.md",
        title=code_span(call),
        call=call,
        http=code_span(f"{operation.http_method} {operation.path}"),
        summary=summary,
        description=description,
        auth=auth,
        parameters=parameters,
        body_fields=body_fields,
        body_note=body_note,
        response=response,
        response_example=_json_block(success.examples[0]) if success and success.examples else "",
        errors=tuple(errors),
        example=examples.call_example(resource, operation),
        deprecated=operation.deprecated,
        index_summary=table_cell(first_sentence(summary or description)),
    )


def _examples_of(f: Field, body_example: dict[str, JsonValue]) -> tuple[JsonValue, ...]:
    """A body property's examples: the body example's value for it first, then its own."""
    own = (body_example[f.wire_name],) if f.wire_name in body_example else ()
    return own + f.examples


class _Examples:
    """Runnable example code: the spec's own examples where it has them, else built values."""

    def __init__(self, api: Api, settings: Settings, client: ClientView) -> None:
        self.values = Values(api)
        self.settings = settings
        self.client = client

    def value(
        self,
        t: TypeRef,
        depth: int,
        imports: set[str],
        examples: tuple[JsonValue, ...] = (),
        *,
        text_binary: bool = False,
    ) -> Code:
        """An expression of type ``t`` (``...`` where no valid value can be built)."""
        try:
            return self.values.value(t, depth, imports, examples, text_binary=text_binary)
        except UnbuildableError:
            return "..."

    def model_example(self, model: Model) -> str:
        if not model.examples:
            return ""
        return json.dumps(model.examples[0], indent=2, ensure_ascii=False, sort_keys=False)

    def call_example(self, resource: Resource, operation: Operation) -> str:
        imports: set[str] = set()
        positional = [
            self.value(p.type, 0, imports, p.examples) for p in operation.parameters if p.location == "path"
        ]
        keywords = [
            prefixed(f"{p.name}=", self.value(p.type, 0, imports, p.examples))
            for p in operation.parameters
            if p.location != "path" and p.required
        ]
        body = operation.body
        if body is not None and body.model is not None:
            # The body's own example says which properties a typical call sets.
            example = next((e for e in body.examples if isinstance(e, dict)), {})
            chosen = [bf for bf in body.fields if bf.field.required or bf.field.wire_name in example]
            chosen = chosen or list(body.fields[:1])
            text = body.encoding == "json"
            keywords += [
                prefixed(
                    f"{bf.argument}=",
                    self.value(bf.field.type, 0, imports, _examples_of(bf.field, example), text_binary=text),
                )
                for bf in chosen
            ]
        elif body is not None and body.required:
            keywords.append(prefixed("body=", self.value(body.type, 0, imports, body.examples)))
        s = self.settings
        lines = [f"import {name}" for name in sorted(imports & VALUE_MODULES)]
        lines += [""] if lines else []
        lines.append(f"from {s.package} import {s.client_class}")
        if imports - VALUE_MODULES:
            lines.append(import_from(f"{s.package}.models", sorted(imports - VALUE_MODULES)))
        lines += ["", f"with {self.client.construction} as client:{self.client.construction_note}"]
        success = operation.success
        call = Group(f"client.{resource.access}.{operation.method_name}(", (*positional, *keywords), ")")
        if operation.pagination is not None:
            lines += [f"    {lay_out(call, 4, target='for item in ', after=':')}", "        print(item)"]
        elif success is not None and success.kind != "empty":
            lines += [f"    {lay_out(call, 4, target='result = ')}", "    print(result)"]
        else:
            lines.append(f"    {lay_out(call, 4)}")
        return "\n".join(lines)
