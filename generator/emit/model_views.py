"""Views of the model modules: one per model and per enum.

A model module imports no other model at run time: its annotations name them under
``TYPE_CHECKING``, and its codecs reach them as ``models.Name`` when a value is first
read, so loading one model does not load every model reachable from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ..config import Settings
from ..model.ir import Api, Direction, Enum, Field, Model, ScalarType
from ..model.pytypes import annotated_names, referenced_names, uses_any, uses_binary, uses_literal
from .brackets import Code, Group, Hint
from .codecs import codec
from .common import Doc, group_by_module, import_lines, import_order
from .params import ParamTypes, ParamView, param_hint, param_types, param_view
from .spelling import ANY, NONE, annotation, hint, python_literal, value_modules
from .text import (
    DOCSTRING_WIDTH,
    docstring_body,
    docstring_lines,
    first_sentence,
    hanging,
    wrap_markdown,
)


@dataclass(frozen=True)
class FieldView:
    name: str
    hint: Hint
    default: str
    """``None``, ``UNSET`` or empty (required)."""
    doc: str
    wire: Code
    """The ``Wire(...)`` entry."""


@dataclass(frozen=True)
class ModuleView:
    module: str
    doc: str
    typing_imports: tuple[str, ...]
    runtime_imports: tuple[str, ...]
    imports: tuple[str, ...]
    type_imports: tuple[str, ...]
    """Imports of other modules' models and enums, under ``if TYPE_CHECKING:``."""
    models: tuple[ModelView, ...]
    enums: tuple[EnumView, ...]
    params: tuple[ParamView, ...] = ()
    """The models' typed dicts (request models only: :mod:`generator.emit.params`)."""
    abc_imports: tuple[str, ...] = ()
    """From ``collections.abc`` (a typed dict's ``Mapping`` or ``Sequence``)."""


@dataclass(frozen=True)
class ModelView:
    name: str
    doc: str
    fields: tuple[FieldView, ...]
    extra_codec: Code | None
    write_only: Code | None = None
    """The ``_write_only`` set of an answer's form: properties an answer may hold anyway."""

    @property
    def wire(self) -> Group:
        """The ``_wire`` tuple: how each field is read from and written to JSON."""
        return Group("(", tuple(f.wire for f in self.fields), ")", one_tuple=True)


@dataclass(frozen=True)
class EnumMemberView:
    name: str
    value: str


@dataclass(frozen=True)
class EnumView:
    name: str
    doc: str
    bases: tuple[str, ...]
    members: tuple[EnumMemberView, ...]


def field_annotation(f: Field) -> tuple[str, str]:
    """(annotation, `` = default`` or "") of a model field or keyword argument, on one line."""
    field, default = field_hint(f)
    return field.flat(), f" = {default}" if default else ""


def field_hint(f: Field, direction: Direction = "both", params: ParamTypes | None = None) -> tuple[Hint, str]:
    """(the annotation, default value or "") of a model field or keyword argument.

    Optional fields default to ``None`` ("not sent"); an optional field that may
    also be ``null`` defaults to ``UNSET`` so that ``None`` can mean ``null``. With ``params``
    (a keyword argument that sets a body property), each model is also taken as its typed dict.
    """
    shown = hint(f.type) if params is None else param_hint(f.type, params)
    # A read-only property is required in answers only (OpenAPI): a class that is also sent
    # (``both``) cannot require it.
    if f.required and (direction == "response" or not f.read_only):
        return shown, ""
    if f.nullable:
        return Hint((*shown.members, "Unset")), "UNSET"
    if shown in (ANY, NONE):
        return shown, "None"
    return Hint((*shown.members, "None")), "None"


def field_doc(f: Field, doc: Doc) -> str:
    parts = [doc.text(f.description)]
    notes = []
    if f.has_default:
        notes.append(
            f"Defaults to ``{json.dumps(f.default, ensure_ascii=False)}`` on the server when not sent."
        )
    if f.read_only:
        notes.append("Read-only: set by the server.")
    if f.deprecated:
        notes.append("Deprecated.")
    parts.append(" ".join(notes))
    return "\n\n".join(p for p in parts if p)


