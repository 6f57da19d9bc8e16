"""The docstrings of resource methods, and the idempotency header that some of them mention.

A method's docstring is Google style: what the call does, its endpoint, its arguments
(with where each is sent when the spec does not say what it is), its result and the
errors it raises.
"""

from __future__ import annotations

import re

from ..model.ir import Operation, TypeRef
from .brackets import Hint
from .common import Doc
from .error_views import error_class_name
from .model_views import field_doc
from .spelling import NONE, annotation
from .text import DOCSTRING_WIDTH, docstring_lines, hanging, wrap_markdown

_KEY_NOTE = " When not given, the SDK makes one key per call and sends it on every retry of the call."
_IDEMPOTENCY_HEADER = re.compile(r"^(x-)?idempotency[-_]?key$", re.IGNORECASE)


def idempotency_header(operation: Operation, configured: str | None) -> str | None:
    """The header that makes this call safe to retry: one the operation declares, or the
    configured one on POST and PATCH (the methods HTTP does not make idempotent)."""
    for p in operation.parameters:
        if p.location == "header" and _IDEMPOTENCY_HEADER.match(p.wire_name):
            return p.wire_name
    if configured is not None and operation.http_method.upper() in ("POST", "PATCH"):
        return configured
    return None


def method_doc(operation: Operation, doc: Doc, returns: Hint, *, is_async: bool) -> str:
    """A Google-style docstring: what the call does, its endpoint, arguments, result, errors."""
    indent = 8
    width = DOCSTRING_WIDTH - indent
    summary = doc.text(operation.summary)
    if summary in (*operation.tags, operation.operation_id):
        summary = ""  # a summary that only repeats the tag or id says nothing
    description = doc.text(operation.description)
    intro = summary if summary and description and summary.lower() not in description.lower() else ""
    text = "\n\n".join(p for p in (intro, description or summary) if p)
    blocks: list[list[str]] = [
        wrap_markdown(text, width) if text else [f"Call ``{operation.operation_id}``."]
    ]
    endpoint = f"``{operation.http_method} {operation.path}``"
    if operation.deprecated:
        endpoint += " (deprecated)"
    blocks.append([endpoint])

    arguments: list[tuple[str, str]] = [
        (p.name, doc.text(p.description) or _type_doc(p.type, p.location)) for p in operation.parameters
    ]
    idempotency = idempotency_header(operation, doc.settings.idempotency_header)
    arguments = [
        (name, about + _KEY_NOTE if p.location == "header" and p.wire_name == idempotency else about)
        for (name, about), p in zip(arguments, operation.parameters, strict=True)
    ]
    if operation.body is not None:
        if operation.body.model is not None:
            arguments += [
                (bf.argument, field_doc(bf.field, doc) or _type_doc(bf.field.type, "body"))
                for bf in operation.body.fields
            ]
        else:
            arguments.append(("body", doc.text(operation.body.description) or "The request body."))
    arguments += [
        ("extra_headers", "Headers to add to (or override in) the request."),
        ("extra_query", "Query parameters to add to the request."),
        ("extra_body", "Properties to add to the JSON body."),
        (
            "timeout",
            "Seconds (or an ``httpx.Timeout``) this whole call may take, retries included, "
            "instead of the client's ``timeout``.",
        ),
    ]
    section = ["Args:"]
    for name, about in arguments:
        section += hanging(f"{name}: {about}", width, first=4, rest=8)
    blocks.append(section)

    if returns != NONE and operation.success is not None:
        about = doc.text(operation.success.description)
        if not about or about == operation.success.status:
            about = f"The ``{returns}`` the API answers with."
        if operation.pagination is not None:
            item = annotation(operation.pagination.item_type)
            about = (
                f"The first page ({about.rstrip('.')}): iterating it yields every ``{item}`` of "
                f"every page, fetching the next ones as needed ({operation.pagination.style} pagination)."
            )
        blocks.append(["Returns:", *hanging(about, width, first=4, rest=8)])

    raises = ["Raises:"]
    for response in operation.errors:
        error_class = error_class_name(response.status)
        if error_class:
            about = doc.text(response.description)
            if not about or about == response.status:
                about = f"on HTTP {response.status}."
            raises += hanging(f"{error_class}: {about}", width, first=4, rest=8)
    raises += hanging("APIStatusError: on any other non-2xx answer.", width, first=4, rest=8)
    if any(r.kind not in ("empty", "text", "binary") for r in operation.successes):
        raises += hanging(
            "APIResponseValidationError: when a 2xx answer's body is not the documented JSON.",
            width,
            first=4,
            rest=8,
        )
    raises += hanging(
        "APIConnectionError: when no answer came (``APITimeoutError`` when it came too late).",
        width,
        first=4,
        rest=8,
    )
    blocks.append(raises)
    lines: list[str] = []
    for block in blocks:
        if lines:
            lines.append("")
        lines.extend(block)
    return docstring_lines(lines, indent=indent)


def _type_doc(t: TypeRef, location: str) -> str:
    """What an undocumented argument is, from its type and where it goes."""
    where = {"path": "in the path", "query": "in the query", "header": "as a header", "cookie": "as a cookie"}
    return f"``{annotation(t)}``, sent {where.get(location, 'in the body')}."
