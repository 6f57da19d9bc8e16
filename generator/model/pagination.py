"""Which list operations return pages, and how their next page is asked for.

Inferred from the spec when an operation's query parameters and answer clearly fit one
of the patterns most APIs follow (nothing else paginates; a near miss stays a plain call):

* ``cursor``: a cursor parameter and a list with a has-more flag, a total or a next
  cursor. Stripe ``starting_after``/``limit`` → ``{data, has_more}`` and Daily
  ``starting_after``/``limit`` → ``{total_count, data}`` (the cursor is the last item's
  ``id``); OpenAI ``after``/``limit`` → ``{data, has_more, last_id}``; ``cursor`` →
  ``{..., next_cursor}``.
* ``offset``: ``offset``/``limit`` with a ``next`` URL (Spotify ``{items, next, total}``),
  a total or a has-more flag.
* ``page_token``: Google ``pageToken`` → ``nextPageToken``; Twilio ``PageToken`` →
  ``meta.next_page_url`` (or ``next_page_uri``).
* ``page_number``: ``page`` with a page size, and a next URL, a has-more flag or a total.
* ``link_header``: the answer declares a ``Link`` header (``<…>; rel="next"``, as GitHub).
* ``next_url``: a ``GET`` whose answer holds a next URL and that takes none of the
  parameters above (its query is followed as it is); Azure's ``x-ms-pageable``
  ``nextLink``.

The same patterns are read in a ``POST``'s JSON body: FastAPI searches such as
``POST /things/filter`` with ``{offset, limit}`` answering ``{results, count, pages}``
page by sending the next offset, page, cursor or token in the body (``in_body``).

``[tool.generator.pagination]`` turns inference off, or pagination on or off per
operation and names its fields; ``x-pagination``, Speakeasy's ``x-speakeasy-pagination``
and Azure's ``x-ms-pageable`` on an operation are honoured the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from ..diagnostics import Report
from ..spec.refs import Node, Workspace
from .ir import (
    ListType,
    Model,
    ModelType,
    NullableType,
    Operation,
    Pagination,
    PaginationStyle,
    Resource,
    ScalarType,
    TypeRef,
    UnionType,
)

_ITEM_FIELDS = ("data", "items", "results", "records", "entries", "values", "elements", "list")
_CONTAINERS = ("meta", "metadata", "response_metadata", "pagination", "paging", "links", "page_info")
_NEXT_URLS = ("next", "next_url", "nextUrl", "next_page_url", "next_page_uri", "nextPageUrl", "nextLink")
_NEXT_CURSORS = ("next_cursor", "nextCursor", "next_page_cursor", "cursor_next")
_NEXT_TOKENS = (
    "nextPageToken",
    "next_page_token",
    "NextPageToken",
    "nextToken",
    "next_token",
    "next_page",
    "continuationToken",
    "continuation_token",
)
_TOKEN_PARAMS = (
    "pagetoken",
    "page_token",
    "next_token",
    "nexttoken",
    "token",
    "continuation_token",
    "continuationtoken",
    "page",
)
_HAS_MORE = ("has_more", "hasMore", "has_next", "hasNext", "has_next_page", "hasNextPage", "more")
_TOTALS = (
    "total_count",
    "total",
    "totalCount",
    "total_results",
    "totalResults",
    "totalElements",
    "total_elements",
    "count",  # Django REST framework's and FastAPI's {count, results}: all the items, not this page's
)
_PAGE_SIZES = ("limit", "per_page", "perpage", "page_size", "pagesize", "size", "max_results", "maxresults")


def paginate(
    resources: tuple[Resource, ...],
    models: Mapping[str, Model],
    workspace: Workspace,
    config: Mapping[str, Any],
    infer: bool,
    report: Report,
) -> tuple[Resource, ...]:
    """``resources`` with :attr:`Operation.pagination` set where the operation returns pages."""
    nodes = dict(_operation_nodes(workspace))

    def annotate(resource: Resource) -> Resource:
        operations = []
        for operation in resource.operations:
            node = nodes.get((operation.path, operation.http_method.lower()))
            pagination = _pagination(operation, node, models, config, infer, report)
            if pagination is not None:
                report.note(
                    f"{operation.http_method} {operation.path} ({operation.operation_id}) paginates: "
                    + pagination.describe(),
                    operation.source,
                    kind=f"pagination/{pagination.style}",
                )
                operation = replace(operation, pagination=pagination)
            operations.append(operation)
        # Sub-resources page too (``customers.bank_accounts.list``).
        return replace(
            resource,
            operations=tuple(operations),
            resources=tuple(annotate(sub) for sub in resource.resources),
        )

    return tuple(annotate(resource) for resource in resources)


def _operation_nodes(workspace: Workspace) -> Iterator[tuple[tuple[str, str], Node]]:
    paths = workspace.root_node.get("paths")
    if paths is None:
        return
    paths = workspace.resolve(paths)
    if not isinstance(paths.value, dict):
        return
    for path in paths.value:
        item = workspace.resolve(paths.child(path))
        if isinstance(item.value, dict):
            for method in ("get", "post", "put", "patch", "delete", "options", "head", "trace"):
                node = item.get(method)
                if node is not None:
                    yield (path, method), workspace.resolve(node)


def _pagination(
    operation: Operation,
    node: Node | None,
    models: Mapping[str, Model],
    config: Mapping[str, Any],
    infer: bool,
    report: Report,
) -> Pagination | None:
    spec = node.value if node is not None and isinstance(node.value, dict) else {}
    configured = config.get(operation.operation_id)
    if configured is False or (isinstance(configured, Mapping) and configured.get("enabled") is False):
        return None
    try:
        if isinstance(configured, Mapping):
            return _explicit(operation, models, dict(configured), "config")
        for key in ("x-pagination", "x-speakeasy-pagination", "x-ms-pageable"):
            value = spec.get(key)
            if value is False:
                return None
            if isinstance(value, dict):
                if key == "x-ms-pageable":  # Azure: {nextLinkName, itemName (default value)}
                    if not value.get("nextLinkName"):
                        return None  # one page only, by Azure's definition
                    value = {"next-url": value["nextLinkName"], "items": value.get("itemName") or "value"}
                fields = _speakeasy(value) if key == "x-speakeasy-pagination" else value
                return _explicit(operation, models, fields, key)
    except _UnusableError as exc:
        where = node.location if node is not None else operation.source
        report.warn(f"pagination of {operation.operation_id} ignored: {exc}", where)
        return None
    if configured is True or infer:
        return infer_pagination(operation, models, _declares_link_header(node))
    return None


class _UnusableError(ValueError):
    """A pagination setting or extension that does not fit the operation."""


# --------------------------------------------------------------------- inference


def infer_pagination(
    operation: Operation, models: Mapping[str, Model], link_header: bool = False
) -> Pagination | None:
    """The pattern ``operation`` clearly fits, or ``None``."""
    success = operation.success
    if success is None or success.kind != "json" or success.type is None:
        return None
    if operation.http_method == "POST":
        return _in_body(operation, success.type, models)
    if operation.http_method != "GET":
        return None
    query = {p.wire_name.lower(): p.wire_name for p in operation.parameters if p.location == "query"}
    kinds = {p.wire_name.lower(): p.type for p in operation.parameters if p.location == "query"}
    body = _unwrap(success.type)
    if isinstance(body, ListType):
        if link_header and _page_params(query):
            return Pagination("link_header", body.items, (), (), link_header=True)
        return None
    model = models.get(body.name) if isinstance(body, ModelType) else None
    if model is None:
        return None
    if _items(model, models) is not None:
        return _fit(model, models, query, kinds, link_header)
    # One paging object under one property (Spotify's {albums: {items, next, ...}})
    wrappers = [
        (f, models[t.name])
        for f in model.fields
        if isinstance(t := _unwrap(f.type), ModelType) and t.name in models and _items(models[t.name], models)
    ]
    if len(wrappers) != 1:
        return None
    wrapper, inner = wrappers[0]
    found = _fit(inner, models, query, kinds, link_header)
    if found is None or found.link_header:
        return None

    def under(path: tuple[str, ...] | None) -> tuple[str, ...] | None:
        return None if path is None else (wrapper.wire_name, *path)

    return replace(
        found,
        items=(wrapper.wire_name, *found.items),
        attributes=(wrapper.name, *found.attributes),
        cursor_path=under(found.cursor_path),
        has_more=under(found.has_more),
        next_url=under(found.next_url),
        total=under(found.total),
    )


def _in_body(operation: Operation, answer: TypeRef, models: Mapping[str, Model]) -> Pagination | None:
    """The pattern of a ``POST`` whose JSON body holds the paging values (a search or filter).

    Only an answer with a list of items and a sign of more pages pages: a bare list may be
    the whole result. A next URL is not followed (its query is not the body): the body's
    offset, page, cursor or token moves on instead.
    """
    request = operation.body
    answer = _unwrap(answer)
    model = models.get(answer.name) if isinstance(answer, ModelType) else None
    if request is None or request.encoding != "json" or not request.fields or model is None:
        return None
    fields = {bf.field.wire_name.lower(): bf.field for bf in request.fields}
    names = {key: f.wire_name for key, f in fields.items()}
    kinds = {key: f.type for key, f in fields.items()}
    without_urls = replace(model, fields=tuple(f for f in model.fields if f.wire_name not in _NEXT_URLS))
    found = _fit(without_urls, models, names, kinds, False)
    return None if found is None else replace(found, in_body=True)


def _fit(
    model: Model,
    models: Mapping[str, Model],
    query: Mapping[str, str],
    kinds: Mapping[str, TypeRef],
    link_header: bool,
) -> Pagination | None:
    """The pattern of an answer ``model`` that holds a list of items, or ``None``."""
    items = _items(model, models)
    if items is None:
        return None
    items_wire, items_attr, item_type = items
    base = Pagination("cursor", item_type, items_wire, items_attr)
    has_more = _find(model, models, _HAS_MORE, _is_bool)
    total = _find(model, models, _TOTALS, _is_int)
    if link_header and _page_params(query):
        return replace(base, style="link_header", link_header=True)

    next_url = _find(model, models, _NEXT_URLS, _is_str)
    if next_url is not None:
        style: PaginationStyle | None = None
        if "offset" in query:
            style = "offset"
        elif {"pagetoken", "page_token"} & set(query):
            style = "page_token"
        elif "page" in query:
            style = "page_number"
        elif {"cursor", "after", "starting_after"} & set(query):
            style = "cursor"
        if style is not None:
            return replace(base, style=style, next_url=next_url)
        if not _page_params(query) - set(_PAGE_SIZES):
            return replace(base, style="next_url", next_url=next_url)  # the URL is the only way on

    token = _find(model, models, _NEXT_TOKENS, _is_str)
    for name in _TOKEN_PARAMS:
        if name not in query or token is None:
            continue
        if name == "page" and not _is_str(_unwrap(kinds[name])):
            continue  # a numbered page is not a token (Stripe's search: page → next_page)
        return replace(
            base, style="page_token", cursor_param=query[name], cursor_path=token, has_more=has_more
        )

    for cursor_param, own_field in (("starting_after", None), ("after", "last_id"), ("cursor", None)):
        if cursor_param not in query:
            continue
        cursor_path = _find(model, models, (own_field,) if own_field else _NEXT_CURSORS, _is_str)
        item_id = "id" if _items_have_id(item_type, models) else None
        if cursor_param == "cursor":
            item_id = None  # opaque cursors are never an item's id
        if cursor_path is None and item_id is None:
            return None
        if cursor_path is None and has_more is None and total is None:
            return None  # an id cursor needs a sign of more pages
        return replace(
            base,
            cursor_param=query[cursor_param],
            cursor_path=cursor_path,
            cursor_item=item_id,
            has_more=has_more,
            total=total if has_more is None else None,
        )

    if "offset" in query and (has_more is not None or total is not None) and _page_params(query):
        return replace(base, style="offset", offset_param=query["offset"], has_more=has_more, total=total)
    if "page" not in query or not _is_int(_unwrap(kinds["page"])):
        return None
    next_number = _find(model, models, ("next_page_number", "nextPageNumber", "next_page"), _is_int)
    if next_number is not None:  # Listen Notes: {has_next, next_page_number}
        return replace(
            base, style="page_number", cursor_param=query["page"], cursor_path=next_number, has_more=has_more
        )
    if (has_more is not None or total is not None) and _page_params(query) - {"page"}:
        return replace(base, style="page_number", page_param=query["page"], has_more=has_more, total=total)
    return None


def _page_params(query: Mapping[str, str]) -> set[str]:
    names = {"page", "offset", "cursor", "after", "since", "pagetoken", "page_token", "starting_after"}
    return (names | set(_PAGE_SIZES)) & set(query)


def _unwrap(t: TypeRef) -> TypeRef:
    return t.inner if isinstance(t, NullableType) else t


def _is_bool(t: TypeRef) -> bool:
    return isinstance(t, ScalarType) and t.kind == "boolean"


def _is_int(t: TypeRef) -> bool:
    return isinstance(t, ScalarType) and t.kind in ("integer", "number")


def _is_str(t: TypeRef) -> bool:
    return isinstance(t, ScalarType) and t.kind == "string"


def _items(
    model: Model, models: Mapping[str, Model]
) -> tuple[tuple[str, ...], tuple[str, ...], TypeRef] | None:
    """The answer's one list of items: (JSON path, attribute path, item type)."""
    lists = [f for f in model.fields if isinstance(_unwrap(f.type), ListType)]
    if len(lists) > 1:
        lists = [f for f in lists if f.wire_name in _ITEM_FIELDS]
    if len(lists) != 1:
        return None
    t = _unwrap(lists[0].type)
    assert isinstance(t, ListType)
    return (lists[0].wire_name,), (lists[0].name,), t.items


