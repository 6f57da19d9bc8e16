"""What the SDK's fixed modules take from its configuration: its names, and its root exception.

The generator writes each SDK its own ``_constants.py`` (``templates/sdk/package/_constants.py.j2``)
and does not copy this one: it stands in for it, so that the runtime can be imported,
type-checked and tested as source.
"""

DISTRIBUTION = "runtime-sdk"
"""The package's name on PyPI (the ``User-Agent`` header names it)."""
LOG_ENV = "RUNTIME_LOG"
"""The environment variable that turns logging on (``_logs.py``)."""


class RuntimeSDKError(Exception):
    """Base class of every exception this SDK raises."""


RootError = RuntimeSDKError
"""The root exception under its generic name, for ``_exceptions.py``."""
