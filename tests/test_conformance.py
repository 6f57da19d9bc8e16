"""Corpus conformance: every corpus spec's SDK, with its generated tests, against Prism.

Run it alone with ``-m conformance``; it is also part of the default corpus run (marked
``corpus``). Each spec Prism can load is generated with its tests into a temporary folder and
its tests run against Prism (see :mod:`conformance`); the table of operations passed per spec
is printed (``-s``, or the failure message) and written to the junit properties. It fails
when fewer than :data:`THRESHOLD` of all operations pass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conformance import SpecResult, package_name, run_spec, table
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
    counted = [r for r in results if not r.excluded]
    passed, total = sum(r.passed for r in counted), sum(r.operations for r in counted)
    for r in results:
        record_property(r.spec, r.excluded or f"{r.passed}/{r.operations} in {r.seconds:.0f}s")
    assert total and passed / total >= THRESHOLD, text
