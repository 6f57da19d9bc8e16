"""What the model builder takes from the user's configuration.

``config.Settings.model_options()`` builds it: the model stage never reads the settings
(which also name files, caches and URLs), so ``config`` may use ``model``'s naming without
a cycle between the two.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ModelOptions:
    client_class: str
    """The synchronous client's class name (``DailyClient``); no schema or resource may take it."""
    root_error: str
    """The base class of the SDK's exceptions (``DailyError``); no schema or resource may take it."""
    version: str | None = None
    """The SDK's package version; ``None``: read from the spec's ``info.version``."""
    schema_names: Mapping[str, str] = field(default_factory=dict)
    """Component schema key → the class name the user chose for it."""
    operation_names: Mapping[str, str] = field(default_factory=dict)
    """Operation (``operationId`` or ``METHOD /path``) → the method name, or a rename rule."""
    infer_pagination: bool = True
    """Whether list operations that fit a known pattern return pages (``model/pagination.py``)."""
    pagination: Mapping[str, Any] = field(default_factory=dict)
    """operationId → ``true``/``false`` or a table naming the fields of its pages."""
    split_directions: bool = True
    """Whether a schema with readOnly or writeOnly properties gets a class per direction
    (:mod:`generator.model.directions`); ``False``: one class serves both, as the spec's schema."""
    send_read_only: tuple[str, ...] = ()
    """``Schema.property`` (or ``Schema``: all of its) readOnly properties that requests still
    send: they are treated as ordinary properties."""
    webhooks: Mapping[str, Any] | None = None
    """``[tool.generator.webhooks]`` (checked): the signature scheme and the event-type field;
    ``None`` when the table is absent."""

    @property
    def async_client_class(self) -> str:
        return "Async" + self.client_class
