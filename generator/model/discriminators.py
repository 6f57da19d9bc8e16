"""Where the values of a ``discriminator.mapping`` point.

OpenAPI reads a mapping value as the name of a component schema when one of that name
exists, and otherwise as a reference, resolved like any ``$ref``: relative to the document
that holds the mapping. DigitalOcean's multi-file spec writes file paths there
(``attach: models/volume_action_post_attach.yml``), beside ``anyOf`` entries that refer to
the same files; its bundled form writes ``#/components/schemas/...``. Both must reach the
same schema, so both give the same class.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..diagnostics import Report, SpecError, escape_token
from ..spec.refs import Node, Workspace


def mapping_references(union: Node, workspace: Workspace, report: Report) -> Iterator[tuple[str, Node]]:
    """Each explicit mapping entry of the union at ``union``: its value, and a ``$ref`` node
    that reaches its schema (checked to resolve).

    A value that reaches nothing is an error at the mapping entry, naming both readings; one
    that is no string is passed over with a warning.
    """
    spec = union.value.get("discriminator")
    mapping = spec.get("mapping") if isinstance(spec, dict) else None
    if not isinstance(mapping, dict):
        return
    components = _component_schemas(workspace)
    for value, target in mapping.items():
        entry = union.child("discriminator", "mapping", value)
        if not isinstance(target, str):
            report.warn(
                f"a discriminator mapping value must be a string, found {type(target).__name__}; "
                "the entry is ignored",
                entry.location,
            )
            continue
        if target in components:
            # A component of the entry document, wherever the mapping stands.
            pointer = f"#/components/schemas/{escape_token(target)}"
            yield str(value), Node({"$ref": pointer}, workspace.root, entry.pointer)
            continue
        reference = Node({"$ref": target}, union.document, entry.pointer)
        try:
            workspace.resolve(reference)
        except SpecError as exc:
            problem = exc.diagnostics[0].message if exc.diagnostics else str(exc)
            raise SpecError.at(
                f"discriminator mapping value '{target}' is neither a schema in #/components/schemas "
                f"nor a reference that resolves ({problem})",
                entry.location,
            ) from None
        yield str(value), reference


def implicit_value(key: str) -> str:
    """The mapping value a variant has without an explicit entry: its schema's name, the last
    token of its place (``#/components/schemas/Cat`` → ``Cat``), or for a whole file the
    file's stem (``models/cat.yml`` → ``cat``), as bundlers name that component."""
    path, _, pointer = key.partition("#")
    if pointer:
        return pointer.rsplit("/", 1)[-1].replace("~1", "/").replace("~0", "~")
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0] if "." in name else name


def _component_schemas(workspace: Workspace) -> dict[str, Any]:
    components = workspace.root.data.get("components") if isinstance(workspace.root.data, dict) else None
    schemas = components.get("schemas") if isinstance(components, dict) else None
    return schemas if isinstance(schemas, dict) else {}