def model_views(api: Api, settings: Settings) -> list[ModuleView]:
    """One module per model and per enum, with imports ordered so cycles still import."""
    doc = Doc(settings)
    owners: dict[str, str] = {m.name: m.module for m in api.models}
    owners.update({e.name: e.module for e in api.enums})
    params = param_types(api)
    owners.update({params.of(m.name): m.module for m in api.models if m.name in params.names})
    uses = _uses(api)

    views = []
    for model in api.models:
        fallback = f"Used as {_usage_text(uses.get(model.name, []))}." if model.name in uses else ""
        param = param_view(model, params) if model.name in params.names else None
        views.append(_model_module(model, owners, doc, fallback or f"The ``{model.name}`` object.", param))
    for enum in api.enums:
        view = _enum_view(enum, doc, uses.get(enum.name, []))
        views.append(
            ModuleView(
                module=enum.module,
                doc=f"The ``{enum.name}`` enum.",
                typing_imports=(),
                runtime_imports=(),
                imports=(f"from .._models import {view.bases[0]}",),
                type_imports=(),
                models=(),
                enums=(view,),
            )
        )
    return sorted(views, key=lambda v: v.module)


def _uses(api: Api) -> dict[str, list[str]]:
    """Where each model or enum appears: ``Model.field`` places, in a stable order."""
    found: dict[str, list[str]] = {}
    for model in api.models:
        for f in model.fields:
            for name in dict.fromkeys(referenced_names(f.type)):
                found.setdefault(name, []).append(f"{model.name}.{f.name}")
    return found


def _usage_text(places: list[str]) -> str:
    shown = ", ".join(f"``{place}``" for place in places[:3])
    return shown + (f" and {len(places) - 3} more" if len(places) > 3 else "")


def _model_module(
    model: Model, owners: dict[str, str], doc: Doc, fallback: str, param: ParamView | None
) -> ModuleView:
    """The model's module; with ``param``, the model's typed dict follows the class.

    Annotations are never evaluated (``from __future__ import annotations``, or strings in a
    typed dict's functional syntax), so the classes they name are imported under ``TYPE_CHECKING``.
    """
    other_modules: set[str] = set()

    def spell(name: str) -> str:
        if owners[name] == model.module:
            return name
        other_modules.add(owners[name])
        return f"models.{name}"

    fields = []
    typing: set[str] = {"ClassVar"}
    # A request's form of a schema whose properties are all read-only has no field: no codec.
    models_imports = {"Model", "Wire", "codec"} if model.fields else {"Model", "Wire"}
    for f in model.fields:
        field, default = field_hint(f, model.direction)
        if default == "UNSET":
            models_imports.update({"UNSET", "Unset"})
        if uses_binary(f.type):
            models_imports.add("FileContent")
        if uses_any(f.type):
            typing.add("Any")
        if uses_literal(f.type):
            typing.add("Literal")
        wire_args: list[Code] = [python_literal(f.name), python_literal(f.wire_name), codec(f.type, spell)]
        if f.required:
            wire_args.append("required=True")
        if f.nullable:
            wire_args.append("nullable=True")
        fields.append(
            FieldView(
                name=f.name,
                hint=field,
                default=default,
                doc=docstring_body(field_doc(f, doc), indent=4, attribute=True),
                wire=Group("Wire(", tuple(wire_args), ")"),
            )
        )
    extra_codec = None
    if model.additional != ScalarType("any"):
        extra_codec = codec(model.additional, spell)
        models_imports.update({"Codec", "codec"})
    # Codecs name classes at run time only (``models.Name``): the annotations need the imports.
    annotated = {name for f in model.fields for name in annotated_names(f.type)}
    param_hints = list(param.hints()) if param is not None else []
    spelled: set[str] = set().union(*(h.names() for h in param_hints))
    if param is not None:
        annotated |= {name for name in spelled if name in owners}
        typing.add("TypedDict")
        typing |= spelled & {"Any", "Literal", "Required"}
        models_imports |= spelled & {"FileContent"}
    type_imports = [
        line
        for module, names in group_by_module(annotated, owners, model.module)
        for line in import_lines(f".{module}", names, 4)
    ]
    imports = [f"from .._models import {', '.join(import_order(models_imports))}"]
    if type_imports:
        typing.add("TYPE_CHECKING")
    if other_modules:  # the codecs name other modules' classes
        imports.insert(0, "from .. import models")
    return ModuleView(
        module=model.module,
        doc=f"The ``{model.name}`` model.",
        typing_imports=tuple(import_order(typing)),
        runtime_imports=("dataclasses", *value_modules([*(f.hint for f in fields), *param_hints])),
        imports=tuple(imports),
        type_imports=tuple(type_imports),
        models=(
            ModelView(
                name=model.name,
                # Undescribed schemas are described by where they are used.
                doc=model_docstring(model, doc, fallback),
                fields=tuple(fields),
                extra_codec=extra_codec,
                write_only=_write_only_code(model),
            ),
        ),
        enums=(),
        params=() if param is None else (param,),
        abc_imports=tuple(sorted(spelled & {"Mapping", "Sequence"})),
    )


