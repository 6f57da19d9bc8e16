"""How a call's request is spelled in the generated method: its path and its parameters
(a list's page rule is in ``page_views``).

Literal parts go through ``python_literal`` (so any text from the spec is safe in code),
values through the runtime's encoders.
"""

from __future__ import annotations

from ..model.ir import ListType, NullableType, Operation, Parameter, ScalarType, TypeRef
from .brackets import Chain, Code, Group
from .spelling import python_literal


def path_expression(operation: Operation) -> Code:
    """The path as an expression: literal parts via ``repr`` (so any text is safe), values encoded."""
    by_wire = {p.wire_name: p for p in operation.parameters if p.location == "path"}
    parts: list[str] = []
    literal = ""
    rest = operation.path
    while rest:
        start = rest.find("{")
        end = rest.find("}", start)
        if start < 0 or end < 0:
            literal += rest
            break
        literal += rest[:start]
        wire = rest[start + 1 : end]
        rest = rest[end + 1 :]
        if wire in by_wire:
            if literal:
                parts.append(python_literal(literal))
                literal = ""
            parts.append(_path_segment(by_wire[wire]))
        else:
            literal += "{" + wire + "}"
    if literal or not parts:
        parts.append(python_literal(literal))
    return parts[0] if len(parts) == 1 else Chain("+", tuple(parts))


def _path_segment(p: Parameter) -> str:
    """``path_segment(value)``, with the style and explode where they are not the default."""
    arguments = [p.name]
    if p.style != "simple":
        arguments.append(f"style={python_literal(p.style)}")
    if p.explode:
        arguments.append("explode=True")
    if p.style == "matrix":
        arguments.append(f"name={python_literal(p.wire_name)}")
    return f"path_segment({', '.join(arguments)})"


def param_expression(p: Parameter) -> Group:
    arguments = (python_literal(p.wire_name), p.name, python_literal(p.style), repr(p.explode))
    fmt = bytes_format(p.type)
    return Group("Param(", (*arguments, f"format={python_literal(fmt)}") if fmt else arguments, ")")


def bytes_format(t: TypeRef) -> str | None:
    """``byte`` or ``binary`` when the strings of ``t`` (an array's items too) declare that
    ``format``: it tells the runtime how bytes given for them travel in a query or a form."""
    while isinstance(t, (NullableType, ListType)):
        t = t.inner if isinstance(t, NullableType) else t.items
    if isinstance(t, ScalarType) and (t.kind == "binary" or t.format == "byte"):
        return "binary" if t.kind == "binary" else "byte"
    return None
