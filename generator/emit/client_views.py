"""The view of the client module and the package's ``__init__``: credentials, base URL,
security schemes and the documentation of the client classes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Settings
from ..model.ir import Api
from ..runtime import _defaults as defaults
from .common import Doc
from .operation_views import resource_doc
from .spelling import python_literal
from .text import DOCSTRING_WIDTH, docstring_lines, hanging, wrap_markdown


@dataclass(frozen=True)
class ClientView:
    default_base_url: str
    """A Python literal: the URL, or ``None``."""
    has_base_url: bool
    """The spec lists an absolute server (else callers pass ``base_url``)."""
    api_key_env: str
    base_url_env: str
    log_env: str
    """The variable (``DAILY_LOG``) that turns logging on; named like the API key's, but bare."""
    username_env: str
    password_env: str
    api_key: bool
    basic: bool
    auth_required: bool
    schemes: tuple[tuple[str, str], ...]
    doc_sync: str
    doc_async: str
    package_doc: str
    resource_docs: dict[str, str]


def default_base_url(api: Api) -> str | None:
    """The first server's URL with its variables at their defaults, if it is absolute."""
    if not api.servers:
        return None
    server = api.servers[0]
    url = server.url
    for variable in server.variables:
        url = url.replace("{" + variable.name + "}", variable.default)
    return url.rstrip("/") if url.startswith(("http://", "https://")) else None


def client_view(api: Api, settings: Settings) -> ClientView:
    doc = Doc(settings)
    env_prefix = settings.api_key_env.removesuffix("_API_KEY").removesuffix("_KEY") or "API"
    schemes = []
    for scheme in api.security_schemes:
        if scheme.kind == "api_key":
            expression = (
                f'SecurityScheme("api_key", {python_literal(scheme.location)}, '
                f"{python_literal(scheme.parameter_name)})"
            )
        else:
            expression = f"SecurityScheme({python_literal(scheme.kind)})"
        schemes.append((python_literal(scheme.key), expression))
    operations = [op for op, _ in api.operations]
    auth_required = bool(operations) and all(
        op.security and all(alternative for alternative in op.security) for op in operations
    )
    kinds = {s.kind for s in api.security_schemes}
    base_url = default_base_url(api)
    title = api.title
    credentials = []
    if kinds - {"basic"}:
        credentials.append(
            f"api_key: The API key; read from the ``{settings.api_key_env}`` environment variable "
            "when not given."
        )
    if "basic" in kinds:
        credentials.append(f"username: For HTTP basic authentication (``{env_prefix}_USERNAME``).")
        credentials.append(f"password: For HTTP basic authentication (``{env_prefix}_PASSWORD``).")
    arguments = [
        *credentials,
        f"base_url: The API's address{f' (default ``{base_url}``)' if base_url else ''}; "
        f"read from ``{env_prefix}_BASE_URL`` when set.",
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
        for argument in arguments:
            lines += hanging(argument, width, first=4, rest=8)
        return docstring_lines(lines, indent=4)

    first_resource = api.resources[0].name if api.resources else None
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
            f"    client = {settings.client_class}()",
            f"    client.{first_resource}...",
        ]
    return ClientView(
        default_base_url=python_literal(base_url) if base_url else "None",
        has_base_url=bool(base_url),
        api_key_env=python_literal(settings.api_key_env),
        base_url_env=python_literal(f"{env_prefix}_BASE_URL"),
        log_env=f"{env_prefix}_LOG",
        username_env=python_literal(f"{env_prefix}_USERNAME"),
        password_env=python_literal(f"{env_prefix}_PASSWORD"),
        api_key=bool(kinds - {"basic"}),
        basic="basic" in kinds,
        auth_required=auth_required and bool(kinds - {"basic"}),
        schemes=tuple(schemes),
        doc_sync=class_doc(False),
        doc_async=class_doc(True),
        package_doc=docstring_lines(package_lines, indent=0),
        resource_docs={r.name: resource_doc(r, doc, indent=8) for r in api.resources},
    )
