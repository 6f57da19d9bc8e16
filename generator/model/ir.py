"""The intermediate model: a typed, immutable description of an API.

The builder (:mod:`generator.model.build`) turns a resolved spec into these objects; the
renderer reads only these, never the raw spec. Everything is a frozen dataclass
holding tuples, so a stage cannot change what an earlier stage decided and the
order of everything is fixed by the builder (which sorts where the spec is unordered).

Names here are final: the builder has already made every identifier valid and
unique, so templates print them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from ..diagnostics import SpecLocation

JsonValue: TypeAlias = "bool | int | float | str | list[JsonValue] | dict[str, JsonValue] | None"

ScalarKind = Literal["string", "integer", "number", "boolean", "any", "null", "binary"]

Direction = Literal["both", "request", "response"]
"""Which way a model's values travel (see :mod:`generator.model.directions`)."""


# ---------------------------------------------------------------------------- types


@dataclass(frozen=True)
class ScalarType:
    """A JSON scalar (or ``any``); ``format`` is kept for documentation."""

    kind: ScalarKind
    format: str | None = None
    constraints: tuple[tuple[str, JsonValue], ...] = field(default=(), compare=False)
    """The schema's bounds and pattern (``minimum``, ``maxLength``, ``pattern``, ...), sorted by
    keyword; for building valid example values only, never part of equality."""


@dataclass(frozen=True)
class ListType:
    items: TypeRef
    constraints: tuple[tuple[str, JsonValue], ...] = field(default=(), compare=False)
    """``minItems``/``maxItems`` (for building valid example values only, never part of equality)."""


@dataclass(frozen=True)
class MapType:
    """An object used as a dictionary: string keys, values of one type."""

    values: TypeRef
    closed: bool = field(default=False, compare=False)
    """``additionalProperties: false`` and no properties: ``{}`` is its only value (for building
    valid example values only, never part of equality)."""


@dataclass(frozen=True)
class ModelType:
    """A reference to a :class:`Model` by its class name."""

    name: str


@dataclass(frozen=True)
class EnumType:
    """A reference to an :class:`Enum` by its class name (and the JSON type of its values)."""

    name: str
    value_kind: Literal["string", "integer", "number", "mixed"] = "string"


@dataclass(frozen=True)
class LiteralType:
    """A single allowed value (``const``, or a one-value enum used as a tag)."""

    value: str | int | float | bool | None


@dataclass(frozen=True)
class Discriminator:
    """The property whose value tells a union's variants apart, and value → model."""

    property: str
    mapping: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class UnionType:
    """One of several types (``oneOf``/``anyOf``), tried in order when decoding."""

    variants: tuple[TypeRef, ...]
    discriminator: Discriminator | None = None
    combinator: Literal["oneOf", "anyOf"] = "anyOf"
    """The keyword the union came from. A ``oneOf`` value must match exactly one variant; an
    ``anyOf`` value may match several (a ``type`` list is an ``anyOf`` of its types). Built
    values respect it: an ``anyOf`` of objects needs no value that only one variant accepts."""


@dataclass(frozen=True)
class NullableType:
    """``inner`` or JSON ``null``."""

    inner: TypeRef


TypeRef: TypeAlias = (
    "ScalarType | ListType | MapType | ModelType | EnumType | LiteralType | UnionType | NullableType"
)

ANY = ScalarType("any")


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class Field:
    """One property of a model."""

    name: str
    """Python attribute name (snake_case, never a keyword)."""
    wire_name: str
    """The property name in JSON, exactly as in the spec."""
    type: TypeRef
    required: bool
    description: str | None = None
    default: JsonValue = None
    has_default: bool = False
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = field(default=(), compare=False)
    """The spec's examples of this property (for docs; never part of equality)."""

    @property
    def nullable(self) -> bool:
        """Whether ``None`` (JSON ``null``) is a value of the field. ``Any`` admits ``null`` (a
        schema ``{}`` allows every value), so an ``Any`` field is nullable too: a ``null`` read
        from JSON is its value, never an unknown property."""
        return isinstance(self.type, NullableType) or self.type == ANY


