"""Base class of the data models, and the codecs that read them from JSON.

Reading is tolerant, because an API evolves faster than its SDKs: a property the
SDK does not know is kept in ``additional_properties`` (and written back by
``to_dict``), an enum value it does not know is kept as its plain value, and a
value of an unexpected type is kept as it came instead of failing the whole call.
Only a body of the wrong kind (``[]`` or ``null`` where an object is documented) is
refused; a client built with ``strict_response_validation=True`` also refuses values of
the wrong type anywhere in a body (see ``Codec.problem``).
"""

from __future__ import annotations

import datetime
import enum
import io
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import IO, Any, ClassVar, Final, TypeAlias, TypeVar

from ._formats import date_time_text, parse_date, parse_date_time, parse_uuid

__all__ = [
    "UNSET",
    "Codec",
    "FileContent",
    "IntEnum",
    "Model",
    "StrEnum",
    "Unset",
    "ValueEnum",
    "Wire",
    "codec",
    "json_text",
    "request_body",
    "to_wire",
]

_M = TypeVar("_M", bound="Model")


class Unset(enum.Enum):
    """The type of :data:`UNSET`: "not given", as opposed to ``None`` (JSON ``null``)."""

    UNSET = "UNSET"

    def __repr__(self) -> str:
        return "UNSET"

    def __bool__(self) -> bool:
        return False


class ValueEnum(enum.Enum):
    """The base of the SDK's enums: a member prints and formats as its value (``f"{privacy}"``
    gives ``public``, ``f"{size}"`` gives ``1.5``), on every Python the SDK supports (before 3.11,
    ``enum`` has no ``StrEnum``, and an ``IntEnum`` member prints its name)."""

    def __str__(self) -> str:
        return str(self.value)

    def __format__(self, format_spec: str) -> str:
        return format(self.value, format_spec)


class StrEnum(str, ValueEnum):
    """The base of an enum of strings: each member is also the ``str`` it stands for."""


class IntEnum(int, ValueEnum):
    """The base of an enum of integers: each member is also the ``int`` it stands for."""


UNSET: Final = Unset.UNSET
"""Default of optional fields that accept ``None``: the field is left out of the JSON."""

FileContent: TypeAlias = (
    "bytes | IO[bytes] | tuple[str | None, bytes | IO[bytes]] | tuple[str | None, bytes | IO[bytes], str] | str"
)
"""A file to upload: its bytes, an open binary file, or ``(filename, content[, content_type])``.

In JSON (where binary data can only be text) the value is a string."""


class Codec:
    """Reads one kind of JSON value into its Python form."""

    def decode(self, value: Any) -> Any:
        return value

    def score(self, value: Any) -> int:
        """How well ``value`` fits (negative: it does not); unions pick the best fit."""
        return 0

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        """Why ``value`` (found at ``path``) cannot be read, or ``None`` when it can.

        Not strict, only the kind of a model, list or map is checked; strict, every value.
        """
        return None


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, Mapping):
        return "an object"
    return type(value).__name__


def _mismatch(path: str, expected: str, value: Any) -> str:
    return f"{path}: expected {expected}, got {_kind(value)}"


class _Scalar(Codec):
    def __init__(self, *types: type) -> None:
        self._types = types

    def score(self, value: Any) -> int:
        if isinstance(value, bool) and bool not in self._types:
            return -1
        return 1 if isinstance(value, self._types) else -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not strict or self.score(value) >= 0:
            return None
        return _mismatch(path, " or ".join(t.__name__ for t in self._types), value)


class _Number(_Scalar):
    def decode(self, value: Any) -> Any:
        # JSON has one number type: 1 read into a float field is 1.0.
        if isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        return value


class _Any(Codec):
    pass


