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
from .brackets import Group
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
    ways: tuple[tuple[str, ...], ...]
    """The ways to authenticate, each the arguments it needs together: ``("api_key",)``, or a
    pair (``("username", "password")``); the client refuses to start when no way is complete."""
    schemes: tuple[tuple[str, Group], ...]
    """(the scheme's key as a literal, its runtime ``SecurityScheme``)."""
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
    oauth: bool = False
    """An OAuth2 client-credentials scheme is used: the client takes ``client_id`` and
    ``client_secret``, fetches its access tokens, and has the token options below."""
    client_auth_method: str = "client_secret_basic"
    """The default of the client's ``client_auth_method`` (``[tool.generator] oauth-client-auth``)."""
    readme_oauth: str = ""
    """README's section on the client-credentials flow (``""`` without one)."""
    oauth_schemes: frozenset[str] = frozenset()
    """The keys of the OAuth2 client-credentials schemes operations use."""


_PLACEHOLDER_HOST = "https://api.example.com"
"""What examples put before a relative server URL (a reserved domain: clearly not the API's)."""
_CLIENT_ARGUMENTS = frozenset(
    {"self", "base_url", "timeout", "max_retries", "strict_response_validation", "default_headers"}
    | {"http_client", "username", "password", "webhook_secret"}
    | {"client_id", "client_secret", "token_refresh_margin", "client_auth_method"}
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
    if scheme.kind in ("bearer", "oauth2"):
        return "sent as a bearer token"
    return f"sent in the ``{scheme.parameter_name}`` {scheme.location}" + (
        " parameter" if scheme.location == "query" else ""
    )


def _credentials(
    api: Api, settings: Settings, env_prefix: str
) -> tuple[tuple[CredentialView, ...], dict[str, str]]:
    """The client's credential arguments, and the argument each token scheme sends.

    Only schemes some operation uses count: a spec without one gets no argument at all. One
    token scheme (bearer, OAuth2 with an access token, an API key) is ``api_key``; several get
    one argument each, named after their scheme, so an operation that needs scheme B sends B's
    credential. OAuth2 client credentials are ``client_id`` and ``client_secret``, as HTTP basic
    is ``username`` and ``password``.
    """
    used = {key for op, _ in api.operations for alternative in op.security for key in alternative}
    schemes = [s for s in api.security_schemes if s.key in used]
    tokens = [s for s in schemes if s.kind not in ("basic", "oauth2")]
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
    flows = [s for s in schemes if s.kind == "oauth2"]
    if flows:
        endpoints = " and ".join(f"``{s.token_url}``" for s in flows)
        for argument, what in (("client_id", "client ID"), ("client_secret", "client secret")):
            env = f"{env_prefix}_{argument.upper()}"
            doc = (
                f"{argument}: The OAuth2 {what}, exchanged at {endpoints} for access tokens "
                f"(client credentials flow); read from ``{env}`` when not given."
            )
            views.append(CredentialView(argument, env, f"the {what}", doc))
    return tuple(views), arguments


def _scheme_expression(scheme: SecurityScheme, argument: str) -> Group:
    """The runtime's ``SecurityScheme(...)`` for ``scheme``, laid out by the template."""
    arguments = [python_literal(scheme.kind)]
    if scheme.kind == "oauth2":
        arguments.append(f"token_url={python_literal(scheme.token_url or '')}")
    elif scheme.kind == "api_key":
        arguments += [python_literal(scheme.location), python_literal(scheme.parameter_name)]
    if argument != "api_key" and scheme.kind != "oauth2":
        arguments.append(f"credential={python_literal(argument)}")
    return Group("SecurityScheme(", tuple(arguments), ")")


def client_view(api: Api, settings: Settings) -> ClientView:
    doc = Doc(settings)
    env_prefix = settings.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY") or "API"
    base_url_env = f"{env_prefix}_BASE_URL"
    credentials, arguments = _credentials(api, settings, env_prefix)
    schemes = [
        (python_literal(s.key), _scheme_expression(s, arguments.get(s.key, "api_key")))
        for s in api.security_schemes
        if s.key in arguments or _has_pair(s, credentials)
    ]
    oauth = any(c.argument == "client_secret" for c in credentials)
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
        *(_OAUTH_OPTIONS if oauth else ()),
        "http_client: An ``httpx`` client to use instead of the client's own (for proxies or "
        "custom transports); the SDK does not close it.",
    ]
    construction_arguments = "" if base_url else f"base_url={python_literal(example_base_url(api))}"
    notes = [] if base_url else [f"or set {base_url_env}"]
    if credentials:
        notes.append("reads " + ", ".join(c.env for c in credentials))
    tokens = [c for c in credentials if c.argument not in _PAIRED.values()]
    if [c.argument for c in tokens] == ["api_key"]:
        missing = f"no API key: pass api_key=... or set the {tokens[0].env} environment variable"
    else:
        ways = [
            (
                f"{_PAIRED[c.argument]}=... and {c.argument}=..."
                if c.argument in _PAIRED
                else f"{c.argument}=..."
            )
            for c in tokens
        ]
        envs = [
            f"{env_prefix}_{_PAIRED[c.argument].upper()} and {c.env}" if c.argument in _PAIRED else c.env
            for c in tokens
        ]
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
        ways=tuple(
            (_PAIRED[c.argument], c.argument) if c.argument in _PAIRED else (c.argument,) for c in tokens
        ),
        schemes=tuple(schemes),
        construction=construction,
        construction_note=f"  # {'; '.join(notes)}" if notes else "",
        readme_setup=_readme_setup(credentials, base_url, server, base_url_env, settings),
        doc_sync=class_doc(False),
        doc_async=class_doc(True),
        package_doc=docstring_lines(package_lines, indent=0),
        resource_docs={r.name: resource_doc(r, doc, indent=8, members=True) for r in api.resources},
        oauth=oauth,
        client_auth_method=settings.oauth_client_auth,
        readme_oauth=_readme_oauth(api, credentials, settings) if oauth else "",
        oauth_schemes=frozenset(s.key for s in api.security_schemes if s.kind == "oauth2" and oauth),
    )


