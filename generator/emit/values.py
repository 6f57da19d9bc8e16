"""Valid argument values as Python expressions: the docs' examples and the generated tests use them.

A value comes from the spec's own examples where one fits its type (and the bounds the
schema states); otherwise it is built from the schema: an enum takes its first member, a
string of a known ``format`` gets a valid one (date-time, date, uuid, email, uri, ...),
numbers and lengths are moved inside ``minimum``/``maximum``/``minLength``/``maxLength``,
and a string with a ``pattern`` gets a value built from the pattern when the pattern is
simple enough. Where no valid value can be built, :class:`UnbuildableError` says why.
"""

from __future__ import annotations

import datetime
import importlib
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..model.ir import (
    ANY,
    Api,
    EnumType,
    JsonValue,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    ScalarType,
    TypeRef,
    UnionType,
)
from ..model.naming import snake_case
from .brackets import Code, Group, prefixed
from .spelling import python_literal, value_type

FORMAT_VALUES = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "3fa85f64-5717-4562-b3fc-2c963f66afa6",
    "email": "user@example.com",
    "idn-email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "iri": "https://example.com",
    "uri-reference": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "byte": "c3RyaW5n",
    "duration": "P1D",
}
"""A valid string for each ``format`` Prism checks (and a few it does not)."""

FORMAT_CHECKS = {
    "uuid": re.compile(r"(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"),
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "date-time": re.compile(r"(?i)\d{4}-\d{2}-\d{2}[t ]\d{2}:\d{2}:\d{2}(\.\d+)?(z|[+-]\d{2}:?\d{2})"),
    "email": re.compile(r"[^@\s]+@[^@\s]+"),
    "ipv4": re.compile(r"(\d{1,3}\.){3}\d{1,3}"),
}
"""What a string of each ``format`` Prism validates must look like (an example that does not
is invalid for its own schema, and is not used)."""

_VALUE_CONSTRUCTORS: dict[str, tuple[str, Callable[[str], object]]] = {
    "date-time": ("datetime.datetime.fromisoformat", datetime.datetime.fromisoformat),
    "date": ("datetime.date.fromisoformat", datetime.date.fromisoformat),
    "uuid": ("uuid.UUID", uuid.UUID),
}
"""How a string of a ``format`` the SDK reads into a value is written as that value: the code,
and the function that checks here that the code will run (``fromisoformat`` is Python 3.11's)."""


def typed_text(text: str, t: ScalarType, imports: set[str]) -> Code | None:
    """``text`` written as the value class of ``t`` (``uuid.UUID("...")``), its module noted in
    ``imports``; ``None`` when ``t`` stays a string or ``text`` does not parse."""
    found = _VALUE_CONSTRUCTORS.get(t.format or "") if value_type(t) is not None else None
    if found is None:
        return None
    code, parse = found
    try:
        parse(text)
    except ValueError:
        return None
    imports.add(code.split(".")[0])
    # A sole argument that is one string: black breaks inside the brackets without a comma.
    return Group(f"{code}(", (python_literal(text),), ")", comma=False)


MAX_DEPTH = 8
"""How deep required nested models may go before a value counts as unbuildable (a cycle)."""


class UnbuildableError(Exception):
    """No valid value can be built for a type; the message says why (a test shows it as its skip)."""


@dataclass(frozen=True)
class Built:
    """An expression and the model and enum names it uses (to import)."""

    code: str
    imports: frozenset[str]


def _bound(t: ScalarType | ListType, key: str) -> Any:
    return next((v for k, v in t.constraints if k == key), None)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def fits_bounds(value: JsonValue, t: ScalarType) -> bool:
    """Whether a scalar ``value`` meets the bounds and pattern of ``t``."""
    if _bound(t, "unsatisfiable") is not None:
        return False
    if isinstance(value, str):
        check = FORMAT_CHECKS.get(t.format or "")
        if check is not None and not check.fullmatch(value):
            return False
        low, high, pattern = _bound(t, "minLength"), _bound(t, "maxLength"), _bound(t, "pattern")
        if (_is_number(low) and len(value) < low) or (_is_number(high) and len(value) > high):
            return False
        if isinstance(pattern, str):
            try:
                return re.search(pattern, value) is not None
            except (re.error, RecursionError):
                return True  # a pattern Python cannot read: nothing to say against the value
        return True
    if _is_number(value):
        assert isinstance(value, int | float)
        return _number_fits(value, t)
    return True