def _find(
    model: Model, models: Mapping[str, Model], names: tuple[str, ...], fits: Any
) -> tuple[str, ...] | None:
    """The JSON path of a property named one of ``names`` (at the root or in a metadata object)."""
    for f in model.fields:
        if f.wire_name in names and fits(_unwrap(f.type)):
            return (f.wire_name,)
    for f in model.fields:
        inner = _unwrap(f.type)
        if f.wire_name in _CONTAINERS and isinstance(inner, ModelType) and inner.name in models:
            for g in models[inner.name].fields:
                if g.wire_name in names and fits(_unwrap(g.type)):
                    return (f.wire_name, g.wire_name)
    return None


def _items_have_id(t: TypeRef, models: Mapping[str, Model]) -> bool:
    t = _unwrap(t)
    if isinstance(t, UnionType):
        return bool(t.variants) and all(_items_have_id(v, models) for v in t.variants)
    model = models.get(t.name) if isinstance(t, ModelType) else None
    return model is not None and any(f.wire_name == "id" and _is_str(_unwrap(f.type)) for f in model.fields)


def _declares_link_header(node: Node | None) -> bool:
    responses = node.value.get("responses") if node is not None and isinstance(node.value, dict) else None
    if not isinstance(responses, dict):
        return False
    for status, response in responses.items():
        if str(status).startswith("2") and isinstance(response, dict):
            headers = response.get("headers")
            if isinstance(headers, dict) and any(str(h).lower() == "link" for h in headers):
                return True
    return False


