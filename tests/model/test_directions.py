"""A class per direction for schemas with readOnly or writeOnly properties
(:mod:`generator.model.directions`), and the ``[tool.generator.directions]`` setting."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.model.ir import Api, ListType, Model, ModelType, Operation, UnionType

from support.paths import FIXTURES
from support.specs import build

FIXTURE = yaml.safe_load((FIXTURES / "directions" / "openapi.yaml").read_text(encoding="utf-8"))


def _spec() -> dict[str, Any]:
    return copy.deepcopy(FIXTURE)


def _models(api: Api) -> dict[str, Model]:
    return {model.name: model for model in api.models}


def _operation(api: Api, operation_id: str) -> Operation:
    return next(op for op, _ in api.operations if op.operation_id == operation_id)


def _fields(model: Model) -> dict[str, tuple[bool, bool, bool]]:
    """wire name → (required, read_only, write_only)."""
    return {f.wire_name: (f.required, f.read_only, f.write_only) for f in model.fields}


def test_a_schema_used_both_ways_has_an_answer_form_and_a_request_form(tmp_path: Path) -> None:
    api, report = build(tmp_path, _spec())
    models = _models(api)
    pet, request = models["Pet"], models["PetRequest"]
    assert (pet.direction, pet.counterpart, pet.write_only) == ("response", "PetRequest", ("secret",))
    assert (request.direction, request.counterpart, request.read_only) == (
        "request",
        "Pet",
        ("id", "created_at"),
    )
    # required holds per direction: the read-only id in answers, the write-only secret in requests.
    assert _fields(pet) == {
        "id": (True, True, False),
        "name": (True, False, False),
        "owner": (True, False, False),
        "tags": (False, False, False),
        "created_at": (False, True, False),
    }
    assert _fields(request) == {
        "name": (True, False, False),
        "secret": (True, False, True),
        "owner": (True, False, False),
        "tags": (False, False, False),
    }
    # References follow the direction: a request's owner is the owner's request form.
    assert {f.wire_name: f.type for f in pet.fields}["owner"] == ModelType("Owner")
    assert {f.wire_name: f.type for f in request.fields}["owner"] == ModelType("OwnerRequest")
    assert request.module != pet.module
    assert sorted(d.message for d in report.notes if d.kind == "directions") == [
        "Owner differs by direction (readOnly or writeOnly properties in it or in what it holds): "
        "answers are Owner, requests take OwnerRequest",
        "Pet differs by direction (readOnly or writeOnly properties in it or in what it holds): "
        "answers are Pet, requests take PetRequest",
    ]


def test_requests_take_the_request_forms_and_answers_the_answer_forms(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _spec())
    create = _operation(api, "createPet")
    assert create.body is not None
    assert (create.body.model, create.body.type) == ("PetRequest", ModelType("PetRequest"))
    assert [b.argument for b in create.body.fields] == ["name", "secret", "owner", "tags"]
    owner = next(b.field for b in create.body.fields if b.argument == "owner")
    assert owner.type == ModelType("OwnerRequest")
    assert create.success is not None and create.success.type == ModelType("Pet")
    listed = _operation(api, "listPets")
    assert listed.success is not None and listed.success.type == ListType(ModelType("Pet"))
    replace = _operation(api, "replacePet")
    assert replace.body is not None and replace.body.model == "ReplacePetRequest"
    assert {f.wire_name: f.type for f in _models(api)["ReplacePetRequest"].fields}["pet"] == ModelType(
        "PetRequest"
    )


def test_a_schema_one_direction_reaches_keeps_its_name(tmp_path: Path) -> None:
    api, _ = build(tmp_path, _spec())
    models = _models(api)
    note, audit = models["NewNote"], models["Audit"]
    # Only sent: no read-only id, no second class.
    assert (note.direction, note.counterpart, note.read_only) == ("request", None, ("id",))
    assert _fields(note) == {"text": (True, False, False), "stamp": (False, False, False)}
    # Every property of Stamp is read-only: its request form (it is only sent) has none.
    assert (models["Stamp"].direction, models["Stamp"].fields) == ("request", ())
    # Only answered: the read-only timestamp is required, as the spec says.
    assert (audit.direction, audit.counterpart) == ("response", None)
    assert _fields(audit) == {"at": (True, True, False), "by": (True, False, False)}
    assert not {"NewNoteRequest", "AuditRequest", "StrictRequest"} & set(models)
    # Answered only (and the inline body that holds a Pet): one class each.
    strict = models["Strict"]
    assert (strict.direction, strict.write_only, [f.wire_name for f in strict.fields]) == (
        "response",
        ("token",),
        ["count"],
    )
    assert models["ReplacePetRequest"].direction == "request"
    assert models["Tag"].direction == "both"


def test_schemas_without_read_only_or_write_only_are_left_as_they_were(tmp_path: Path) -> None:
    spec = _spec()
    for schema in spec["components"]["schemas"].values():
        for prop in schema["properties"].values():
            prop.pop("readOnly", None)
            prop.pop("writeOnly", None)
    split, _ = build(tmp_path, spec)
    one, _ = build(tmp_path, spec, split_directions=False)
    assert split == one
    assert all(model.direction == "both" for model in split.models)


def test_what_a_read_only_property_holds_is_never_sent(tmp_path: Path) -> None:
    """A Pet's read-only owner is not part of any request: Owner stays one class."""
    spec = _spec()
    pet = spec["components"]["schemas"]["Pet"]
    pet["properties"]["owner"] = {"allOf": [{"$ref": "#/components/schemas/Owner"}], "readOnly": True}
    del spec["paths"]["/owners/{owner_id}"]
    api, _ = build(tmp_path, spec)
    models = _models(api)
    assert "OwnerRequest" not in models
    assert "owner" not in {f.wire_name for f in models["PetRequest"].fields}
    assert models["Owner"].direction == "response"


