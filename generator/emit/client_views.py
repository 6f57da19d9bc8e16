"""The view of the client module and the package's ``__init__``: credentials, base URL,
security schemes and the documentation of the client classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from keyword import iskeyword

from ..config import Settings
from ..model.ir import Api, SecurityScheme
from ..model.naming import snake_case
from ..runtime import _defaults as defaults
from .common import Doc
from .operation_views import resource_doc
from .spelling import python_literal
from .text import DOCSTRING_WIDTH, docstring_lines, hanging, wrap_markdown
from .webhook_views import webhook_attribute, webhook_secret_env


@dataclass(frozen=True)
class CredentialView:
    """One argument of the client that holds a credential, and where it is read from."""

    argument: str
    """``api_key``, ``username``, ``password``, or one per scheme when a spec has several tokens."""
    env: str
    what: str
    """How messages name it (``the API key``); never its value."""
    doc: str
    """Its line in the client's ``Args:``."""


@dataclass(frozen=True)
class ClientView:
    default_base_url: str
    """A Python literal: the URL, or ``None``."""
    has_base_url: bool
    """The spec's first server is absolute, or becomes so with its variables at their defaults
    (else callers pass ``base_url`` or set its variable)."""
    base_url_env: str
    log_env: str
    """The variable (``DAILY_LOG``) that turns logging on; named like the API key's, but bare."""
    credentials: tuple[CredentialView, ...]
    """Empty when no operation of the spec needs a credential: nothing is read or checked."""
    basic: bool
    auth_required: bool
    missing_credential: str
    """The message when ``auth_required`` and no credential was given or found."""
    usable: tuple[str, ...]
    """Expressions, one per way to authenticate: a token's argument, or ``username and password``."""
    credential_items: tuple[str, ...]
    """``"api_key": api_key``: the credentials the client hands to the runtime."""
    schemes: tuple[tuple[str, str], ...]
    construction: str
    """How examples build the client: ``DailyClient()``, or with the ``base_url`` it needs."""
    construction_note: str
    """The comment examples put after the construction (``  # reads DAILY_API_KEY``), or ``""``."""
    readme_setup: str
    """README's paragraph on credentials and the base URL."""
    doc_sync: str
    doc_async: str
    package_doc: str
    resource_docs: dict[str, str]


_PLACEHOLDER_HOST = "https://api.example.com"
"""What examples put before a relative server URL (a reserved domain: clearly not the API's)."""
_CLIENT_ARGUMENTS = frozenset(
    {"self", "base_url", "timeout", "max_retries", "strict_response_validation", "default_headers"}
    | {"http_client", "username", "password", "webhook_secret"}
)


def default_base_url(api: Api) -> str | None:
    """The first server's URL with its variables at their defaults, if that makes it absolute.

    OpenAPI requires every server variable to have a default, to be used when no other value is
    given, so ``{scheme}://{host}/v1`` with defaults is a usable default address; a variable
    without a default, or a relative URL (``/api``), leaves the client without one.
    """
    if not api.servers:
        return None
    server = api.servers[0]
    url = server.url
    for variable in server.variables:
        if not variable.default:
            return None
        url = url.replace("{" + variable.name + "}", variable.default)
    if "{" in url or not url.startswith(("http://", "https://")):
        return None
    return url.rstrip("/")


def example_base_url(api: Api) -> str:
    """A base URL for examples when the spec gives none: its server's path on a placeholder host."""
    url = api.servers[0].url if api.servers else ""
    if "://" in url:
        url = "/" + url.split("://", 1)[1].partition("/")[2]
    url = "/".join(segment for segment in url.split("/") if segment and "{" not in segment)
    return f"{_PLACEHOLDER_HOST}/{url}".rstrip("/")


def _token_argument(key: str, taken: set[str]) -> str:
    name = snake_case(key) or "credential"
    if not name.isidentifier() or iskeyword(name) or name[0].isdigit():
        name = f"credential_{name}"
    if name in _CLIENT_ARGUMENTS:
        name += "_credential"
    while name in taken:
        name += "_"
    taken.add(name)
    return name


def _how_sent(scheme: SecurityScheme) -> str:
    if scheme.kind == "bearer":
        return "sent as a bearer token"
    return f"sent in the ``{scheme.parameter_name}`` {scheme.location}" + (
        " parameter" if scheme.location == "query" else ""
    )


