"""Model shapes of OpenAPI 3.0 and 3.1: discriminated unions, nullable fields and type lists,
additional properties, read-only properties, and models loaded on first use.

Each spec is small and inline; its SDK is generated once per module (a module fixture; package
names are unique in the session, see :mod:`support.feature_sdks`), imported, and called against
the scripted server on 127.0.0.1, so the assertions are on the exact bytes that went over the
socket and on exactly what the SDK made of the bytes that came back. The SDK is also
type-checked with ``mypy --strict`` once (the run's shared mypy cache).
"""

from __future__ import annotations

import datetime
import importlib
import inspect
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support.feature_sdks import assert_mypy_strict, feature_sdk, json_body, json_response, output_folder, ref
from support.http_server import ScriptedHTTPServer

# ======================================================= models (OpenAPI 3.0)


def _pet_variant(extra: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["pet_type", "name"],
        "properties": {"pet_type": {"type": "string"}, "name": {"type": "string"}, **extra},
    }


MODELS_SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Models API", "version": "1.0.0"},
    "servers": [{"url": "https://models.example.invalid"}],
    "paths": {
        "/owners/{owner_id}": {
            "get": {
                "operationId": "GetOwner",
                "tags": ["owners"],
                "parameters": [
                    {"name": "owner_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": json_response(ref("Owner"))},
            }
        },
        "/pets/{pet_id}": {
            "get": {
                "operationId": "GetPet",
                "tags": ["pets"],
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": json_response(ref("Pet"))},
            }
        },
        "/notes": {
            "post": {
                "operationId": "CreateNote",
                "tags": ["notes"],
                "requestBody": json_body(ref("Note")),
                "responses": {"200": json_response(ref("Note"))},
            }
        },
        "/counts": {
            "get": {
                "operationId": "GetCounts",
                "tags": ["counts"],
                "responses": {"200": json_response(ref("Counts"))},
            }
        },
        "/labels": {
            "get": {
                "operationId": "GetLabels",
                "tags": ["labels"],
                "responses": {"200": json_response(ref("Labeled"))},
            }
        },
        "/catalog": {
            "get": {
                "operationId": "GetCatalog",
                "tags": ["catalog"],
                "responses": {"200": json_response(ref("Catalog"))},
            }
        },
        "/widgets": {
            "post": {
                "operationId": "CreateWidget",
                "tags": ["widgets"],
                "requestBody": json_body(ref("Widget")),
                "responses": {"201": json_response(ref("Widget"))},
            }
        },
    },
    "components": {
        "schemas": {
            "Cat": _pet_variant({"lives": {"type": "integer"}}),
            "Dog": _pet_variant({"good_boy": {"type": "boolean"}}),
            "Pet": {
                "oneOf": [ref("Cat"), ref("Dog")],
                "discriminator": {
                    "propertyName": "pet_type",
                    "mapping": {"feline": "#/components/schemas/Cat", "canine": "#/components/schemas/Dog"},
                },
            },
            "PetShort": {
                "oneOf": [ref("Cat"), ref("Dog")],
                "discriminator": {"propertyName": "pet_type", "mapping": {"kitty": "Cat", "doggo": "Dog"}},
            },
            "PetByName": {
                "oneOf": [ref("Cat"), ref("Dog")],
                "discriminator": {"propertyName": "pet_type"},
            },
            "Owner": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "pet": ref("Pet"),
                    "other": ref("PetByName"),
                    "short": ref("PetShort"),
                    "pets": {"type": "array", "items": ref("Pet")},
                },
            },
            "Tag": {"type": "object", "required": ["label"], "properties": {"label": {"type": "string"}}},
            "Note": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "nullable": True},
                    "due": {"type": "integer", "nullable": True},
                    "parent": {"allOf": [ref("Tag")], "nullable": True},
                },
            },
            "Counts": {"type": "object", "additionalProperties": {"type": "integer"}},
            "Labeled": {
                "type": "object",
                "properties": {"name": {"type": "string"}},
                "additionalProperties": {"type": "integer"},
            },
            "Catalog": {
                "type": "object",
                "properties": {"title": {"type": "string"}},
                "additionalProperties": ref("Tag"),
            },
            "Widget": {
                "type": "object",
                "required": ["id", "name"],
                "properties": {
                    "id": {"type": "string", "readOnly": True},
                    "name": {"type": "string"},
                    "created_at": {"type": "string", "format": "date-time", "readOnly": True},
                    "size": {"type": "integer"},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def models30(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, MODELS_SPEC, "feat_models_sdk")


def _models_client(sdk: Any, server: ScriptedHTTPServer) -> Any:
    return sdk.FeatModelsClient(base_url=server.url, max_retries=0)


CAT = {"pet_type": "feline", "name": "Tom", "lives": 9}
DOG = {"pet_type": "canine", "name": "Rex", "good_boy": True}


def test_discriminator_with_mapping_picks_the_variant(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"name": "Ann", "pet": CAT, "pets": [DOG, CAT]}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        owner = client.owners.retrieve("o1")
    assert type(owner.pet) is models.Cat
    assert owner.pet == models.Cat(pet_type="feline", name="Tom", lives=9)
    assert [type(pet) for pet in owner.pets] == [models.Dog, models.Cat]
    assert owner.pets[0] == models.Dog(pet_type="canine", name="Rex", good_boy=True)
    assert owner.to_dict() == payload


def test_discriminator_without_mapping_uses_schema_names(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    cat = {"pet_type": "Cat", "name": "Tom"}
    dog = {"pet_type": "Dog", "name": "Rex", "good_boy": False}
    scripted_server.reply_json({"other": cat})
    scripted_server.reply_json({"other": dog})
    with _models_client(models30, scripted_server) as client:
        first = client.owners.retrieve("o1")
        second = client.owners.retrieve("o2")
    assert type(first.other) is models.Cat and first.other == models.Cat(pet_type="Cat", name="Tom")
    assert type(second.other) is models.Dog
    assert second.other == models.Dog(pet_type="Dog", name="Rex", good_boy=False)


def test_discriminator_mapping_to_bare_schema_names(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json({"short": {"pet_type": "doggo", "name": "Rex"}})
    scripted_server.reply_json({"short": {"pet_type": "kitty", "name": "Tom"}})
    with _models_client(models30, scripted_server) as client:
        dog = client.owners.retrieve("o1").short
        cat = client.owners.retrieve("o2").short
    assert type(dog) is models.Dog and dog == models.Dog(pet_type="doggo", name="Rex")
    assert type(cat) is models.Cat and cat == models.Cat(pet_type="kitty", name="Tom")


def test_discriminated_union_as_the_whole_response(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json(DOG)
    scripted_server.reply_json(CAT)
    with _models_client(models30, scripted_server) as client:
        dog = client.pets.retrieve("p1")
        cat = client.pets.retrieve("p2")
    assert type(dog) is models.Dog and dog == models.Dog(pet_type="canine", name="Rex", good_boy=True)
    assert type(cat) is models.Cat and cat.lives == 9


def test_unknown_discriminator_value_keeps_the_raw_object(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    bird = {"pet_type": "avian", "name": "Tweety", "wings": 2, "nested": {"a": [1, None]}}
    unmapped = {"pet_type": "feline", "name": "Tom", "lives": 9}  # a tag of the *other* union
    payload = {"name": "Ann", "pet": bird, "other": unmapped, "pets": [bird, CAT]}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        owner = client.owners.retrieve("o1")
    assert type(owner.pet) is dict and owner.pet == bird
    assert type(owner.other) is dict and owner.other == unmapped
    assert owner.pets[0] == bird
    assert owner.to_dict() == payload


def test_nullable_fields_round_trip_null(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    scripted_server.reply_json({"text": None, "due": None, "parent": None})
    scripted_server.reply_json({"text": "t", "due": 5, "parent": {"label": "p"}})
    with _models_client(models30, scripted_server) as client:
        empty = client.notes.create(text=None, due=None, parent=None)
        full = client.notes.create(text="t")
    sent_nulls, sent_text = scripted_server.requests
    assert sent_nulls.json == {"text": None, "due": None, "parent": None}
    assert sent_text.json == {"text": "t"}  # unset optional fields are not sent
    assert (empty.text, empty.due, empty.parent) == (None, None, None)
    assert empty.additional_properties == {}
    assert empty.to_dict() == {"text": None, "due": None, "parent": None}
    assert full == models.Note(text="t", due=5, parent=models.Tag(label="p"))
    assert models.Note.from_dict(empty.to_dict()) == empty


def test_additional_properties_without_properties_is_a_typed_dict(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    scripted_server.reply_json({"apples": 3, "pears": 0})
    with _models_client(models30, scripted_server) as client:
        # The resource class is not named ``Counts``: the schema took that name first.
        assert inspect.signature(type(client.counts).retrieve).return_annotation == "dict[str, int]"
        counts = client.counts.retrieve()
    assert type(counts) is dict and counts == {"apples": 3, "pears": 0}


def test_properties_and_additional_properties(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"name": "n", "x": 1, "y": 2}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        labeled = client.labels.retrieve()
    assert labeled == models.Labeled(name="n", additional_properties={"x": 1, "y": 2})
    assert labeled.to_dict() == payload


def test_additional_properties_of_a_model_type_are_decoded(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"title": "c", "first": {"label": "one"}, "second": {"label": "two", "x": True}}
    scripted_server.reply_json(payload)
    with _models_client(models30, scripted_server) as client:
        catalog = client.catalog.retrieve()
    assert catalog.title == "c"
    assert catalog.additional_properties == {
        "first": models.Tag(label="one"),
        "second": models.Tag(label="two", additional_properties={"x": True}),
    }
    assert catalog.to_dict() == payload


def test_read_only_properties_are_not_arguments_but_are_read(
    models30: Any, scripted_server: ScriptedHTTPServer
) -> None:
    models = importlib.import_module("feat_models_sdk.models")
    payload = {"id": "w-1", "name": "gear", "created_at": "2024-05-01T12:00:00Z", "size": 3}
    scripted_server.reply_json(payload, status=201)
    with _models_client(models30, scripted_server) as client:
        arguments = set(inspect.signature(type(client.widgets).create).parameters)
        assert {"name", "size"} <= arguments
        assert not {"id", "created_at"} & arguments
        widget = client.widgets.create(name="gear", size=3)
    assert scripted_server.requests[0].json == {"name": "gear", "size": 3}
    assert type(widget) is models.Widget
    assert (widget.id, widget.name, widget.created_at, widget.size) == (
        "w-1",
        "gear",
        datetime.datetime(2024, 5, 1, 12, 0, tzinfo=datetime.UTC),
        3,
    )
    assert widget.to_dict() == payload


def test_models_sdk_passes_mypy_strict(models30: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(models30, mypy_cache)


_FIRST_USE_PROBE = """
import json, sys
import feat_models_sdk as sdk

def models():
    return sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("feat_models_sdk.models."))

client = sdk.FeatModelsClient(base_url=sys.argv[1], max_retries=0)
for name in ("owners", "pets", "notes", "counts", "labels", "catalog", "widgets"):
    getattr(client, name)
touched = models()
owner = client.owners.retrieve(1)
print(json.dumps({"touched": touched, "called": models(), "pet": type(owner.pet).__name__}))
"""


def test_models_load_on_first_use(models30: Any, scripted_server: ScriptedHTTPServer) -> None:
    """Touching resources imports no model; a call imports the models of what it reads, no more."""
    scripted_server.reply_json({"name": "Ann", "pet": {"pet_type": "feline", "name": "Tom", "lives": 9}})
    result = subprocess.run(
        [sys.executable, "-c", _FIRST_USE_PROBE, scripted_server.url],
        cwd=output_folder(models30),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["touched"] == []
    # Owner's other fields (PetByName, PetShort, ...) were not in the answer: not imported.
    assert loaded["called"] == ["cat", "owner"]
    assert loaded["pet"] == "Cat"


# ======================================================= models (OpenAPI 3.1)

MODELS31_SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Models 3.1 API", "version": "1.0.0"},
    "servers": [{"url": "https://models31.example.invalid"}],
    "paths": {
        "/records": {
            "post": {
                "operationId": "CreateRecord",
                "tags": ["records"],
                "requestBody": json_body(ref("Record")),
                "responses": {"200": json_response(ref("Record"))},
            }
        },
    },
    "components": {
        "schemas": {
            "Ref": {"type": "object", "required": ["id"], "properties": {"id": {"type": "integer"}}},
            "Record": {
                "type": "object",
                "required": ["id", "label"],
                "properties": {
                    "id": {"type": "integer"},
                    "label": {"type": ["string", "null"]},
                    "score": {"type": ["number", "null"]},
                    "tags": {"type": ["array", "null"], "items": {"type": "string"}},
                    "parent": {"oneOf": [ref("Ref"), {"type": "null"}]},
                    "code": {"type": ["integer", "string"]},
                },
            },
        }
    },
}


@pytest.fixture(scope="module")
def models31(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return feature_sdk(tmp_path_factory, MODELS31_SPEC, "feat_models31_sdk")


def test_type_lists_with_null_round_trip(models31: Any, scripted_server: ScriptedHTTPServer) -> None:
    models = importlib.import_module("feat_models31_sdk.models")
    nulls = {"id": 1, "label": None, "score": None, "tags": None, "parent": None}
    values = {"id": 2, "label": "l", "score": 2, "tags": ["a"], "parent": {"id": 1}}
    scripted_server.reply_json(nulls)
    scripted_server.reply_json(values)
    with models31.FeatModels31Client(base_url=scripted_server.url, max_retries=0) as client:
        empty = client.records.create(id=1, label=None, score=None, tags=None, parent=None)
        full = client.records.create(id=2, label="l")
    sent_nulls, sent_values = scripted_server.requests
    assert sent_nulls.json == nulls
    assert sent_values.json == {"id": 2, "label": "l"}
    assert empty == models.Record(id=1, label=None, score=None, tags=None, parent=None)
    assert empty.additional_properties == {}
    assert empty.to_dict() == nulls
    assert full == models.Record(id=2, label="l", score=2.0, tags=["a"], parent=models.Ref(id=1))
    assert full.to_dict() == {**values, "score": 2.0}


def test_type_list_without_null_is_a_union(models31: Any, scripted_server: ScriptedHTTPServer) -> None:
    scripted_server.reply_json({"id": 1, "label": "a", "code": 404})
    scripted_server.reply_json({"id": 2, "label": "b", "code": "E404"})
    with models31.FeatModels31Client(base_url=scripted_server.url, max_retries=0) as client:
        number = client.records.create(id=1, label="a", code=404)
        text = client.records.create(id=2, label="b", code="E404")
    assert [request.json["code"] for request in scripted_server.requests] == [404, "E404"]
    assert (number.code, text.code) == (404, "E404")
    assert number.additional_properties == {} and text.additional_properties == {}


def test_models31_sdk_passes_mypy_strict(models31: Any, mypy_cache: Path) -> None:
    assert_mypy_strict(models31, mypy_cache)
