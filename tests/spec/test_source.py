"""Loading spec documents: YAML 1.2 scalars, string keys, line lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.source import parse_text, read_document

YAML = """\
openapi: 3.0.3
values:
  no: no
  yes: on
  when: 2018-02-30T10:00:00Z
  sexagesimal: 1:20
  operator: =
  octal: 0o17
  hex: 0x1F
  leading_zero: 012
  float: 1.5e3
  infinite: .inf
  flag: true
responses:
  200:
    description: ok
"""


def test_yaml_12_scalars_and_string_keys(tmp_path: Path) -> None:
    data = parse_text(YAML, tmp_path / "spec.yaml", "spec.yaml")
    assert data["values"] == {
        "no": "no",
        "yes": "on",
        "when": "2018-02-30T10:00:00Z",
        "sexagesimal": "1:20",
        "operator": "=",
        "octal": 15,
        "hex": 31,
        "leading_zero": 12,
        "float": 1500.0,
        "infinite": float("inf"),
        "flag": True,
    }
    assert list(data["responses"]) == ["200"]


def test_json_is_parsed_as_json_with_control_characters(tmp_path: Path) -> None:
    data = parse_text('{"a": "tab\there", "200": 1}', tmp_path / "spec.json", "spec.json")
    assert data == {"a": "tab\there", "200": 1}


@pytest.mark.parametrize(
    ("pointer", "expected"),
    [("/responses/200/description", (16, 18)), ("/values/octal", (8, 10)), ("/values/missing", (3, 3))],
)
def test_line_of_a_pointer(tmp_path: Path, pointer: str, expected: tuple[int, int]) -> None:
    path = tmp_path / "spec.yaml"
    path.write_text(YAML, encoding="utf-8")
    assert read_document(path).line_of(pointer) == expected
