"""The classification rules of ``diff``: one table, read by the engine and printed in the docs.

Every change the engine reports names a rule id from :data:`RULES`, and its level is the
rule's level, never decided elsewhere; ``docs/diff-rules.md`` is :func:`rules_markdown`'s
output (a test compares them), so the documentation and the code cannot disagree.

Levels are judged for a client of the generated SDK, in both of its situations: code
written against the SDK regenerated from the new spec (does it still type-check and
run?), and an SDK generated from the old spec talking to the new server (does it still
work?). The SDK is lenient where it can be: it keeps enum values and union members it
does not know, so those are *possibly* breaking (code that matches exhaustively breaks).

A rename on the wire alone (a parameter or property whose wire name changed while its
Python name did not: ``ignoreNbf`` → ``ignore_nbf``) is *breaking*, the level of the other
changes only the wire sees (a parameter moved or serialized differently). Code written
against the SDK needs no edit, and the message says so; but the second situation fails:
an SDK generated from the old spec, like any raw HTTP client, sends or reads the old
name, which the new server ignores or refuses (a dropped option, a missing field). So it
counts as breaking for the suggested version bump too (major): the API broke its
contract, and the release has to be taken to keep working; the changelog line tells
callers that taking it asks nothing of their code.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Level(enum.Enum):
    """How a change affects a client of the generated SDK, ordered: ``BREAKING`` is the worst."""

    BREAKING = "breaking"
    POSSIBLY_BREAKING = "possibly-breaking"
    NON_BREAKING = "non-breaking"

    @property
    def rank(self) -> int:
        """0 for non-breaking, 1 possibly breaking, 2 breaking."""
        return _RANKS[self]

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank < other.rank

    def __le__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank <= other.rank

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank > other.rank

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, Level):
            return NotImplemented
        return self.rank >= other.rank

    @property
    def title(self) -> str:
        """``Breaking``, ``Possibly breaking``, ``Non-breaking``: for headings."""
        return self.value.replace("possibly-", "possibly ").capitalize()


_RANKS = {Level.NON_BREAKING: 0, Level.POSSIBLY_BREAKING: 1, Level.BREAKING: 2}

B = Level.BREAKING
P = Level.POSSIBLY_BREAKING
N = Level.NON_BREAKING


@dataclass(frozen=True)
class Rule:
    level: Level
    description: str
    area: str


def _rules(area: str, *entries: tuple[str, Level, str]) -> dict[str, Rule]:
    return {rule_id: Rule(level, description, area) for rule_id, level, description in entries}


RULES: dict[str, Rule] = {
    **_rules(
        "Operations",
        ("operation-added", N, "A new operation: a new SDK method."),
        ("operation-removed", B, "An operation (method + path) is gone: its SDK method disappears."),
        ("operation-deprecated", N, "An operation is now marked deprecated; it still works."),
        (
            "sdk-method-renamed",
            B,
            "The same operation is reached through another SDK method name "
            "(its operationId, first tag or name override changed).",
        ),
    ),
    **_rules(
        "Parameters",
        ("parameter-added-required", B, "A new required parameter: existing calls lack it."),
        ("parameter-added-optional", N, "A new optional parameter (keyword argument)."),
        ("parameter-removed", B, "A parameter is gone: calls passing its keyword argument fail."),
        ("parameter-became-required", B, "An optional parameter is now required."),
        ("parameter-became-optional", N, "A required parameter is now optional."),
        (
            "parameter-location-changed",
            B,
            "A parameter moved (query, header, path, cookie): SDKs generated before send it in the "
            "wrong place.",
        ),
        (
            "parameter-serialization-changed",
            B,
            "A parameter's style or explode changed: SDKs generated before serialize it differently.",
        ),
        (
            "parameter-wire-name-changed",
            B,
            "A parameter is sent under another name in the same place (query, header, cookie) while "
            "its Python argument keeps its name: code using the SDK is unaffected, raw HTTP clients "
            "and SDKs generated before send the old name.",
        ),
        ("parameter-deprecated", N, "A parameter is now marked deprecated."),
        (
            "request-default-changed",
            P,
            "The server-side default of a parameter or request property changed: callers that "
            "leave it out get another behaviour.",
        ),
        (
            "sdk-argument-renamed",
            B,
            "The same parameter or body property is now another Python keyword argument.",
        ),
        (
            "sdk-positional-arguments-reordered",
            B,
            "The path parameters, which are positional arguments, come in another order.",
        ),
    ),
    **_rules(
        "Request bodies",
        ("request-body-added-required", B, "An operation now requires a request body."),
        ("request-body-added-optional", N, "An operation now accepts an optional request body."),
        ("request-body-removed", B, "An operation no longer takes a request body: its arguments disappear."),
        ("request-body-became-required", B, "An optional request body is now required."),
        ("request-body-became-optional", N, "A required request body is now optional."),
        (
            "request-body-media-type-changed",
            B,
            "The request body is sent in another encoding (JSON, form, multipart, bytes, text).",
        ),
        ("request-property-added-required", B, "A new required request property: existing calls lack it."),
        ("request-property-added-optional", N, "A new optional request property."),
        ("request-property-removed", B, "A request property is gone (or became read-only)."),
        ("request-property-became-required", B, "An optional request property is now required."),
        ("request-property-became-optional", N, "A required request property is now optional."),
        ("property-deprecated", N, "A property is now marked deprecated."),
        (
            "property-wire-name-changed",
            B,
            "A property has another JSON name while its Python attribute keeps its name: code using "
            "the SDK is unaffected, raw HTTP clients and SDKs generated before send or read the old name.",
        ),
    ),
    **_rules(
        "Responses",
        ("response-success-status-added", N, "A new success status is documented."),
        ("response-success-status-removed", B, "A success status is no longer returned."),
        ("response-error-status-added", N, "A new error status is documented (raised as an API error)."),
        ("response-error-status-removed", N, "An error status is no longer documented."),
        (
            "response-media-type-changed",
            B,
            "A response changed kind (JSON, text, bytes): the method returns another type.",
        ),
        ("response-body-added", N, "A response that had no body now has one."),
        ("response-body-removed", B, "A response no longer has a body: the method returns None."),
        ("response-property-added", N, "A new response property (a new model attribute)."),
        ("response-property-removed", B, "A response property is gone (or became write-only)."),
        (
            "response-property-became-optional",
            B,
            "A response property is no longer always present: it may be None.",
        ),
        ("response-property-became-required", N, "A response property is now always present."),
    ),
    **_rules(
        "Types",
        ("type-changed", B, "A value has another type (or another model/enum class)."),
        (
            "format-changed",
            P,
            "A string or number format changed (date-time, int64, uuid...): values may be read or "
            "checked differently.",
        ),
        ("request-type-widened", N, "A request value accepts more (integer to number, a new union member)."),
        (
            "request-type-narrowed",
            B,
            "A request value accepts less (number to integer, a union member gone).",
        ),
        (
            "response-type-widened",
            P,
            "A response value may be of more types: the SDK passes them through, exhaustive code may break.",
        ),
        ("response-type-narrowed", N, "A response value is of fewer types."),
        ("request-became-nullable", N, "A request value may now be null."),
        ("request-became-not-nullable", B, "A request value may no longer be null."),
        ("response-became-nullable", P, "A response value may now be null: code must handle None."),
        ("response-became-not-nullable", N, "A response value is never null any more."),
    ),
    **_rules(
        "Enums",
        ("request-enum-value-added", N, "A request enum accepts a new value."),
        ("request-enum-value-removed", B, "A request enum no longer accepts a value."),
        (
            "response-enum-value-added",
            P,
            "A response enum has a new value: the SDK keeps unknown values, exhaustive matching breaks.",
        ),
        ("response-enum-value-removed", N, "A response enum no longer returns a value."),
        (
            "sdk-enum-member-renamed",
            B,
            "The same enum value is now another Python member name.",
        ),
    ),
    **_rules(
        "Classes",
        (
            "sdk-class-renamed",
            B,
            "The same schema (same place, or reached the same way) is now another Python class.",
        ),
        ("sdk-class-removed", B, "A model or enum class is gone from the SDK: imports of it fail."),
        ("sdk-attribute-renamed", B, "The same property is now another Python attribute name."),
    ),
    **_rules(
        "Security",
        (
            "security-requirement-added",
            P,
            "An operation that needed no authentication now does: clients without credentials fail.",
        ),
        ("security-requirement-removed", N, "An operation no longer requires authentication."),
        ("security-alternative-added", N, "An operation accepts one more way to authenticate."),
        (
            "security-alternative-removed",
            P,
            "An operation no longer accepts one of its ways to authenticate (others remain).",
        ),
        (
            "security-requirement-changed",
            B,
            "None of the ways an operation accepted to authenticate is accepted any more.",
        ),
        (
            "security-scheme-changed",
            B,
            "A security scheme sends credentials differently (kind, location or name).",
        ),
    ),
    **_rules(
        "Servers",
        (
            "server-url-changed",
            P,
            "The first server, the SDK's default base URL, changed: clients that rely on the default "
            "call another host.",
        ),
        ("server-added", N, "Another server is listed."),
        ("server-removed", P, "A server (not the default) is no longer listed."),
    ),
}


def level_of(rule_id: str) -> Level:
    """The level of a rule (a ``KeyError`` for an unknown id is a bug in the engine)."""
    return RULES[rule_id].level


def rules_markdown() -> str:
    """``docs/diff-rules.md``: the rules table, grouped by area."""
    lines = [
        "# `diff` classification rules",
        "",
        "<!-- Generated from generator/drift/rules.py (RULES); "
        "tests/drift/test_diff_report.py checks it is current. -->",
        "",
        "`python -m generator diff OLD NEW` reports every semantic change between two specs",
        "under one of these rules. A change is judged for a client of the generated SDK: code",
        "written against the SDK regenerated from the new spec, and an SDK generated from the",
        "old spec calling the new server.",
        "",
        "- **breaking**: such a client fails (a call, an import or an attribute that no longer",
        "  exists, a value the server now refuses).",
        "- **possibly breaking**: some clients fail, depending on what they do (exhaustive",
        "  matching on enum values, relying on the default server or on a default value).",
        "- **non-breaking**: existing clients keep working.",
        "",
        "Operations are matched by HTTP method and path (path parameters by position, so",
        "renaming `{id}` is not a new operation), parameters by location and name, properties",
        "by wire name, enum values by value. A parameter or property whose wire name changed",
        "but whose Python name did not is one thing renamed on the wire (breaking for raw HTTP",
        "clients and SDKs generated before, nothing to change for code using the regenerated",
        "SDK), not one removed and one added; a header whose name changed only in case has not",
        "changed (HTTP compares header names case-insensitively). A schema is compared where an",
        "operation reaches it: sent in a request or received in a response, which decides the",
        "level (a new required property breaks requests, not responses). A change inside a",
        "schema that many operations share is reported once, with all of them. Each change",
        "carries a JSON pointer into the new spec, or into the old one for what was removed;",
        "parameters point at their operation's `parameters` (the intermediate model keeps no",
        "index).",
        "",
        "Next to these changes, `diff` lists the changes of the generated SDK's public API",
        "(classes, methods, arguments, attributes, enum members added, removed, renamed or",
        "changed). Renames are found by what a name stands for (the same schema place, the",
        "same operation, parameter or property): they are breaking changes of their own, the",
        "`sdk-*` rules below.",
        "",
        "Description-only edits, pure reorderings (of keyword arguments, properties, enum",
        "values, operations) and withdrawn deprecations are not changes: they are summarized",
        "as notes. Exit codes: 0 no difference at all, 1 only changes below the `--fail-on`",
        "threshold (or only notes), 2 at least one change at or above it (default threshold:",
        "possibly breaking).",
        "",
        "Each rule has at least one test case in `tests/drift/test_diff_rules.py` (`CASES`).",
    ]
    area = None
    for rule_id, rule in RULES.items():
        if rule.area != area:
            area = rule.area
            lines += ["", f"## {area}", "", "| Rule | Level | When |", "|---|---|---|"]
        lines.append(f"| `{rule_id}` | {rule.level.value} | {rule.description} |")
    return "\n".join(lines) + "\n"