def _number_fits(value: float, t: ScalarType) -> bool:
    low, high = _bound(t, "minimum"), _bound(t, "maximum")
    ex_low, ex_high, step = (
        _bound(t, "exclusiveMinimum"),
        _bound(t, "exclusiveMaximum"),
        _bound(t, "multipleOf"),
    )
    if _is_number(low) and (value < low or (ex_low is True and value == low)):
        return False
    if _is_number(high) and (value > high or (ex_high is True and value == high)):
        return False
    if (_is_number(ex_low) and value <= ex_low) or (_is_number(ex_high) and value >= ex_high):
        return False
    if _is_number(step) and step > 0:
        ratio = value / step
        return math.isclose(ratio, round(ratio), abs_tol=1e-9)
    return True


def _number(t: ScalarType) -> int | float:
    """The number nearest 0 (or 1) that meets the bounds of ``t``."""
    integer = t.kind == "integer"
    low, high = _bound(t, "minimum"), _bound(t, "maximum")
    ex_low, ex_high, step = (
        _bound(t, "exclusiveMinimum"),
        _bound(t, "exclusiveMaximum"),
        _bound(t, "multipleOf"),
    )
    unit = 1 if integer else 0.5
    candidates: list[float] = [0, 1]
    if _is_number(low):
        candidates += [low, low + unit]
    if _is_number(ex_low):
        candidates.append(ex_low + unit)
    if _is_number(high):
        candidates += [high, high - unit]
    if _is_number(ex_high):
        candidates.append(ex_high - unit)
    if _is_number(step) and step > 0:
        candidates = [math.ceil(c / step) * step for c in candidates]
    for candidate in candidates:
        value: int | float = int(candidate) if integer and float(candidate).is_integer() else candidate
        if integer and not isinstance(value, int):
            continue
        if _number_fits(value, t):
            return value
    raise UnbuildableError(f"no {t.kind} meets the bounds {dict(t.constraints)}")


_NAMED_STRINGS = (
    (re.compile(r"(^|_)e_?mail(_address)?$"), "user@example.com"),
    (re.compile(r"(^|_)(url|uri|link|href|website|homepage)s?$"), "https://example.com"),
    (re.compile(r"(^|_)phone(_number)?$"), "+15555550123"),
    (re.compile(r"(^|_)country(_code)?$"), "US"),
    (re.compile(r"(^|_)currency$"), "usd"),
    (re.compile(r"(^|_)(lang|language|locale)$"), "en"),
    (re.compile(r"(^|_)time_?zone$"), "UTC"),
)


def named_string(name: str) -> str:
    """A believable string for a property or parameter ``name`` whose schema says no more than
    "a string" (``room_name`` → ``"my-room"``, ``user_id`` → ``"user_123"``): what a reader of an
    example takes for a real value, where ``"string"`` reads as its type. A name that suggests
    nothing gets ``"example"``. Values stay short (a long one would change the call's layout).
    """
    words = snake_case(name)
    for pattern, value in _NAMED_STRINGS:
        if pattern.search(words):
            return value
    if words == "id":
        return "id_123"
    last = words.rsplit("_", 2)[-2][:_WORD] if words.count("_") else ""
    if words.endswith("_id") and last:
        return f"{last}_123"
    if words.endswith("_name") and last:
        return f"my-{last}"
    return "example"


_WORD = 14
"""The most characters of the word a built string takes from its name."""


def _string(t: ScalarType, name: str = "") -> str:
    """A string of the format of ``t`` (else one its ``name`` suggests) that meets its length
    bounds and pattern."""
    pattern = _bound(t, "pattern")
    low, high = _bound(t, "minLength"), _bound(t, "maxLength")
    base = FORMAT_VALUES.get(t.format or "") or named_string(name)
    candidates = [base]
    if isinstance(pattern, str):
        # A format's value first where it matches the pattern too (a pattern's is no valid date).
        built = [value for value in (pattern_value(pattern),) if value is not None]
        candidates = candidates + built if t.format in FORMAT_VALUES else built + candidates
    for candidate in candidates:
        if _is_number(low) and len(candidate) < low and isinstance(low, int):
            candidate += candidate[-1:] * (low - len(candidate)) if candidate else "a" * low
        if _is_number(high) and len(candidate) > high and isinstance(high, int):
            candidate = candidate[:high]
        if fits_bounds(candidate, t):
            return candidate
    if isinstance(pattern, str):
        raise UnbuildableError(f"no string is built for the pattern {pattern!r}")
    raise UnbuildableError(f"no string meets the bounds {dict(t.constraints)}")


