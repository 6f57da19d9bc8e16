"""The class names no schema or resource may take: the SDK's own classes.

One list, derived from the runtime's ``__all__`` (:func:`generator.runtime.public_names`),
plus the per-status exception classes ``errors.py`` generates and the two names the
configuration gives (the client and the root exception). ``config`` names the root
exception around it, the model builder names schemas and resources around it, and the
``errors.py`` template lists the same classes.
"""

from __future__ import annotations

import functools

from ..runtime import public_names
from .options import ModelOptions

STATUS_ERRORS: tuple[tuple[str, int | None, str], ...] = (
    ("BadRequestError", 400, "HTTP 400: the request was invalid."),
    ("AuthenticationError", 401, "HTTP 401: the API key is missing or wrong."),
    ("PermissionDeniedError", 403, "HTTP 403: the API key may not do this."),
    ("NotFoundError", 404, "HTTP 404: no such resource."),
    ("ConflictError", 409, "HTTP 409: the request conflicts with the resource's state."),
    ("UnprocessableEntityError", 422, "HTTP 422: the request was well-formed but not valid."),
    ("RateLimitError", 429, "HTTP 429: too many requests; the client retries these by itself."),
    ("InternalServerError", None, "HTTP 5xx: the server failed."),
)
"""The status exception classes of ``errors.py``: (class name, status or ``None`` for any
other 5xx, docstring)."""


@functools.cache
def sdk_names() -> frozenset[str]:
    """Every name the SDK's own modules export, whatever the configuration."""
    return public_names() | {name for name, _, _ in STATUS_ERRORS}


def reserved_class_names(options: ModelOptions) -> tuple[str, ...]:
    """The names schemas and resources are named around, in a stable order."""
    configured = {options.client_class, options.async_client_class, options.root_error}
    return tuple(sorted(sdk_names() | configured))
