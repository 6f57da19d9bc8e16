"""The view of the SDK's own tests: one module per resource (and sub-resource), and per
operation a call with only the required arguments and one with every argument, sync and async,
run against a mock server (Prism) built from the SDK's copy of the spec.

Argument values come from :mod:`generator.emit.values` (the spec's examples, else values
built from the schema); a call whose values cannot be built is a test that skips with the
reason. Each test checks the status, the runtime type of the result, and that no model in a
documented answer kept properties its schema does not name.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from ..config import Settings
from ..model.ir import (
    ANY,
    Api,
    BodyField,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    Operation,
    Parameter,
    RequestBody,
    Resource,
    ScalarType,
    TypeRef,
    UnionType,
)
from .brackets import Chain, Code, Group, lay_out, prefixed
from .client_views import client_view
from .common import import_order
from .error_views import error_class_name
from .signatures import SignatureArgument, method_signature
from .spelling import NONE, VALUE_MODULES, python_literal, value_type
from .text import escape_docstring
from .values import UnbuildableError, Values

SPEC_FILE = "openapi.json"
"""The SDK's copy of the spec, beside the tests (Prism serves it)."""


@dataclass(frozen=True)
class CallView:
    """One test of one operation: its name suffix, the call's arguments, or why it skips."""

    suffix: str
    arguments: tuple[Code, ...]
    skip: str | None


@dataclass(frozen=True)
class OperationTestView:
    method: str
    calls: tuple[CallView, ...]
    status_check: str
    """An expression of ``status`` that holds for the documented success statuses."""
    checks: tuple[str, ...]
    """Assertion lines about ``result`` as the sync client returns it: its runtime type where
    Python can check it, and no unknown fields in the documented answer."""
    checks_async: tuple[str, ...]
    """The same for the async client (they differ for a list that pages)."""
    returns: bool
    """Whether the method returns a value (``result = ...``) or ``None``."""
    raises: str | None = None
    """The error class the call raises when the operation documents only errors (a test
    expects what the spec documents)."""
    pages: bool = False
    """Whether a test that runs checks pages (the tests import the page classes)."""
    runs: bool = True
    """Whether any of its tests makes a call (not all skip)."""


@dataclass(frozen=True)
class TestModuleView:
    module: str
    """File stem: ``test_customers_bank_accounts``."""
    access: str
    """``customers.bank_accounts``."""
    class_name: str
    doc: str
    imports: tuple[str, ...]
    """Model and enum names imported from the package's ``models``."""
    pages: bool
    """Whether a method returns pages (the tests import the page classes)."""
    operations: tuple[OperationTestView, ...]
    checks_fields: bool = True
    """Whether a test that runs checks a result's fields (``unknown_fields`` is imported)."""
    errors: tuple[str, ...] = ()
    """Error classes imported from the package's ``errors`` (for operations that document only errors)."""
    value_modules: tuple[str, ...] = ()
    """``datetime`` and ``uuid``, where arguments are their values."""


@dataclass(frozen=True)
class TestsView:
    modules: tuple[TestModuleView, ...]
    client_arguments: tuple[str, ...]
    """The client's keyword arguments in the tests: the credentials the mock server takes (if
    any), the server, no retries, strict validation and the recording HTTP client."""
    open_models_code: str
    """``OPEN_MODELS``: a ``frozenset`` of the models whose schema types the properties it does not name."""


def spec_copy(document: Any) -> str:
    """The spec as JSON (its key order kept): the file the tests' Prism serves. ``document`` is
    the spec as one document (:func:`generator.emit.bundle.bundle`), so that no reference dangles.

    Two changes, each for something Prism cannot serve (it answers 500 to every call): a
    response documented as ``*/*`` is named ``application/json`` (what the SDK reads it as),
    as Prism cannot serialise an object for ``*/*``; and an operation without ``responses``
    (allowed by OpenAPI 3.1) gets an empty 200, which is what its SDK method expects.
    """
    return json.dumps(_json_for_any_media(document), indent=2, ensure_ascii=False) + "\n"