# ----------------------------------------------------------- settings, extensions

_KEYS = {
    "enabled",
    "style",
    "items",
    "cursor",
    "next-cursor",
    "has-more",
    "next-url",
    "offset",
    "page",
    "total",
}


def _explicit(
    operation: Operation, models: Mapping[str, Model], fields: dict[str, Any], origin: Any
) -> Pagination:
    """A pagination named field by field; what is not named is inferred where it can be."""
    fields = {str(k).replace("_", "-").lower(): v for k, v in fields.items()}
    if "type" in fields:  # x-pagination's word for it
        fields.setdefault("style", fields.pop("type"))
    unknown = sorted(set(fields) - _KEYS)
    if unknown:
        raise _UnusableError(f"unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(_KEYS))}")
    success = operation.success
    body = _unwrap(success.type) if success is not None and success.type is not None else None
    model = models.get(body.name) if isinstance(body, ModelType) else None
    inferred = infer_pagination(operation, models)
    query = {p.wire_name for p in operation.parameters if p.location == "query"}
    in_body = {bf.field.wire_name for bf in operation.body.fields} if operation.body is not None else set()

    def path(key: str) -> tuple[str, ...] | None:
        value = fields.get(key)
        return tuple(str(value).split(".")) if value else None

    items = path("items")
    if items is not None:
        found = _walk(model, models, items)
        if found is None:
            raise _UnusableError(f"the answer has no list '{'.'.join(items)}'")
        attributes, item_type = found
    elif inferred is not None:
        items, attributes, item_type = inferred.items, inferred.attributes, inferred.item_type
    elif model is not None and (found_items := _items(model, models)) is not None:
        items, attributes, item_type = found_items
    elif isinstance(body, ListType):
        items, attributes, item_type = (), (), body.items
    else:
        raise _UnusableError("its answer has no list of items; name it with 'items'")

    named = [fields[key] for key in ("cursor", "offset", "page") if fields.get(key)]
    for name in named:
        if name not in query and name not in in_body:
            raise _UnusableError(f"'{name}' is not a query parameter or body property of the operation")
    body_paged = bool(named) and all(name not in query for name in named)
    next_cursor = fields.get("next-cursor")
    cursor_item = None
    cursor_path = None
    if isinstance(next_cursor, str) and next_cursor.startswith("item."):
        cursor_item = next_cursor.removeprefix("item.")
    elif next_cursor:
        cursor_path = path("next-cursor")
    base = inferred or Pagination("cursor", item_type, items, attributes)
    if fields.get("cursor") and cursor_path is None and cursor_item is None:
        cursor_path, cursor_item = base.cursor_path, base.cursor_item or "id"
    result = replace(
        base,
        items=items,
        attributes=attributes,
        item_type=item_type,
        origin=origin,
        cursor_param=fields.get("cursor") or base.cursor_param,
        cursor_path=cursor_path or (None if fields.get("cursor") else base.cursor_path),
        cursor_item=cursor_item if fields.get("cursor") or cursor_item else base.cursor_item,
        has_more=path("has-more") or base.has_more,
        next_url=path("next-url") or base.next_url,
        offset_param=fields.get("offset") or base.offset_param,
        page_param=fields.get("page") or base.page_param,
        total=path("total") or base.total,
        in_body=body_paged or (base.in_body and not named),
    )
    style = fields.get("style") or _style_of(result)
    if style not in ("cursor", "offset", "page_token", "page_number", "link_header", "next_url"):
        raise _UnusableError(f"unknown style {style!r}")
    result = replace(result, style=style, link_header=result.link_header or style == "link_header")
    moves = (result.cursor_param, result.next_url, result.offset_param, result.page_param)
    if not (any(moves) or result.link_header):
        raise _UnusableError("it names no cursor, next-url, offset or page")
    return result


