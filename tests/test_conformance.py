"""Corpus conformance: every corpus spec's SDK, with its generated tests, against Prism.

Run it alone with ``-m conformance``; it is also part of the default corpus run (marked
``corpus``). Each spec Prism can load is generated with its tests into a temporary folder and
its tests run against Prism (see :mod:`conformance`); the table of operations passed per spec
is printed (``-s``, or the failure message) and written to the junit properties. It fails
when fewer than :data:`THRESHOLD` of all operations pass, counting as passed an operation that
failed only because Prism cannot answer it (:data:`conformance.PRISM_LIMITS`: Prism accepted
the request, then could not build the response, or crashed); the table shows both shares.

Stripe's spec is left out by :data:`conformance.PRISM_STARTUP`: Prism needs more than five
minutes to load it on a loaded two-core machine, so the run would take most of CI's time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance import SpecResult, package_name, run_spec, table, totals
from test_corpus import CORPUS, SPECS

THRESHOLD = 0.95
"""The share of the corpus's operations whose generated tests must all pass."""


@pytest.mark.corpus
@pytest.mark.conformance
@pytest.mark.prism
def test_corpus_conformance(tmp_path: Path, record_property: Callable[[str, object], None]) -> None:
    assert CORPUS is not None and SPECS, "no corpus"
    results: list[SpecResult] = []
    for relative in SPECS:
        work = tmp_path / package_name(relative)
        work.mkdir()
        results.append(run_spec(CORPUS / relative, relative, work, package_name(relative)))
    text = table(results)
    print(text)
    passed, limited, total = totals(results)
    for r in results:
        record_property(r.spec, r.excluded or f"{r.passed}/{r.operations} in {r.seconds:.0f}s")
    assert total and (passed + limited) / total >= THRESHOLD, text
