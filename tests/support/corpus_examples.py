"""Helpers of ``corpus/test_corpus.py``: finding the spec examples that belong to models, and checking them.

This module imports nothing but the standard library, because it also runs inside the
subprocess that imports a generated SDK (:func:`import_every_module`, :func:`round_trip_main`):
that subprocess must see only the SDK, never the generator.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
import sys
import traceback
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def escape_token(token: str | int) -> str:
    """One RFC 6901 reference token."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_token(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def child(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join("/" + escape_token(token) for token in tokens)


def lookup(document: Any, pointer: str) -> Any:
    """The value at ``pointer`` in ``document``; ``KeyError`` when there is none."""
    node = document
    for token in (unescape_token(t) for t in pointer.split("/")[1:]):
        if isinstance(node, dict) and token in node:
            node = node[token]
        elif isinstance(node, list) and token.isdigit() and int(token) < len(node):
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


def local_pointer(ref: Any) -> str | None:
    """The JSON pointer of a same-document ``$ref`` (``#/a/b``), else None."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    pointer = unquote(ref[1:])
    return pointer if pointer == "" or pointer.startswith("/") else None


def resolve(document: Any, value: Any, pointer: str) -> tuple[Any, str]:
    """Follow same-document ``$ref`` chains; returns the target and its pointer (itself when not a ref)."""
    seen: set[str] = set()
    while isinstance(value, dict) and "$ref" in value:
        target = local_pointer(value["$ref"])
        if target is None or target in seen:
            break
        seen.add(target)
        try:
            value = lookup(document, target)
        except KeyError:
            break
        pointer = target
    return value, pointer


# ------------------------------------------------------------------ finding examples


@dataclass(frozen=True)
class ModelInfo:
    """A generated model class, from the generator's intermediate model."""

    class_name: str
    module: str


@dataclass(frozen=True)
class ExampleCase:
    """One example that should round-trip through one model."""

    schema: str
    """The JSON pointer of the component schema (``/components/schemas/Pet``)."""
    class_name: str
    module: str
    origin: str
    """The JSON pointer of the example in the spec."""
    example: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": self.schema,
            "class_name": self.class_name,
            "module": self.module,
            "origin": self.origin,
            "example": self.example,
        }


