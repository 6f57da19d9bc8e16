# Generated from daily.yaml by openapi-sdk-generator; edits are merged on regeneration (see README.md).
"""What the generated tests check beyond the call itself: the status, and documented answers."""

from __future__ import annotations

import dataclasses

import httpx

from daily_api._models import Model

OPEN_MODELS: frozenset[str] = frozenset()
"""Models whose schema types the properties it does not name: their extras are documented."""


class Exchanges:
    """The responses a test's client received, in order."""

    def __init__(self) -> None:
        self.responses: list[httpx.Response] = []

    def record(self, response: httpx.Response) -> None:
        self.responses.append(response)

    async def async_record(self, response: httpx.Response) -> None:
        self.responses.append(response)

    @property
    def status(self) -> int:
        assert self.responses, "no response was received"
        return self.responses[-1].status_code


def unknown_fields(value: object, path: str = "result") -> list[str]:
    """Where a model of ``value`` kept properties its schema does not name."""
    found: list[str] = []
    if isinstance(value, Model):
        if type(value).__name__ not in OPEN_MODELS:
            # A null kept for a named property (the model keeps nulls it cannot hold) is not
            # an unknown field, nor a write-only property an answer held anyway.
            named = {spec.wire for spec in value._wire} | value._write_only
            found += [f"{path}.{key}" for key in value.additional_properties if key not in named]
        for field in dataclasses.fields(value):
            if field.name != "additional_properties":
                found += unknown_fields(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unknown_fields(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            found += unknown_fields(item, f"{path}[{key!r}]")
    return found