def _credentials(
    api: Api, settings: Settings, env_prefix: str
) -> tuple[tuple[CredentialView, ...], dict[str, str]]:
    """The client's credential arguments, and the argument each token scheme sends.

    Only schemes some operation uses count: a spec without one gets no argument at all. One
    token scheme (bearer, OAuth2, an API key) is ``api_key``; several get one argument each,
    named after their scheme, so an operation that needs scheme B sends B's credential.
    """
    used = {key for op, _ in api.operations for alternative in op.security for key in alternative}
    schemes = [s for s in api.security_schemes if s.key in used]
    tokens = [s for s in schemes if s.kind != "basic"]
    views: list[CredentialView] = []
    arguments: dict[str, str] = {}
    if len(tokens) == 1:
        env = settings.api_key_env
        arguments[tokens[0].key] = "api_key"
        views.append(
            CredentialView(
                "api_key",
                env,
                "the API key",
                f"api_key: The API key ({_how_sent(tokens[0])}); read from the ``{env}`` "
                "environment variable when not given.",
            )
        )
    else:
        taken: set[str] = set()
        for scheme in tokens:
            argument = _token_argument(scheme.key, taken)
            env = f"{env_prefix}_{argument.upper()}"
            arguments[scheme.key] = argument
            views.append(
                CredentialView(
                    argument,
                    env,
                    f"the {argument} credential",
                    f"{argument}: The credential of the ``{scheme.key}`` scheme ({_how_sent(scheme)}); "
                    f"read from ``{env}`` when not given.",
                )
            )
    if any(s.kind == "basic" for s in schemes):
        for argument in ("username", "password"):
            env = f"{env_prefix}_{argument.upper()}"
            doc = f"{argument}: For HTTP basic authentication; read from ``{env}`` when not given."
            views.append(CredentialView(argument, env, f"the {argument}", doc))
    return tuple(views), arguments


def _scheme_expression(scheme: SecurityScheme, argument: str) -> str:
    credential = "" if argument == "api_key" else f", credential={python_literal(argument)}"
    if scheme.kind == "api_key":
        return (
            f'SecurityScheme("api_key", {python_literal(scheme.location)}, '
            f"{python_literal(scheme.parameter_name)}{credential})"
        )
    return f"SecurityScheme({python_literal(scheme.kind)}{credential})"


