"""Resolved spec → :class:`~generator.model.ir.Api`.

Order matters for stable names: component schemas reserve their names first, then
resources, then everything inline is named as it is met (paths in spec order).
"""

from __future__ import annotations

from typing import Any

from ..diagnostics import Report
from ..spec.refs import Node, Workspace
from ..versions import package_version
from .dedupe import merge_identical_types
from .directions import split_directions
from .ir import Api, ErrorBody, ModelType, Server, ServerVariable, walk_resources
from .naming import NameAllocator
from .operations import OperationBuilder
from .options import ModelOptions
from .pagination import paginate
from .reserved import reserved_class_names
from .schemas import SchemaBuilder
from .security import security_schemes
from .sent_read_only import SentReadOnly
from .text import spec_text
from .webhooks import build_webhooks, collect_events, declared_scheme, event_classes


def build_api(workspace: Workspace, options: ModelOptions, report: Report) -> Api:
    root = workspace.root_node
    spec = root.value
    class_names = NameAllocator(reserved_class_names(options))
    schemas = SchemaBuilder(workspace, report, class_names, options.schema_names)
    components = root.get("components")
    schemas.sent_read_only = SentReadOnly.configured(options.send_read_only, components, report)
    schemas.reserve_component_names(components)
    schemes = security_schemes(components, workspace, report)
    operations = OperationBuilder(workspace, report, schemas, class_names, options.operation_names, schemes)
    operations.reserve_resource_names(root)
    resources = operations.build(root)
    events = collect_events(root, workspace, schemas, report)
    schemas.build_components(components)
    schemas.sent_read_only.check(report)
    merged = merge_identical_types(
        schemas.models,
        schemas.enums,
        resources,
        schemas.contexts,
        schemas.spec_named | event_classes(events),
        class_names,
        schemas.module_names,
    )
    for group in merged.groups:
        source = (merged.models.get(group.name) or merged.enums[group.name]).source
        report.note(
            f"{len(group.members)} identical inline schemas are one class, {group.name}",
            source,
            kind="merged-types",
        )
    models, resources = merged.models, merged.resources
    if options.split_directions:
        directed = split_directions(models, resources, class_names, schemas.module_names, report)
        models, resources = directed.models, directed.resources
    resources = paginate(resources, models, workspace, options.pagination, options.infer_pagination, report)

    webhooks = build_webhooks(
        events,
        merged.models,
        merged.enums,
        options.webhooks,
        declared_scheme(root, report),
        report,
        described=isinstance(spec.get("webhooks"), dict) and bool(spec["webhooks"]),
    )
    info = spec.get("info") if isinstance(spec.get("info"), dict) else {}
    api_version = str(info.get("version") or "0.0.0")
    return Api(
        title=str(info.get("title") or "API"),
        version=api_version,
        sdk_version=options.version or _sdk_version(api_version, root, report),
        description=spec_text(info.get("description")),
        servers=_servers(spec.get("servers")),
        security_schemes=tuple(schemes[k] for k in sorted(schemes)),
        resources=resources,
        models=tuple(sorted(models.values(), key=lambda m: m.name)),
        enums=tuple(sorted(merged.enums.values(), key=lambda e: e.name)),
        error_bodies=_error_bodies(resources),
        external_docs_url=_external_docs_url(spec.get("externalDocs")),
        webhooks=webhooks,
    )


def _external_docs_url(value: Any) -> str | None:
    url = value.get("url") if isinstance(value, dict) else None
    return url.strip() if isinstance(url, str) and url.strip() else None


def _sdk_version(api_version: str, root: Node, report: Report) -> str:
    """The package version read from ``info.version``; a warning when it had to be guessed."""
    version = package_version(api_version)
    if version.problem is not None:
        info = root.get("info")
        where = (info.get("version") or info) if info is not None else root
        report.warn(
            f"info.version {api_version!r} is not a PEP 440 version, which the SDK's package needs: "
            f"{version.problem}, giving {version}; set version in [tool.generator] to choose another",
            where.location,
        )
    return str(version)


def _servers(value: Any) -> tuple[Server, ...]:
    if not isinstance(value, list):
        return ()
    servers = []
    for entry in value:
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            continue
        variables: dict[str, Any] = entry["variables"] if isinstance(entry.get("variables"), dict) else {}
        servers.append(
            Server(
                url=entry["url"],
                description=spec_text(entry.get("description")),
                variables=tuple(
                    ServerVariable(
                        name=str(name),
                        default=str(var.get("default", "")),
                        enum=tuple(str(v) for v in var.get("enum", []) or []),
                        description=spec_text(var.get("description")),
                    )
                    for name, var in variables.items()
                    if isinstance(var, dict)
                ),
            )
        )
    return tuple(servers)


def _error_bodies(resources: Any) -> tuple[ErrorBody, ...]:
    """Statuses whose error body is the same model in every operation that documents it."""
    seen: dict[str, set[str | None]] = {}
    for resource in walk_resources(resources):
        for operation in resource.operations:
            for response in operation.errors:
                if not response.status.isdigit():
                    continue
                model = response.type.name if isinstance(response.type, ModelType) else None
                seen.setdefault(response.status, set()).add(model)
    return tuple(
        ErrorBody(status, next(iter(models)))  # type: ignore[arg-type]
        for status, models in sorted(seen.items())
        if len(models) == 1 and None not in models
    )
