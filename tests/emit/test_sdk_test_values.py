"""Values of the generated tests (and docs) checked against what the spec's schema allows."""

from __future__ import annotations

from pathlib import Path

from generator.emit.brackets import flat
from generator.emit.values import Values, fits_bounds
from generator.model.ir import ANY, Api, MapType, NullableType, ScalarType
from generator.pipeline import generate_files

from support.specs import build, minimal, settings_for, write_spec


def test_an_example_that_breaks_its_format_is_not_used() -> None:
    """Train Travel's ``trip_id`` example has 7 hex digits in its first group: no uuid."""
    values = Values(Api("t", "1", None, (), (), (), (), ()))
    uuid = ScalarType("string", "uuid")
    assert not fits_bounds("4f4e4e1-c824-4d63-b37a-d8d698862f1d", uuid)
    imports: set[str] = set()
    built = values.value(uuid, 0, imports, ("4f4e4e1-c824-4d63-b37a-d8d698862f1d",))
    assert flat(built) == 'uuid.UUID("3fa85f64-5717-4562-b3fc-2c963f66afa6")'
    assert imports == {"uuid"}
    good = "efdbb9d1-02c2-4bc3-afb7-6788d8782b1e"
    assert flat(values.value(uuid, 0, set(), (good,))) == f'uuid.UUID("{good}")'
    assert fits_bounds("2024-01-01T10:00:00.5+01:00", ScalarType("string", "date-time"))
    assert not fits_bounds("yesterday", ScalarType("string", "date"))


def test_a_closed_object_takes_only_an_empty_example(tmp_path: Path) -> None:
    """ConfigCat's ``Operation.value``: ``type: object, additionalProperties: false`` and no
    properties, with examples ``{"percentage": 30, "value": true}`` its schema rejects."""
    schemas = {
        "Patch": {
            "type": "object",
            "properties": {"value": {"type": "object", "additionalProperties": False, "nullable": True}},
        }
    }
    api, _ = build(tmp_path, minimal(schemas=schemas))
    field = next(m for m in api.models if m.name == "Patch").fields[0]
    assert isinstance(field.type, NullableType) and isinstance(field.type.inner, MapType)
    assert field.type.inner.closed
    values = Values(api)
    assert values.from_example({"percentage": 30}, field.type, set()) is None
    empty = values.from_example({}, field.type, set())
    assert empty is not None and flat(empty) == "{}"
    example = values.from_example({"percentage": 30}, MapType(ANY), set())
    assert example is not None and flat(example) == '{"percentage": 30}'


def test_a_query_list_of_lists_is_left_out_or_skips(tmp_path: Path) -> None:
    """Twitter Labs' ``expansions``: an array whose items are arrays; no style spells it."""
    nested = {"type": "array", "items": {"type": "array", "items": {"type": "string"}}}
    paths = {
        "/tweets": {
            "get": {
                "operationId": "listTweets",
                "parameters": [
                    {"name": "expansions", "in": "query", "schema": nested},
                    {
                        "name": "fields",
                        "in": "query",
                        "schema": {"type": "array", "items": {"type": "string"}},
                    },
                ],
                "responses": {"204": {"description": "none"}},
            },
            "post": {
                "operationId": "searchTweets",
                "parameters": [{"name": "expansions", "in": "query", "required": True, "schema": nested}],
                "responses": {"204": {"description": "none"}},
            },
        }
    }
    spec = write_spec(tmp_path, minimal(paths=paths))
    text = generate_files(settings_for(spec, tmp_path / "out", package="t_sdk")).files["tests/test_tweets.py"]
    assert 'client.tweets.list(fields=["example"])' in text
    assert "the query parameter is a list of lists, which no parameter style spells" in text


def test_only_an_allof_of_scalar_types_no_value_has_is_unsatisfiable(tmp_path: Path) -> None:
    """A binary string with a length bound is a string (not "binary and string"); only the parts'
    declared types count, and no part is built as a class of its own."""
    schemas = {
        "Upload": {
            "type": "object",
            "properties": {
                "file": {
                    "allOf": [{"type": "string", "format": "binary"}, {"type": "string", "maxLength": 9}]
                },
                "color": {"allOf": [{"type": "string", "maxLength": 10}, {"enum": ["red", "blue"]}]},
                "size": {"allOf": [{"type": "string"}, {"type": "integer"}]},
                "ratio": {"allOf": [{"type": "integer"}, {"type": "number"}]},
            },
        }
    }
    api, _ = build(tmp_path, minimal(schemas=schemas))
    assert [m.name for m in api.models] == ["Upload"] and not api.enums
    fields = {f.name: f.type for f in api.models[0].fields}
    unsatisfiable = {
        name
        for name, t in fields.items()
        if isinstance(t, ScalarType) and dict(t.constraints).get("unsatisfiable")
    }
    assert unsatisfiable == {"size"}