@dataclass
class ExampleSearch:
    """Every example of the document that belongs to a model, deduplicated."""

    document: Any
    models: Mapping[str, ModelInfo]
    """Component schema pointer → the class generated for it."""

    def __post_init__(self) -> None:
        self.cases: list[ExampleCase] = []
        self.skipped: list[str] = []
        """Examples that apply to a model but are not JSON objects (they cannot be a model's data)."""
        self._seen: set[tuple[str, str]] = set()
        self._visited: set[str] = set()

    def run(self) -> ExampleSearch:
        document = self.document if isinstance(self.document, dict) else {}
        components = document.get("components")
        components = components if isinstance(components, dict) else {}
        schemas = components.get("schemas")
        if isinstance(schemas, dict):
            for name, schema in schemas.items():
                pointer = child("/components/schemas", name)
                if pointer in self.models and isinstance(schema, dict):
                    self._schema_examples(pointer, schema)
        for pointer, item in _entries(document.get("paths"), "/paths"):
            self._path_item(item, pointer)
        for pointer, item in _entries(document.get("webhooks"), "/webhooks"):
            self._path_item(item, pointer)
        for pointer, item in _entries(components.get("pathItems"), "/components/pathItems"):
            self._path_item(item, pointer)
        for pointer, item in _entries(components.get("callbacks"), "/components/callbacks"):
            self._callback(item, pointer)
        for pointer, item in _entries(components.get("requestBodies"), "/components/requestBodies"):
            self._with_content(item, pointer)
        for pointer, item in _entries(components.get("responses"), "/components/responses"):
            self._response(item, pointer)
        for pointer, item in _entries(components.get("parameters"), "/components/parameters"):
            self._with_content(item, pointer)
        for pointer, item in _entries(components.get("headers"), "/components/headers"):
            self._with_content(item, pointer)
        return self

    # -- component schemas

    def _schema_examples(self, pointer: str, schema: dict[str, Any]) -> None:
        if "example" in schema:
            self._add(pointer, child(pointer, "example"), schema["example"])
        examples = schema.get("examples")
        if isinstance(examples, list):
            for index, example in enumerate(examples):
                self._add(pointer, child(pointer, "examples", index), example)

    # -- operations and media types

    def _enter(self, value: Any, pointer: str) -> tuple[Any, str] | None:
        """Resolve ``value``; None when it was walked already or is not an object."""
        value, pointer = resolve(self.document, value, pointer)
        if not isinstance(value, dict) or pointer in self._visited:
            return None
        self._visited.add(pointer)
        return value, pointer

    def _path_item(self, item: Any, pointer: str) -> None:
        entered = self._enter(item, pointer)
        if entered is None:
            return
        item, pointer = entered
        self._parameters(item.get("parameters"), child(pointer, "parameters"))
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, dict):
                self._operation(operation, child(pointer, method))

    def _operation(self, operation: dict[str, Any], pointer: str) -> None:
        self._parameters(operation.get("parameters"), child(pointer, "parameters"))
        if "requestBody" in operation:
            self._with_content(operation["requestBody"], child(pointer, "requestBody"))
        for code, response in _entries(operation.get("responses"), child(pointer, "responses")):
            self._response(response, code)
        for name, callback in _entries(operation.get("callbacks"), child(pointer, "callbacks")):
            self._callback(callback, name)

    def _callback(self, callback: Any, pointer: str) -> None:
        entered = self._enter(callback, pointer)
        if entered is None:
            return
        callback, pointer = entered
        for expression, item in _entries(callback, pointer):
            self._path_item(item, expression)

    def _parameters(self, parameters: Any, pointer: str) -> None:
        if isinstance(parameters, list):
            for index, parameter in enumerate(parameters):
                self._with_content(parameter, child(pointer, index))

    def _response(self, response: Any, pointer: str) -> None:
        entered = self._enter(response, pointer)
        if entered is None:
            return
        response, pointer = entered
        self._media_types(response.get("content"), child(pointer, "content"))
        for header_pointer, header in _entries(response.get("headers"), child(pointer, "headers")):
            self._with_content(header, header_pointer)

    def _with_content(self, holder: Any, pointer: str) -> None:
        """A request body, parameter or header: the media types of its ``content``."""
        entered = self._enter(holder, pointer)
        if entered is None:
            return
        holder, pointer = entered
        self._media_types(holder.get("content"), child(pointer, "content"))

    def _media_types(self, content: Any, pointer: str) -> None:
        for media_pointer, media in _entries(content, pointer):
            if not isinstance(media, dict):
                continue
            schema = self._model_schema(media.get("schema"))
            if schema is None:
                continue
            if "example" in media:
                self._add(schema, child(media_pointer, "example"), media["example"])
            for name_pointer, example in _entries(media.get("examples"), child(media_pointer, "examples")):
                target, target_pointer = resolve(self.document, example, name_pointer)
                if isinstance(target, dict) and "value" in target:
                    origin = (
                        name_pointer
                        if target_pointer == name_pointer
                        else f"{name_pointer} → {target_pointer}"
                    )
                    self._add(schema, origin, target["value"])

    def _model_schema(self, schema: Any) -> str | None:
        """The component schema pointer of a media type's ``schema: {$ref}`` when it became a model.

        A chain of references (``A: {$ref: B}``) is followed to the first schema that is a model.
        """
        seen: set[str] = set()
        while isinstance(schema, dict) and "$ref" in schema:
            pointer = local_pointer(schema["$ref"])
            if pointer is None or pointer in seen:
                return None
            if pointer in self.models:
                return pointer
            seen.add(pointer)
            try:
                schema = lookup(self.document, pointer)
            except KeyError:
                return None
        return None

    def _add(self, schema: str, origin: str, example: Any) -> None:
        if not isinstance(example, dict):
            self.skipped.append(f"{origin} ({type(example).__name__})")
            return
        key = (schema, json.dumps(example, sort_keys=True, default=repr))
        if key in self._seen:
            return
        self._seen.add(key)
        model = self.models[schema]
        self.cases.append(ExampleCase(schema, model.class_name, model.module, origin, example))


def _entries(mapping: Any, pointer: str) -> Iterator[tuple[str, Any]]:
    if isinstance(mapping, dict):
        for key, value in mapping.items():
            yield child(pointer, str(key)), value


# -------------------------------------------------------------------- comparing


def _short(value: Any, limit: int = 300) -> str:
    text = json.dumps(value, ensure_ascii=False, default=repr) if _jsonable(value) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text)} chars)"


def _jsonable(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=True)
    except (TypeError, ValueError):
        return False
    return True


