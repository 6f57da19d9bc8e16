"""Discriminator mapping values are component names or references, in one file or many.

``tests/fixtures/volumes/`` is laid out as DigitalOcean keeps its spec: request bodies are an
``anyOf`` of ``$ref: models/x.yml`` entries whose ``discriminator.mapping`` values are the same
relative file paths. Before mapping values were read as references, the generator took
``models/volume_action_post_attach.yml`` for a schema name and refused the whole spec.
``tests/fixtures/volumes-bundled/`` is its bundled form (as Redocly's bundler writes it); both must
give the same SDK, the tests' copy of the spec included.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cache import Cache
from generator.cli import main
from generator.diagnostics import Report, SpecError
from generator.emit.manifest import MANIFEST, parse_manifest
from generator.model.build import build_api
from generator.model.ir import Api, Discriminator, NullableType, TypeRef, UnionType
from generator.pipeline import load

from support.paths import FIXTURES
from support.specs import build, minimal, settings_for

MULTI = FIXTURES / "volumes" / "openapi.yaml"
BUNDLED = FIXTURES / "volumes-bundled" / "openapi.yaml"
INPUT_RECORD = ("# inputs: ", "# validation: ")
"""The manifest's lines that record what the output was made from."""


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(spec: Path, output: Path) -> tuple[int, str]:
    err = io.StringIO()
    argv = ["generate", "--spec", str(spec), "--output", str(output), "--package", "volumes", "--no-cache"]
    return main(argv, stdout=io.StringIO(), stderr=err), err.getvalue()


def body_discriminator(api: Api, operation_id: str) -> Discriminator | None:
    operation = next(op for r in api.resources for op in r.operations if op.operation_id == operation_id)
    assert operation.body is not None
    union: TypeRef = operation.body.type
    if isinstance(union, NullableType):
        union = union.inner
    assert isinstance(union, UnionType)
    return union.discriminator


def test_the_multi_file_layout_and_its_bundled_form_generate_byte_identical_sdks(tmp_path: Path) -> None:
    # Both spec files are called openapi.yaml, so the header naming the spec is the same too.
    code, err = generate(MULTI, tmp_path / "multi" / "sdk")
    assert code == 0, err
    code, err = generate(BUNDLED, tmp_path / "bundled" / "sdk")
    assert code == 0, err
    multi, bundled = files_of(tmp_path / "multi" / "sdk"), files_of(tmp_path / "bundled" / "sdk")
    assert sorted(multi) == sorted(bundled)
    assert "volumes/models/volume_action_post_attach.py" in multi
    # The tests' copy of the spec is one document for both (the multi-file one is bundled as
    # the bundled fixture was). Only the manifest differs, and in it only the record of the
    # inputs: the blob ids of the spec files and, for the multi-file one, of the files its
    # `$ref`s reach (from which a later run rebuilds this output as the base of a three-way
    # merge of hand edits), and the validator's findings on the root document,
    # keyed by its content hash (the multi-file root, validated on its own, has an operation
    # that is a `$ref`, which OpenAPI does not allow). Everything else it records is equal.
    differing = sorted(name for name in multi if multi[name] != bundled[name])
    assert differing == [MANIFEST]
    multi_manifest, bundled_manifest = (parse_manifest(m[MANIFEST].decode()) for m in (multi, bundled))
    assert multi_manifest.files == bundled_manifest.files
    assert multi_manifest.inputs["settings"] == bundled_manifest.inputs["settings"]
    assert set(bundled_manifest.inputs) == {"settings", "specs"}
    assert set(multi_manifest.inputs) == {"documents", "settings", "specs"}
    assert "resources/volumes/models/action.yml" in multi_manifest.inputs["documents"]
    assert multi_manifest.inputs["specs"] != bundled_manifest.inputs["specs"]
    assert without_input_record(multi[MANIFEST]) == without_input_record(bundled[MANIFEST])


def without_input_record(manifest: bytes) -> list[str]:
    return [line for line in manifest.decode().splitlines() if not line.startswith(INPUT_RECORD)]


@pytest.mark.parametrize("spec", [MULTI, BUNDLED], ids=["multi-file", "bundled"])
def test_file_paths_component_names_and_pointers_map_to_the_same_classes(spec: Path, tmp_path: Path) -> None:
    api = model_of(spec, tmp_path)
    assert body_discriminator(api, "volumeActions_post") == Discriminator(
        "type",
        (
            ("attach", "VolumeActionPostAttach"),
            ("detach", "VolumeActionPostDetach"),
            ("resize", "VolumeActionPostResize"),
        ),
    )
    # From a nested folder: ``../models/...`` and a pointer into a file of several schemas.
    assert body_discriminator(api, "snapshotActions_post") == Discriminator(
        "type", (("restore", "SnapshotActionRestore"), ("detach", "VolumeActionPostDetach"))
    )