def pattern_value(pattern: str) -> str | None:
    """A string that matches a simple ``pattern`` (literals, classes, groups, repeats), else ``None``."""
    parser: Any = importlib.import_module("re._parser")
    try:
        tree = parser.parse(pattern)
        built = _from_tree(tree, importlib.import_module("re._constants"))
    except (re.error, _UnsupportedError, RecursionError, ValueError, TypeError):
        return None
    try:
        return built if re.search(pattern, built) is not None else None
    except re.error:
        return None


class _UnsupportedError(Exception):
    pass


_CATEGORY_CHARS = {"CATEGORY_DIGIT": "0", "CATEGORY_WORD": "a", "CATEGORY_SPACE": " "}
_NOT_CATEGORY_CHARS = {"CATEGORY_NOT_DIGIT": "a", "CATEGORY_NOT_WORD": "-", "CATEGORY_NOT_SPACE": "a"}


def _from_tree(tree: Any, c: Any) -> str:
    out: list[str] = []
    for op, arg in tree:
        name = str(op)
        if name == "LITERAL":
            out.append(chr(arg))
        elif name == "ANY":
            out.append("a")
        elif name == "AT":
            continue
        elif name == "IN":
            out.append(_from_class(arg))
        elif name == "NOT_LITERAL":
            out.append("a" if chr(arg) != "a" else "b")
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, _high, inner = arg
            out.append(_from_tree(inner, c) * max(low, 1 if _high else 0))
        elif name == "SUBPATTERN":
            out.append(_from_tree(arg[-1], c))
        elif name == "BRANCH":
            out.append(_from_tree(arg[1][0], c))
        elif name == "CATEGORY":
            char = _CATEGORY_CHARS.get(str(arg))
            if char is None:
                raise _UnsupportedError(name)
            out.append(char)
        else:
            raise _UnsupportedError(name)
    return "".join(out)


def _from_class(items: Any) -> str:
    """One character of a ``[...]`` class (the first it allows)."""
    if items and str(items[0][0]) == "NEGATE":
        excluded = "".join(_class_chars(items[1:]))
        for char in "a0A-_":
            if char not in excluded:
                return char
        raise _UnsupportedError("NEGATE")
    chars = _class_chars(items)
    if not chars:
        raise _UnsupportedError("IN")
    return chars[0]


def _class_chars(items: Any) -> list[str]:
    chars: list[str] = []
    for op, arg in items:
        name = str(op)
        if name == "LITERAL":
            chars.append(chr(arg))
        elif name == "RANGE":
            chars.append(chr(arg[0]))
        elif name == "CATEGORY":
            chars.append(_CATEGORY_CHARS.get(str(arg)) or _NOT_CATEGORY_CHARS.get(str(arg)) or "a")
        else:
            raise _UnsupportedError(name)
    return chars