def client_view(api: Api, settings: Settings) -> ClientView:
    doc = Doc(settings)
    env_prefix = settings.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY") or "API"
    base_url_env = f"{env_prefix}_BASE_URL"
    credentials, arguments = _credentials(api, settings, env_prefix)
    schemes = [
        (python_literal(s.key), _scheme_expression(s, arguments.get(s.key, "api_key")))
        for s in api.security_schemes
        if s.key in arguments or (s.kind == "basic" and any(c.argument == "password" for c in credentials))
    ]
    operations = [op for op, _ in api.operations]
    auth_required = bool(credentials) and all(
        op.security and all(alternative for alternative in op.security) for op in operations
    )
    base_url = default_base_url(api)
    title = api.title
    server = api.servers[0].url if api.servers else None
    if base_url:
        base_url_doc = (
            f"base_url: The API's address (default ``{base_url}``); read from ``{base_url_env}`` when set."
        )
    else:
        why = (
            f"the spec's server ``{server}`` is not an absolute URL" if server else "the spec lists no server"
        )
        base_url_doc = (
            f"base_url: The API's address, required ({why}); read from ``{base_url_env}`` when not given."
        )
    webhook_doc = (
        f"webhook_secret: What ``client.{webhook_attribute(api)}`` verifies signatures with; read "
        f"from ``{webhook_secret_env(settings)}`` when not given."
    )
    arguments_doc = [
        *(c.doc for c in credentials),
        *([webhook_doc] if api.webhooks else []),
        base_url_doc,
        "timeout: The deadline of a whole call in seconds, retries included "
        f"({defaults.DEFAULT_TIMEOUT_SECONDS:g} by default, "
        "``None`` for none); an ``httpx.Timeout`` also sets per-phase limits, and its largest "
        "value is the deadline.",
        "max_retries: How often a call that failed in a retryable way is retried "
        f"({defaults.DEFAULT_MAX_RETRIES} by default).",
        "strict_response_validation: Raise ``APIResponseValidationError`` when a value in a "
        "response body has a type the spec does not allow (by default it is kept as it came).",
        "default_headers: Headers sent with every call.",
        "http_client: An ``httpx`` client to use instead of the client's own (for proxies or "
        "custom transports); the SDK does not close it.",
    ]
    construction_arguments = "" if base_url else f"base_url={python_literal(example_base_url(api))}"
    notes = [] if base_url else [f"or set {base_url_env}"]
    if credentials:
        notes.append("reads " + ", ".join(c.env for c in credentials))
    tokens = [c for c in credentials if c.argument != "username"]
    if [c.argument for c in tokens] == ["api_key"]:
        missing = f"no API key: pass api_key=... or set the {tokens[0].env} environment variable"
    else:
        ways = [
            f"{c.argument}=..." if c.argument != "password" else "username=... and password=..."
            for c in tokens
        ]
        envs = [c.env if c.argument != "password" else f"{env_prefix}_USERNAME and {c.env}" for c in tokens]
        missing = f"no credential: pass {' or '.join(ways)}, or set {' or '.join(envs)}"

    def class_doc(is_async: bool) -> str:
        width = DOCSTRING_WIDTH - 4  # the class body's indentation
        kind = "Asynchronous client" if is_async else "Client"
        lines = wrap_markdown(f"{kind} for the {title}.", width)
        lines += [
            "",
            *wrap_markdown(
                "Use it as a context manager, or call ``close()``, to release its connections.", width
            ),
        ]
        lines += ["", "Args:"]
        for argument in arguments_doc:
            lines += hanging(argument, width, first=4, rest=8)
        return docstring_lines(lines, indent=4)

    first_resource = api.resources[0].name if api.resources else None
    construction = f"{settings.client_class}({construction_arguments})"
    package_lines = wrap_markdown(
        f"Python SDK for the {title} (API version {api.version}), generated from its OpenAPI spec.",
        DOCSTRING_WIDTH,
    )
    if first_resource:
        package_lines += [
            "",
            "Start with::",
            "",
            f"    from {settings.package} import {settings.client_class}",
            "",
            f"    client = {construction}",
            f"    client.{first_resource}...",
        ]
    return ClientView(
        default_base_url=python_literal(base_url) if base_url else "None",
        has_base_url=bool(base_url),
        base_url_env=python_literal(base_url_env),
        log_env=f"{env_prefix}_LOG",
        credentials=credentials,
        basic=any(c.argument == "password" for c in credentials),
        auth_required=auth_required,
        missing_credential=missing,
        credential_items=tuple(f"{python_literal(c.argument)}: {c.argument}" for c in credentials),
        usable=tuple("username and password" if c.argument == "password" else c.argument for c in tokens),
        schemes=tuple(schemes),
        construction=construction,
        construction_note=f"  # {'; '.join(notes)}" if notes else "",
        readme_setup=_readme_setup(credentials, base_url, server, base_url_env, settings),
        doc_sync=class_doc(False),
        doc_async=class_doc(True),
        package_doc=docstring_lines(package_lines, indent=0),
        resource_docs={r.name: resource_doc(r, doc, indent=8, members=True) for r in api.resources},
    )


def _readme_setup(
    credentials: tuple[CredentialView, ...],
    base_url: str | None,
    server: str | None,
    base_url_env: str,
    settings: Settings,
) -> str:
    """README's words on what the client reads from its arguments or the environment."""
    lines = []
    if not credentials:
        lines.append("The API declares no authentication: the client takes no credential.")
    elif [c.argument for c in credentials] == ["api_key"]:
        lines.append(
            f"The client reads its API key from the `{credentials[0].env}` environment variable, "
            f"or takes `{settings.client_class}(api_key=...)`."
        )
    else:
        lines.append(
            "Each credential is an argument of the client, read from the environment when not given:"
        )
        lines += [
            f"`{c.argument}` (`{c.env}`)" + (";" if i < len(credentials) - 1 else ".")
            for i, c in enumerate(credentials)
        ]
    if base_url:
        lines.append(f"`base_url` defaults to `{base_url}`; `{base_url_env}` overrides it.")
    else:
        why = f"the spec's server `{server}` is not an absolute URL" if server else "the spec lists no server"
        lines.append(
            f"`base_url` is required ({why}): pass it, or set `{base_url_env}`; without either, "
            "building the client raises `ConfigurationError`."
        )
    return "\n".join(wrap_markdown(" ".join(lines), 96))
