"""Markdown reference pages: one page per operation, one per model and enum (the index,
the resource pages and the models' index are :mod:`.doc_index`'s).

Every string from the spec is escaped for where it lands: descriptions keep their
Markdown but lose live HTML, their links lead somewhere or are text, names and values
are escaped. Fields, parameters, responses and enum members are
:class:`~.doc_entries.Entry` items, laid out by one template macro. Page paths come
from generated identifiers only, never from raw spec text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jinja2

from ..config import Settings
from ..model.ir import (
    Api,
    Field,
    JsonValue,
    Operation,
    Resource,
    SecurityScheme,
    TypeRef,
)
from ..model.pytypes import referenced_names
from ..model.reserved import STATUS_ERRORS
from .brackets import LINE_LENGTH, Code, Group, import_from, lay_out, prefixed
from .client_views import ClientView, default_base_url
from .doc_auth import auth_text
from .doc_entries import Entry, fit_long_strings, json_block, location, requirement
from .doc_index import MethodEntry, index_pages, model_summary, operation_roles
from .method_docs import idempotency_header
from .model_views import direction_note
from .params import param_types
from .spelling import VALUE_MODULES, annotation
from .text import (
    code_span,
    first_sentence,
    markdown_inline,
    markdown_text,
    page_links,
)
from .values import UnbuildableError, Values


@dataclass(frozen=True)
class OperationPage:
    path: str
    title: str
    call: str
    http: str
    summary: str
    description: str
    auth: str
    parameters: tuple[Entry, ...]
    body_fields: tuple[Entry, ...]
    body_note: str
    response: Entry
    response_example: str
    """The spec's example of the answer, as a fenced JSON block (empty when it has none)."""
    response_example_shortened: bool
    errors: tuple[Entry, ...]
    example: str
    deprecated: bool
    index_summary: str


@dataclass(frozen=True)
class ModelPage:
    path: str
    name: str
    description: str
    fields: tuple[Entry, ...]
    values: tuple[Entry, ...]
    used_by: tuple[tuple[str, str], ...]
    example: str
    example_shortened: bool
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
        """``A | list[B]`` → a link for each model or enum, code spans for the rest.

        The ``|`` between union members stays outside the code spans, between spaces, so a
        long union wraps between its members (a code span is one run the page cannot break).
        """
        return " | ".join(self._linked_member(member, prefix) for member in text.split(" | "))

    def _linked_member(self, text: str, prefix: str) -> str:
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
        return "".join(out)  # links hold identifiers only


def _json(value: JsonValue) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _model_link(name: str) -> str:
    """A link from one model's page to another's."""
    return f"[{code_span(name)}]({name}.md)"


class _Describer:
    """An entry's description: the spec's own, else the described type's first sentence, else ""."""

    def __init__(self, api: Api, base_url: str | None) -> None:
        self.base_url = base_url
        self.types = {m.name: m.description for m in api.models}
        self.types.update({e.name: e.description for e in api.enums})

    def markdown(self, text: str | None) -> str:
        """Spec text as Markdown for a page: its HTML converted, its links made to work."""
        return page_links(markdown_text(text or ""), self.base_url).strip()

    def text(self, text: str | None, t: TypeRef | None = None) -> str:
        if text:
            return self.markdown(text)
        for name in referenced_names(t) if t is not None else ():
            about = first_sentence(self.markdown(self.types.get(name)))
            if about:
                return about
        return ""


def docs_base_url(api: Api, settings: Settings) -> str | None:
    """Where the spec's site-relative links lead: ``docs-base-url``, else its ``externalDocs``' origin."""
    if settings.docs_base_url:
        return settings.docs_base_url
    found = urlsplit(api.external_docs_url or "")
    return f"{found.scheme}://{found.netloc}" if found.scheme in ("http", "https") and found.netloc else None