def _json_for_any_media(document: Any) -> Any:
    if not isinstance(document, dict):
        return document
    copy = dict(document)
    paths = copy.get("paths")
    if isinstance(paths, dict):
        copy["paths"] = {
            path: (
                {k: _operation_copy(v) if k in _HTTP_METHODS else v for k, v in item.items()}
                if isinstance(item, dict)
                else item
            )
            for path, item in paths.items()
        }
    components = copy.get("components")
    if isinstance(components, dict) and isinstance(components.get("responses"), dict):
        responses = {k: _response_copy(v) for k, v in components["responses"].items()}
        copy["components"] = {**components, "responses": responses}
    return copy


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


def _operation_copy(operation: Any) -> Any:
    if not isinstance(operation, dict):
        return operation
    if not operation.get("responses"):
        return {**operation, "responses": {"200": {"description": "Not documented."}}}
    if not isinstance(operation.get("responses"), dict):
        return operation
    return {**operation, "responses": {k: _response_copy(v) for k, v in operation["responses"].items()}}


def _response_copy(response: Any) -> Any:
    if not isinstance(response, dict) or not isinstance(response.get("content"), dict):
        return response
    content = response["content"]
    if "*/*" not in content or "application/json" in content:
        return response
    renamed = {("application/json" if k == "*/*" else k): v for k, v in content.items()}
    return {**response, "content": renamed}


def tests_view(api: Api, settings: Settings) -> TestsView:
    values = Values(api)
    modules = tuple(_module(resource, values) for resource in api.all_resources if resource.operations)
    client = client_view(api, settings)
    values_for_tests = {"api_key": "test-key", "username": "test-user"}
    credentials = [
        f'{c.argument}="{values_for_tests.get(c.argument, "test-" + c.argument.replace("_", "-"))}"'
        for c in client.credentials
    ]
    open_models = sorted(python_literal(m.name) for m in api.models if m.additional != ANY)
    members = (Group("{", tuple(open_models), "}"),) if open_models else ()
    code = lay_out(Group("frozenset(", members, ")"), 0, target="OPEN_MODELS: frozenset[str] = ")
    fixed = ("base_url=base_url", "max_retries=0", "strict_response_validation=True", "http_client=http")
    return TestsView(modules, (*credentials, *fixed), code)


def _module(resource: Resource, values: Values) -> TestModuleView:
    imports: set[str] = set()
    operations = tuple(_operation(operation, values, imports) for operation in resource.operations)
    access = resource.access
    return TestModuleView(
        module="test_" + access.replace(".", "_"),
        access=access,
        class_name=resource.class_name,
        doc=escape_docstring(f"Tests of ``client.{access}``: every method against the mock server."),
        imports=tuple(import_order(imports - VALUE_MODULES)),
        value_modules=tuple(sorted(imports & VALUE_MODULES)),
        pages=any(operation.pages for operation in operations),
        checks_fields=any(op.runs and op.returns and op.raises is None for op in operations),
        operations=operations,
        errors=tuple(sorted({o.raises for o in operations if o.raises is not None})),
    )


def _operation(operation: Operation, values: Values, imports: set[str]) -> OperationTestView:
    signature = method_signature(operation)
    required = [a for a in signature.arguments if not a.default]
    invalid = _invalid_media_type(operation)
    # Binary data is bytes only as a multipart part (a file); in JSON, a form or a URL it is text.
    binary_as_text = operation.body is None or operation.body.encoding != "multipart"
    if invalid is not None:
        calls = [CallView("", (), invalid)]
    else:
        calls = [_call("", required, values, imports, complete=False, binary_as_text=binary_as_text)]
    if len(required) < len(signature.arguments):
        everything = list(signature.arguments)
        calls.append(
            CallView("_with_all_params", (), invalid)
            if invalid is not None
            else _call(
                "_with_all_params", everything, values, imports, complete=True, binary_as_text=binary_as_text
            )
        )
    runs = any(call.skip is None for call in calls)
    checked: set[str] = set()
    checks = _result_checks(operation, checked, "SyncPage")
    if runs:
        imports |= checked  # (the classes a test that only skips checks are not imported)
    return OperationTestView(
        method=operation.method_name,
        raises=_documented_error(operation) if runs else None,
        calls=tuple(calls),
        status_check=_status_check(operation),
        checks=checks,
        checks_async=_result_checks(operation, set(), "AsyncPage"),
        returns=signature.returns != NONE,
        pages=runs and operation.pagination is not None,
        runs=runs,
    )


