"""A class per direction for schemas with readOnly or writeOnly properties.

OpenAPI says a ``readOnly`` property is sent by the server only ("SHOULD NOT be sent as part
of the request") and a ``writeOnly`` one by the client only ("SHOULD NOT be returned"), and
that ``required`` holds for a readOnly property in answers and a writeOnly one in requests
only. One class cannot say both, so after the build (and the merge of identical inline
types) every model whose properties, or whose referenced models' properties, are readOnly or
writeOnly is split:

* **The answer's form** keeps the readOnly properties (required where the spec says so) and
  leaves out the writeOnly ones; it keeps the schema's class name.
* **The request's form** leaves out the readOnly properties and keeps the writeOnly ones; it
  is named ``<Name>Request`` (numbered by the name allocator if that name is taken), and
  every request body and parameter that reaches the schema takes it.

A schema only requests reach (an inline request body, a component only ever sent) needs one
class: it keeps its name in the request's form. A schema nothing reaches is in the answer's
form. Models without readOnly or writeOnly anywhere in them are left exactly as they are, so
a spec that uses neither generates what it always did.

What reaches what is followed through each form: the readOnly ``owner`` of a ``Pet`` does
not make ``Owner`` part of any request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace

from ..diagnostics import Report
from .dedupe import renamed
from .ir import Field, JsonValue, Model, ModelType, Operation, Resource, TypeRef, walk_resources
from .naming import NameAllocator, module_name
from .pytypes import referenced_names


@dataclass(frozen=True)
class Directed:
    models: dict[str, Model]
    resources: tuple[Resource, ...]


def split_directions(
    models: Mapping[str, Model],
    resources: tuple[Resource, ...],
    class_names: NameAllocator,
    module_names: NameAllocator,
    report: Report,
) -> Directed:
    """The models and resources with every directional model split (see the module's text)."""
    sends = _closure(models, lambda f: f.read_only, lambda f: not f.read_only)
    answers = _closure(models, lambda f: f.write_only, lambda f: not f.write_only)
    directional = sends | answers
    if not directional:
        return Directed(dict(models), resources)
    operations = [operation for resource in walk_resources(resources) for operation in resource.operations]
    sent = _reached(models, directional, _request_types(operations), request=True)
    unreached = (name for name in models if name not in sent)
    roots = [*_response_types(operations), *(ModelType(name) for name in unreached)]
    answered = _reached(models, directional, roots, request=False)

    request_names: dict[str, str] = {}
    for name in sorted(directional):
        if name in sent:
            request_names[name] = class_names.claim(name + "Request") if name in answered else name
    directed = {name: model for name, model in models.items() if name not in directional}
    for name in sorted(directional):
        model = models[name]
        request_name = request_names.get(name)
        if name in answered:
            directed[name] = _answer_form(model, request_name)
        if request_name is not None:
            module = model.module if request_name == name else module_names.claim(module_name(request_name))
            counterpart = name if name in answered else None
            directed[request_name] = _request_form(model, request_name, module, request_names, counterpart)
        if name in answered and request_name is not None:
            report.note(
                f"{name} differs by direction (readOnly or writeOnly properties in it or in what it "
                f"holds): answers are {name}, requests take {request_name}",
                model.source,
                kind="directions",
            )
    return Directed(directed, tuple(_request_side(resource, request_names) for resource in resources))


# ---------------------------------------------------------------------- which models


def _closure(
    models: Mapping[str, Model], marked: Callable[[Field], bool], kept: Callable[[Field], bool]
) -> set[str]:
    """The models with a ``marked`` property, and those whose ``kept`` properties (or extra
    properties) reach one."""
    found = {name for name, model in models.items() if any(marked(f) for f in model.fields)}
    users: dict[str, set[str]] = {}
    for name, model in models.items():
        for target in _references(model, kept):
            users.setdefault(target, set()).add(name)
    pending = list(found)
    while pending:
        for user in users.get(pending.pop(), ()):
            if user not in found:
                found.add(user)
                pending.append(user)
    return found


def _references(model: Model, kept: Callable[[Field], bool]) -> list[str]:
    types = [f.type for f in model.fields if kept(f)] + [model.additional]
    return [name for t in types for name in referenced_names(t)]


def _reached(
    models: Mapping[str, Model], directional: set[str], roots: Iterable[TypeRef], *, request: bool
) -> set[str]:
    """The models the ``roots`` reach through the forms of one direction."""

    def kept(f: Field) -> bool:
        return not f.read_only if request else not f.write_only

    found: set[str] = set()
    pending = [name for t in roots for name in referenced_names(t) if name in models]
    while pending:
        name = pending.pop()
        if name in found:
            continue
        found.add(name)
        model = models[name]
        follow = kept if name in directional else (lambda f: True)
        pending += [target for target in _references(model, follow) if target in models]
    return found


def _request_types(operations: list[Operation]) -> list[TypeRef]:
    types = [p.type for operation in operations for p in operation.parameters]
    return types + [operation.body.type for operation in operations if operation.body is not None]


def _response_types(operations: list[Operation]) -> list[TypeRef]:
    types: list[TypeRef] = []
    for operation in operations:
        for response in operation.responses:
            types += [t for t in (response.type, response.event_type) if t is not None]
    return types


# ---------------------------------------------------------------------------- forms


def _answer_form(model: Model, request_name: str | None) -> Model:
    return replace(
        model,
        fields=tuple(f for f in model.fields if not f.write_only),
        examples=_examples_without(model, lambda f: f.write_only),
        direction="response",
        counterpart=request_name if request_name != model.name else None,
        write_only=tuple(f.wire_name for f in model.fields if f.write_only),
    )


def _request_form(
    model: Model, name: str, module: str, request_names: Mapping[str, str], counterpart: str | None
) -> Model:
    return replace(
        model,
        name=name,
        module=module,
        fields=tuple(
            replace(f, type=renamed(f.type, request_names)) for f in model.fields if not f.read_only
        ),
        additional=renamed(model.additional, request_names),
        examples=_examples_without(model, lambda f: f.read_only),
        direction="request",
        counterpart=counterpart,
        read_only=tuple(f.wire_name for f in model.fields if f.read_only),
    )


def _examples_without(model: Model, left_out: Callable[[Field], bool]) -> tuple[JsonValue, ...]:
    """The schema's examples without the properties a form leaves out (its page shows them)."""
    keys = {f.wire_name for f in model.fields if left_out(f)}
    if not keys:
        return model.examples
    return tuple(
        {k: v for k, v in example.items() if k not in keys} if isinstance(example, dict) else example
        for example in model.examples
    )


def _request_side(resource: Resource, request_names: Mapping[str, str]) -> Resource:
    """``resource`` with its parameters and request bodies naming the request's forms."""
    operations = []
    for operation in resource.operations:
        body = operation.body
        if body is not None:
            body = replace(
                body,
                type=renamed(body.type, request_names),
                model=request_names.get(body.model, body.model) if body.model is not None else None,
                fields=tuple(
                    replace(b, field=replace(b.field, type=renamed(b.field.type, request_names)))
                    for b in body.fields
                ),
            )
        parameters = tuple(replace(p, type=renamed(p.type, request_names)) for p in operation.parameters)
        operations.append(replace(operation, parameters=parameters, body=body))
    return replace(
        resource,
        operations=tuple(operations),
        resources=tuple(_request_side(r, request_names) for r in resource.resources),
    )
