"""The docs' ways in: an index of resources and their methods, one page per resource, and an
index of models grouped by the resource that uses them.

A flat list of every operation and model is unreadable for a big API (Stripe's was one
943 KB page): a reader looks for a resource, then its method, then the types it takes. So
models are grouped by the top-level resource nearest to them (its operations take or answer
them, or a model that does holds them); a model as near to several resources is shared, and
one no operation reaches is listed apart. Pages that would pass :data:`PAGE_BUDGET` are cut
into parts.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import jinja2

from ..model.ir import Api, Operation, Resource, TypeRef
from ..model.pytypes import referenced_names
from ..model.reserved import STATUS_ERRORS
from .client_views import default_base_url
from .text import first_sentence, markdown_inline

PAGE_BUDGET = 150_000
"""The most characters of entries one index page holds (the issue's bound is about 200 KB a page)."""

SHARED = "Shared by several resources"
UNUSED = "Used by no operation"


@dataclass(frozen=True)
class IndexLine:
    """A line of the models' index (Markdown); the template sets the headings and intros apart."""

    markdown: str
    heading: bool = False
    """A group's heading (``## `` before it in the page)."""
    intro: bool = False
    """The line under a resource's heading that links the resource's page."""
    continued: bool = False
    """A heading repeated at the top of the next part (`` (continued)`` after it)."""

    @property
    def size(self) -> int:
        """About the characters it takes on the page (what :func:`parts` counts)."""
        return len(self.markdown) + 1 + (3 if self.heading else 0)


@dataclass(frozen=True)
class MethodEntry:
    name: str
    """``create()``: how the method is called, as a code span's text."""
    path: str
    """Its operation page, from the docs folder."""
    http: str
    summary: str
    deprecated: bool


@dataclass(frozen=True)
class ResourceEntry:
    access: str
    """``customers.bank_accounts``: the attributes from the client down to it."""
    path: str
    """Its page, from the docs folder (``resources/customers_bank_accounts.md``)."""
    depth: int
    summary: str
    methods: tuple[MethodEntry, ...]
    children: tuple[str, ...]
    """The ``access`` of each sub-resource."""


@dataclass(frozen=True)
class ModelGroup:
    title: str
    resource: str | None
    """The top-level resource's ``access`` (``None`` for the shared and unused groups)."""
    models: tuple[str, ...]


def resource_path(resource: Resource) -> str:
    return f"resources/{resource.module}.md"


def resource_entries(
    api: Api, methods: dict[tuple[str, str], MethodEntry], summaries: dict[str, str]
) -> tuple[ResourceEntry, ...]:
    """Every resource, parents before children; ``methods`` by (resource access, method name)."""

    def walk(resources: Iterable[Resource], depth: int) -> list[ResourceEntry]:
        found = []
        for resource in resources:
            found.append(
                ResourceEntry(
                    access=resource.access,
                    path=resource_path(resource),
                    depth=depth,
                    summary=summaries.get(resource.access, ""),
                    methods=tuple(methods[(resource.access, op.method_name)] for op in resource.operations),
                    children=tuple(child.access for child in resource.resources),
                )
            )
            found.extend(walk(resource.resources, depth + 1))
        return found

    return tuple(walk(api.resources, 0))


def _operation_types(operation: Operation) -> set[str]:
    types: list[TypeRef] = [p.type for p in operation.parameters]
    if operation.body is not None:
        types.append(operation.body.type)
        types += [bf.field.type for bf in operation.body.fields]
    types += [r.type for r in (*operation.successes, *operation.errors) if r.type is not None]
    names = {name for t in types for name in referenced_names(t)}
    if operation.body is not None and operation.body.model is not None:
        names.add(operation.body.model)
    if operation.pagination is not None:
        names |= set(referenced_names(operation.pagination.item_type))
    return names


def model_groups(api: Api) -> tuple[ModelGroup, ...]:
    """Each model and enum in the group of the top-level resource nearest to it.

    Distance is counted in references: 0 for a type an operation of the resource (or of its
    sub-resources) takes or answers, one more for each model field on the way. The resources
    at the least distance own the model; more than one share it.
    """
    fields = {m.name: {n for f in m.fields for n in referenced_names(f.type)} for m in api.models}
    known = set(fields) | {e.name for e in api.enums}
    nearest: dict[str, tuple[int, set[str]]] = {}
    for top in api.resources:
        start = {n for r in (top, *_descendants(top)) for op in r.operations for n in _operation_types(op)}
        level, seen, distance = start & known, set(), 0
        while level:
            for name in level:
                best = nearest.get(name)
                if best is None or distance < best[0]:
                    nearest[name] = (distance, {top.access})
                elif distance == best[0]:
                    best[1].add(top.access)
            seen |= level
            level = {n for name in level for n in fields.get(name, ())} & known - seen
            distance += 1
    groups: dict[str | None, list[str]] = {top.access: [] for top in api.resources}
    shared: list[str] = []
    unused: list[str] = []
    for name in sorted(known):
        owners = nearest.get(name, (0, set()))[1]
        if not owners:
            unused.append(name)
        elif len(owners) > 1:
            shared.append(name)
        else:
            groups[next(iter(owners))].append(name)
    found = [
        ModelGroup(f"client.{access}", access, tuple(names)) for access, names in groups.items() if names
    ]
    found.sort(key=lambda g: g.title)
    found += [
        ModelGroup(title, None, tuple(names))
        for title, names in ((SHARED, shared), (UNUSED, unused))
        if names
    ]
    return tuple(found)


def _descendants(resource: Resource) -> list[Resource]:
    found = []
    for child in resource.resources:
        found.append(child)
        found.extend(_descendants(child))
    return found


def parts(entries: list[IndexLine], budget: int | None = None) -> list[list[IndexLine]]:
    """``entries`` cut into runs of at most ``budget`` characters (at least one entry each;
    :data:`PAGE_BUDGET` by default)."""
    budget = budget or PAGE_BUDGET
    runs: list[list[IndexLine]] = [[]]
    size = 0
    for entry in entries:
        if runs[-1] and size + entry.size > budget:
            runs.append([])
            size = 0
        runs[-1].append(entry)
        size += entry.size
    return runs


def model_summary(name: str, description: str, used_by: Iterable[str], roles: dict[str, list[str]]) -> str:
    """The first sentence of a model's description, or where an undescribed type is used (one line)."""
    summary = first_sentence(description)
    if summary:
        return summary
    users = sorted(used_by)
    if users:
        return "Used by " + ", ".join(f"`{user}`" for user in users) + "."
    if name in roles:
        text = "; ".join(roles[name])
        return text[:1].upper() + text[1:] + "."
    return ""


def operation_roles(api: Api) -> dict[str, list[str]]:
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


def index_pages(
    api: Api,
    env: jinja2.Environment,
    common: dict[str, Any],
    methods: dict[tuple[str, str], MethodEntry],
    model_summaries: dict[str, str],
    describe: Callable[[str | None], str],
) -> dict[str, str]:
    """``docs/index.md``, a page per resource, and the models' index (``docs/models.md``, in parts
    when it would pass the budget), keyed by their path in the SDK."""
    summaries = {r.access: first_sentence(describe(r.description)) for r in api.all_resources}
    resources = resource_entries(api, methods, summaries)
    groups = model_groups(api)
    group_of = {group.resource: group for group in groups if group.resource is not None}
    by_access = {entry.access: entry for entry in resources}
    files: dict[str, str] = {}

    def model_line(name: str, prefix: str) -> str:
        about = model_summary_line(model_summaries.get(name, ""))
        return f"- [`{name}`]({prefix}models/{name}.md){about}"

    for resource in api.all_resources:
        entry = by_access[resource.access]
        top = resource.access.split(".", 1)[0]
        group = group_of.get(resource.access)
        files[f"docs/{entry.path}"] = env.get_template("docs/resource.md.j2").render(
            **common,
            entry=entry,
            description=describe(resource.description),
            parent=by_access.get(resource.access.rsplit(".", 1)[0]) if "." in resource.access else None,
            children=[by_access[child] for child in entry.children],
            models=[model_line(name, "../") for name in group.models] if group else [],
            models_page=None if group or top not in group_of else by_access[top],
        )

    entries: list[IndexLine] = []
    for group in groups:
        title = group.title if group.resource is None else f"`{group.title}`"
        entries.append(IndexLine(title, heading=True))
        if group.resource is not None:
            link = f"Types nearest to [`{group.title}`]({by_access[group.resource].path})."
            entries.append(IndexLine(link, intro=True))
        entries += [IndexLine(model_line(name, "")) for name in group.models]
    runs = _continued(parts(entries))
    names = ["models.md"] + [f"models-{n}.md" for n in range(2, len(runs) + 1)]
    group_links = [
        (line.markdown, f"{name}#{github_anchor(line.markdown)}")
        for name, run in zip(names, runs, strict=True)
        for line in run
        if line.heading and not line.continued
    ]
    count = sum(len(g.models) for g in groups)
    for number, (name, run) in enumerate(zip(names, runs, strict=True)):
        files[f"docs/{name}"] = env.get_template("docs/models.md.j2").render(
            **common, entries=run, part=number + 1, parts=names, count=count
        )
    lines = _resource_lines(resources, with_methods=True)
    if sum(len(line) + 1 for line in lines) > PAGE_BUDGET:
        lines = _resource_lines(resources, with_methods=False)
    files["docs/index.md"] = env.get_template("docs/index.md.j2").render(
        **common,
        title=markdown_inline(api.title),
        description=describe(api.description),
        resource_lines=lines,
        model_count=count,
        group_links=[
            (title, href, len(g.models)) for (title, href), g in zip(group_links, groups, strict=True)
        ],
        errors=STATUS_ERRORS,
        base_url=default_base_url(api),
    )
    return files


def _resource_lines(resources: tuple[ResourceEntry, ...], *, with_methods: bool) -> list[str]:
    """The index's nested list: each resource, and (when the page has room) its methods."""
    lines = []
    for entry in resources:
        pad = "  " * entry.depth
        about = f" — {entry.summary}" if entry.summary else ""
        count = len(entry.methods)
        if not with_methods and count:
            about += f" ({count} method{'s' if count > 1 else ''})"
        lines.append(f"{pad}- [`client.{entry.access}`]({entry.path}){about}")
        for method in entry.methods if with_methods else ():
            note = " (deprecated)" if method.deprecated else ""
            summary = f" — {method.summary}" if method.summary else ""
            lines.append(f"{pad}  - [`{method.name}`]({method.path}) {method.http}{note}{summary}")
    return lines


def github_anchor(heading: str) -> str:
    """The id GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def model_summary_line(summary: str) -> str:
    return f" — {summary}" if summary else ""


def _continued(runs: list[list[IndexLine]]) -> list[list[IndexLine]]:
    """Each part after the first starts with its group's heading, marked as continued."""
    heading: IndexLine | None = None
    for run in runs:
        if heading is not None and not run[0].heading:
            run.insert(0, IndexLine(heading.markdown, heading=True, continued=True))
        heading = next((line for line in reversed(run) if line.heading), heading)
    return runs
