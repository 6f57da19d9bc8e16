"""The spec copy the SDK's tests serve with Prism is one self-contained document.

A multi-file spec is bundled the way Redocly's bundler does it: ``tests/fixtures/bundling/`` is a
spec split into files with name clashes, a file of several schemas, a recursive schema,
references from a sub-folder (``../models/...``) and discriminator mappings that are files, and
``redocly-bundle.yaml`` beside it is Redocly's bundle of it; the generator's bundle must be the
same document, key order included.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from generator.cache import Cache
from generator.diagnostics import Report, SpecError, unescape_token
from generator.emit.bundle import bundle
from generator.emit.writer import write
from generator.pipeline import generate_files, load
from generator.spec.refs import Workspace

from support.paths import FIXTURES
from support.sdk_test_run import outcome_counts, run_sdk_tests, written_tests
from support.specs import settings_for

BUNDLING = FIXTURES / "bundling"
VOLUMES = FIXTURES / "volumes" / "openapi.yaml"


def workspace_of(spec: Path) -> Workspace:
    return load(settings_for(spec, output=spec.parent / "out"), Report(), Cache(None), run_validator=False)


def write_files(folder: Path, files: dict[str, Any]) -> Path:
    """Each file (a path under ``folder``: its YAML data); the spec is ``openapi.yaml``."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder / "openapi.yaml"


def spec(paths: dict[str, Any], **components: Any) -> dict[str, Any]:
    document: dict[str, Any] = {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths}
    if components:
        document["components"] = components
    return document


def references(value: Any) -> list[str]:
    """Every ``$ref`` in ``value``, and every discriminator mapping value."""
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("$ref"), str):
            found.append(value["$ref"])
        mapping = value.get("discriminator", {}).get("mapping") if "discriminator" in value else None
        found.extend(mapping.values() if isinstance(mapping, dict) else ())
        for item in value.values():
            found.extend(references(item))
    elif isinstance(value, list):
        for item in value:
            found.extend(references(item))
    return found


def target(document: Any, ref: str) -> Any:
    """What the internal reference ``ref`` points at in ``document`` (``KeyError``: nothing)."""
    assert ref.startswith("#/"), ref
    value = document
    for token in ref[2:].split("/"):
        value = value[int(token)] if isinstance(value, list) else value[unescape_token(token)]
    return value


def assert_self_contained(document: Any) -> None:
    """No reference leaves the document, and each one reaches something (a mapping value that is
    no reference names a component schema)."""
    for ref in references(document):
        if not ref.startswith("#"):
            assert ref in document["components"]["schemas"], ref
            continue
        assert target(document, ref) is not None, ref


def test_the_bundle_is_redoclys() -> None:
    bundled = bundle(workspace_of(BUNDLING / "openapi.yaml"))
    expected = yaml.safe_load((BUNDLING / "redocly-bundle.yaml").read_text(encoding="utf-8"))
    assert json.dumps(bundled, indent=1) == json.dumps(expected, indent=1)
    assert_self_contained(bundled)


def test_a_name_taken_by_another_schema_gets_the_next_free_suffix() -> None:
    schemas = bundle(workspace_of(BUNDLING / "openapi.yaml"))["components"]["schemas"]
    # The declared `pet` keeps its name; models/people/pet.yml is finished first (models/pet.yml
    # refers to it), so it is pet-2, and models/pet.yml pet-3.
    assert schemas["pet"] == {"type": "string"}
    assert schemas["pet-2"] == {"type": "object", "properties": {"name": {"type": "string"}}}
    assert schemas["pet-3"]["properties"]["owner"] == {"$ref": "#/components/schemas/pet-2"}
    # A declared component that is a reference to a file now refers to that file's component.
    assert schemas["Owner"] == {"$ref": "#/components/schemas/pet-2"}