def _call(
    suffix: str,
    arguments: list[SignatureArgument],
    values: Values,
    imports: set[str],
    *,
    complete: bool,
    binary_as_text: bool,
) -> CallView:
    used: set[str] = set()
    spelled: list[Code] = []
    try:
        for argument in arguments:
            if argument.default and values.ambiguous(_argument_type(argument), complete=complete):
                continue  # an optional union of objects no value tells apart: left out
            unsendable = _unsendable(argument)
            if unsendable is not None:
                if argument.default:
                    continue  # an optional parameter HTTP cannot carry: left out
                raise UnbuildableError(unsendable)
            needs: set[str] = set()
            try:
                code = _argument_value(
                    argument, values, needs, complete=complete, binary_as_text=binary_as_text
                )
            except UnbuildableError:
                if argument.default:
                    continue  # an optional argument no valid value exists for: left out
                raise
            used |= needs
            spelled.append(code if argument.positional else prefixed(f"{argument.name}=", code))
    except UnbuildableError as exc:
        reason = f"no valid value for {argument.name}: {exc}"
        return CallView(suffix, (), " ".join(reason.split()))
    imports |= used
    return CallView(suffix, tuple(spelled), None)


def _argument_value(
    argument: SignatureArgument, values: Values, imports: set[str], *, complete: bool, binary_as_text: bool
) -> Code:
    """The value of ``argument``; ``binary_as_text``: the body is no multipart one, so binary data
    in it is text (a parameter's always is)."""
    source = argument.source
    if isinstance(source, Parameter):
        code = values.value(
            source.type,
            0,
            imports,
            source.examples,
            complete=complete,
            text_binary=True,
            name=source.wire_name,
        )
        if source.required and (code == "None" or _only_null(source.type)):
            # The SDK leaves out a parameter that is None (and a null item of a list): a
            # required one that can only be null cannot be sent at all.
            raise UnbuildableError(f"the required {source.location} parameter allows only null")
        return code
    if isinstance(source, BodyField):
        f = source.field
        return values.value(
            f.type, 0, imports, f.examples, complete=complete, text_binary=binary_as_text, name=f.wire_name
        )
    assert isinstance(source, RequestBody)
    if source.encoding == "binary":
        return 'b"string"'
    if source.encoding == "text":
        return '"string"'
    return values.value(
        source.type, 0, imports, source.examples, complete=complete, text_binary=binary_as_text
    )


_TOKEN = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP field name (RFC 9110 ``token``); a cookie's name is one too (RFC 6265)."""


def _unsendable(argument: SignatureArgument) -> str | None:
    """Why HTTP cannot carry the parameter ``argument`` sets (``None``: it can)."""
    source = argument.source
    if not isinstance(source, Parameter):
        return None
    if source.location in ("header", "cookie") and not _TOKEN.fullmatch(source.wire_name):
        return f"the {source.location} name {source.wire_name!r} is not an HTTP token (RFC 9110, RFC 6265)"
    t = source.type.inner if isinstance(source.type, NullableType) else source.type
    if isinstance(t, ListType) and isinstance(t.items, ListType):
        # OpenAPI's styles (RFC 6570) spell a list of values: a list of lists has no form.
        return f"the {source.location} parameter is a list of lists, which no parameter style spells"
    return None


_MEDIA_TYPE = re.compile(f"{_TOKEN.pattern}/{_TOKEN.pattern}")
"""A media type's ``type/subtype`` (RFC 9110): two tokens."""


def _invalid_media_type(operation: Operation) -> str | None:
    """Why no valid request exists when the operation sends a media type that is not one."""
    media = operation.body.media_type if operation.body is not None else None
    if media is not None and not _MEDIA_TYPE.fullmatch(media.split(";")[0].strip()):
        return f"the request's media type {media!r} is not a type/subtype (RFC 9110): no valid Content-Type"
    return None


def _argument_type(argument: SignatureArgument) -> TypeRef:
    source = argument.source
    return source.field.type if isinstance(source, BodyField) else source.type


def _only_null(t: TypeRef) -> bool:
    """Whether every value of ``t`` is null (or a list of nulls only: no item to send)."""
    if isinstance(t, ListType):
        return _only_null(t.items)
    if isinstance(t, UnionType):
        return all(_only_null(v) for v in t.variants)
    if isinstance(t, LiteralType):
        return t.value is None
    return t == ScalarType("null")


