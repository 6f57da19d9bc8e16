"""The fidelity losses each corpus spec is allowed, with why; ``test_corpus_fidelity`` holds every
spec to it.

A loss is something an operation declares that the model dropped or degraded (see
:mod:`generator.model.fidelity`). A generator loss that can be fixed is fixed, never listed
here. Listed are only losses that are the spec's own fault (it declares something no SDK can
keep) or a documented limitation of the generator, keyed by spec (its path under the corpus)
and ``METHOD /path``, each with its reason and exactly what is lost::

    LEDGER = {
        "vendor/openapi.yaml": {
            "POST /upload": Listed(
                why="the spec declares a Swagger 2 'in: body' parameter in an OpenAPI 3 document",
                lost=("parameter 'payload' (body) was dropped",),
            ),
        },
    }

The comparison (:func:`ledger_problems`) goes both ways: a loss that is not listed fails, and
so does a listed loss that no longer happens, so an entry cannot outlive its cause. A spec
that is not listed must lose nothing.

Every corpus spec loses nothing, so the ledger is empty: the last losses the check reported
(Stripe's 265 operations, 5 of each openapi-python-client baseline) were false alarms of the
check itself, which did not look for methods on sub-resources.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from generator.model.fidelity import Loss

LEDGER_FILE = "tests/support/fidelity_ledger.py"


@dataclass(frozen=True)
class Listed:
    """What one operation of one spec is allowed to lose, and why."""

    why: str
    lost: tuple[str, ...]
    """What is lost, as the warning says it after ``METHOD /path: ``."""


LEDGER: dict[str, dict[str, Listed]] = {}


def ledger_problems(listed: Mapping[str, Listed], losses: Iterable[Loss]) -> list[str]:
    """How a spec's losses differ from its ledger entries (``[]``: exactly as listed).

    Each problem is one line: a loss not listed, a listed loss that no longer happens, or
    an entry without a reason or without losses.
    """
    found = {(loss.operation, loss.what) for loss in losses}
    allowed = {(operation, what) for operation, entry in listed.items() for what in entry.lost}
    problems = [
        f"{operation}: {what} - not in the ledger: fix the generator, or list it in {LEDGER_FILE} with why"
        for operation, what in sorted(found - allowed)
    ]
    problems += [
        f"{operation}: {what} - listed in the ledger ({listed[operation].why}) but no longer lost: "
        f"remove it from {LEDGER_FILE}"
        for operation, what in sorted(allowed - found)
    ]
    for operation, entry in sorted(listed.items()):
        if not entry.why.strip():
            problems.append(f"{operation}: listed in the ledger without a reason")
        if not entry.lost:
            problems.append(f"{operation}: listed in the ledger without a loss")
    return problems