def test_the_request_form_s_name_gives_way_to_a_schema_that_has_it(tmp_path: Path) -> None:
    spec = _spec()
    spec["components"]["schemas"]["PetRequest"] = {
        "type": "object",
        "properties": {"why": {"type": "string"}},
    }
    api, _ = build(tmp_path, spec)
    models = _models(api)
    assert [f.wire_name for f in models["PetRequest"].fields] == ["why"]
    assert models["PetRequest2"].counterpart == "Pet"
    assert models["Pet"].counterpart == "PetRequest2"


def test_recursive_and_union_references_take_the_request_forms(tmp_path: Path) -> None:
    spec = _spec()
    schemas = spec["components"]["schemas"]
    schemas["Folder"] = {
        "type": "object",
        "properties": {
            "id": {"type": "string", "readOnly": True},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Folder"}},
            "content": {
                "oneOf": [{"$ref": "#/components/schemas/Tag"}, {"$ref": "#/components/schemas/Owner"}]
            },
        },
    }
    spec["paths"]["/folders"] = {
        "post": {
            "operationId": "createFolder",
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Folder"}}}
            },
            "responses": {
                "200": {
                    "description": "ok",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Folder"}}},
                }
            },
        }
    }
    api, _ = build(tmp_path, spec)
    folder = {f.wire_name: f.type for f in _models(api)["FolderRequest"].fields}
    assert set(folder) == {"children", "content"}
    assert folder["children"] == ListType(ModelType("FolderRequest"))
    assert isinstance(folder["content"], UnionType)
    assert folder["content"].variants == (ModelType("Tag"), ModelType("OwnerRequest"))
    answer = {f.wire_name: f.type for f in _models(api)["Folder"].fields}
    assert answer["children"] == ListType(ModelType("Folder"))


def test_split_false_keeps_one_class_per_schema(tmp_path: Path) -> None:
    api, report = build(tmp_path, _spec(), split_directions=False)
    models = _models(api)
    assert not {"PetRequest", "OwnerRequest"} & set(models)
    assert _fields(models["Pet"])["secret"] == (True, False, True)
    assert _fields(models["NewNote"])["id"] == (False, True, False)
    assert all(model.direction == "both" for model in models.values())
    # As before the split: the read-only properties are no keyword arguments.
    create = _operation(api, "createPet")
    assert create.body is not None and "id" not in [b.argument for b in create.body.fields]
    assert not [d for d in report.notes if d.kind == "directions"]