def _style_of(p: Pagination) -> PaginationStyle:
    if p.link_header:
        return "link_header"
    if p.offset_param:
        return "offset"
    if p.page_param:
        return "page_number"
    if p.cursor_param and re.search(r"token", p.cursor_param, re.IGNORECASE):
        return "page_token"
    if p.next_url and not p.cursor_param:
        return "next_url"
    return p.style


def _walk(
    model: Model | None, models: Mapping[str, Model], path: tuple[str, ...]
) -> tuple[tuple[str, ...], TypeRef] | None:
    attributes: list[str] = []
    current: TypeRef | None = None
    for wire in path:
        if model is None:
            return None
        f = next((f for f in model.fields if f.wire_name == wire), None)
        if f is None:
            return None
        attributes.append(f.name)
        current = _unwrap(f.type)
        model = models.get(current.name) if isinstance(current, ModelType) else None
    if not isinstance(current, ListType):
        return None
    return tuple(attributes), current.items


_JSONPATH = re.compile(r"^\$\.?")


def _speakeasy(value: dict[str, Any]) -> dict[str, Any]:
    """Speakeasy's ``x-speakeasy-pagination`` as this module's keys.

    ``type: cursor|offsetLimit|url``; ``inputs`` name the parameters (``type: cursor``,
    ``offset``, ``page``, ``limit``); ``outputs`` are JSONPaths: ``results``,
    ``nextCursor`` (``$.data[-1].id`` is the last item's ``id``), ``nextUrl``, ``numPages``.
    """
    fields: dict[str, Any] = {}
    inputs: list[Any] = value["inputs"] if isinstance(value.get("inputs"), list) else []
    outputs: dict[str, Any] = value["outputs"] if isinstance(value.get("outputs"), dict) else {}
    for entry in inputs:
        if isinstance(entry, dict) and entry.get("in", "parameters") == "parameters":
            kind = {"cursor": "cursor", "offset": "offset", "page": "page"}.get(str(entry.get("type")))
            if kind is not None and entry.get("name"):
                fields[kind] = str(entry["name"])

    def dotted(text: Any) -> str | None:
        if not isinstance(text, str):
            return None
        return _JSONPATH.sub("", text).replace("[", ".[")

    results = dotted(outputs.get("results"))
    if results:
        fields["items"] = results
    cursor = dotted(outputs.get("nextCursor"))
    if cursor:
        match = re.match(r"^(.*)\.\[-1\]\.(\w+)$", cursor)
        fields["next-cursor"] = f"item.{match.group(2)}" if match else cursor
    url = dotted(outputs.get("nextUrl"))
    if url:
        fields["next-url"] = url
    kind = value.get("type")
    if kind == "url" and "next-url" not in fields:
        raise _UnusableError("type url without outputs.nextUrl")
    if kind not in ("cursor", "offsetLimit", "url"):
        raise _UnusableError(f"unknown x-speakeasy-pagination type {kind!r}")
    return fields