@dataclass(frozen=True)
class Model:
    """An object schema, rendered as a dataclass."""

    name: str
    module: str
    """The module (file stem under ``models/``) the class is written to."""
    fields: tuple[Field, ...]
    source: SpecLocation
    description: str | None = None
    additional: TypeRef = ANY
    """The type of properties the schema does not name (kept, never dropped)."""
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = ()
    direction: Direction = "both"
    """``both``: one class serves requests and answers (a read-only property is then never a
    constructor requirement); ``request``: the form a request sends, without the read-only
    properties; ``response``: the form answers hold, without the write-only properties."""
    counterpart: str | None = None
    """The class of the same schema's other direction (``PetRequest`` for ``Pet``), if both exist."""
    write_only: tuple[str, ...] = ()
    """The write-only properties (JSON names) a ``response`` form leaves out: an answer that
    holds one anyway is read without complaint (into ``additional_properties``)."""
    read_only: tuple[str, ...] = ()
    """The read-only properties (JSON names) a ``request`` form leaves out (for its docs)."""


@dataclass(frozen=True)
class EnumMember:
    name: str
    value: str | int | float | bool


@dataclass(frozen=True)
class Enum:
    """An ``enum`` of scalar values, rendered as an ``enum.Enum`` subclass."""

    name: str
    module: str
    members: tuple[EnumMember, ...]
    value_kind: Literal["string", "integer", "number", "mixed"]
    source: SpecLocation
    description: str | None = None


# ------------------------------------------------------------------------ operations

ParameterLocation = Literal["path", "query", "header", "cookie"]
BodyEncoding = Literal["json", "form", "multipart", "binary", "text"]
ResponseKind = Literal["json", "text", "binary", "empty"]


@dataclass(frozen=True)
class Parameter:
    name: str
    """Python argument name."""
    wire_name: str
    location: ParameterLocation
    type: TypeRef
    required: bool
    style: str
    explode: bool
    description: str | None = None
    default: JsonValue = None
    has_default: bool = False
    deprecated: bool = False
    examples: tuple[JsonValue, ...] = field(default=(), compare=False)
    """The spec's examples of this parameter (for docs; never part of equality)."""


@dataclass(frozen=True)
class BodyField:
    """A property of a flattened request body and the keyword argument that sets it."""

    argument: str
    field: Field


@dataclass(frozen=True)
class RequestBody:
    """What an operation sends.

    When the body is a JSON object with known properties, ``fields`` holds them and
    they become keyword arguments of the method (``model`` builds the body);
    otherwise the method takes the whole body as one ``body`` argument of ``type``.
    """

    media_type: str
    encoding: BodyEncoding
    type: TypeRef
    required: bool
    model: str | None = None
    fields: tuple[BodyField, ...] = ()
    description: str | None = None
    property_encodings: tuple[tuple[str, str, bool], ...] = ()
    """(property, style, explode) for form and (OpenAPI 3.1) multipart bodies, from the spec's
    ``encoding``."""
    examples: tuple[JsonValue, ...] = field(default=(), compare=False)
    """The spec's examples of the whole body (for docs; never part of equality)."""


@dataclass(frozen=True)
class Response:
    status: str
    """``"200"``, ``"2XX"`` or ``"default"``."""
    description: str | None
    kind: ResponseKind
    media_type: str | None = None
    type: TypeRef | None = None
    examples: tuple[JsonValue, ...] = field(default=(), compare=False)
    """The spec's examples of the answer (for docs; never part of equality)."""
    events: bool = False
    """The answer may also (or only) come as ``text/event-stream``: server-sent events."""
    event_type: TypeRef | None = None
    """What each event's ``data`` is (JSON), when the event-stream media type has a schema."""
    event_end: str | None = None
    """The ``data`` that ends the stream (``[DONE]``) when the spec's text says there is one."""

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


@dataclass(frozen=True)
class SecurityScheme:
    """How a client authenticates; only schemes the SDK can apply by itself are kept."""

    key: str
    kind: Literal["bearer", "basic", "api_key", "oauth2"]
    """``oauth2``: the client-credentials flow, whose tokens the SDK fetches itself."""
    location: Literal["header", "query", "cookie"] = "header"
    parameter_name: str = "Authorization"
    description: str | None = None
    token_url: str | None = None
    """``oauth2``: the flow's ``tokenUrl`` (absolute, or relative to the server's URL)."""
    scopes: tuple[str, ...] = ()
    """``oauth2``: the scopes the flow declares."""
    token_source: Literal["oauth2", "openIdConnect"] | None = None
    """Where a bearer token comes from when the spec says (an OAuth 2.0 or OpenID Connect scheme,
    which the SDK takes as a bearer token obtained elsewhere); the docs name it."""
    flows: tuple[str, ...] = ()
    """The OAuth 2.0 flows the spec declares (``authorizationCode``, ``clientCredentials``...)."""


