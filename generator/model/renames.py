"""Method renames from ``[tool.generator.names.operations]``.

Three kinds of key, tried in this order for each operation:

* an ``operationId``, exactly: ``CreateMeetingToken = "create"``;
* an HTTP method and a path, exactly as the spec spells the path:
  ``"GET /rooms/{name}/presence" = "presence"``;
* ``re:`` and a regular expression that must match the whole ``operationId``; its named
  groups fill ``{name}`` fields of the value: ``"re:^Get(?P<what>\\w+)Stats$" = "stats_{what}"``
  (the first matching pattern, in file order, wins; the result is made a snake_case name).
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass

from .naming import method_name, snake_case

HTTP_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE")
PATTERN_PREFIX = "re:"
_ROUTE = re.compile(r"^([A-Za-z]+)\s+(/\S*)$")


class RenameError(ValueError):
    """A rename that cannot work; ``key`` is the entry it is about."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


@dataclass(frozen=True)
class Pattern:
    key: str
    regex: re.Pattern[str]
    template: str


@dataclass(frozen=True)
class OperationRenames:
    exact: Mapping[str, str]
    routes: Mapping[tuple[str, str], str]
    patterns: tuple[Pattern, ...] = ()

    def name_for(self, operation_id: str, http_method: str, path: str) -> str | None:
        """The configured method name for an operation, or ``None``."""
        found = self.match(operation_id, http_method, path)
        return found[0] if found else None

    def match(self, operation_id: str, http_method: str, path: str) -> tuple[str, str] | None:
        """(method name, the key that gave it) for an operation, or ``None``."""
        if operation_id in self.exact:
            return method_name(self.exact[operation_id]), operation_id
        route = self.routes.get((http_method.upper(), path))
        if route is not None:
            return method_name(route), f"{http_method.upper()} {path}"
        for pattern in self.patterns:
            match = pattern.regex.fullmatch(operation_id)
            if match is not None:
                groups = {k: v or "" for k, v in match.groupdict().items()}
                return method_name(pattern.template.format(**groups)), pattern.key
        return None

    def keys(self) -> list[str]:
        """Every entry, as ``match`` names it."""
        routes = [f"{method} {path}" for method, path in self.routes]
        return [*self.exact, *routes, *(p.key for p in self.patterns)]


def parse_renames(table: Mapping[str, object]) -> OperationRenames:
    """Read the ``[tool.generator.names.operations]`` table; a bad entry raises :class:`RenameError`."""
    exact: dict[str, str] = {}
    routes: dict[tuple[str, str], str] = {}
    patterns: list[Pattern] = []
    for key, value in table.items():
        if not isinstance(value, str) or not (snake_case(value) or "{" in value):
            raise RenameError(key, f"the new name for {key!r} must be a non-empty string, not {value!r}")
        if key.startswith(PATTERN_PREFIX):
            patterns.append(_pattern(key, value))
            continue
        route = _ROUTE.match(key)
        if route is not None:
            method, path = route.group(1).upper(), route.group(2)
            if method not in HTTP_METHODS:
                raise RenameError(key, f"{route.group(1)!r} in {key!r} is not an HTTP method")
            routes[(method, path)] = value
        elif " " in key.strip() or "/" in key:
            raise RenameError(
                key, f"{key!r} is neither an operationId nor 'METHOD /path' (like 'GET /rooms/{{name}}')"
            )
        else:
            exact[key] = value
    return OperationRenames(exact, routes, tuple(patterns))


def _pattern(key: str, value: str) -> Pattern:
    source = key[len(PATTERN_PREFIX) :]
    try:
        regex = re.compile(source)
    except re.error as exc:
        raise RenameError(key, f"{key!r} is not a valid regular expression: {exc}") from None
    try:
        fields = [name for _, name, _, _ in string.Formatter().parse(value) if name is not None]
    except ValueError as exc:
        raise RenameError(key, f"the new name {value!r} is not a valid template: {exc}") from None
    unknown = sorted({f for f in fields if f not in regex.groupindex})
    if unknown:
        groups = ", ".join(sorted(regex.groupindex)) or "none"
        raise RenameError(
            key,
            f"the new name {value!r} uses {', '.join('{' + f + '}' for f in unknown)}, "
            f"which {key!r} does not capture (its named groups: {groups})",
        )
    return Pattern(key, regex, value)