def render_docs(
    api: Api, settings: Settings, env: jinja2.Environment, common: dict[str, Any]
) -> dict[str, str]:
    linker = _Linker(api)
    describer = _Describer(api, docs_base_url(api, settings))
    describe = describer.markdown
    entry_text = describer.text

    examples = _Examples(api, settings, common["client_view"])
    schemes = {scheme.key: scheme for scheme in api.security_schemes}
    operation_pages = [
        _operation_page(resource, operation, settings, linker, describe, entry_text, examples, schemes)
        for operation, resource in api.operations
    ]
    used_by = _used_by(api)
    roles = operation_roles(api)
    params = param_types(api)
    model_pages = [
        ModelPage(
            path=f"models/{model.name}.md",
            name=model.name,
            description="\n\n".join(
                text for text in (describe(model.description), direction_note(model, _model_link)) if text
            ),
            fields=tuple(
                Entry(
                    name=f"**{code_span(f.name)}**"
                    + ("" if f.name == f.wire_name else f" (JSON {code_span(f.wire_name)})"),
                    facts=(linker.type_cell(f.type, prefix="../"), requirement(f)),
                    description=entry_text(f.description, f.type),
                )
                for f in model.fields
            ),
            values=(),
            used_by=tuple(sorted(used_by.get(model.name, ()))),
            example=json_block(model.examples[0])[0] if model.examples else "",
            example_shortened=bool(model.examples) and json_block(model.examples[0])[1],
            param=params.of(model.name) if model.name in params.names else "",
        )
        for model in api.models
    ] + [
        ModelPage(
            path=f"models/{enum.name}.md",
            name=enum.name,
            description=describe(enum.description),
            fields=(),
            values=tuple(Entry(code_span(m.name), (code_span(_json(m.value)),)) for m in enum.members),
            used_by=tuple(sorted(used_by.get(enum.name, ()))),
            example="",
            example_shortened=False,
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
    methods = {
        (resource.access, operation.method_name): MethodEntry(
            f"{operation.method_name}()", page.path, page.http, page.index_summary, operation.deprecated
        )
        for (operation, resource), page in zip(api.operations, operation_pages, strict=True)
    }
    summaries = {
        p.name: model_summary(p.name, p.description, (n for n, _ in p.used_by), roles) for p in model_pages
    }
    files.update(index_pages(api, env, common, methods, summaries, describe))
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


@dataclass(frozen=True)
class ExampleCall:
    """A call README shows, ``client.<resource>.<method>(<arguments>)``; the template puts
    ``with_raw_response`` or ``with_streaming_response`` between resource and method."""

    resource: str
    method: str
    arguments: str
    """``""``, or ``...`` where the operation needs arguments."""


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
        "first_call": ExampleCall(first[0].name, first[1].method_name, arguments) if first else None,
        "event_calls": events,
        "binary_calls": binary,
    }


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
    entry_text: Callable[[str | None, TypeRef | None], str],
    examples: _Examples,
    schemes: Mapping[str, SecurityScheme],
) -> OperationPage:
    prefix = "../../"
    call = f"client.{resource.access}.{operation.method_name}()"
    parameters = tuple(
        Entry(
            name=f"**{code_span(p.name)}**",
            facts=(linker.type_cell(p.type, prefix=prefix), requirement(p), location(p)),
            description=entry_text(p.description, p.type),
        )
        for p in operation.parameters
    )
    body = operation.body
    body_fields: tuple[Entry, ...] = ()
    body_note = ""
    if body is not None:
        if body.model is not None:
            body_fields = tuple(
                Entry(
                    name=f"**{code_span(bf.argument)}**",
                    facts=(linker.type_cell(bf.field.type, prefix=prefix), requirement(bf.field)),
                    description=entry_text(bf.field.description, bf.field.type),
                )
                for bf in body.fields
            )
            body_note = (
                f"Sent as {code_span(body.media_type)}; the keyword arguments build a "
                f"[`{body.model}`]({prefix}models/{body.model}.md)."
            )
        else:
            body_note = (
                f"Sent as {code_span(body.media_type)}: pass it as `body` "
                f"({linker.type_cell(body.type, prefix=prefix)})."
            )
    success = operation.success
    about = describe(success.description) if success and success.description != success.status else ""
    if success is None or success.kind == "empty":
        returns = "`None`"
    elif success.kind == "json" and success.type is not None:
        returns = linker.type_cell(success.type, prefix=prefix)
    else:
        returns = f"the body as `{'str' if success.kind == 'text' else 'bytes'}`"
    if operation.pagination is not None and success is not None and success.type is not None:
        item = linker.type_cell(operation.pagination.item_type, prefix=prefix)
        paging = (
            f"A `SyncPage` (`AsyncPaginator` from the async client): iterating it yields the items "
            f"of every page, fetching the next one as needed ({operation.pagination.style.replace('_', ' ')} "
            f"pagination). `page.items` are this page's items, `page.body` its whole answer, a {returns}."
        )
        returns, about = f"a page of {item}", "\n\n".join(p for p in (paging, about) if p)
    response = Entry(
        f"**{markdown_inline(success.status) if success else '2xx'}**", (f"returns {returns}",), about
    )
    errors = []
    for r in operation.errors:
        known = next(((n, doc) for n, code, doc in STATUS_ERRORS if str(code) == r.status), None)
        if known is None:
            known = ("InternalServerError", "The server failed.") if r.status.startswith("5") else None
        name, fallback = known or ("APIStatusError", f"HTTP {r.status}.")
        reason = r.description if r.description and r.description != r.status else None
        errors.append(
            Entry(
                f"**{markdown_inline(r.status)}**",
                (f"raises `{name}`",),
                entry_text(reason or fallback, None),
            )
        )
    auth = auth_text(operation.security, schemes)
    summary = describe(operation.summary) if operation.summary not in operation.tags else ""
    description = describe(operation.description)
    response_example, shortened = (
        json_block(success.examples[0]) if success and success.examples else ("", False)
    )
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
        response_example=response_example,
        response_example_shortened=shortened,
        errors=tuple(errors),
        example=examples.call_example(resource, operation),
        deprecated=operation.deprecated,
        index_summary=first_sentence(summary or description),
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
        name: str = "",
    ) -> Code:
        """An expression of type ``t`` (``...`` where no valid value can be built)."""
        try:
            return self.values.value(t, depth, imports, examples, text_binary=text_binary, name=name)
        except UnbuildableError:
            return "..."

    def call_example(self, resource: Resource, operation: Operation) -> str:
        imports: set[str] = set()
        positional = [
            self.value(p.type, 0, imports, p.examples, name=p.wire_name)
            for p in operation.parameters
            if p.location == "path"
        ]
        keywords = [
            prefixed(f"{p.name}=", self.value(p.type, 0, imports, p.examples, name=p.wire_name))
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
                    self.value(
                        bf.field.type,
                        0,
                        imports,
                        _examples_of(bf.field, example),
                        text_binary=text,
                        name=bf.field.wire_name,
                    ),
                )
                for bf in chosen
            ]
        elif body is not None and body.required:
            keywords.append(prefixed("body=", self.value(body.type, 0, imports, body.examples)))
        s = self.settings
        lines = [f"import {name}" for name in sorted(imports & VALUE_MODULES)]
        lines += [""] if lines else []
        lines.append(import_from(s.package, [s.client_class]))
        if imports - VALUE_MODULES:
            lines.append(import_from(f"{s.package}.models", sorted(imports - VALUE_MODULES)))
        opening = f"with {self.client.construction} as client:"
        note = self.client.construction_note
        if len(opening + note) > LINE_LENGTH:  # a long note goes above, so the block needs no scrolling
            lines += ["", note.strip(), opening]
        else:
            lines += ["", opening + note]
        success = operation.success
        call = Group(f"client.{resource.access}.{operation.method_name}(", (*positional, *keywords), ")")
        if operation.pagination is not None:
            lines += [f"    {lay_out(call, 4, target='for item in ', after=':')}", "        print(item)"]
        elif success is not None and success.kind != "empty":
            lines += [f"    {lay_out(call, 4, target='result = ')}", "    print(result)"]
        else:
            lines.append(f"    {lay_out(call, 4)}")
        return fit_long_strings("\n".join(lines))
