"""How a call's request is spelled in the generated method: its path, its parameters, and,
for a list that pages, the rule that asks for the next page.

Literal parts go through ``python_literal`` (so any text from the spec is safe in code),
values through the runtime's encoders.
"""

from __future__ import annotations

from ..model.ir import Operation, Pagination, Parameter, TypeRef
from .brackets import Chain, Code, Group, Hint, Subscript, prefixed
from .codecs import codec
from .spelling import hint, python_literal


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
    return Group("Param(", arguments, ")")


def page_view(pagination: Pagination, body: TypeRef) -> tuple[Hint, Hint, tuple[Code, ...]]:
    """(sync return annotation, async one, the page arguments) of a list that pages."""
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
    ):
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            text: Code = Group("(", tuple(python_literal(v) for v in value), ")", one_tuple=True)
        else:
            text = repr(value) if isinstance(value, bool) else python_literal(value)
        rule.append(prefixed(f"{name}=", text))
    page_arguments = (Group("PageRule(", tuple(rule), ")"), codec(body))
    return Hint((Subscript("SyncPage", types),)), Hint((Subscript("AsyncPaginator", types),)), page_arguments