PaginationStyle = Literal["cursor", "offset", "page_token", "page_number", "link_header", "next_url"]


@dataclass(frozen=True)
class Pagination:
    """How a list operation's next page is asked for (see :mod:`generator.model.pagination`).

    Paths are JSON property names from the answer's root (``("meta", "next_page_url")``);
    ``attributes`` is ``items`` spelled as the Python attributes of the decoded answer.
    """

    style: PaginationStyle
    item_type: TypeRef
    items: tuple[str, ...]
    attributes: tuple[str, ...]
    origin: Literal["inferred", "config", "x-pagination", "x-speakeasy-pagination", "x-ms-pageable"] = (
        "inferred"
    )
    cursor_param: str | None = None
    """The query parameter the next cursor, token or number is sent in."""
    cursor_path: tuple[str, ...] | None = None
    """Where the answer holds the next cursor or page token."""
    cursor_item: str | None = None
    """The last item's property that is the next cursor (Stripe's ``id``)."""
    has_more: tuple[str, ...] | None = None
    next_url: tuple[str, ...] | None = None
    """Where the answer holds the next page's URL (its query is sent)."""
    link_header: bool = False
    offset_param: str | None = None
    page_param: str | None = None
    total: tuple[str, ...] | None = None
    """Where the answer holds the number of items in all pages."""
    in_body: bool = False
    """The cursor, offset or page is a property of the JSON request body (a ``POST`` search),
    not a query parameter."""

    def describe(self) -> str:
        """One line for the generator's report: the style and where the next page comes from."""
        path = ".".join
        if self.link_header:
            how = 'the Link header\'s rel="next" URL'
        elif self.next_url is not None:
            how = f"the URL in '{path(self.next_url)}'"
        elif self.cursor_param is not None and self.cursor_path is not None:
            how = f"{self.cursor_param} = '{path(self.cursor_path)}'"
            if self.cursor_item is not None:
                how += f" (else the last item's '{self.cursor_item}')"
        elif self.cursor_param is not None:
            how = f"{self.cursor_param} = the last item's '{self.cursor_item}'"
        elif self.offset_param is not None:
            how = f"{self.offset_param} += the number of items"
        else:
            how = f"{self.page_param} += 1"
        stops = [f"'{path(self.has_more)}' is false"] if self.has_more else []
        stops += [f"'{path(self.total)}' items are read"] if self.total else []
        stops.append("a page is empty")
        how += " (in the body)" if self.in_body and self.next_url is None else ""
        items = path(self.items) or "the answer"
        stop = " or ".join(stops)
        return f"{self.style} ({self.origin}): items in {items}; next page: {how}; stops when {stop}"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method_name: str
    http_method: str
    path: str
    parameters: tuple[Parameter, ...]
    body: RequestBody | None
    responses: tuple[Response, ...]
    security: tuple[tuple[str, ...], ...]
    """Alternatives of scheme keys, as in the spec: ``()`` means no authentication."""
    source: SpecLocation
    summary: str | None = None
    description: str | None = None
    deprecated: bool = False
    tags: tuple[str, ...] = ()
    pagination: Pagination | None = None
    """Set when the operation returns a page of a list (:mod:`generator.model.pagination`)."""
    scopes: tuple[tuple[str, tuple[str, ...]], ...] = ()
    """The scopes its security requirement lists for each OAuth2 client-credentials scheme: what
    the SDK asks that scheme's access token for."""

    @property
    def successes(self) -> tuple[Response, ...]:
        """What the method may return: the 2xx responses (lowest code first).

        An operation that documents no 2xx but a ``default`` returns the ``default``
        (OpenAPI's "any other status", which includes success).
        """
        found = tuple(r for r in self.responses if r.is_success)
        if found:
            return found
        return tuple(r for r in self.responses if r.status == "default")

    @property
    def success(self) -> Response | None:
        """The main result: the first of :attr:`successes`."""
        return self.successes[0] if self.successes else None

    @property
    def errors(self) -> tuple[Response, ...]:
        return tuple(r for r in self.responses if not r.is_success)


