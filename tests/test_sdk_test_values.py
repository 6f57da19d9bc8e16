"""Values of the generated tests (and docs) checked against what the spec's schema allows."""

from __future__ import annotations

from generator.emit.values import Values, fits_bounds
from generator.model.ir import Api, ScalarType


def test_an_example_that_breaks_its_format_is_not_used() -> None:
    """Train Travel's ``trip_id`` example has 7 hex digits in its first group: no uuid."""
    values = Values(Api("t", "1", None, (), (), (), (), ()))
    uuid = ScalarType("string", "uuid")
    assert not fits_bounds("4f4e4e1-c824-4d63-b37a-d8d698862f1d", uuid)
    built = values.value(uuid, 0, set(), ("4f4e4e1-c824-4d63-b37a-d8d698862f1d",))
    assert built == '"3fa85f64-5717-4562-b3fc-2c963f66afa6"'
    good = "efdbb9d1-02c2-4bc3-afb7-6788d8782b1e"
    assert values.value(uuid, 0, set(), (good,)) == f'"{good}"'
    assert fits_bounds("2024-01-01T10:00:00.5+01:00", ScalarType("string", "date-time"))
    assert not fits_bounds("yesterday", ScalarType("string", "date"))
