"""Which properties of a flattened request body become a method's keyword arguments.

Every property does (renamed around the parameters: ``body_<name>``), except an optional
one that repeats a parameter of the operation: Spotify's ``PUT /me/albums`` takes the album
ids in the query (``ids=a,b``) or in the body (``{"ids": ["a", "b"]}``), one value in two
spellings. Two arguments (``ids=…, body_ids=…``) would ask the caller to choose without
saying why, so the method takes it once, as the parameter; the body's property stays
reachable through ``extra_body``.
"""

from __future__ import annotations

from dataclasses import replace

from ..diagnostics import Report, SpecLocation
from .ir import ListType, Parameter, RequestBody, ScalarType, TypeRef


def without_repeated_fields(
    body: RequestBody, parameters: tuple[Parameter, ...], report: Report, location: SpecLocation
) -> RequestBody:
    """``body`` without the optional properties that repeat a parameter (a note tells each).

    A property repeats a parameter when its wire name is the parameter's and it holds
    the same value (:func:`same_value`). A required property stays: the body's model
    cannot be built without it.
    """
    by_wire = {p.wire_name: p for p in parameters}
    kept = []
    for body_field in body.fields:
        prop = body_field.field
        repeated = by_wire.get(prop.wire_name)
        if repeated is not None and not prop.required and same_value(repeated.type, prop.type):
            report.note(
                f"body property {prop.wire_name!r} repeats the {repeated.location} parameter "
                f"{repeated.wire_name!r}; the method takes it once, as {repeated.name!r}",
                location,
            )
            continue
        kept.append(body_field)
    return body if len(kept) == len(body.fields) else replace(body, fields=tuple(kept))


def same_value(parameter: TypeRef, prop: TypeRef) -> bool:
    """Whether a body property's type holds what a parameter's does: the same type, or a
    list of it, or a list of strings for a string (a comma-separated list)."""

    def plain(kind: TypeRef) -> TypeRef:
        kind = kind.items if isinstance(kind, ListType) else kind
        return ScalarType(kind.kind) if isinstance(kind, ScalarType) else kind

    return plain(parameter) == plain(prop)
