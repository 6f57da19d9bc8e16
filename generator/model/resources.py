"""Operations → the tree of resources: ``client.customers`` and ``client.customers.bank_accounts``.

Each operation was placed (by :mod:`generator.model.method_names`) at a resource key
(its first tag or path segment) and a chain of sub-resource segments (``()`` for the
resource itself). Here the nodes get their attribute names, classes and modules, and
each node's methods their final names:

* a sub-resource takes its attribute name first; a method that would shadow it, or that
  shares its preferred name with another method of the node, takes its fallback (longer)
  name, then its alternatives, and a name still taken is numbered; among methods that
  share a preferred name, the only one not deprecated keeps it;
* a rename from ``[tool.generator.names.operations]`` wins over every derived name.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from .ir import Operation, Resource
from .naming import NameAllocator, attribute_name, class_name, module_name
from .renames import OperationRenames

# Module-level names a resource class body uses in its annotations and decorators (a
# method or sub-resource with one of these names would shadow it inside the class), and
# the attributes every resource has besides its methods.
RESOURCE_RESERVED_NAMES = (
    "httpx",
    "builtins",
    "cached_property",
    "with_raw_response",
    "with_streaming_response",
)

NodeKey = tuple[str, tuple[str, ...]]
"""(resource key, sub-resource chain)."""


@dataclass(frozen=True)
class DraftOperation:
    """An operation before its method name is final (names depend on its siblings)."""

    operation_id: str
    preferred_name: str
    fallback_name: str
    resource_key: str
    chain: tuple[str, ...]
    build: Operation
    alternatives: tuple[str, ...] = ()
    """Names tried, in order, when the fallback is taken too (before a number)."""


def node_keys(placed: Sequence[NodeKey]) -> list[NodeKey]:
    """Every node the placements need (their ancestors too), parents before children."""
    found: set[NodeKey] = set()
    for key, chain in placed:
        for size in range(len(chain) + 1):
            found.add((key, chain[:size]))
    return sorted(found)


def node_class_name(node: NodeKey) -> str:
    """``("customers", ("bank_accounts",))`` → ``CustomersBankAccounts``."""
    key, chain = node
    return class_name(" ".join([key, *chain]), fallback="Resource")


def build_tree(
    drafts: Sequence[DraftOperation],
    classes: Mapping[NodeKey, str],
    descriptions: Mapping[str, str | None],
    renames: OperationRenames,
    reserved_attributes: Sequence[str],
) -> tuple[Resource, ...]:
    """The top-level resources (sorted by key), each holding its sub-resources."""
    by_node: dict[NodeKey, list[DraftOperation]] = {}
    for draft in drafts:
        by_node.setdefault((draft.resource_key, draft.chain), []).append(draft)
    nodes = node_keys(list(by_node))
    children: dict[NodeKey, list[NodeKey]] = {}
    for key, chain in nodes:
        if chain:
            children.setdefault((key, chain[:-1]), []).append((key, chain))
    modules = NameAllocator()

    def make(node: NodeKey, name: str, qualified: str, description: str | None) -> Resource:
        taken = NameAllocator(RESOURCE_RESERVED_NAMES)
        child_names = {
            child: taken.claim(attribute_name(child[1][-1], fallback="resource"))
            for child in children.get(node, [])
        }
        operations = _name_methods(by_node.get(node, []), taken, renames)
        module = modules.claim(module_name(qualified.replace(".", "_")))
        return Resource(
            name=name,
            class_name=classes[node],
            module=module,
            operations=operations,
            description=description,
            qualified_name=qualified,
            resources=tuple(
                make(child, child_name, f"{qualified}.{child_name}", None)
                for child, child_name in child_names.items()
            ),
        )

    attributes = NameAllocator(reserved_attributes)
    resources = []
    for node in nodes:
        if not node[1]:
            attribute = attributes.claim(attribute_name(node[0], fallback="resource"))
            resources.append(make(node, attribute, attribute, descriptions.get(node[0])))
    return tuple(resources)


def _name_methods(
    drafts: Sequence[DraftOperation], names: NameAllocator, renames: OperationRenames
) -> tuple[Operation, ...]:
    contenders: dict[str, list[DraftOperation]] = {}
    for draft in drafts:
        contenders.setdefault(draft.preferred_name, []).append(draft)
    operations = []
    for draft in drafts:
        operation = draft.build
        override = renames.name_for(draft.operation_id, operation.http_method, operation.path)
        if override:
            preferred = override
        elif not _keeps_preferred(draft, contenders[draft.preferred_name]) or names.is_taken(
            draft.preferred_name
        ):
            preferred = draft.fallback_name
        else:
            preferred = draft.preferred_name
        name = names.claim(preferred, draft.fallback_name, *draft.alternatives)
        operations.append(replace(operation, method_name=name))
    return tuple(operations)


def _keeps_preferred(draft: DraftOperation, contenders: Sequence[DraftOperation]) -> bool:
    """Whether ``draft`` keeps its preferred name among the operations that prefer it too.

    One alone keeps it. Among several, the one current operation keeps it when the
    others are deprecated (a route kept under an old path, ``GET /deployments/by-id/{id}``
    beside ``GET /deployments/{id}``); otherwise all take their fallbacks.
    """
    if len(contenders) == 1:
        return True
    current = [c for c in contenders if not c.build.deprecated]
    return len(current) == 1 and current[0] is draft
