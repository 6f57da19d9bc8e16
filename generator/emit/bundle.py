"""The spec as one self-contained document: what the SDK's tests give their mock server.

A spec split into files (DigitalOcean's ``$ref: models/x.yml``) is bundled the way Redocly's
bundler does it, so that the copy of a multi-file spec and the copy of its bundled form are
the same document:

- a reference to another file, standing where OpenAPI has a kind of component (a schema,
  parameter, response, request body, header, example, link or callback), becomes
  ``#/components/<kind>/<name>`` and its target is copied there, once. The name is the one the
  model gives the schema (:func:`~generator.model.schemas.place_name`: the last token of the
  target's pointer, else its file's stem); a name that already stands for something else gets
  ``-2``, ``-3``, ...;
- any other reference to another file (an operation, a path item, a media type, an extension)
  is replaced by its target;
- components the root declares keep their places; the others follow in the order a walk of the
  document finishes them: paths (and everything but the components) first, in document order,
  and a component after the components it refers to;
- a discriminator mapping value that is a reference becomes ``#/components/schemas/<name>``;
  one that names a component of the root stays as it is.

References are resolved by the spec's :class:`~generator.spec.refs.Workspace`, which already
holds every document (and keeps references inside the spec's folder); references within the
root document stay as they are. The loaded documents are never changed.
"""

from __future__ import annotations

import re
from typing import Any

from ..diagnostics import Report, SpecError, escape_token
from ..model.discriminators import mapping_references
from ..model.schemas import place_name
from ..spec.refs import Node, Workspace

COMPONENT_KINDS = {
    "schemas": "Schema",
    "responses": "Response",
    "parameters": "Parameter",
    "examples": "Example",
    "requestBodies": "RequestBody",
    "headers": "Header",
    "securitySchemes": "SecurityScheme",
    "links": "Link",
    "callbacks": "Callback",
    "pathItems": "PathItem",
}
"""Each member of ``components`` and the kind of object its entries are."""
_GROUP_OF = {kind: group for group, kind in COMPONENT_KINDS.items() if kind != "PathItem"}
"""The kinds a reference to another file is kept for (as a component); a path item is copied in
its place, as Redocly does."""

_ONE, _MAP, _LIST = "one", "map", "list"
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
_PARAMETER = {"schema": (_ONE, "Schema"), "content": (_MAP, "MediaType"), "examples": (_MAP, "Example")}
_SCHEMA_ONE = (
    "not if then else contains propertyNames unevaluatedItems unevaluatedProperties additionalItems "
    "additionalProperties items"
)
_FIELDS: dict[str, dict[str, tuple[str, str]]] = {
    "Document": {"paths": (_MAP, "PathItem"), "webhooks": (_MAP, "PathItem")},
    "PathItem": {**{method: (_ONE, "Operation") for method in _METHODS}, "parameters": (_LIST, "Parameter")},
    "Operation": {
        "parameters": (_LIST, "Parameter"),
        "requestBody": (_ONE, "RequestBody"),
        "responses": (_MAP, "Response"),
        "callbacks": (_MAP, "Callback"),
    },
    "Parameter": _PARAMETER,
    "Header": _PARAMETER,
    "RequestBody": {"content": (_MAP, "MediaType")},
    "MediaType": {"schema": (_ONE, "Schema"), "examples": (_MAP, "Example"), "encoding": (_MAP, "Encoding")},
    "Encoding": {"headers": (_MAP, "Header")},
    "Response": {"headers": (_MAP, "Header"), "content": (_MAP, "MediaType"), "links": (_MAP, "Link")},
    "Schema": {
        **{keyword: (_ONE, "Schema") for keyword in _SCHEMA_ONE.split()},
        **{k: (_MAP, "Schema") for k in ("properties", "patternProperties", "$defs", "definitions")},
        "dependentSchemas": (_MAP, "Schema"),
        **{keyword: (_LIST, "Schema") for keyword in ("allOf", "anyOf", "oneOf", "prefixItems")},
    },
}
"""Where OpenAPI's objects hold other objects, and of which kind: what decides whether a
reference there becomes a component. Elsewhere (``info``, examples' values, extensions) a
reference to another file is copied in its place."""
_EVERY_MEMBER = {"Callback": "PathItem"}
"""Kinds whose every member (but extensions) is of one kind: a callback's expressions."""

_SLOT = "\0"
"""Starts the place (``at``) of a value inside a component, before the component has a name:
the NUL character, then the index of the component in :attr:`_Bundler.slots`, then ``/...``."""
_NOT_IN_A_NAME = re.compile(r"[^A-Za-z0-9._-]")
"""What OpenAPI does not allow in a component's name (``^[a-zA-Z0-9.\\-_]+$``)."""


