"""Request objects as typed dicts: every model a request body reaches gets a ``TypedDict``
(``MeetingTokenPropertiesParam``), and the methods take it, a plain dict literal or the model.

A dict is sent as it is (the runtime's ``to_wire`` converts only its values: models, enums,
datetimes, UUIDs), so a typed dict's keys are the JSON property names, not the model's Python
attribute names: what the API's documentation and its JSON examples show, and nothing to map at
run time. A key that is no Python identifier (``"user-id"``), a keyword (``"class"``) or a name
an annotation of the same typed dict spells (a key ``"str"`` beside a ``str`` value) is written
in ``TypedDict``'s functional syntax, whose keys are strings.

Typed dicts are closed: a typo in a key is what they catch. Properties the spec does not name
(``additionalProperties``) go in a model's ``additional_properties`` or in ``extra_body``. (A
free-form object is no model but a ``dict``, which takes any key already.)
"""

from __future__ import annotations

import keyword
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ..model.ir import (
    Api,
    Field,
    ListType,
    MapType,
    Model,
    ModelType,
    NullableType,
    TypeRef,
    UnionType,
)
from ..model.pytypes import class_references
from .brackets import Group, Hint, Subscript
from .spelling import ANY, hint, python_literal
from .text import docstring_body


def param_name(model: str, taken: frozenset[str] | set[str] = frozenset()) -> str:
    """The typed dict of ``model``: ``{model}Param`` (Stainless's name), ``{model}Dict`` for a model
    already named ``...Param`` (Stripe's ``CustomerParam``); ``{model}Params``, then
    ``{model}ParamDict``, where the API already has a class of that name."""
    first = f"{model}Dict" if model.endswith("Param") else f"{model}Param"
    for name in (first, f"{model}Params", f"{model}ParamDict"):
        if name not in taken:
            return name
    return next(f"{model}Param{n}" for n in range(2, len(taken) + 3) if f"{model}Param{n}" not in taken)


@dataclass(frozen=True)
class ParamTypes:
    """The typed dict of each request model (model name to ``...Param`` name)."""

    names: Mapping[str, str]

    def of(self, model: str) -> str:
        """The name of ``model``'s typed dict; a model whose request use this table has not seen
        (``diff`` reads one operation at a time) gets the default name."""
        return self.names.get(model) or param_name(model)


DEFAULT_PARAMS = ParamTypes({})
"""No API's table: every model's typed dict has the default name (:func:`param_name`)."""


def param_types(api: Api) -> ParamTypes:
    """The typed dicts of the models that request bodies reach, nested ones too."""
    models = {m.name: m for m in api.models}
    taken = frozenset(models) | {e.name for e in api.enums}
    reached: dict[str, None] = {}
    # A body flattened into keyword arguments is no argument itself: its properties' types are.
    pending = [
        t
        for operation, _ in api.operations
        if operation.body is not None
        for t in (
            [bf.field.type for bf in operation.body.fields]
            if operation.body.model is not None
            else [operation.body.type]
        )
    ]
    while pending:
        for reference in class_references(pending.pop()):
            model = models.get(reference.name)
            if isinstance(reference, ModelType) and model is not None and model.name not in reached:
                reached[model.name] = None
                pending.extend(f.type for f in model.fields)
                pending.append(model.additional)
    names: dict[str, str] = {}
    for model_name in sorted(reached):
        names[model_name] = param_name(model_name, taken | set(names.values()))
    return ParamTypes(names)


def param_hint(t: TypeRef, params: ParamTypes, *, text: bool = False, models: bool = True) -> Hint:
    """The annotation of a request value of ``t``: each model as its typed dict, and also as the
    model itself with ``models`` (a method's argument; not inside a typed dict, where a union
    with the model would cost the checkers' message naming a misspelt key).

    A list holding models is a ``Sequence`` and a map a ``Mapping`` (both covariant), so that a
    ``list[Room]`` the caller already has still fits beside a list of dicts.
    """

    def inner(t: TypeRef) -> Hint:
        return param_hint(t, params, text=text, models=models)

    if isinstance(t, ModelType):
        return Hint((params.of(t.name), t.name) if models else (params.of(t.name),))
    if isinstance(t, ListType):
        items = inner(t.items)
        head = "Sequence" if items != hint(t.items, text=text) else "list"
        return Hint((Subscript(head, (items,)),))
    if isinstance(t, MapType):
        values = inner(t.values)
        head = "Mapping" if values != hint(t.values, text=text) else "dict"
        return Hint((Subscript(head, (Hint(("str",)), values)),))
    if isinstance(t, UnionType):
        return Hint(tuple(dict.fromkeys(m for v in t.variants for m in inner(v).members)))
    if isinstance(t, NullableType):
        shown = inner(t.inner)
        return shown if shown == ANY or shown.members == ("None",) else Hint((*shown.members, "None"))
    return hint(t, text=text)


@dataclass(frozen=True)
class ParamKeyView:
    key: str
    """The JSON property name."""
    hint: Hint
    """The value's annotation (``Required[...]`` where the schema requires the property: the
    typed dict is ``total=False``)."""


@dataclass(frozen=True)
class ParamView:
    """A model's typed dict."""

    name: str
    model: str
    keys: tuple[ParamKeyView, ...]
    functional: bool
    """Written as ``Name = TypedDict("Name", {...})``: some key is no usable attribute name."""

    def doc(self, indent: int) -> str:
        """Its docstring at ``indent`` spaces (a class's, or an attribute's after the assignment)."""
        text = (
            f"``{self.model}`` as a dict, keyed by the JSON property names: methods take either.\n\n"
            f"See ``{self.model}`` for what each property means."
        )
        return docstring_body(text, indent=indent, attribute=not indent)

    @property
    def functional_call(self) -> Group:
        """``TypedDict("Name", {"key": "annotation", ...}, total=False)``."""
        entries = tuple(f"{python_literal(k.key)}: {python_literal(k.hint.flat())}" for k in self.keys)
        return Group("TypedDict(", (python_literal(self.name), Group("{", entries, "}"), "total=False"), ")")

    def hints(self) -> Iterator[Hint]:
        yield from (k.hint for k in self.keys)


def param_view(model: Model, params: ParamTypes) -> ParamView:
    """The typed dict of ``model``: a key per property, ``Required`` where the schema requires it."""
    name = params.of(model.name)
    keys = tuple(ParamKeyView(f.wire_name, _key_hint(f, params)) for f in model.fields)
    spelled = {n.split(".")[0] for k in keys for n in k.hint.names()}
    functional = any(_not_an_attribute(k.key, spelled) for k in keys)
    return ParamView(name, model.name, keys, functional)


def _not_an_attribute(key: str, spelled: set[str]) -> bool:
    """Whether ``key`` cannot be a typed dict's class attribute: no identifier, a keyword, a name
    the class's annotations spell (it would shadow it), or private (``__x`` is name-mangled)."""
    return not key.isidentifier() or keyword.iskeyword(key) or key in spelled or key.startswith("__")


def _key_hint(f: Field, params: ParamTypes) -> Hint:
    """A read-only property is never required of a request (OpenAPI), as in the model's
    constructor; a request value of a ``date-time``, ``date`` or ``uuid`` may be its text."""
    shown = param_hint(f.type, params, text=True, models=False)
    return Hint((Subscript("Required", (shown,)),)) if f.required and not f.read_only else shown
