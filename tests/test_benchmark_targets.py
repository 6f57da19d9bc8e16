"""The speed benchmark's verdicts (``benchmarks/targets.py``), on made-up timings.

The benchmark is a script, not a test (timings depend on the machine); what it concludes
from the timings it measured is logic, and is tested here.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from support.paths import ROOT


@pytest.fixture(scope="module")
def targets() -> Iterator[ModuleType]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import targets as module

        yield module
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))


def measured(targets: ModuleType, name: str, **seconds: float) -> Any:
    from corpus_report import Run

    result = targets.Measured(name, 4_000_000)
    for variant, value in seconds.items():
        result.add(variant, Run(value, None, 0))
    return result


def by_target(verdicts: list[Any]) -> dict[str, Any]:
    return {verdict.target: verdict for verdict in verdicts}


def test_a_big_spec_meets_or_misses_each_target(targets: ModuleType) -> None:
    fast = measured(targets, "big.yaml", opc=10.0, validator=2.0, cold=3.0, check=1.9, warm=0.9)
    found = by_target(targets.verdicts([fast]))
    assert {name: v.passed for name, v in found.items()} == {
        "cold generate >= 3x OPC": True,
        "cold check >= 5x OPC": True,
        "warm >= 10x OPC": True,
    }
    slow = measured(targets, "big.yaml", opc=10.0, validator=2.0, cold=3.5, check=2.1, warm=1.1)
    assert not any(v.passed for v in targets.verdicts([slow]))


def test_where_the_validator_takes_over_a_third_of_opc_cold_is_held_to_the_validator(
    targets: ModuleType,
) -> None:
    within = measured(targets, "big.json", opc=3.0, validator=1.5, cold=1.6, check=0.5, warm=0.2)
    over = measured(targets, "big.json", opc=3.0, validator=1.5, cold=1.7, check=0.5, warm=0.2)
    label = "cold generate <= 1.10 x validator"
    assert by_target(targets.verdicts([within]))[label].passed is True
    assert by_target(targets.verdicts([over]))[label].passed is False


def test_a_stripe_target_below_the_validators_own_time_is_said_to_be_out_of_reach(
    targets: ModuleType,
) -> None:
    label = "Stripe cold generate >= 8x OPC"
    unreachable = measured(
        targets, "stripe/spec3.yaml", opc=80.0, validator=10.5, cold=11.0, check=9.0, warm=1
    )
    verdict = by_target(targets.verdicts([unreachable]))[label]
    assert verdict.passed is False
    assert "out of reach: the target allows 10.00s, less than the validator's own 10.50s" in verdict.detail
    reachable = measured(targets, "stripe/spec3.yaml", opc=80.0, validator=8.0, cold=11.0, check=9.0, warm=1)
    verdict = by_target(targets.verdicts([reachable]))[label]
    assert verdict.passed is False and "out of reach" not in verdict.detail
