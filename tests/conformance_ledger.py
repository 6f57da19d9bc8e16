"""Why each corpus operation whose generated tests fail against Prism fails.

Issue 12 allows two causes only, and this file names one for every failing operation:

- ``SPEC``: the spec contradicts itself (an example invalid for its own schema, a schema no
  value satisfies, a name HTTP forbids), so no correct SDK call can pass;
- ``PRISM``: Prism 5.14.2 (the version ``package-lock.json`` pins) cannot handle a valid call.

A generator bug is fixed, never listed here. ``accepted`` says whether Prism accepted the
operation's calls and what fails is its answer (it cannot build one, or it answers with the
spec's invalid example): those calls conformed. :mod:`test_conformance` checks this file
against a real run both ways, so an entry cannot outlive its cause.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Cause = Literal["spec", "prism"]
SPEC: Cause = "spec"
PRISM: Cause = "prism"


@dataclass(frozen=True)
class Known:
    """Operations (``test module::method``) that fail for one reason."""

    cause: Cause
    why: str
    operations: tuple[str, ...]
    accepted: bool = False
    """Prism accepted the calls; what fails is its answer."""


@dataclass(frozen=True)
class Ledger:
    """One corpus spec: its operations, and those that fail with why."""

    operations: int
    known: tuple[Known, ...] = ()
    left_out: str | None = None
    """Why the spec is not run at all (Prism cannot load it)."""

    def failing(self) -> dict[str, Known]:
        return {operation: known for known in self.known for operation in known.operations}


def conformance(ledger: dict[str, Ledger]) -> tuple[int, int, int]:
    """(operations passed, failing operations whose calls Prism accepted, operations) of the
    specs that are run."""
    run = [entry for entry in ledger.values() if entry.left_out is None]
    failing = [known for entry in run for known in entry.known]
    total = sum(entry.operations for entry in run)
    accepted = sum(len(known.operations) for known in failing if known.accepted)
    return total - sum(len(known.operations) for known in failing), accepted, total


_SCHEMA_TOO_COMPLEX = (
    "Prism validates the call and accepts it, then cannot build the answer: the response schema "
    "has no example and json-schema-sampler gives up on it (500 SCHEMA_TOO_COMPLEX)"
)
_STYLE_CRASH = (
    "Prism's parameter deserialiser crashes on this parameter style (TypeError in "
    "prism-http/dist/validator/deserializers/style/{}.js), so the connection drops; the SDK "
    "sends what OpenAPI's style table says"
)

LEDGER: dict[str, Ledger] = {
    "stripe/spec3.yaml": Ledger(
        operations=468,
        left_out=(
            "Prism does not finish loading Stripe's 4 MB spec: still 'Starting Prism' after 15 minutes "
            "on the 2-core CI machine (measured 2026-11-29), against a 120 s start-up budget"
        ),
    ),
}