@pytest.mark.parametrize("entry", ["Owner.id", "Owner"])
def test_send_read_only_makes_a_read_only_property_ordinary(tmp_path: Path, entry: str) -> None:
    api, _ = build(tmp_path, _spec(), send_read_only=(entry,))
    models = _models(api)
    assert "OwnerRequest" not in models
    assert _fields(models["Owner"]) == {"id": (True, False, False), "name": (True, False, False)}
    assert models["Owner"].direction == "both"
    # Pet still has its own read-only id: split, its request form holding the one Owner class.
    assert {f.wire_name: f.type for f in models["PetRequest"].fields}["owner"] == ModelType("Owner")
    replace_owner = _operation(api, "replaceOwner")
    assert replace_owner.body is not None
    assert [b.argument for b in replace_owner.body.fields] == ["id", "name"]


def test_send_read_only_reaches_properties_taken_through_all_of(tmp_path: Path) -> None:
    spec = _spec()
    schemas = spec["components"]["schemas"]
    schemas["Named"] = {"type": "object", "properties": {"key": {"type": "string", "readOnly": True}}}
    schemas["Label"] = {
        "allOf": [{"$ref": "#/components/schemas/Named"}, {"properties": {"text": {"type": "string"}}}]
    }
    spec["paths"]["/labels"] = {
        "post": {
            "operationId": "createLabel",
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Label"}}}
            },
            "responses": {"204": {"description": "done"}},
        }
    }
    api, _ = build(tmp_path, spec, send_read_only=("Named.key",))
    assert _fields(_models(api)["Label"])["key"] == (False, False, False)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "Ownr.id",
            "'Ownr.id' names no component schema of the spec (did you mean 'Owner'?); "
            "write 'Schema.property' or 'Schema' with the key under #/components/schemas",
        ),
        ("Owner.name", "'Owner.name': the schema 'Owner' has no readOnly property 'name'"),
        ("Tag", "'Tag': the schema 'Tag' has no readOnly property"),
    ],
)
def test_send_read_only_names_what_it_cannot_find(tmp_path: Path, entry: str, message: str) -> None:
    with pytest.raises(SpecError) as caught:
        build(tmp_path, _spec(), send_read_only=(entry,))
    assert caught.value.diagnostics[0].message == "[tool.generator.directions] send-read-only: " + message


def _pyproject(tmp_path: Path, directions: str) -> Path:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = ["a.yaml"]\noutput = "out"\npackage = "p"\n\n'
        f"[tool.generator.directions]\n{directions}",
        encoding="utf-8",
    )
    return pyproject


def test_the_directions_table_is_read_from_pyproject(tmp_path: Path) -> None:
    settings = load_settings(pyproject=_pyproject(tmp_path, 'split = false\nsend-read-only = ["Owner.id"]\n'))
    options = settings.model_options()
    assert (options.split_directions, options.send_read_only) == (False, ("Owner.id",))
    default = load_settings(pyproject=None, specs=["a.yaml"], output="out", package="p")
    assert (default.split_directions, default.send_read_only) == (True, ())


@pytest.mark.parametrize(
    ("table", "message", "line"),
    [
        ('split = "no"\n', "split 'no' is not true or false", 7),
        ('send-read-only = "Owner.id"\n', "send-read-only 'Owner.id' is not a list", 7),
        ('split = true\nsend-read-only = ["Owner.id", " "]\n', "send-read-only: ' ' is not a name", 8),
        ("reads = true\n", "[tool.generator.directions] takes 'split'", None),
    ],
)
def test_a_wrong_directions_table_is_one_clear_error(
    tmp_path: Path, table: str, message: str, line: int | None
) -> None:
    pyproject = _pyproject(tmp_path, table)
    with pytest.raises(SpecError) as caught:
        load_settings(pyproject=pyproject)
    found = caught.value.diagnostics[0]
    assert found.message.startswith(message)
    assert found.location is not None and found.location.file == str(pyproject)
    assert found.line == line


def test_each_form_s_examples_leave_out_what_it_leaves_out(tmp_path: Path) -> None:
    spec = _spec()
    example = {"id": "p-1", "name": "Rex", "secret": "s", "owner": {"name": "Ann"}}
    spec["components"]["schemas"]["Pet"]["example"] = example
    api, _ = build(tmp_path, spec)
    models = _models(api)
    assert models["Pet"].examples == ({"id": "p-1", "name": "Rex", "owner": {"name": "Ann"}},)
    assert models["PetRequest"].examples == ({"name": "Rex", "secret": "s", "owner": {"name": "Ann"}},)
