"""Views of the pages list methods return: each method's own page class, and the arguments
that tell the runtime how its next page is asked for.

A list method's page is a subclass of the runtime's ``SyncPage[Item, Answer]`` (and
``AsyncPage``) with one read-only property per field of the answer, so ``page.data`` and
``page.has_more`` are typed (a misspelt one is a type error) and ``help()`` lists them.
A ``__getattr__`` that forwards to ``page.body`` would read as well at run time, but no
type checker can type it by the answer's model: every name would be ``Any``, misspelt
ones too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..model.ir import Direction, Field, Model, ModelType, NullableType, Operation, Pagination, TypeRef
from ..model.pytypes import uses_any, uses_literal
from .brackets import Code, Group, Hint, Subscript, prefixed
from .codecs import codec
from .common import Doc
from .model_views import field_doc, field_hint
from .spelling import hint, python_literal, qualified
from .text import docstring_body

PAGE_MEMBERS = frozenset({"items", "body", "response", "has_next_page", "next_page", "iter_pages", "first"})
"""What every page has: an answer's field of one of these names stays in ``page.body``."""

BUILTIN_TYPES = frozenset({"list", "dict", "set", "tuple", "bytes", "int", "bool", "type"})
"""Builtin types a member of a class may shadow inside its body (``def list``)."""


@dataclass(frozen=True)
class PagePropertyView:
    """``page.<name>``: the answer's field of that name."""

    name: str
    hint: Hint
    doc: str


@dataclass(frozen=True)
class PageClassView:
    """A list method's page class (``name``) and its asynchronous twin (``Async`` + ``name``)."""

    name: str
    bases: tuple[Group, Group]
    """``SyncPage["Item", "Answer"]`` and ``AsyncPage[...]``: quoted, since the models are
    imported for type checking only (touching a resource loads no model)."""
    doc: str
    properties: tuple[PagePropertyView, ...]
    typing: frozenset[str]
    """The names its annotations need from ``typing``."""
    builtins: bool
    """A property shadows a builtin type its annotations name (``builtins.list``)."""
    types: tuple[Hint, Hint]
    """The item's and the answer's annotations (quoted in ``bases``)."""

    def hints(self) -> list[Hint]:
        """Every annotation the class names (its module imports their models)."""
        return [*self.types, *(p.hint for p in self.properties)]


def page_class_view(
    operation: Operation, resource_class: str, models: Mapping[str, Model], taken: set[str], doc: Doc
) -> PageClassView | None:
    """The page class of ``operation``, or ``None`` when its answer has no field to show
    (a bare list): the method then returns the runtime's ``SyncPage`` itself."""
    pagination = operation.pagination
    success = operation.success
    if pagination is None or success is None or success.type is None:
        return None
    answer = success.type.inner if isinstance(success.type, NullableType) else success.type
    model = models.get(answer.name) if isinstance(answer, ModelType) else None
    fields = [f for f in model.fields if f.name not in PAGE_MEMBERS] if model is not None else []
    if model is None or not fields:
        return None
    name = f"{resource_class}{_pascal(operation.method_name)}Page"
    while name in taken:
        name += "_"
    taken.add(name)
    shadowed = frozenset({f.name for f in fields} & BUILTIN_TYPES)
    properties = tuple(_property(f, shadowed, doc, model.direction) for f in fields)
    typing = {"Any"} if any(uses_any(f.type) for f in fields) else set()
    typing |= {"Literal"} if any(uses_literal(f.type) for f in fields) else set()
    types = (hint(pagination.item_type), hint(success.type))
    item, body = types[0].flat(), types[1].flat()
    text = (
        f"A page of ``{operation.method_name}()``: its ``items``, and the fields of its answer "
        f"(``{model.name}``) as properties."
    )
    return PageClassView(
        name=name,
        bases=(
            Group("SyncPage[", (python_literal(item), python_literal(body)), "]"),
            Group("AsyncPage[", (python_literal(item), python_literal(body)), "]"),
        ),
        doc=docstring_body(text, indent=4),
        properties=properties,
        typing=frozenset(typing),
        types=types,
        builtins=any(
            p.hint != field_hint(f, model.direction)[0] for p, f in zip(properties, fields, strict=True)
        ),
    )


def _property(f: Field, shadowed: frozenset[str], doc: Doc, direction: Direction) -> PagePropertyView:
    text = field_doc(f, doc) or f"The answer's ``{f.wire_name}``."
    shown = qualified(field_hint(f, direction)[0], shadowed)
    return PagePropertyView(f.name, shown, docstring_body(text, indent=8))


def _pascal(snake: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in snake.split("_"))


def page_view(
    pagination: Pagination, body: TypeRef, page: PageClassView | None
) -> tuple[Hint, Hint, tuple[Code, ...], tuple[str, str]]:
    """(sync return annotation, async one, the page arguments, the sync and async page classes).

    The sync method returns ``Page.first(client, call, *arguments)``, the async one
    ``AsyncPaginator(client, call, *arguments, AsyncPage)``.
    """
    types = (hint(pagination.item_type), hint(body))
    rule: list[Code] = []
    for name, value in (
        ("items", pagination.items),
        ("attributes", pagination.attributes),
        ("cursor_param", pagination.cursor_param),
        ("cursor_path", pagination.cursor_path),
        ("cursor_item", pagination.cursor_item),
        ("has_more", pagination.has_more),
        ("next_url", pagination.next_url),
        ("link_header", pagination.link_header or None),
        ("offset_param", pagination.offset_param),
        ("page_param", pagination.page_param),
        ("total", pagination.total),
        ("in_body", pagination.in_body or None),
    ):
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            text: Code = Group("(", tuple(python_literal(v) for v in value), ")", one_tuple=True)
        else:
            text = repr(value) if isinstance(value, bool) else python_literal(value)
        rule.append(prefixed(f"{name}=", text))
    arguments: tuple[Code, ...] = (Group("PageRule(", tuple(rule), ")"), codec(body))
    if page is None:
        sync_page: str | Subscript = Subscript("SyncPage", types)
        async_page: str | Subscript = Subscript("AsyncPage", types)
        classes = ("SyncPage", "AsyncPage")
    else:
        sync_page, async_page = page.name, f"Async{page.name}"
        classes = (page.name, f"Async{page.name}")
    paginator = Subscript("AsyncPaginator", (Hint((async_page,)), types[0]))
    return Hint((sync_page,)), Hint((paginator,)), arguments, classes