def test_references_from_a_sub_folder_and_into_a_file_of_several_parts() -> None:
    document = bundle(workspace_of(BUNDLING / "openapi.yaml"))
    listing = document["paths"]["/pets"]["get"]  # the path item's file, copied in its place
    assert listing["parameters"] == [{"$ref": "#/components/parameters/limit"}]
    assert listing["responses"]["404"] == {"$ref": "#/components/responses/NotFound"}
    assert listing["responses"]["200"]["content"]["application/json"]["schema"]["items"] == {
        "$ref": "#/components/schemas/pet-3"
    }
    assert list(document["components"]) == ["schemas", "parameters", "responses"]
    assert document["components"]["parameters"]["limit"]["in"] == "query"
    assert document["components"]["responses"]["NotFound"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Leaf"
    }


def test_a_recursive_schema_refers_to_its_own_component() -> None:
    schemas = bundle(workspace_of(BUNDLING / "openapi.yaml"))["components"]["schemas"]
    tree = schemas["Tree"]["properties"]
    assert tree["children"]["items"] == {"$ref": "#/components/schemas/Tree"}
    assert tree["leaf"] == {"$ref": "#/components/schemas/Leaf"}
    assert list(schemas) == ["pet", "Owner", "pet-2", "pet-3", "Leaf", "Tree"]


def test_a_schema_that_refers_to_itself_first_takes_its_place_before_the_rest(tmp_path: Path) -> None:
    """As in Redocly: its reference back to itself is finished before its other parts."""
    shapes = {
        "A": {"type": "object", "properties": {"self": {"$ref": "#/A"}, "b": {"$ref": "#/B"}}},
        "B": {"type": "string"},
    }
    media = {"application/json": {"schema": {"$ref": "shapes.yaml#/A"}}}
    paths = {"/t": {"get": {"responses": {"200": {"description": "An A.", "content": media}}}}}
    document = bundle(
        workspace_of(write_files(tmp_path, {"openapi.yaml": spec(paths), "shapes.yaml": shapes}))
    )
    assert list(document["components"]["schemas"]) == ["A", "B"]
    assert document["components"]["schemas"]["A"]["properties"] == {
        "self": {"$ref": "#/components/schemas/A"},
        "b": {"$ref": "#/components/schemas/B"},
    }


def test_discriminator_mapping_files_become_component_references() -> None:
    body = bundle(workspace_of(BUNDLING / "openapi.yaml"))["paths"]["/pets"]["post"]["requestBody"]
    union = body["content"]["application/json"]["schema"]
    assert union["oneOf"] == [{"$ref": "#/components/schemas/pet-3"}, {"$ref": "#/components/schemas/Tree"}]
    assert union["discriminator"]["mapping"] == {
        "pet": "#/components/schemas/pet-3",
        "tree": "#/components/schemas/Tree",
    }


def test_the_volumes_layout_bundles_to_a_valid_document_its_twin_names_the_same() -> None:
    """DigitalOcean's layout: its root on its own is no valid OpenAPI (an operation is a
    ``$ref``); its bundle is, and a component name in a mapping stays a name."""
    document = bundle(workspace_of(VOLUMES))
    validate(document)
    assert_self_contained(document)
    union = document["paths"]["/v2/volumes/{volume_id}/actions"]["post"]["requestBody"]["content"]
    mapping = union["application/json"]["schema"]["discriminator"]["mapping"]
    assert mapping["resize"] == "volume_action_post_resize"
    assert mapping["attach"] == "#/components/schemas/volume_action_post_attach"
    # The declared component that referred to the file holds the file's schema, in its place.
    schemas = document["components"]["schemas"]
    assert next(iter(schemas)) == "volume_action_post_resize"
    assert schemas["volume_action_post_resize"]["allOf"][0] == {
        "$ref": "#/components/schemas/volume_action_post_base"
    }


def test_the_loaded_documents_are_left_as_they_were() -> None:
    workspace = workspace_of(BUNDLING / "openapi.yaml")
    before = {key: copy.deepcopy(document.data) for key, document in workspace.documents.items()}
    bundle(workspace)
    assert {key: document.data for key, document in workspace.documents.items()} == before


