"""Lines of JSON pointers in a JSON spec, found without composing a YAML tree.

The YAML composer is the reference: JSON is YAML, and it is what answered before. Every
pointer of several layouts of the same data must get the same (line, column) from both.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diagnostics import pointer_from_path
from generator.spec.json_lines import JsonPositions
from generator.spec.source import SourceDocument, read_document

from support.paths import FIXTURES

DATA: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": 'Caf\u00e9 \u2603 \U0001f600 "quoted" \\ /', "version": "1"},
    "paths": {
        "/a/{id}": {
            "get": {
                "parameters": [
                    {"name": "id", "in": "path"},
                    {"name": "q", "schema": {"enum": [1, 2.5, None]}},
                ],
                "responses": {"200": {"description": "ok", "content": {}}},
            }
        },
        "/b~c": {"post": {"tags": [], "x-empty": {}, "x-nested": [[1, [2, {"k": True}]], []]}},
    },
    "": {"empty key": False},
}


def every_pointer(data: Any, path: tuple[str | int, ...] = ()) -> list[str]:
    found = [pointer_from_path(path)]
    if isinstance(data, dict):
        for key, value in data.items():
            found += every_pointer(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += every_pointer(value, (*path, index))
    return found


@functools.cache
def yaml_document(text: str) -> SourceDocument:
    # A tab is one character, as a space is, but YAML refuses tabs where JSON allows them.
    return SourceDocument(
        path=Path("spec.yaml"), display="spec.yaml", text=text.replace("\t", " "), data=None
    )


def composed(text: str, pointer: str) -> tuple[int, int] | None:
    """What the YAML composer says (the answer before this module)."""
    return yaml_document(text).line_of(pointer)


LAYOUTS = {
    "indented": lambda data: json.dumps(data, indent=2, ensure_ascii=False),
    "one line": lambda data: json.dumps(data, ensure_ascii=False),
    "compact, escaped": lambda data: json.dumps(data, separators=(",", ":")),
    "tabs and CRLF": lambda data: json.dumps(data, indent="\t").replace("\n", "\r\n"),
    "odd spacing": lambda data: json.dumps(data, indent=1, separators=(" ,  ", " :\n ")),
}


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_every_pointer_stands_where_the_yaml_composer_says(layout: str) -> None:
    text = LAYOUTS[layout](DATA)
    positions = JsonPositions(text)
    pointers = every_pointer(DATA)
    assert len(pointers) == 37
    for pointer in pointers:
        tokens = [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]]
        assert positions.line_and_column(tokens) == composed(text, pointer), pointer


def test_a_missing_member_answers_with_its_nearest_parent() -> None:
    text = json.dumps(DATA, indent=2)
    positions = JsonPositions(text)
    for tokens in (
        ["paths", "/a/{id}", "put"],
        ["paths", "/b~c", "post", "tags", "0"],
        ["info", "title", "x"],
    ):
        pointer = pointer_from_path(tokens)
        assert positions.line_and_column(tokens) == composed(text, pointer)
    assert positions.line_and_column(["nope"]) == (1, 1)


def test_the_first_of_duplicate_keys_wins_as_in_the_yaml_tree() -> None:
    text = '{\n  "a": 1,\n  "b": {"c": 2},\n  "a": {"d": 3}\n}'
    assert JsonPositions(text).line_and_column(["a"]) == (2, 8) == composed(text, "/a")


def test_text_that_is_not_json_gives_no_answer() -> None:
    assert JsonPositions('{"a": [1, 2}').line_and_column(["a", "1"]) is None


def test_a_json_spec_is_located_without_composing_a_tree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = tmp_path / "openapi.json"
    source = yaml.safe_load((FIXTURES / "daily" / "meeting-tokens.yaml").read_text(encoding="utf-8"))
    spec.write_text(json.dumps(source, indent=2), encoding="utf-8")
    document = read_document(spec)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the YAML composer was asked")

    pointers = every_pointer(source)
    monkeypatch.setattr(yaml, "compose", refuse)
    found = {pointer: document.line_of(pointer) for pointer in pointers}
    monkeypatch.undo()
    for pointer in pointers:
        assert found[pointer] == composed(spec.read_text(encoding="utf-8"), pointer), pointer
