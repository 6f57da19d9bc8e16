"""The client's defaults, in one place: the client reads them, and so do the generated docs.

Plain numbers with no imports, so that the generator can read them without ``httpx``.
"""

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT_SECONDS",
    "INITIAL_RETRY_DELAY",
    "MAX_RETRY_AFTER",
    "MAX_RETRY_DELAY",
    "TOKEN_REFRESH_MARGIN",
]

DEFAULT_TIMEOUT_SECONDS = 60.0
"""The deadline of a whole call, retries included."""
DEFAULT_CONNECT_TIMEOUT = 5.0
"""The limit on opening a connection."""
DEFAULT_MAX_RETRIES = 2
INITIAL_RETRY_DELAY = 0.5
"""The first retry's backoff in seconds; it doubles with each retry (with jitter)."""
MAX_RETRY_DELAY = 8.0
"""The longest backoff in seconds."""
MAX_RETRY_AFTER = 60.0
"""A server's ``Retry-After`` is honoured up to this many seconds."""
TOKEN_REFRESH_MARGIN = 60.0
"""An OAuth2 access token is renewed this many seconds before its ``expires_in`` runs out."""