def test_a_spec_of_one_document_is_its_own_bundle(tmp_path: Path) -> None:
    workspace = workspace_of(write_files(tmp_path, {"openapi.yaml": spec({})}))
    assert bundle(workspace) is workspace.root.data


def test_a_reference_with_siblings_keeps_them_in_their_place(tmp_path: Path) -> None:
    pet = {"type": "object", "properties": {"name": {"type": "string"}}}
    described = {"description": "The pet.", "$ref": "pet.yaml", "summary": "A pet."}
    media = {"application/json": {"schema": described}}
    paths = {"/pet": {"get": {"responses": {"200": {"description": "A pet.", "content": media}}}}}
    files = {"openapi.yaml": spec(paths) | {"openapi": "3.1.0"}, "pet.yaml": pet}
    document = bundle(workspace_of(write_files(tmp_path, files)))
    schema = document["paths"]["/pet"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert list(schema.items()) == [
        ("description", "The pet."),
        ("$ref", "#/components/schemas/pet"),
        ("summary", "A pet."),
    ]
    assert document["components"] == {"schemas": {"pet": pet}}


def test_a_cycle_outside_components_refers_back_to_where_it_was_copied(tmp_path: Path) -> None:
    """An extension has no component kind: its file is copied in its place, and a reference back
    into it points there (inside a component too, named only once it is finished)."""
    node = {"name": "node", "next": {"$ref": "node.yaml"}}
    schema = {"type": "object", "x-graph": {"$ref": "node.yaml"}}
    media = {"application/json": {"schema": {"$ref": "thing.yaml"}}}
    paths = {"/t": {"get": {"responses": {"200": {"description": "A thing.", "content": media}}}}}
    files = {
        "openapi.yaml": spec(paths) | {"x-graph": {"$ref": "node.yaml"}},
        "node.yaml": node,
        "thing.yaml": schema,
    }
    document = bundle(workspace_of(write_files(tmp_path, files)))
    assert document["x-graph"] == {"name": "node", "next": {"$ref": "#/x-graph"}}
    thing = document["components"]["schemas"]["thing"]
    assert thing["x-graph"] == {"name": "node", "next": {"$ref": "#/components/schemas/thing/x-graph"}}
    assert_self_contained(document)


def test_a_file_name_outside_what_openapi_allows_in_a_component_name(tmp_path: Path) -> None:
    media = {"application/json": {"schema": {"$ref": "my%20pet.yaml"}}}
    paths = {"/pet": {"get": {"responses": {"200": {"description": "A pet.", "content": media}}}}}
    files = {"openapi.yaml": spec(paths), "my pet.yaml": {"type": "string"}}
    document = bundle(workspace_of(write_files(tmp_path, files)))
    assert document["components"] == {"schemas": {"my_pet": {"type": "string"}}}


def test_a_document_nested_too_deeply_to_bundle_is_one_clear_error(tmp_path: Path) -> None:
    nested = '"leaf"'
    for _ in range(900):  # within what the JSON reader takes, beyond what a recursive walk does
        nested = '{"a": ' + nested + "}"
    (tmp_path / "deep.json").write_text(nested, encoding="utf-8")
    media = {"application/json": {"schema": {"type": "object"}, "example": {"$ref": "deep.json"}}}
    paths = {"/a": {"get": {"responses": {"200": {"description": "Deep.", "content": media}}}}}
    workspace = workspace_of(write_files(tmp_path, {"openapi.yaml": spec(paths)}))
    with pytest.raises(SpecError, match="nests too deeply to bring into one document"):
        bundle(workspace)


@pytest.mark.prism
def test_the_multi_file_specs_sdk_tests_pass_against_prism(tmp_path: Path) -> None:
    """Before the copy was bundled, Prism could not load it: every reference to another file dangled."""
    out = tmp_path / "sdk"
    write(out, generate_files(settings_for(VOLUMES, out, package="volumes_sdk"), validate=False).files)
    result = run_sdk_tests(out)
    counts = outcome_counts(result.stdout)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    expected = written_tests(out / "tests")
    assert expected > 0 and counts == {"passed": expected}, result.stdout[-2000:]
