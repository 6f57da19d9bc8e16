"""$ref everywhere: other files, refs to refs, remote refs behind a flag, 3.1 siblings."""

from __future__ import annotations

import functools
import http.server
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generator.diagnostics import SpecError
from generator.model.ir import ListType, ModelType, ScalarType

from support.http_server import BackgroundServer
from support.specs import build, minimal


def _write(path: Path, document: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(document, sort_keys=False), encoding="utf-8")


def test_refs_into_other_files_relative_to_the_spec(tmp_path: Path) -> None:
    _write(
        tmp_path / "schemas" / "pet.yaml",
        {
            "Pet": {
                "type": "object",
                "properties": {
                    "name": {"type": "string"},
                    "owner": {"$ref": "../common.yaml#/components/schemas/Owner"},
                },
            }
        },
    )
    _write(
        tmp_path / "common.yaml",
        {
            "components": {
                "schemas": {
                    "Owner": {"type": "object", "properties": {"id": {"$ref": "#/components/schemas/Id"}}},
                    "Id": {"type": "integer", "format": "int64"},
                },
                "parameters": {"Limit": {"name": "limit", "in": "query", "schema": {"type": "integer"}}},
            }
        },
    )
    api, report = build(
        tmp_path,
        minimal(
            paths={
                "/pets": {
                    "get": {
                        "operationId": "ListPets",
                        "parameters": [{"$ref": "common.yaml#/components/parameters/Limit"}],
                        "responses": {
                            "200": {
                                "description": "ok",
                                "content": {
                                    "application/json": {
                                        "schema": {
                                            "type": "array",
                                            "items": {"$ref": "schemas/pet.yaml#/Pet"},
                                        }
                                    }
                                },
                            }
                        },
                    }
                }
            }
        ),
    )
    assert report.diagnostics == []
    operation = api.resources[0].operations[0]
    assert operation.success is not None and operation.success.type == ListType(ModelType("Pet"))
    assert [(p.name, p.type) for p in operation.parameters] == [("limit", ScalarType("integer"))]
    models = {m.name: m for m in api.models}
    assert models["Pet"].fields[1].type == ModelType("Owner")
    assert models["Owner"].fields[0].type == ScalarType("integer", "int64")


def test_a_ref_may_not_leave_the_spec_folder(tmp_path: Path) -> None:
    (tmp_path / "outside.yaml").write_text("Thing: {type: string}\n", encoding="utf-8")
    folder = tmp_path / "spec"
    folder.mkdir()
    schema = {"$ref": "../outside.yaml#/Thing"}
    document = minimal(schemas={"T": {"type": "object", "properties": {"a": schema}}})
    with pytest.raises(SpecError) as caught:
        build(folder, document)
    assert "points outside the spec's folder" in str(caught.value)
    assert caught.value.diagnostics[0].location is not None
    assert caught.value.diagnostics[0].location.pointer == "/components/schemas/T/properties/a/$ref"


@pytest.fixture
def remote_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    served = tmp_path / "served"
    served.mkdir()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    handler.log_message = lambda *args: None  # type: ignore[attr-defined, method-assign]
    with BackgroundServer(handler) as server:
        yield served, server.url


def test_remote_refs_need_the_flag(tmp_path: Path, remote_folder: tuple[Path, str]) -> None:
    served, url = remote_folder
    _write(
        served / "shared.yaml", {"Money": {"type": "object", "properties": {"amount": {"type": "integer"}}}}
    )
    document = minimal(
        schemas={"Price": {"type": "object", "properties": {"value": {"$ref": f"{url}/shared.yaml#/Money"}}}}
    )
    with pytest.raises(SpecError) as caught:
        build(tmp_path, document)
    assert "pass --allow-remote-refs" in str(caught.value)
    api, _ = build(tmp_path, document, allow_remote_refs=True)
    assert {m.name for m in api.models} == {"Price", "Money"}


def test_31_ref_siblings_and_webhooks(tmp_path: Path) -> None:
    document = minimal(
        version="3.1.0",
        schemas={
            "Base": {"type": "string", "description": "from the target"},
            "Holder": {
                "type": "object",
                "properties": {"a": {"$ref": "#/components/schemas/Base", "description": "from the sibling"}},
                "examples": [{"a": "x"}],
            },
        },
    )
    document["webhooks"] = {"newPet": {"post": {"responses": {"200": {"description": "ok"}}}}}
    api, report = build(tmp_path, document)
    holder = next(m for m in api.models if m.name == "Holder")
    assert holder.fields[0].description == "from the sibling"
    assert holder.examples == ({"a": "x"},)
    assert any("webhook 'newPet' has no JSON request body" in d.message for d in report.diagnostics)


def test_spec_that_is_only_a_bodiless_webhook_generates_a_client_without_events(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "Hooks", "version": "1"},
        "webhooks": {"ping": {"post": {"responses": {"200": {"description": "ok"}}}}},
    }
    api, report = build(tmp_path, document)
    assert api.resources == ()
    assert api.webhooks is not None and api.webhooks.events == ()
    assert [d.location.pointer for d in report.diagnostics if d.location] == ["/webhooks/ping/post"]


def test_every_ref_must_resolve_even_where_the_sdk_does_not_look(tmp_path: Path) -> None:
    """A broken $ref in a response header (which the SDK does not model) is still an error."""
    document = minimal(
        paths={
            "/a": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "headers": {"X-Rate": {"$ref": "#/components/headers/Missing"}},
                        }
                    }
                }
            }
        }
    )
    with pytest.raises(SpecError) as caught:
        build(tmp_path, document)
    location = caught.value.diagnostics[0].location
    assert location is not None
    assert location.pointer == "/paths/~1a/get/responses/200/headers/X-Rate/$ref"
    assert "unresolvable $ref '#/components/headers/Missing'" in caught.value.diagnostics[0].message