_PAIRED = {"password": "username", "client_secret": "client_id"}
"""The credentials given in pairs, each with the one it goes with: messages name both."""
_OAUTH_OPTIONS = (
    "token_refresh_margin: Seconds before an access token's ``expires_in`` runs out at which "
    f"it is renewed ({defaults.TOKEN_REFRESH_MARGIN:g} by default).",
    "client_auth_method: How the client ID and secret are sent to the token endpoint: "
    "``client_secret_basic`` (HTTP basic) or ``client_secret_post`` (in the form body).",
)


def _has_pair(scheme: SecurityScheme, credentials: tuple[CredentialView, ...]) -> bool:
    """Whether the client takes the pair of credentials ``scheme`` (basic or OAuth2) needs."""
    second = {"basic": "password", "oauth2": "client_secret"}.get(scheme.kind)
    return second is not None and any(c.argument == second for c in credentials)


def _readme_oauth(api: Api, credentials: tuple[CredentialView, ...], settings: Settings) -> str:
    """README's section on OAuth2 client credentials: setting them up, and what the SDK does."""
    envs = {c.argument: c.env for c in credentials}
    used = {key for op, _ in api.operations for key, _ in op.scopes} | {
        key for op, _ in api.operations for alternative in op.security for key in alternative
    }
    flows = [s for s in api.security_schemes if s.kind == "oauth2" and s.key in used]
    endpoints = " and ".join(f"`{s.token_url}`" for s in flows)
    scopes = sorted({name for s in flows for name in s.scopes})
    declared = f" (the spec declares {', '.join(f'`{n}`' for n in scopes)})" if scopes else ""
    text = (
        f"The client exchanges its client ID and secret for access tokens at {endpoints} (the "
        "OAuth2 client credentials flow; a relative URL is resolved against `base_url`). A token "
        "is fetched on first use, for the scopes the operation's security requirement names"
        f"{declared}, kept per scope set, and renewed `token_refresh_margin` seconds "
        f"({defaults.TOKEN_REFRESH_MARGIN:g} by default) before its `expires_in` runs out; one "
        "without `expires_in` is kept until the API refuses it. Concurrent calls wait for one "
        "token request. A 401 from the API drops the token and sends the call once more with a "
        "new one (besides `max_retries`). The token goes only to `base_url`. "
        f"`client_auth_method` sends the ID and secret as HTTP basic (`client_secret_basic`, "
        f"RFC 6749 §2.3.1) or in the form body (`client_secret_post`); "
        f"`{settings.oauth_client_auth}` by default. When the token endpoint refuses them, the "
        "call raises `OAuthTokenError` (an `AuthenticationError`) with the endpoint's "
        "`oauth_error` and `oauth_error_description`; neither it nor a log record shows the secret."
    )
    code = (
        f"from {settings.package} import {settings.client_class}\n\n"
        f'client = {settings.client_class}(client_id="...", client_secret="...")\n'
        f"# or set {envs['client_id']} and {envs['client_secret']}, then {settings.client_class}()"
    )
    return "\n".join(["```python", code, "```", "", *wrap_markdown(text, 96)])


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
