"""What callers see of a resource method: its arguments and its return annotation.

The one source of a method's signature: the emitted method is built from it
(:mod:`generator.emit.operation_views`), and ``diff`` compares two specs' methods through it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.ir import BodyField, NullableType, Operation, Parameter, RequestBody, Response, TypeRef
from .brackets import Hint, Subscript
from .model_views import field_hint
from .params import DEFAULT_PARAMS, ParamTypes, param_hint
from .spelling import ANY, NONE, hint


def _argument(t: TypeRef, required: bool, params: ParamTypes | None = None) -> tuple[Hint, str]:
    """(annotation, `` = default`` or "") of an argument that is not a body property.

    A parameter is sent as text, so a datetime, date or UUID parameter takes its string too; a
    body property is a model field, typed as what is read back (strings still work at run time).
    """
    shown = hint(t, text=True) if params is None else param_hint(t, params, text=True)
    if required:
        return shown, ""
    if isinstance(t, NullableType):
        return Hint((*shown.members, "Unset")), " = UNSET"
    return (shown if shown in (ANY, NONE) else Hint((*shown.members, "None"))), " = None"


@dataclass(frozen=True)
class SignatureArgument:
    """One argument of a resource method, exactly as the method declares it."""

    name: str
    hint: Hint
    default: str
    """`` = None``, `` = UNSET`` or empty (required)."""
    source: Parameter | BodyField | RequestBody
    """What it sets: a parameter, one property of the body, or the whole body."""

    @property
    def annotation(self) -> str:
        return self.hint.flat()

    @property
    def positional(self) -> bool:
        return isinstance(self.source, Parameter) and self.source.location == "path"


@dataclass(frozen=True)
class MethodSignature:
    """A resource method's arguments and return annotation: what callers see of it."""

    arguments: tuple[SignatureArgument, ...]
    """Path parameters (positional) first, then the required keywords, then the optional ones."""
    returns: Hint


def _content(member: str | Subscript, content: tuple[str | Subscript, ...]) -> tuple[str | Subscript, ...]:
    return content if member == "FileContent" else (member,)


_BODY_CONTENT: dict[str, tuple[str | Subscript, ...]] = {
    "binary": ("bytes", Subscript("IO", (Hint(("bytes",)),))),
    "text": ("str",),
}
"""What a whole body of raw content accepts in place of ``FileContent``."""


def method_signature(operation: Operation, params: ParamTypes = DEFAULT_PARAMS) -> MethodSignature:
    """The signature the resource module declares for ``operation``.

    The one source of it: the emitted method is built from it, and ``diff`` compares the
    signatures of two specs through it (before ``builtins.`` qualification, a rendering detail).
    The body takes each model as its typed dict too, named by ``params`` (the API's table; the
    default names otherwise).
    """
    positional: list[SignatureArgument] = []
    required: list[SignatureArgument] = []
    optional: list[SignatureArgument] = []
    for p in operation.parameters:
        argument = SignatureArgument(p.name, *_argument(p.type, p.required), p)
        if p.location == "path":
            positional.append(argument)
        else:
            (required if p.required else optional).append(argument)
    body = operation.body
    if body is not None and body.model is not None:
        for body_field in body.fields:
            field, default = field_hint(body_field.field, params=params)
            target = required if body_field.field.required else optional
            assignment = f" = {default}" if default else ""
            target.append(SignatureArgument(body_field.argument, field, assignment, body_field))
    elif body is not None:
        shown, default = _argument(body.type, body.required, params)
        content = _BODY_CONTENT.get(body.encoding)
        if content is not None:
            shown = Hint(tuple(m for member in shown.members for m in _content(member, content)))
        (required if body.required else optional).append(SignatureArgument("body", shown, default, body))
    returns = union([result_hint(r) for r in operation.successes]) if operation.successes else NONE
    return MethodSignature((*positional, *required, *optional), returns)


def result_hint(response: Response) -> Hint:
    """The annotation of what the method returns for ``response``."""
    if response.kind == "empty":
        return NONE
    if response.kind == "text":
        return Hint(("str",))
    if response.kind == "binary":
        return Hint(("bytes",))
    return ANY if response.type is None else hint(response.type)


def union(annotations: list[Hint]) -> Hint:
    """One annotation accepting each of ``annotations`` (``Any`` absorbs the rest, ``None`` last)."""
    union = Hint(())
    for other in annotations:
        union = union | other
    return union
