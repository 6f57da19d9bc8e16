"""The builder checks its own work: what each operation declares against what the model kept.

After the build, every operation of the resolved document is compared with the
:class:`~generator.model.ir.Operation` made for it:

* the operation itself must have a method;
* every declared parameter (path item and operation, ``path``/``query``/``header``/
  ``cookie``) must be a parameter of the method, and not typed ``Any`` when its
  schema says what it is;
* a declared request body must be kept, and not typed ``Any`` when its schema says
  what it is;
* every declared 2xx answer must be kept, and one whose chosen JSON media type has a
  schema that says something must not have lost its type.

Anything dropped or degraded is a warning at its JSON pointer (an error with
``--strict``), so a spec that comes out hollow never passes silently. The result counts
operations and lists the losses, for the command line's summary and the corpus's ledger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..diagnostics import Report
from ..spec.refs import Node, Workspace
from .bodies import is_empty_body
from .ir import ANY, Api, Operation, Parameter, TypeRef

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_LOCATIONS = ("path", "query", "header", "cookie")
# OpenAPI: header parameters with these names "SHALL be ignored".
_IGNORED_HEADERS = ("accept", "content-type", "authorization")
# Keywords that make a schema say what its value is (``{}`` or a bare description says nothing).
_TYPED = ("type", "properties", "items", "enum", "const", "allOf", "anyOf", "oneOf", "format")


@dataclass(frozen=True)
class Loss:
    """One thing an operation declares that the model dropped or degraded."""

    operation: str
    """``METHOD /path``."""
    what: str
    """What was lost: ``parameter 'limit' (query) was dropped``."""


@dataclass(frozen=True)
class Fidelity:
    """How faithful the model is to the spec's operations."""

    operations: int
    losses: tuple[Loss, ...]
    """Everything dropped or degraded, in spec order (each is also a warning)."""

    @property
    def degraded(self) -> tuple[str, ...]:
        """``METHOD /path`` of every operation with something dropped or degraded, in spec order."""
        return tuple(dict.fromkeys(loss.operation for loss in self.losses))


def check_fidelity(workspace: Workspace, api: Api, report: Report) -> Fidelity:
    """Compare declared operations with the model; warn about each loss and list them.

    Methods are looked for on every resource and sub-resource (``customers.bank_accounts``):
    an operation nested by its path is as much in the SDK as one at the top.
    """
    built = {(op.http_method, op.path): op for op, _ in api.operations}
    checker = _Checker(workspace, report)
    declared = _declared_operations(workspace)
    for path, method, item, node in declared:
        checker.operation(path, method, item, node, built.get((method.upper(), path)))
    return Fidelity(len(declared), tuple(checker.losses))


def _declared_operations(workspace: Workspace) -> list[tuple[str, str, Node, Node]]:
    paths = _follow(workspace, workspace.root_node.get("paths"))
    found: list[tuple[str, str, Node, Node]] = []
    if paths is None or not isinstance(paths.value, dict):
        return found
    for path in paths.value:
        item = workspace.resolve(paths.child(path))
        if not isinstance(item.value, dict):
            continue
        for method in HTTP_METHODS:
            node = _follow(workspace, item.get(method))
            if node is not None and isinstance(node.value, dict):
                found.append((str(path), method, item, node))
    return found


def _follow(workspace: Workspace, node: Node | None) -> Node | None:
    return workspace.resolve(node) if node is not None else None