class Values:
    """Python expressions for arguments of the SDK's methods and constructors.

    ``complete`` chooses how much of a model is filled in when no example fits: every
    field that can be set (the "every argument" call of the tests) or the required ones
    (the docs, and the "required arguments" call).
    """

    def __init__(self, api: Api) -> None:
        self.models = {m.name: m for m in api.models}
        self.enums = {e.name: e for e in api.enums}

    def value(
        self,
        t: TypeRef,
        depth: int,
        imports: set[str],
        examples: tuple[JsonValue, ...] = (),
        *,
        complete: bool = False,
        text_binary: bool = False,
        name: str = "",
    ) -> Code:
        """An expression of type ``t``: the first of ``examples`` that fits it, else one built
        (a plain string from ``name``, the property's or parameter's, see :func:`named_string`).

        A ``format: binary`` string is bytes (a file to upload) unless ``text_binary``: in JSON,
        which is where a model's fields go, binary data can only be a string.

        Raises :class:`UnbuildableError` when the schema allows no value this module can build.
        """
        for example in examples:
            fitted = self.from_example(example, t, imports)
            if fitted is not None:
                return fitted
        if depth > MAX_DEPTH:
            raise UnbuildableError("the required fields nest without end")
        if isinstance(t, NullableType):
            if self.ambiguous(t.inner, depth, complete=complete):
                return "None"  # a union of objects no built value tells apart: null is the value
            return self.value(t.inner, depth, imports, complete=complete, text_binary=text_binary, name=name)
        if isinstance(t, ScalarType):
            if value_type(t) is not None:
                typed = typed_text(_string(t), t, imports)
                if typed is not None:
                    return typed
                raise UnbuildableError(f"no valid {t.format} string meets the bounds {dict(t.constraints)}")
            return '"string"' if t.kind == "binary" and text_binary else self._scalar(t, name)
        if isinstance(t, LiteralType):
            return python_literal(t.value)
        if isinstance(t, EnumType):
            members = self.enums[t.name].members
            if not members:
                raise UnbuildableError(f"the enum {t.name} has no members")
            imports.add(t.name)
            return f"{t.name}.{members[0].name}"
        if isinstance(t, ListType):
            count = _bound(t, "minItems")
            count = count if isinstance(count, int) and count > 1 else 1
            item = self.value(t.items, depth, imports, complete=complete, text_binary=text_binary, name=name)
            return Group("[", (item,) * count, "]")
        if isinstance(t, MapType):
            return "{}"
        if isinstance(t, UnionType):
            reasons = []
            for variant in self._candidates(t, depth, complete=complete):
                try:
                    return self.value(
                        variant, depth, imports, complete=complete, text_binary=text_binary, name=name
                    )
                except UnbuildableError as exc:
                    reasons.append(str(exc))
            raise UnbuildableError("; ".join(reasons) or "an empty union")
        if isinstance(t, ModelType):
            return self._model(t, depth, imports, complete=complete)
        return "None"

    def _candidates(self, t: UnionType, depth: int, *, complete: bool) -> list[TypeRef]:
        """The variants of ``t`` in the order their values are tried: for a ``oneOf``, those
        whose built value no other variant accepts first (it rejects a value more than one
        variant accepts); for an ``anyOf``, the spec's order (a value may match several)."""
        if t.combinator == "anyOf":
            return list(t.variants)
        flags = self._distinct(t.variants, depth, complete=complete)
        return sorted(t.variants, key=lambda v: not flags[v])

    def ambiguous(self, t: TypeRef, depth: int = 0, *, complete: bool = False) -> bool:
        """Whether ``t`` is a ``oneOf`` of objects whose every built value another variant accepts too.

        A ``oneOf`` of a free-form object and a model without required properties is one: ``{}``
        and the model's value each match both. (``null``, where allowed, is the valid value.)
        An ``anyOf`` never is: a value that matches several of its variants is valid.
        """
        inner = t.inner if isinstance(t, NullableType) else t
        if not isinstance(inner, UnionType) or inner.combinator != "oneOf":
            return False
        return not any(self._distinct(inner.variants, depth, complete=complete).values())

    def _distinct(self, variants: tuple[TypeRef, ...], depth: int, *, complete: bool) -> dict[TypeRef, bool]:
        """For each variant, whether the value built for it is one no other variant accepts.

        Only objects are compared: a model's value leaves out the properties it does not set, so
        a model variant whose required properties it leaves out rejects it; a free-form object
        (a map of any values) accepts every object, and its value ``{}`` every model that
        requires nothing. A scalar variant counts as distinct.
        """
        fill = complete and depth < 2
        required: dict[str, set[str]] = {}
        sets: dict[str, set[str]] = {}
        for variant in variants:
            if isinstance(variant, ModelType):
                fields = self.models[variant.name].fields
                required[variant.name] = {f.wire_name for f in fields if f.required}
                sets[variant.name] = {f.wire_name for f in fields if (f.required or fill) and not f.read_only}

        def accepts(other: TypeRef, variant: TypeRef) -> bool:
            if isinstance(other, MapType):
                return other.values == ANY
            if isinstance(other, ModelType):
                if isinstance(variant, MapType):
                    return not required[other.name]
                return isinstance(variant, ModelType) and required[other.name] <= sets[variant.name]
            return False

        return {
            variant: not isinstance(variant, ModelType | MapType)
            or not any(accepts(other, variant) for other in variants if other != variant)
            for variant in variants
        }

    def _scalar(self, t: ScalarType, name: str = "") -> str:
        unsatisfiable = _bound(t, "unsatisfiable")
        if unsatisfiable is not None:
            raise UnbuildableError(str(unsatisfiable))
        if t.kind == "string":
            return python_literal(_string(t, name))
        if t.kind in ("integer", "number"):
            number = _number(t)
            return python_literal(float(number) if t.kind == "number" else number)
        return {"boolean": "True", "binary": 'b"string"', "any": '"string"'}.get(t.kind, "None")

    def _model(self, t: ModelType, depth: int, imports: set[str], *, complete: bool) -> Code:
        model = self.models[t.name]
        for example in model.examples:
            fitted = self.from_example(example, t, imports)
            if fitted is not None:
                return fitted
        fill = complete and depth < 2
        chosen = [
            f
            for f in model.fields
            if (f.required or (fill and not self.ambiguous(f.type, depth + 1, complete=complete)))
            and not f.read_only
        ]
        if not chosen and depth < 2:
            chosen = [f for f in model.fields if not f.read_only and not self.ambiguous(f.type, depth + 1)][
                :3
            ]
        arguments: list[Code] = []
        for f in chosen:
            needs: set[str] = set()
            try:
                code = self.value(
                    f.type,
                    depth + 1,
                    needs,
                    f.examples,
                    complete=complete,
                    text_binary=True,
                    name=f.wire_name,
                )
            except UnbuildableError:
                if f.required:
                    raise
                continue  # an optional field no valid value exists for: left out
            imports |= needs
            arguments.append(prefixed(f"{f.name}=", code))
        imports.add(t.name)
        return Group(f"{t.name}(", tuple(arguments), ")")

    def from_example(self, value: JsonValue, t: TypeRef, imports: set[str]) -> Code | None:
        """``value`` (JSON from the spec) as an expression of type ``t``; ``None`` if it does not fit."""
        if isinstance(t, NullableType):
            return "None" if value is None else self.from_example(value, t.inner, imports)
        if isinstance(t, ScalarType):
            fits = {
                "string": isinstance(value, str),
                "integer": isinstance(value, int) and not isinstance(value, bool),
                "number": isinstance(value, int | float) and not isinstance(value, bool),
                "boolean": isinstance(value, bool),
                "any": True,
            }.get(t.kind, False)
            if not fits or not fits_bounds(value, t):
                return None
            if isinstance(value, str) and value_type(t) is not None:
                return typed_text(value, t, imports)
            return python_literal(value)
        if isinstance(t, LiteralType):
            return python_literal(value) if value == t.value else None
        if isinstance(t, EnumType):
            member = next((m for m in self.enums[t.name].members if m.value == value), None)
            if member is None:
                return None
            imports.add(t.name)
            return f"{t.name}.{member.name}"
        if isinstance(t, ListType):
            if not isinstance(value, list):
                return None
            items = [self.from_example(item, t.items, imports) for item in value[:3]]
            return None if None in items else Group("[", tuple(item for item in items if item), "]")
        if isinstance(t, MapType):
            if not isinstance(value, dict) or (t.closed and value):
                return None  # (a closed object takes no property)
            entries = {k: self.from_example(v, t.values, imports) for k, v in list(value.items())[:3]}
            if None in entries.values():
                return None
            pairs = tuple(prefixed(f"{python_literal(k)}: ", v) for k, v in entries.items() if v)
            return Group("{", pairs, "}")
        if isinstance(t, UnionType):
            return next(
                (f for v in t.variants if (f := self.from_example(value, v, imports)) is not None), None
            )
        if isinstance(t, ModelType):
            return self._model_from_example(value, t.name, imports)
        return None

    def _model_from_example(self, value: JsonValue, name: str, imports: set[str]) -> Code | None:
        model = self.models[name]
        if not isinstance(value, dict):
            return None
        arguments: list[Code] = []
        for f in model.fields:
            if f.read_only:
                continue
            if f.wire_name not in value:
                if f.required:
                    return None  # the example leaves out what the constructor needs
                continue
            fitted = self.from_example(value[f.wire_name], f.type, imports)
            if fitted is None:
                return None
            arguments.append(prefixed(f"{f.name}=", fitted))
        imports.add(name)
        return Group(f"{name}(", tuple(arguments), ")")