def model_of(spec: Path, tmp_path: Path) -> Api:
    settings = settings_for(spec, output=tmp_path / "out")
    report = Report()
    return build_api(load(settings, report, Cache(None)), settings.model_options(), report)


def pets(mapping: dict[str, str], version: str) -> dict[str, Any]:
    cat = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
    dog = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}, "bark": {}}}
    union = {
        "anyOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}],
        "discriminator": {"propertyName": "kind", "mapping": mapping},
    }
    body = {"content": {"application/json": {"schema": union}}}
    paths = {"/pets": {"post": {"operationId": "add_pet", "requestBody": body, "responses": {"204": {}}}}}
    for responses in paths["/pets"]["post"]["responses"].values():
        responses["description"] = "Added."
    return minimal(paths, {"Cat": cat, "Dog": dog}, version=version)


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_single_file_spec_maps_names_pointers_and_relative_files(tmp_path: Path, version: str) -> None:
    # A file beside the spec holds a schema equal to Dog, under a folder reached by a relative path.
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "pets.yaml").write_text(
        yaml.safe_dump({"Bird": {"type": "object", "properties": {"kind": {"type": "string"}}}}),
        encoding="utf-8",
    )
    document = pets(
        {"cat": "Cat", "dog": "#/components/schemas/Dog", "bird": "shared/pets.yaml#/Bird"}, version
    )
    api, _ = build(tmp_path, document)
    discriminator = body_discriminator(api, "add_pet")
    assert discriminator is not None
    assert dict(discriminator.mapping) == {"cat": "Cat", "dog": "Dog", "bird": "Bird"}
    assert "Bird" in {m.name for m in api.models}


def test_a_variant_without_an_entry_is_named_after_its_file(tmp_path: Path) -> None:
    models = tmp_path / "models"
    models.mkdir()
    for name in ("cat", "dog"):
        schema = {"type": "object", "required": ["kind"], "properties": {"kind": {"type": "string"}}}
        (models / f"{name}.yml").write_text(yaml.safe_dump(schema), encoding="utf-8")
    document = pets({"cat": "models/cat.yml"}, "3.0.3")
    union = document["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    union["anyOf"] = [{"$ref": "models/cat.yml"}, {"$ref": "models/dog.yml"}]
    del document["components"]
    api, _ = build(tmp_path, document)
    discriminator = body_discriminator(api, "add_pet")
    assert discriminator is not None
    assert dict(discriminator.mapping) == {"cat": "Cat", "dog": "Dog"}


def test_an_unresolvable_mapping_value_is_an_error_at_its_place_in_its_file(tmp_path: Path) -> None:
    copy = tmp_path / "spec"
    shutil.copytree(MULTI.parent, copy)
    operation = copy / "resources" / "volumes" / "snapshots" / "snapshot_actions_post.yml"
    text = operation.read_text(encoding="utf-8")
    operation.write_text(text.replace("detach: '../models/", "detach: '../modelz/"), encoding="utf-8")
    code, err = generate(copy / "openapi.yaml", tmp_path / "sdk")
    assert code != 0
    first = err.splitlines()[0]
    place = str(operation)
    missing = copy / "resources" / "volumes" / "modelz" / "volume_action_post_detach.yml"
    assert first == (
        f"{place}:20:21: error: discriminator mapping value '../modelz/volume_action_post_detach.yml' "
        "is neither a schema in #/components/schemas nor a reference that resolves "
        f"(unresolvable $ref '../modelz/volume_action_post_detach.yml': no such file {missing}) "
        "(at #/requestBody/content/application~1json/schema/discriminator/mapping/detach)"
    )
    assert "Traceback" not in err


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
def test_a_name_that_is_no_component_is_an_error_naming_both_readings(tmp_path: Path, version: str) -> None:
    with pytest.raises(SpecError) as raised:
        build(tmp_path, pets({"cat": "Cat", "dog": "Doge"}, version))
    message = str(raised.value)
    assert "discriminator mapping value 'Doge' is neither a schema in #/components/schemas" in message
    assert "mapping/dog" in message


def test_a_mapping_value_that_is_no_string_is_passed_over(tmp_path: Path) -> None:
    """A warning at the entry; the variant is chosen by its schema name instead."""
    document = pets({"dog": "Dog"}, "3.1.0")
    union = document["paths"]["/pets"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    union["discriminator"]["mapping"]["cat"] = 5
    api, report = build(tmp_path, document)
    discriminator = body_discriminator(api, "add_pet")
    assert discriminator is not None
    assert dict(discriminator.mapping) == {"dog": "Dog", "Cat": "Cat"}
    assert any("mapping/cat" in str(w.location) for w in report.warnings)