def bundle(workspace: Workspace) -> Any:
    """The root document with every other document it reaches brought into it (a new value)."""
    if len(workspace.documents) == 1 or not isinstance(workspace.root.data, dict):
        return workspace.root.data  # nothing to bring in
    try:
        return _Bundler(workspace).document()
    except RecursionError:
        raise SpecError.at(
            "the spec nests too deeply to bring into one document (the copy the SDK's tests serve)",
            workspace.root.location(""),
        ) from None


class _Bundler:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.root = workspace.root
        declared = self.root.data.get("components")
        self.declared: dict[str, Any] = declared if isinstance(declared, dict) else {}
        self.components: dict[str, Any] = {
            group: dict(entries) if isinstance(entries, dict) else entries
            for group, entries in self.declared.items()
        }
        """The bundle's ``components``: the root's in their places, then the ones brought in."""
        self.names: dict[tuple[str, str], str] = {}
        """(component group, target's key) → its name."""
        self.owners: dict[tuple[str, str], str] = {}
        """(component group, name) → the key of the target brought in under it."""
        self.unfinished: set[tuple[str, str]] = set()
        """Components being copied."""
        self.slots: list[tuple[str, Node]] = []
        """Each component that was copied: where ``at`` pointers inside it start (:data:`_SLOT`)."""
        self.copying: dict[str, str] = {}
        """Key of a target being copied in place of its reference → the pointer of that place
        (a reference back to it, a cycle, becomes a reference to that place)."""

    def document(self) -> dict[str, Any]:
        data: dict[str, Any] = self.root.data
        root = self.workspace.root_node
        fields = _FIELDS["Document"]
        bundled = isinstance(data.get("components"), dict)
        walked = {
            key: self._field(root.child(key), fields.get(key), "/" + escape_token(key))
            for key in data
            if key != "components" or not bundled
        }
        if bundled:
            self._declared_components(root)
        out = {key: self.components if key == "components" and bundled else walked[key] for key in data}
        if "components" not in data and self.components:
            out["components"] = self.components
        return out

    def _declared_components(self, root: Node) -> None:
        """Walk the root's components, after the rest: each entry in its place."""
        for group, entries in self.declared.items():
            node = root.child("components", group)
            at = "/components/" + escape_token(group)
            kind = COMPONENT_KINDS.get(group)
            if kind is None or not isinstance(entries, dict):
                self.components[group] = self._walk(node, None, at)
                continue
            for name in entries:
                place = f"{at}/{escape_token(name)}"
                value = self._walk(node.child(name), kind, place)
                if not (isinstance(value, dict) and value.get("$ref") == "#" + place):
                    self._group(group)[name] = value
                # else: an entry that is a reference to another file, brought in under its own
                # name: the target's copy is already in the entry's place.

    def _group(self, group: str) -> dict[str, Any]:
        entries = self.components.get(group)
        if not isinstance(entries, dict):
            entries = self.components[group] = {}
        return entries

    # ----------------------------------------------------------------------- walking

    def _field(self, node: Node, shape: tuple[str, str] | None, at: str) -> Any:
        """The value at ``node``, a field whose members are of the ``shape`` given (or unknown)."""
        if shape is None:
            return self._walk(node, None, at)
        form, kind = shape
        value = node.value
        if form == _MAP and isinstance(value, dict) and not isinstance(value.get("$ref"), str):
            return {
                key: self._walk(
                    node.child(key), None if key.startswith("x-") else kind, f"{at}/{escape_token(key)}"
                )
                for key in value
            }
        if form in (_LIST, _ONE) and isinstance(value, list):
            return [self._walk(node.child(i), kind, f"{at}/{i}") for i in range(len(value))]
        return self._walk(node, kind if form == _ONE else None, at)

    def _walk(self, node: Node, kind: str | None, at: str) -> Any:
        """The bundled copy of the value at ``node``, an object of ``kind`` (``None``: unknown),
        which stands at ``at`` in the bundle."""
        value = node.value
        if isinstance(value, list):
            return [self._walk(node.child(i), None, f"{at}/{i}") for i in range(len(value))]
        if not isinstance(value, dict):
            return value
        if isinstance(value.get("$ref"), str):
            return self._reference(node, kind, at)
        fields = _FIELDS.get(kind, {}) if kind is not None else {}
        every = _EVERY_MEMBER.get(kind) if kind is not None else None
        out: dict[str, Any] = {}
        for key in value:
            place = f"{at}/{escape_token(key)}"
            if key == "discriminator" and kind == "Schema":
                out[key] = self._discriminator(node, place)
                continue
            shape = fields.get(key) or ((_ONE, every) if every and not key.startswith("x-") else None)
            out[key] = self._field(node.child(key), shape, place)
        return out

    def _reference(self, node: Node, kind: str | None, at: str) -> Any:
        ref: str = node.value["$ref"]
        siblings = {
            key: self._walk(node.child(key), None, f"{at}/{escape_token(key)}")
            for key in node.value
            if key != "$ref"
        }
        if node.document is self.root and ref.startswith("#"):
            target_ref = ref  # within the root: it stays true in the bundle
        else:
            target = self.workspace.resolve(node)
            if target.document is self.root:
                target_ref = "#" + target.pointer
            elif kind in _GROUP_OF:
                target_ref = self._component(_GROUP_OF[kind], kind, target)
            elif target.key in self.copying:
                target_ref = "#" + self._place(self.copying[target.key])
            else:
                return self._copy_in_place(target, kind, at, siblings)
        return {key: target_ref if key == "$ref" else siblings[key] for key in node.value}

    def _copy_in_place(self, target: Node, kind: str | None, at: str, siblings: dict[str, Any]) -> Any:
        """The target of a reference that cannot be a component, in the reference's place
        (its siblings, a 3.1 summary or description, override the target's)."""
        self.copying[target.key] = at
        try:
            copy = self._walk(target, kind, at)
        finally:
            del self.copying[target.key]
        return {**copy, **siblings} if isinstance(copy, dict) and siblings else copy

    def _component(self, group: str, kind: str, target: Node) -> str:
        """``#/components/<group>/<name>`` for ``target``, brought in on first use.

        As in Redocly, a component is named and placed when it is finished (after the
        components it refers to), unless something inside it refers back to it first: then
        it takes its name and place at that moment.
        """
        key = (group, target.key)
        if key not in self.names and key not in self.unfinished:
            self.unfinished.add(key)
            self.slots.append((group, target))
            try:
                copy = self._walk(target, kind, f"{_SLOT}{len(self.slots) - 1}")
            finally:
                self.unfinished.discard(key)
            self._group(group)[self._name(group, target)] = copy
        elif key not in self.names:
            self._group(group).setdefault(self._name(group, target), None)
        return f"#/components/{group}/{escape_token(self.names[key])}"

    def _place(self, at: str) -> str:
        """The pointer ``at`` stands for: inside a component not named yet, its name is given now."""
        if not at.startswith(_SLOT):
            return at
        slot, separator, rest = at[len(_SLOT) :].partition("/")
        group, target = self.slots[int(slot)]
        if (group, target.key) not in self.names:
            self._group(group).setdefault(self._name(group, target), None)
        return f"/components/{group}/{escape_token(self.names[(group, target.key)])}{separator}{rest}"

    def _name(self, group: str, target: Node) -> str:
        key = (group, target.key)
        if key not in self.names:
            name = self.names[key] = self._free_name(group, target)
            self.owners[(group, name)] = target.key
        return self.names[key]

    def _free_name(self, group: str, target: Node) -> str:
        """The model's name for ``target``, or with the first suffix (``-2``...) no other
        component of the group has; a declared component that refers to ``target`` gives its
        name."""
        base = _NOT_IN_A_NAME.sub("_", place_name(target)) or "component"
        declared = self.declared.get(group)
        declared = declared if isinstance(declared, dict) else {}
        serial = 1
        name = base
        while (group, name) in self.owners or (
            name in declared and not self._declared_as(group, name, declared[name], target)
        ):
            serial += 1
            name = f"{base}-{serial}"
        return name

    def _declared_as(self, group: str, name: str, value: Any, target: Node) -> bool:
        if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
            return False
        pointer = f"/components/{escape_token(group)}/{escape_token(name)}"
        return self.workspace.resolve(Node(value, self.root, pointer)).key == target.key

    def _discriminator(self, union: Node, at: str) -> Any:
        """The discriminator of the schema at ``union``, its mapping's references made components."""
        copy = self._walk(union.child("discriminator"), None, at)
        mapping = union.value["discriminator"].get("mapping") if isinstance(copy, dict) else None
        if not isinstance(mapping, dict):
            return copy
        # Its findings were reported when the model was built.
        references = dict(mapping_references(union, self.workspace, Report()))
        bundled: dict[str, Any] = {}
        for value, target in mapping.items():
            reference = references.get(str(value))
            if reference is None or reference.value["$ref"] != target:
                bundled[value] = target  # not a string, or a component's name
                continue
            place = f"{at}/mapping/{escape_token(value)}"
            bundled[value] = self._reference(reference, "Schema", place)["$ref"]
        return {**copy, "mapping": bundled}