def _documented_error(operation: Operation) -> str | None:
    """The error class of an operation that documents no success, only error statuses."""
    if operation.successes:
        return None
    statuses = [r.status for r in operation.responses if r.status.isdigit()]
    names = {error_class_name(s) or "APIStatusError" for s in statuses}
    if not names:
        return None
    return names.pop() if len(names) == 1 else "APIStatusError"


def _status_check(operation: Operation) -> str:
    statuses = [r.status for r in operation.successes]
    if not statuses and _documented_error(operation) is not None:
        statuses = [r.status for r in operation.responses if r.status.isdigit()]
    if not statuses or any(not s.isdigit() for s in statuses):
        return "200 <= status < 300"
    codes = sorted({int(s) for s in statuses})
    if len(codes) == 1:
        return f"status == {codes[0]}"
    return f"status in ({', '.join(str(c) for c in codes)})"


def _result_checks(operation: Operation, imports: set[str], page_class: str) -> tuple[str, ...]:
    """Assertions about ``result``: its runtime type where Python can check it, and no model in
    the documented answer keeping properties its schema does not name. A list that pages
    returns a page: its class, its answer's (``body``) and its items' types are checked."""
    if operation.pagination is None:
        classes = _answer_classes(operation)
        return (*_isinstance("result", classes, imports), "assert unknown_fields(result) == []")
    checks = [f"assert isinstance(result, {page_class})"]
    if operation.success is not None and operation.success.type is not None:
        checks += _isinstance("result.body", _runtime_classes(operation.success.type), imports)
    items = _runtime_classes(operation.pagination.item_type)
    if items is not None:
        imports.update(c for c in items if c[0].isupper())
        kinds = items[0] if len(items) == 1 else f"({', '.join(items)})"
        each = Chain("for", (f"isinstance(item, {kinds})", "item in result.items"))
        every = Group("assert all(", (each,), ")", comma=False)
        checks.append(lay_out(every, CHECK_INDENT))
    return (*checks, "assert unknown_fields(result.body) == []")


CHECK_INDENT = 8
"""Where the tests' checks stand (in a test method)."""


def _isinstance(subject: str, classes: list[str] | None, imports: set[str]) -> list[str]:
    """``assert isinstance(subject, classes)``, laid out where the checks stand."""
    if classes is None:
        return []
    imports.update(c for c in classes if c[0].isupper())
    kinds: Code = classes[0] if len(classes) == 1 else Group("(", tuple(classes), ")")
    return [lay_out(Group("assert isinstance(", (subject, kinds), ")"), CHECK_INDENT)]


def _answer_classes(operation: Operation) -> list[str] | None:
    """The classes what the method returns is an instance of (``None``: Python cannot check it)."""
    classes: list[str] = []
    for response in operation.successes or ():
        if response.kind == "empty":
            found: list[str] | None = ["type(None)"]
        elif response.kind == "text":
            found = ["str"]
        elif response.kind == "binary":
            found = ["bytes"]
        else:
            found = _runtime_classes(response.type) if response.type is not None else None
        if found is None:
            return None
        classes += [c for c in found if c not in classes]
    return classes or ["type(None)"]


def _runtime_classes(t: TypeRef) -> list[str] | None:
    """The classes a decoded value of ``t`` is an instance of (``None``: any value)."""
    if isinstance(t, ModelType | EnumType):
        return [t.name]
    if isinstance(t, ListType):
        return ["list"]
    if isinstance(t, MapType):
        return ["dict"]
    if isinstance(t, LiteralType):
        return [type(t.value).__name__ if t.value is not None else "type(None)"]
    if isinstance(t, NullableType):
        inner = _runtime_classes(t.inner)
        return None if inner is None else [*inner, "type(None)"]
    if isinstance(t, UnionType):
        found: list[str] = []
        for variant in t.variants:
            classes = _runtime_classes(variant)
            if classes is None:
                return None
            found += [c for c in classes if c not in found]
        return found
    if isinstance(t, ScalarType):
        if value_type(t) is not None:
            return None  # its class, or the string as it came when it does not parse
        return {
            "string": ["str"],
            "binary": ["str"],
            "integer": ["int"],
            "number": ["float", "int"],
            "boolean": ["bool"],
            "null": ["type(None)"],
        }.get(t.kind)
    return None
