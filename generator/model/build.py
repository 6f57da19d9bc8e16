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
from .ir import Api, ErrorBody, ModelType, SecurityScheme, Server, ServerVariable, walk_resources
from .naming import NameAllocator
from .operations import OperationBuilder
from .options import ModelOptions
from .pagination import paginate
from .reserved import reserved_class_names
from .schemas import SchemaBuilder
from .text import spec_text
from .webhooks import build_webhooks, collect_events, declared_scheme, event_classes


def build_api(workspace: Workspace, options: ModelOptions, report: Report) -> Api:
    root = workspace.root_node
    spec = root.value
    class_names = NameAllocator(reserved_class_names(options))
    schemas = SchemaBuilder(workspace, report, class_names, options.schema_names)
    components = root.get("components")
    schemas.reserve_component_names(components)
    schemes = _security_schemes(components, workspace, report)
    operations = OperationBuilder(workspace, report, schemas, class_names, options.operation_names, schemes)
    operations.reserve_resource_names(root)
    resources = operations.build(root)
    events = collect_events(root, workspace, schemas, report)
    schemas.build_components(components)
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
    resources = paginate(
        merged.resources, merged.models, workspace, options.pagination, options.infer_pagination, report
    )

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
        models=tuple(sorted(merged.models.values(), key=lambda m: m.name)),
        enums=tuple(sorted(merged.enums.values(), key=lambda e: e.name)),
        error_bodies=_error_bodies(resources),
        webhooks=webhooks,
    )


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


def _security_schemes(
    components: Node | None, workspace: Workspace, report: Report
) -> dict[str, SecurityScheme]:
    listed = components.get("securitySchemes") if components else None
    if listed is None or not isinstance(listed.value, dict):
        return {}
    schemes: dict[str, SecurityScheme] = {}
    for key in sorted(listed.value):
        node = workspace.resolve(listed.child(key))
        spec = node.value if isinstance(node.value, dict) else {}
        kind = spec.get("type")
        description = spec_text(spec.get("description"))
        scheme = str(spec.get("scheme", "")).lower()
        if kind == "http" and scheme == "bearer":
            schemes[key] = SecurityScheme(key, "bearer", description=description)
        elif kind == "http" and scheme == "basic":
            schemes[key] = SecurityScheme(key, "basic", description=description)
        elif kind == "apiKey" and spec.get("in") in ("header", "query", "cookie") and spec.get("name"):
            schemes[key] = SecurityScheme(
                key, "api_key", spec["in"], str(spec["name"]), description=description
            )
        elif kind in ("oauth2", "openIdConnect"):
            # The SDK takes an access token obtained elsewhere and sends it as a bearer token.
            schemes[key] = SecurityScheme(key, "bearer", description=description)
        else:
            report.warn(
                f"security scheme '{key}' ({kind} {scheme}".rstrip() + ") is not supported; "
                "operations that need only it are generated without authentication",
                node.location,
            )
    return schemes


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