def model_docstring(model: Model, doc: Doc, fallback: str) -> str:
    """The class docstring: the description, then an ``Attributes:`` section (Google style).

    ``help(Model)`` shows the class docstring, not the docstrings under each field, so
    each field is listed there with the first sentence of its description (or its type).
    """
    indent = 4
    width = DOCSTRING_WIDTH - indent
    lines = wrap_markdown(doc.text(model.description) or fallback, width)
    if direction_note(model):
        lines += ["", *wrap_markdown(direction_note(model), width)]
    if model.fields:
        lines += ["", "Attributes:"]
        for f in model.fields:
            summary = first_sentence(doc.text(f.description)) or f"``{annotation(f.type)}``."
            if f.read_only:
                summary += " Read-only."
            lines += hanging(f"{f.name}: {summary}", width, first=4, rest=8)
    return docstring_lines(lines, indent=indent)


def _write_only_code(model: Model) -> Code | None:
    if not model.write_only:
        return None
    return Group("frozenset(", (Group("{", tuple(python_literal(w) for w in model.write_only), "}"),), ")")


def direction_note(model: Model, spell: Callable[[str], str] = lambda name: f"``{name}``") -> str:
    """What the docs say of a class that is one direction's form of its schema (``spell``
    writes a class or property name: a literal in docstrings, a link in Markdown pages)."""
    if model.direction == "response" and model.counterpart is not None:
        return f"As answers hold it; requests take {spell(model.counterpart)}."
    if model.direction != "request" or not (model.counterpart or model.read_only):
        return ""
    of = f" of {spell(model.counterpart)}" if model.counterpart is not None else ""
    without = ", ".join(f"``{wire}``" for wire in model.read_only)
    return f"The form{of} requests send" + (f", without the read-only {without}." if without else ".")


_ENUM_BASES = {"string": "StrEnum", "integer": "IntEnum"}
"""The runtime's enum bases (``_models``), whose members print and format as their value on every
Python the SDK supports; numbers and mixed values take ``ValueEnum``."""


def _enum_view(enum: Enum, doc: Doc, uses: list[str]) -> EnumView:
    bases = (_ENUM_BASES.get(enum.value_kind, "ValueEnum"),)
    fallback = f"Values of {_usage_text(uses)}." if uses else f"Values of ``{enum.name}``."
    return EnumView(
        name=enum.name,
        doc=doc.docstring(enum.description, 4, fallback=fallback),
        bases=bases,
        members=tuple(EnumMemberView(m.name, python_literal(m.value)) for m in enum.members),
    )