@dataclass(frozen=True)
class Resource:
    """A group of operations (from a tag or a path), exposed as ``client.<name>``.

    A resource may hold sub-resources from path nesting, exposed as attributes of its
    class: ``client.customers.bank_accounts``.
    """

    name: str
    """The attribute on the client (or on the parent resource, for a sub-resource)."""
    class_name: str
    module: str
    operations: tuple[Operation, ...]
    description: str | None = None
    qualified_name: str = ""
    """The attributes from the client down to this resource: ``customers.bank_accounts``."""
    resources: tuple[Resource, ...] = ()
    """Sub-resources, in a fixed order."""

    @property
    def access(self) -> str:
        """How code reaches it from a client, without ``client.``: ``customers.bank_accounts``."""
        return self.qualified_name or self.name


def walk_resources(resources: tuple[Resource, ...]) -> tuple[Resource, ...]:
    """Every resource and sub-resource, each parent before its children."""
    found: list[Resource] = []
    for resource in resources:
        found.append(resource)
        found.extend(walk_resources(resource.resources))
    return tuple(found)


@dataclass(frozen=True)
class ServerVariable:
    name: str
    default: str
    enum: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Server:
    url: str
    description: str | None = None
    variables: tuple[ServerVariable, ...] = ()


@dataclass(frozen=True)
class ErrorBody:
    """The documented body of an error status, when every operation agrees on it."""

    status: str
    model: str


@dataclass(frozen=True)
class WebhookEvent:
    """A request the API sends to its users: a 3.1 ``webhooks`` entry or a 3.0 callback."""

    name: str
    """The webhook's key (or the callback's name), as in the spec."""
    model: str
    """The class of its JSON body."""
    tags: tuple[str, ...]
    """The values of the event-type field that name this event (none: told apart by shape)."""
    origin: Literal["webhook", "callback"]
    source: SpecLocation
    summary: str | None = None
    examples: tuple[JsonValue, ...] = field(default=(), compare=False)
    """The spec's examples of the body (for docs and tests; never part of equality)."""


@dataclass(frozen=True)
class WebhookSignature:
    """How deliveries are signed (HMAC-SHA256); the runtime's ``WebhookSignatureScheme``, field by field."""

    preset: str
    signature_header: str
    signature_format: Literal["standard-webhooks", "stripe", "plain"]
    signature_prefix: str
    encoding: Literal["base64", "hex"]
    secret_encoding: Literal["whsec", "base64", "text"]
    signed_content: str
    id_header: str | None
    timestamp_header: str | None
    timestamp_unit: Literal["seconds", "milliseconds", "auto"]
    tolerance: float


@dataclass(frozen=True)
class Webhooks:
    """What ``client.webhooks`` verifies and reads."""

    events: tuple[WebhookEvent, ...]
    field: str
    """The JSON property whose value names an event's type (``type`` unless configured)."""
    signature: WebhookSignature


@dataclass(frozen=True)
class Api:
    title: str
    version: str
    """The API's version, the spec's ``info.version`` as written (shown in docs and docstrings)."""
    description: str | None
    servers: tuple[Server, ...]
    security_schemes: tuple[SecurityScheme, ...]
    resources: tuple[Resource, ...]
    models: tuple[Model, ...]
    enums: tuple[Enum, ...]
    error_bodies: tuple[ErrorBody, ...] = ()
    external_docs_url: str | None = None
    """The spec's ``externalDocs.url``: where site-relative links in its text lead when
    ``[tool.generator] docs-base-url`` does not say."""
    webhooks: Webhooks | None = None
    """Set when the spec describes webhooks or callbacks, or a signature scheme is configured."""
    sdk_version: str = "0.0.0"
    """The SDK's package version (PEP 440): ``[tool.generator] version``, else
    :func:`generator.versions.package_version` of ``info.version`` (``build_api`` always sets it)."""

    @property
    def all_resources(self) -> tuple[Resource, ...]:
        """Every resource and sub-resource, each parent before its children."""
        return walk_resources(self.resources)

    @property
    def operations(self) -> tuple[tuple[Operation, Resource], ...]:
        """Every operation with the resource (or sub-resource) that holds it."""
        return tuple((operation, r) for r in self.all_resources for operation in r.operations)
