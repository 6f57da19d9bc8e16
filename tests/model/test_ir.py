"""$ref and oneOf/anyOf/allOf resolution into the intermediate model."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cache import Cache
from generator.config import load_settings
from generator.diagnostics import Report
from generator.model.build import build_api
from generator.model.ir import (
    Api,
    EnumType,
    ListType,
    LiteralType,
    MapType,
    ModelType,
    NullableType,
    ScalarType,
    UnionType,
)
from generator.pipeline import load

from support.paths import DAILY_FIXTURE_PYPROJECT
from support.specs import build, minimal


@pytest.fixture(scope="module")
def daily() -> Api:
    """The model of the frozen Daily fixture (never spec/, which upstream changes)."""
    settings = load_settings(pyproject=DAILY_FIXTURE_PYPROJECT, use_cache=False)
    report = Report()
    api = build_api(load(settings, report, Cache(None)), settings.model_options(), report)
    assert report.diagnostics == []
    return api


def _model(api: Api, name: str):  # type: ignore[no-untyped-def]
    return next(m for m in api.models if m.name == name)


def test_daily_resources_and_operation(daily: Api) -> None:
    assert [r.name for r in daily.resources] == ["meeting_tokens"]
    operation = daily.resources[0].operations[0]
    assert (operation.method_name, operation.http_method, operation.path) == (
        "create",
        "POST",
        "/meeting-tokens",
    )
    assert operation.security == (("bearerAuth",),)
    assert operation.body is not None and operation.body.model == "CreateMeetingTokenRequest"
    assert [bf.argument for bf in operation.body.fields] == ["properties"]
    assert operation.success is not None and operation.success.type == ModelType("CreateMeetingTokenResponse")
    assert [r.status for r in operation.errors] == ["400"]
    assert daily.servers[0].url == "https://api.daily.co/v1"
    assert [(s.key, s.kind) for s in daily.security_schemes] == [("bearerAuth", "bearer")]


def test_daily_token_properties_have_their_real_types(daily: Api) -> None:
    model = _model(daily, "MeetingTokenProperties")
    fields = {f.wire_name: f for f in model.fields}
    assert len(fields) == 24  # every property of the fixture's `properties` schema
    assert fields["room_name"].type == ScalarType("string")
    assert fields["exp"].type == ScalarType("integer", "int32")
    assert fields["is_owner"].type == ScalarType("boolean")
    assert fields["is_owner"].has_default and fields["is_owner"].default is False
    # $ref to a boolean component: inlined, with the component's description and default.
    assert fields["enable_terse_logging"].type == ScalarType("boolean")
    assert fields["enable_terse_logging"].description.startswith("Reduces the volume")
    assert fields["start_cloud_recording_opts"].type == MapType(ScalarType("any"))
    recording = EnumType("MeetingTokenPropertiesEnableRecording")
    assert fields["enable_recording"].type == UnionType((recording, ListType(recording)), combinator="oneOf")
    assert fields["lang"].type == EnumType("MeetingTokenPropertiesLang")
    assert fields["lang"].default == "en"
    assert fields["permissions"].type == ModelType("Permissions")
    assert not any(f.required for f in model.fields)


def test_daily_enums(daily: Api) -> None:
    enums = {e.name: e for e in daily.enums}
    lang = enums["MeetingTokenPropertiesLang"]
    assert [m.value for m in lang.members] == [
        "da",
        "de",
        "en",
        "es",
        "fi",
        "fr",
        "it",
        "jp",
        "ka",
        "nl",
        "no",
        "pt",
        "pt-BR",
        "pl",
        "ru",
        "sv",
        "tr",
        "user",
    ]
    assert [m.name for m in lang.members][10:13] == ["NO", "PT", "PT_BR"]
    assert [m.value for m in enums["MeetingTokenPropertiesEnableRecording"].members] == [
        "cloud",
        "cloud-audio-only",
        "local",
        "raw-tracks",
    ]


def test_daily_permissions_keep_wire_names(daily: Api) -> None:
    fields = {f.name: f for f in _model(daily, "Permissions").fields}
    assert {name: f.wire_name for name, f in fields.items()} == {
        "has_presence": "hasPresence",
        "can_send": "canSend",
        "can_receive": "canReceive",
        "can_admin": "canAdmin",
    }
    assert fields["can_send"].type == UnionType(
        (ScalarType("boolean"), ListType(ScalarType("string"))), combinator="oneOf"
    )
    assert fields["can_receive"].type == MapType(ScalarType("any"))


def test_daily_error_body(daily: Api) -> None:
    assert [(b.status, b.model) for b in daily.error_bodies] == [("400", "BadRequestResponse")]
    assert [f.name for f in _model(daily, "BadRequestResponse").fields] == ["error", "info"]


def test_refs_to_refs_and_shared_targets(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            paths={
                "/a": {
                    "get": {
                        "operationId": "getA",
                        "responses": {"200": {"$ref": "#/components/responses/Ok"}},
                    }
                }
            },
            schemas={
                "Alias": {"$ref": "#/components/schemas/Thing"},
                "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
            },
        )
        | {
            "components": {
                "schemas": {
                    "Alias": {"$ref": "#/components/schemas/Thing"},
                    "Thing": {"type": "object", "properties": {"id": {"type": "string"}}},
                },
                "responses": {
                    "Ok": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Alias"}}},
                    }
                },
            }
        },
    )
    operation = api.resources[0].operations[0]
    assert operation.success is not None and operation.success.type == ModelType("Thing")
    assert [m.name for m in api.models] == ["Thing"]


def test_recursive_and_mutually_recursive_schemas(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            schemas={
                "Tree": {
                    "type": "object",
                    "properties": {
                        "children": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}
                    },
                },
                "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
                "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
            }
        ),
    )
    models = {m.name: m for m in api.models}
    assert models["Tree"].fields[0].type == ListType(ModelType("Tree"))
    assert models["A"].fields[0].type == ModelType("B")
    assert models["B"].fields[0].type == ModelType("A")


def test_all_of_merges_fields_and_required(tmp_path: Path) -> None:
    api, report = build(
        tmp_path,
        minimal(
            schemas={
                "Base": {
                    "type": "object",
                    "required": ["id"],
                    "properties": {"id": {"type": "string"}, "n": {"type": "integer"}},
                },
                "Child": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Base"},
                        {
                            "type": "object",
                            "required": ["name"],
                            "properties": {"name": {"type": "string"}, "n": {"type": "string"}},
                        },
                    ]
                },
            }
        ),
    )
    child = next(m for m in api.models if m.name == "Child")
    assert [(f.name, f.required) for f in child.fields] == [("id", True), ("n", False), ("name", True)]
    assert child.fields[1].type == ScalarType("string")  # the last definition wins...
    assert any("different types" in d.message for d in report.diagnostics)  # ...and says so


def test_nullable_forms(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            version="3.1.0",
            schemas={
                "N": {
                    "type": "object",
                    "properties": {
                        "a": {"type": ["string", "null"]},
                        "b": {"oneOf": [{"type": "integer"}, {"type": "null"}]},
                        "c": {"const": "fixed"},
                        "d": {"type": ["string", "integer"]},
                    },
                },
            },
        ),
    )
    fields = {f.name: f.type for f in api.models[0].fields}
    assert fields["a"] == NullableType(ScalarType("string"))
    assert fields["b"] == NullableType(ScalarType("integer"))
    assert fields["c"] == LiteralType("fixed")
    assert fields["d"] == UnionType((ScalarType("string"), ScalarType("integer")))


def test_nullable_30(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            schemas={
                "N": {"type": "object", "properties": {"a": {"type": "string", "nullable": True}}},
            }
        ),
    )
    assert api.models[0].fields[0].type == NullableType(ScalarType("string"))


def test_discriminator_with_and_without_mapping(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            schemas={
                "Cat": {"type": "object", "properties": {"kind": {"type": "string"}}},
                "Dog": {"type": "object", "properties": {"kind": {"type": "string"}}},
                "Pet": {
                    "type": "object",
                    "properties": {
                        "pet": {
                            "oneOf": [
                                {"$ref": "#/components/schemas/Cat"},
                                {"$ref": "#/components/schemas/Dog"},
                            ],
                            "discriminator": {
                                "propertyName": "kind",
                                "mapping": {"cat": "#/components/schemas/Cat"},
                            },
                        }
                    },
                },
            }
        ),
    )
    pet = next(m for m in api.models if m.name == "Pet").fields[0].type
    assert isinstance(pet, UnionType) and pet.discriminator is not None
    assert dict(pet.discriminator.mapping) == {"cat": "Cat", "Dog": "Dog"}


def test_inline_names_come_from_context(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            paths={
                "/things": {
                    "post": {
                        "operationId": "CreateThing",
                        "tags": ["things"],
                        "requestBody": {
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "properties": {
                                            "shape": {
                                                "type": "object",
                                                "properties": {"sides": {"type": "integer"}},
                                            },
                                            "color": {"type": "string", "enum": ["red", "green"]},
                                        },
                                    }
                                }
                            }
                        },
                        "responses": {
                            "201": {
                                "description": "made",
                                "content": {
                                    "application/json": {
                                        "schema": {"type": "object", "properties": {"id": {"type": "string"}}}
                                    }
                                },
                            }
                        },
                    }
                }
            }
        ),
    )
    assert sorted(m.name for m in api.models) == [
        "CreateThingRequest",
        "CreateThingRequestShape",
        "CreateThingResponse",
    ]
    assert [e.name for e in api.enums] == ["CreateThingRequestColor"]


def test_component_names_win_over_inline_names(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            paths={
                "/x": {
                    "post": {
                        "operationId": "Create",
                        "requestBody": {
                            "content": {
                                "application/json": {
                                    "schema": {"type": "object", "properties": {"a": {"type": "string"}}}
                                }
                            }
                        },
                        "responses": {"204": {"description": "none"}},
                    }
                }
            },
            schemas={"CreateRequest": {"type": "object", "properties": {"b": {"type": "string"}}}},
        ),
    )
    names = sorted(m.name for m in api.models)
    assert names == ["CreateRequest", "CreateRequest2"]
    assert next(m for m in api.models if m.name == "CreateRequest").fields[0].wire_name == "b"


def test_schema_names_that_clash_with_the_sdk(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path,
        minimal(
            schemas={
                "Client": {"type": "object", "properties": {"a": {"type": "string"}}},
                "APIError": {"type": "object", "properties": {"a": {"type": "string"}}},
                "Model": {"type": "object", "properties": {"a": {"type": "string"}}},
                "model": {"type": "object", "properties": {"a": {"type": "string"}}},
            }
        ),
    )
    assert sorted(m.name for m in api.models) == ["ApiErrorModel", "Client", "ModelModel", "ModelModel2"]
    assert len({m.module.casefold() for m in api.models}) == 4


def test_sdk_client_class_name_is_reserved(tmp_path: Path) -> None:
    api, _ = build(
        tmp_path, minimal(schemas={"SdkClient": {"type": "object", "properties": {"a": {"type": "string"}}}})
    )
    assert [m.name for m in api.models] == ["SdkClientModel"]