def first_difference(expected: Any, actual: Any, path: str = "") -> str | None:
    """Where ``actual`` (``to_dict()``'s output) first differs from ``expected`` (the example), or None.

    Values compare with ``==`` except that JSON's ``true``/``false`` is not the number 1/0
    (Python's ``True == 1`` would hide such a change); ``1`` and ``1.0`` are the same JSON number.
    """
    where = path or "(top level)"
    if isinstance(expected, Mapping) and isinstance(actual, Mapping):
        for key, value in expected.items():
            if key not in actual:
                return f"key {child(path, key)!r}: missing from to_dict(); the example has {_short(value)}"
            found = first_difference(value, actual[key], child(path, key))
            if found is not None:
                return found
        for key, value in actual.items():
            if key not in expected:
                return f"key {child(path, key)!r}: added by to_dict() ({_short(value)}); not in the example"
        return None
    if isinstance(expected, list) and isinstance(actual, list | tuple):
        for index, (left, right) in enumerate(zip(expected, actual, strict=False)):
            found = first_difference(left, right, child(path, index))
            if found is not None:
                return found
        if len(expected) != len(actual):
            return f"key {where!r}: the example has {len(expected)} items, to_dict() {len(actual)}"
        return None
    if isinstance(expected, bool) != isinstance(actual, bool) or expected != actual:
        return (
            f"key {where!r}: the example has {_short(expected)} ({type(expected).__name__}), "
            f"to_dict() gave {_short(actual)} ({type(actual).__name__})"
        )
    return None


# ------------------------------------------------------- inside the SDK's subprocess


def import_every_module(package: str) -> list[dict[str, str]]:
    """Import the package, its models and errors, and every module under resources/ and models/."""
    failures: list[dict[str, str]] = []

    def attempt(name: str) -> Any:
        try:
            return importlib.import_module(name)
        except BaseException:
            failures.append({"module": name, "error": traceback.format_exc()})
            return None

    for name in (package, f"{package}.models", f"{package}.errors"):
        attempt(name)
    for sub in ("resources", "models"):
        parent = attempt(f"{package}.{sub}")
        if parent is None:
            continue

        def on_error(name: str) -> None:
            failures.append({"module": name, "error": traceback.format_exc()})

        for info in pkgutil.walk_packages(parent.__path__, prefix=f"{package}.{sub}.", onerror=on_error):
            attempt(info.name)
    return failures


def round_trip(package: str, case: Mapping[str, Any]) -> dict[str, Any] | None:
    """None when ``Model.from_dict(example).to_dict()`` equals the example, else what went wrong."""
    example = case["example"]
    try:
        module = importlib.import_module(f"{package}.models.{case['module']}")
        model = getattr(module, case["class_name"])
        actual = model.from_dict(example).to_dict()
    except BaseException:
        return {"error": traceback.format_exc(limit=-6)}
    difference = first_difference(example, actual)
    if difference is None and actual == example:
        return None
    return {
        "difference": difference or "== is False but no differing key was found",
        "actual": _short(actual, 2000),
    }


def import_main(package: str) -> None:
    """``python -c``: import everything, print the failures as JSON."""
    json.dump(import_every_module(package), sys.stdout)


def round_trip_main(package: str) -> None:
    """``python -c``: the cases as JSON on stdin; prints the failures (index → problem) as JSON."""
    cases = json.load(sys.stdin)
    failures = {}
    for index, case in enumerate(cases):
        problem = round_trip(package, case)
        if problem is not None:
            failures[str(index)] = problem
    json.dump(failures, sys.stdout)


# ------------------------------------------------------------------------ fidelity

FIDELITY_PREFIX = "fidelity: "


def fidelity_summary(relative: str, operations: int, degraded: int, messages: Sequence[str]) -> str:
    """One line per spec with its degraded count, then what was lost, grouped by kind of loss.

    ``messages`` are the generator's warnings; those of the fidelity self-check
    (``fidelity: METHOD /path: what was lost``) are the ones counted.
    """
    losses: dict[str, int] = {}
    for message in messages:
        if not message.startswith(FIDELITY_PREFIX):
            continue
        what = message[len(FIDELITY_PREFIX) :].split(": ", 1)[-1]
        kind = re.sub(r"'[^']*'", "'...'", what)
        losses[kind] = losses.get(kind, 0) + 1
    lines = [f"{relative}: {operations} operations, {degraded} degraded"]
    lines += [f"    {count} x {kind}" for kind, count in sorted(losses.items(), key=lambda kv: -kv[1])]
    return "\n".join(lines)
