"""Corpus conformance: every corpus spec's SDK, with its generated tests, against Prism.

One test per spec (marked ``corpus`` and ``conformance``: ``-m conformance`` runs them alone),
so xdist spreads them. Each spec is generated with its tests into a temporary folder and its
tests run against Prism (see :mod:`conformance`; one Prism's own loader cannot load is served
by Prism through ``prism_local_refs.js``, and one with deepObject form bodies, which Prism
misreads, has them validated by express-openapi-validator in ``form_body_front.js``, before
Prism). What fails must be what
:data:`conformance_ledger.LEDGER` explains, no more and no less: a failure it does not list
fails the test (a generator bug to fix, or a new case to explain), and so does an operation
it lists that now passes (its entry must go). ``python tests/support/conformance_ledger.py`` prints
the totals the ledger holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from support.conformance import run_corpus_spec, table
from support.conformance_ledger import LEDGER
from support.corpus import corpus_root, corpus_specs
from support.paths import ROOT

CORPUS = corpus_root()
SPECS = corpus_specs(CORPUS)


@pytest.mark.corpus
@pytest.mark.conformance
@pytest.mark.prism
@pytest.mark.parametrize("relative", SPECS)
def test_corpus_conformance(
    relative: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    assert CORPUS is not None
    ledger = LEDGER.get(relative)
    where = "tests/support/conformance_ledger.py"
    assert ledger is not None, f"{relative} is not in {where}: add it with its operations"
    result = run_corpus_spec(CORPUS, relative, tmp_path)
    text = table([result])
    print(text)
    record_property("conformance", result.excluded or f"{result.passed}/{result.operations}")
    if ledger.operations == 0:
        assert result.excluded == "it has no operations", text
        return
    assert result.excluded is None, text
    assert result.operations == ledger.operations, f"the ledger counts {ledger.operations} operations\n{text}"
    explained = ledger.failing()
    unexplained = sorted(set(result.failures) - set(explained))
    assert not unexplained, f"failures the ledger does not explain: {unexplained}\n{text}"
    fixed = sorted(set(explained) - set(result.failures))
    assert not fixed, f"these pass now: remove them from the ledger: {fixed}\n{text}"
    claimed = sorted(op for op, known in explained.items() if known.accepted)
    shown = sorted(result.accepted)
    assert (
        shown == claimed
    ), f"the ledger says Prism accepted the calls of {claimed}; the run: {shown}\n{text}"


@pytest.mark.corpus
def test_the_ledger_covers_the_corpus_and_explains_every_failure() -> None:
    assert sorted(LEDGER) == sorted(SPECS), "the ledger and the corpus list different specs"
    for spec, ledger in LEDGER.items():
        for known in ledger.known:
            assert known.cause in ("spec", "prism"), (spec, known)
            assert len(known.why) > 40 and known.operations, (spec, known)
        assert len(ledger.failing()) == sum(len(k.operations) for k in ledger.known), f"{spec}: listed twice"
        assert ledger.local_refs is None or ledger.operations > 0, spec
        assert ledger.form_body_front is None or ledger.operations > 0, spec


@pytest.mark.corpus
def test_the_installed_prism_is_the_one_the_ledger_was_checked_with() -> None:
    root = ROOT
    lock = json.loads((root / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package in ("@stoplight/prism-cli", "@stoplight/prism-http"):
        installed = root / "node_modules" / package / "package.json"
        found = json.loads(installed.read_text(encoding="utf-8"))["version"]
        pinned = lock[f"node_modules/{package}"]["version"]
        assert found == pinned, f"{package} {found} is installed, the lock pins {pinned}: run `npm ci`"
