"""Loading spec documents: YAML 1.2 scalars, string keys, line lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.spec.source import SourceDocument, parse_text, read_document

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


ANCHORED = """\
openapi: 3.0.3
base: &base
  type: object
  description: shared
paths:
  /a:
    get: *base
  /b:
    post:
      <<: *base
      summary: merged
"""
POINTERS = (
    "/openapi",
    "/base/type",
    "/paths/~1a/get/description",
    "/paths/~1b/post/type",
    "/paths/~1b/post/summary",
)


@pytest.mark.parametrize("merge", [False, True])
def test_kept_tree_answers_as_a_freshly_composed_one(tmp_path: Path, merge: bool) -> None:
    """Lines come from the tree the data was built from; a merge key (which constructing
    rewrites in the tree) makes the lookup compose afresh. Either way, the same answers."""
    text = ANCHORED if merge else ANCHORED.replace("      <<: *base\n", "")
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    loaded = read_document(spec)
    assert (loaded._tree is None) is merge
    fresh = SourceDocument(path=spec, display="spec.yaml", text=text, data=None)
    assert [loaded.line_of(p) for p in POINTERS] == [fresh.line_of(p) for p in POINTERS]
    expected = (11, 16) if merge else (10, 16)
    assert loaded.line_of("/paths/~1b/post/summary") == expected