class _Text(Codec):
    """A string of a ``format`` read into its Python value (``datetime``, ``date``, ``UUID``).

    Lenient like the rest of decoding: a string that does not parse is kept as it came (a
    server's odd timestamp must not fail the whole call); strict validation reports it.
    """

    def __init__(self, parse: Callable[[str], Any], described: str) -> None:
        self._parse = parse
        self._described = described

    def decode(self, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        parsed = self._parse(value)
        return value if parsed is None else parsed

    def score(self, value: Any) -> int:
        if not isinstance(value, str):
            return -1
        return 2 if self._parse(value) is not None else 0

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not strict:
            return None
        if not isinstance(value, str):
            return _mismatch(path, self._described, value)
        if self._parse(value) is None:
            # The value itself is not shown: a body may carry secrets into logs.
            return f"{path}: expected {self._described}, got a string that is not one"
        return None


class _Null(Codec):
    def score(self, value: Any) -> int:
        return 1 if value is None else -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        return _mismatch(path, "null", value) if strict and value is not None else None


class _List(Codec):
    def __init__(self, items: Codec) -> None:
        self._items = items

    def decode(self, value: Any) -> Any:
        if not isinstance(value, list):
            return value
        return [self._items.decode(item) for item in value]

    def score(self, value: Any) -> int:
        if not isinstance(value, list):
            return -1
        return 1 if all(self._items.score(item) >= 0 for item in value) else -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not isinstance(value, list):
            return _mismatch(path, "an array", value)
        if strict:
            for index, item in enumerate(value):
                found = self._items.problem(item, f"{path}[{index}]", strict)
                if found is not None:
                    return found
        return None


class _Map(Codec):
    def __init__(self, values: Codec) -> None:
        self._values = values

    def decode(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        return {key: self._values.decode(item) for key, item in value.items()}

    def score(self, value: Any) -> int:
        if not isinstance(value, Mapping):
            return -1
        return 1 if all(self._values.score(item) >= 0 for item in value.values()) else -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not isinstance(value, Mapping):
            return _mismatch(path, "an object", value)
        if strict:
            for key, item in value.items():
                found = self._values.problem(item, f"{path}.{key}", strict)
                if found is not None:
                    return found
        return None


class _Enum(Codec):
    def __init__(self, enum_class: Callable[[], type[enum.Enum]]) -> None:
        self._enum = enum_class  # resolved on first use: its module is imported then
        self._members: dict[Any, enum.Enum] | None = None

    @property
    def _values(self) -> dict[Any, enum.Enum]:
        if self._members is None:
            self._members = {member.value: member for member in self._enum()}
        return self._members

    def decode(self, value: Any) -> Any:
        # An unknown value is kept as it came: new enum values are not breaking changes.
        try:
            return self._values.get(value, value)
        except TypeError:  # unhashable
            return value

    def score(self, value: Any) -> int:
        try:
            return 2 if value in self._values else -1
        except TypeError:
            return -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        # An unknown value of the right type is fine: new enum values are not breaking changes.
        types = tuple({type(member) for member in self._values})
        if (
            not strict
            or self.score(value) >= 0
            or (isinstance(value, types) and not isinstance(value, bool))
        ):
            return None
        return _mismatch(path, "one of " + ", ".join(repr(v) for v in self._values), value)


class _Literal(Codec):
    def __init__(self, value: Any) -> None:
        self._value = value

    def score(self, value: Any) -> int:
        return 3 if value == self._value and type(value) is type(self._value) else -1

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        return (
            _mismatch(path, repr(self._value), value) if strict and self.score(value) < 0 else None
        )


class _Model(Codec):
    def __init__(self, model: Callable[[], type[Model]]) -> None:
        self._model = model

    def decode(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        return self._model().from_dict(value)

    def score(self, value: Any) -> int:
        if not isinstance(value, Mapping):
            return -1
        model = self._model()
        known = model._wire_index()
        if any(spec.required and spec.wire not in value for spec in model._wire):
            return -1
        for spec in model._wire:
            tag = spec.codec
            if isinstance(tag, _Literal) and spec.wire in value and tag.score(value[spec.wire]) < 0:
                return -1
        return 1 + sum(1 for key in value if key in known)

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        model = self._model()
        if not isinstance(value, Mapping):
            return _mismatch(path, f"an object ({model.__name__})", value)
        if not strict:
            return None
        index = model._wire_index()
        for spec in model._wire:
            if spec.required and spec.wire not in value:
                return f"{path}: the required property {spec.wire!r} is missing"
        for key, item in value.items():
            known = index.get(key)
            where = f"{path}.{key}"
            found: str | None
            if known is None and key in model._write_only:
                found = None
            elif known is None:
                found = model._extra.problem(item, where, strict)
            elif item is None and not known.nullable and not isinstance(known.codec, _Any):
                found = f"{where}: null is not allowed"
            else:
                found = known.codec.problem(item, where, strict)
            if found is not None:
                return found
        return None


class _Union(Codec):
    """``oneOf`` or ``anyOf``: a value is read as the variant that fits it best.

    Where several variants take it (an ``anyOf`` of objects allows that), those it validates
    against come first, then the one whose fields name most of its properties, then the
    spec's order: a deterministic choice, and the properties the chosen class does not name
    are kept in its ``additional_properties``, so nothing is lost.
    """

    def __init__(self, *variants: Codec) -> None:
        self._variants = variants

    def decode(self, value: Any) -> Any:
        fitting = [(v.score(value), v) for v in self._variants]
        fitting = [(score, v) for score, v in fitting if score >= 0]
        if len(fitting) > 1:
            valid = [(s, v) for s, v in fitting if v.problem(value, "", True) is None]
            fitting = valid or fitting
        best = max(fitting, key=lambda fit: fit[0], default=None)  # the first of equal scores
        return best[1].decode(value) if best is not None else value

    def score(self, value: Any) -> int:
        return max((variant.score(value) for variant in self._variants), default=-1)

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not strict:
            return None
        found = [variant.problem(value, path, strict) for variant in self._variants]
        if all(f is not None for f in found):
            return f"{path}: {_kind(value)} that matches none of the allowed types ({found[0]})"
        return None


class _Nullable(Codec):
    def __init__(self, inner: Codec) -> None:
        self._inner = inner

    def decode(self, value: Any) -> Any:
        return None if value is None else self._inner.decode(value)

    def score(self, value: Any) -> int:
        return 1 if value is None else self._inner.score(value)

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        return None if value is None else self._inner.problem(value, path, strict)


class _Discriminated(Codec):
    """A union whose variant is named by one property; unknown names keep the raw data."""

    def __init__(
        self, property_name: str, mapping: Mapping[str, Callable[[], type[Model]]]
    ) -> None:
        self._property = property_name
        self._mapping = mapping

    def decode(self, value: Any) -> Any:
        if not isinstance(value, Mapping):
            return value
        tag = value.get(self._property)
        model = self._mapping.get(tag) if isinstance(tag, str) else None
        return model().from_dict(value) if model is not None else dict(value)

    def score(self, value: Any) -> int:
        return (
            2 if isinstance(value, Mapping) and value.get(self._property) in self._mapping else -1
        )

    def problem(self, value: Any, path: str, strict: bool) -> str | None:
        if not isinstance(value, Mapping):
            return _mismatch(path, "an object", value)
        tag = value.get(self._property)
        model = self._mapping.get(tag) if isinstance(tag, str) else None
        if model is None or not strict:
            return None  # an unknown variant is kept as it came
        return _Model(model).problem(value, path, strict)


class codec:  # noqa: N801 - a namespace, read as ``codec.STRING``
    """The codecs generated models use, by JSON Schema type."""

    STRING: ClassVar[Codec] = _Scalar(str)
    INTEGER: ClassVar[Codec] = _Scalar(int)
    NUMBER: ClassVar[Codec] = _Number(int, float)
    BOOLEAN: ClassVar[Codec] = _Scalar(bool)
    ANY: ClassVar[Codec] = _Any()
    DATE_TIME: ClassVar[Codec] = _Text(parse_date_time, "a date-time (RFC 3339)")
    DATE: ClassVar[Codec] = _Text(parse_date, "a date (YYYY-MM-DD)")
    UUID: ClassVar[Codec] = _Text(parse_uuid, "a UUID")
    NULL: ClassVar[Codec] = _Null()
    list_of = _List
    map_of = _Map
    enum = _Enum
    literal = _Literal
    model = _Model
    union = _Union
    nullable = _Nullable
    discriminated = _Discriminated


@dataclass(frozen=True)
class Wire:
    """How one field appears in JSON: its attribute, its property name and its codec."""

    attribute: str
    wire: str
    codec: Codec
    required: bool = False
    nullable: bool = False


def to_wire(value: Any) -> Any:
    """The JSON form of a Python value: models become dicts, enum members their values,
    datetimes RFC 3339 text, dates ISO dates and UUIDs their canonical text."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.datetime):
        return date_time_text(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list):
        return [to_wire(item) for item in value]
    if isinstance(value, tuple):
        # ``(filename, content[, type])`` is an upload (kept for the multipart encoder); any other
        # tuple is a sequence a method takes (``Sequence[RoomParam]``): a JSON array.
        if len(value) in (2, 3) and isinstance(value[1], (bytes, bytearray, io.IOBase)):
            return value
        return [to_wire(item) for item in value]
    if isinstance(value, Mapping):
        return {key: to_wire(item) for key, item in value.items()}
    return value


def request_body(model: type[Model], /, **values: Any) -> dict[str, Any]:
    """The JSON object a method sends, from its keyword arguments (one per property of the body
    model): what ``model(**values).to_dict()`` gives, where a value may also be a typed dict
    (``...Param``) in place of a model. A dict is sent as it is (its keys are the JSON names)
    with its values converted by :func:`to_wire`."""
    return model(**values).to_dict()


def json_text(value: Any) -> str:
    """``value`` as compact JSON (models, enums, datetimes, dates and UUIDs converted first).

    Raises ``TypeError`` naming the field that holds a value JSON cannot (``properties.exp:
    Object of type Foo is not JSON serializable``).
    """
    wire = to_wire(value)
    try:
        return json.dumps(wire, ensure_ascii=False, separators=(",", ":"))
    except TypeError as exc:
        raise TypeError(_json_problem(wire) or str(exc)) from None


def _json_problem(value: Any, path: str = "") -> str | None:
    """Where the first value JSON cannot hold sits in ``value`` (``properties.exp``, ``items[2]``)
    and what it is, or ``None``: ``json.dumps``'s own error does not say which field it was."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return None
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            found = _json_problem(item, f"{path}[{index}]")
            if found is not None:
                return found
        return None
    if isinstance(value, Mapping):
        for key, item in value.items():
            found = _json_problem(item, f"{path}.{key}" if path else str(key))
            if found is not None:
                return found
        return None
    where = path or "body"
    return f"{where}: Object of type {type(value).__name__} is not JSON serializable"


_READ_NULLS: Final = "_read_nulls"
"""Where ``from_dict`` notes the properties that came as a null their field does not allow (an
instance attribute outside the dataclass fields: not compared, copied or shown)."""


@dataclass(kw_only=True, repr=False)
class Model:
    """A JSON object with known properties.

    ``to_dict()`` leaves out fields that were not set, so only what the caller gave
    is sent; ``from_dict(model.to_dict())`` gives back an equal model.
    """

    additional_properties: dict[str, Any] = field(default_factory=dict)
    """Properties the spec does not name: kept when read, written back by ``to_dict``."""

    _wire: ClassVar[tuple[Wire, ...]] = ()
    _extra: ClassVar[Codec] = codec.ANY
    _write_only: ClassVar[frozenset[str]] = frozenset()
    """Write-only properties the class (an answer's form) leaves out: an answer that holds one
    anyway is read into ``additional_properties``, and strict validation lets it be."""

    @classmethod
    def _wire_index(cls) -> dict[str, Wire]:
        index: dict[str, Wire] | None = cls.__dict__.get("_wire_index_cache")
        if index is None:
            index = {spec.wire: spec for spec in cls._wire}
            cls._wire_index_cache = index  # type: ignore[attr-defined]
        return index

    def to_dict(self) -> dict[str, Any]:
        """The JSON object, without the fields that were not set."""
        data: dict[str, Any] = {}
        read_nulls: frozenset[str] = self.__dict__.get(_READ_NULLS, frozenset())
        for spec in self._wire:
            value = getattr(self, spec.attribute)
            if value is None and not spec.nullable and spec.wire in read_nulls:
                data[spec.wire] = None  # the null it was read with, while the field is unchanged
            elif value is not UNSET and (value is not None or spec.nullable):
                data[spec.wire] = to_wire(value)
        for key, value in self.additional_properties.items():
            # A field that is set wins over an unknown property of the same name.
            data.setdefault(key, to_wire(value))
        return data

    @classmethod
    def from_dict(cls: type[_M], data: Mapping[str, Any]) -> _M:
        """Read the JSON object ``data``; nothing in it is lost."""
        index = cls._wire_index()
        values: dict[str, Any] = {}
        extra: dict[str, Any] = {}
        read_nulls: set[str] = set()
        for key, raw in data.items():
            spec = index.get(key)
            if spec is None:
                extra[key] = cls._extra.decode(raw)
            elif raw is None and not spec.nullable:
                # A null the spec does not allow: the field is None (unset), and the null is
                # written back by ``to_dict`` until the field is given a value.
                values[spec.attribute] = None
                read_nulls.add(key)
            else:
                values[spec.attribute] = spec.codec.decode(raw)
        for spec in cls._wire:
            if spec.required and spec.attribute not in values:
                values[spec.attribute] = None
        model = cls(**values, additional_properties=extra)
        if read_nulls:
            model.__dict__[_READ_NULLS] = frozenset(read_nulls)
        return model

    def __repr__(self) -> str:
        shown = [
            f"{spec.attribute}={getattr(self, spec.attribute)!r}"
            for spec in self._wire
            if getattr(self, spec.attribute) is not UNSET
            and (getattr(self, spec.attribute) is not None or spec.required)
        ]
        if self.additional_properties:
            shown.append(f"additional_properties={self.additional_properties!r}")
        return f"{type(self).__name__}({', '.join(shown)})"
