"""The view of ``errors.py``: the runtime's status classes, typed from the spec's error bodies."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.ir import Api
from ..model.pytypes import referenced_names, uses_any, uses_literal
from ..model.reserved import STATUS_ERRORS
from .brackets import Hint, import_from
from .common import group_by_module
from .model_views import field_hint
from .spelling import value_modules
from .text import escape_docstring

ERROR_RESERVED_ATTRIBUTES = frozenset(
    {
        "args",
        "body",
        "data",
        "message",
        "request",
        "request_id",
        "response",
        "status_code",
        "with_traceback",
        "add_note",
        "from_dict",
        "to_dict",
        "additional_properties",
    }
)


@dataclass(frozen=True)
class ErrorClassView:
    name: str
    status: int | None
    doc: str
    model: str | None
    properties: tuple[ErrorPropertyView, ...]


@dataclass(frozen=True)
class ErrorPropertyView:
    name: str
    hint: Hint
    """What the property gives: the field's annotation, ``None`` for an absent body or value."""
    doc: str
    may_be_unset: bool


@dataclass(frozen=True)
class ErrorsView:
    classes: tuple[ErrorClassView, ...]
    typing_imports: tuple[str, ...]
    imports: tuple[str, ...]
    value_modules: tuple[str, ...] = ()
    """``datetime`` and ``uuid`` where a property is of their classes."""

    @property
    def reads_bodies(self) -> bool:
        """Whether an error class reads its body into a model (``Mapping`` is imported for it)."""
        return any(cls.model for cls in self.classes)


def errors_view(api: Api) -> ErrorsView:
    models = {m.name: m for m in api.models}
    bodies = {int(b.status): b.model for b in api.error_bodies}
    classes = []
    owners = {m.name: m.module for m in api.models} | {e.name: e.module for e in api.enums}
    names: set[str] = set()
    typing: set[str] = set()
    unset = False
    for name, status, doc in STATUS_ERRORS:
        model = bodies.get(status) if status is not None else None
        properties: list[ErrorPropertyView] = []
        if model is not None:
            names.add(model)
            for f in models[model].fields:
                if f.name in ERROR_RESERVED_ATTRIBUTES:
                    continue
                names.update(referenced_names(f.type))
                typing.update(["Any"] if uses_any(f.type) else [])
                typing.update(["Literal"] if uses_literal(f.type) else [])
                field, default = field_hint(f)
                members = tuple(m for m in field.members if m != "Unset")
                if members[-1] != "None" and members != ("Any",):
                    members += ("None",)
                unset = unset or default == "UNSET"
                properties.append(
                    ErrorPropertyView(
                        f.name,
                        Hint(members),
                        escape_docstring(f"The body's ``{f.wire_name}`` (``None`` when absent)."),
                        default == "UNSET",
                    )
                )
        classes.append(ErrorClassView(name, status, doc, model, tuple(properties)))
    imports = ["from ._models import Unset"] if unset else []
    imports += [
        import_from(f".models.{module}", group) for module, group in group_by_module(names, owners, "")
    ]
    hints = (p.hint for cls in classes for p in cls.properties)
    return ErrorsView(tuple(classes), tuple(sorted(typing)), tuple(imports), value_modules(hints))


def error_class_name(status: str) -> str | None:
    for name, code, _ in STATUS_ERRORS:
        if code is not None and str(code) == status:
            return name
    if status.startswith("5"):
        return "InternalServerError"
    return None