class _Checker:
    def __init__(self, workspace: Workspace, report: Report) -> None:
        self.workspace = workspace
        self.report = report
        self.losses: list[Loss] = []

    def lost(self, label: str, what: str, node: Node) -> None:
        self.losses.append(Loss(label, what))
        self.report.warn(f"fidelity: {label}: {what}", node.location)

    def operation(self, path: str, method: str, item: Node, node: Node, built: Operation | None) -> None:
        label = f"{method.upper()} {path}"
        if built is None:
            self.lost(label, "the operation has no method in the SDK", node)
            return
        self.parameters(label, item, node, built)
        self.body(label, method, node, built)
        self.responses(label, node, built)

    # ---------------------------------------------------------------- parameters

    def parameters(self, label: str, item: Node, node: Node, built: Operation) -> None:
        declared: dict[tuple[str, str], Node] = {}
        for owner in (item, node):
            listed = _follow(self.workspace, owner.get("parameters"))
            if listed is None or not isinstance(listed.value, list):
                continue
            for index in range(len(listed.value)):
                resolved = self.workspace.resolve(listed.child(index))
                spec = resolved.value
                if isinstance(spec, dict) and "name" in spec and "in" in spec:
                    declared[(str(spec["name"]), str(spec["in"]))] = resolved
        kept: dict[tuple[str, str], Parameter] = {(p.wire_name, p.location): p for p in built.parameters}
        for (name, location), resolved in declared.items():
            if location == "header" and name.lower() in _IGNORED_HEADERS:
                continue
            parameter = kept.get((name, location))
            if parameter is None:
                self.lost(label, f"parameter '{name}' ({location}) was dropped", resolved)
                continue
            schema = self._parameter_schema(resolved)
            if schema is not None and parameter.type == ANY and self._says_what(schema):
                self.lost(
                    label, f"parameter '{name}' ({location}) is typed Any, though its schema is not", schema
                )

    def _parameter_schema(self, parameter: Node) -> Node | None:
        schema = parameter.get("schema")
        content = parameter.get("content")
        if schema is None and content is not None and isinstance(content.value, dict) and content.value:
            media = _follow(self.workspace, content.child(next(iter(content.value))))
            schema = media.get("schema") if media is not None else None
        return schema

    # ---------------------------------------------------------------------- body

    def body(self, label: str, method: str, node: Node, built: Operation) -> None:
        declared = _follow(self.workspace, node.get("requestBody"))
        if declared is None or not isinstance(declared.value, dict):
            return
        if is_empty_body(self.workspace, method, declared):
            return  # dropped on purpose, with a note
        content = _follow(self.workspace, declared.get("content"))
        if content is None or not isinstance(content.value, dict) or not content.value:
            return  # a body that declares no content has nothing to keep
        if built.body is None:
            self.lost(label, "the request body was dropped", declared)
            return
        if built.body.encoding in ("json", "form", "multipart") and built.body.media_type in content.value:
            schema = self._media_schema(content, built.body.media_type)
            if schema is not None and built.body.type == ANY and self._says_what(schema):
                self.lost(label, "the request body is typed Any, though its schema is not", schema)

    # ----------------------------------------------------------------- responses

    def responses(self, label: str, node: Node, built: Operation) -> None:
        listed = _follow(self.workspace, node.get("responses"))
        if listed is None or not isinstance(listed.value, dict):
            return
        kept = {r.status.upper(): r for r in built.responses}
        for status in listed.value:
            if not str(status).startswith("2"):
                continue
            declared = self.workspace.resolve(listed.child(status))
            response = kept.get(str(status).upper())
            if response is None:
                self.lost(label, f"the {status} answer was dropped", declared)
                continue
            content = _follow(self.workspace, declared.get("content"))
            if content is None or not isinstance(content.value, dict) or not content.value:
                continue
            if response.kind == "empty":
                self.lost(label, f"the {status} answer lost its content", declared)
                continue
            media_type = response.media_type
            if response.kind != "json" or media_type is None or media_type not in content.value:
                continue
            schema = self._media_schema(content, media_type)
            if schema is not None and _untyped(response.type) and self._says_what(schema):
                self.lost(label, f"the {status} answer ({media_type}) lost the type its schema gives", schema)

    # ------------------------------------------------------------------- helpers

    def _media_schema(self, content: Node, media_type: str) -> Node | None:
        media = _follow(self.workspace, content.child(media_type))
        return media.get("schema") if media is not None else None

    def _says_what(self, schema: Node) -> bool:
        value: Any = self.workspace.resolve(schema).value
        return isinstance(value, dict) and any(key in value for key in _TYPED)


def _untyped(type_: TypeRef | None) -> bool:
    return type_ is None or type_ == ANY


__all__ = ["Fidelity", "Loss", "check_fidelity"]
