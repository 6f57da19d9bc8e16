"""``$ref`` is followed wherever it stands, with a warning where OpenAPI allows none.

``tests/fixtures/multi-file/`` is laid out as DigitalOcean keeps its spec: ``paths``
refers to operation files, which refer to parameter, body, response, header and
example files by relative paths. Before operation references were followed, every
operation of such a spec came out hollow (no parameters, no body, returning ``None``).
``tests/fixtures/multi-file-bundled.yaml`` is its bundled form (Redocly's); both must give the same SDK.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.model.ir import ListType, ModelType
from generator.pipeline import build_model

from support.paths import FIXTURES

MULTI = FIXTURES / "multi-file" / "openapi.yaml"
BUNDLED = FIXTURES / "multi-file-bundled.yaml"


def files_of(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def generate(spec: Path, output: Path, *extra: str) -> tuple[int, str]:
    err = io.StringIO()
    argv = ["generate", "--spec", str(spec), "--output", str(output), "--package", "droplets", "--no-cache"]
    code = main([*argv, *extra], stdout=io.StringIO(), stderr=err)
    return code, err.getvalue()


def test_the_multi_file_layout_and_its_bundled_form_generate_the_same_sdk(tmp_path: Path) -> None:
    # Same output folder name (the generated README names it), in two places.
    code, _ = generate(MULTI, tmp_path / "multi" / "sdk")
    assert code == 0
    code, err = generate(BUNDLED, tmp_path / "bundled" / "sdk")
    assert code == 0, err
    multi, bundled = files_of(tmp_path / "multi" / "sdk"), files_of(tmp_path / "bundled" / "sdk")
    assert sorted(multi) == sorted(bundled)

    # The tests' copy of the spec is the same bundle for both (the bundled fixture is Redocly's
    # bundle of the files, and the generator bundles them the same way). Only the header naming
    # the spec file in every module differs, and the manifest, which records each file's id and
    # the spec's.
    def without_header(data: bytes) -> bytes:
        return data.split(b"\n", 1)[1] if data.startswith(b"# Generated from ") else data

    differing = [name for name in multi if without_header(multi[name]) != without_header(bundled[name])]
    assert differing == [".generator-manifest"]


def test_diff_between_the_multi_file_layout_and_its_bundled_form_finds_nothing() -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["diff", str(MULTI), str(BUNDLED), "--no-cache"], stdout=out, stderr=err)
    assert code == 0, err.getvalue()
    assert out.getvalue().strip() == "No differences."


def test_operations_behind_a_ref_are_not_hollow(tmp_path: Path) -> None:
    settings = load_settings(
        pyproject=None, specs=[str(MULTI)], output=str(tmp_path), package="d", use_cache=False
    )
    api, _ = build_model(settings)
    operations = {op.operation_id: op for resource in api.resources for op in resource.operations}
    assert sorted(operations) == [
        "droplet_actions_post",
        "droplets_create",
        "droplets_destroy",
        "droplets_get",
        "droplets_list",
    ]
    listing = operations["droplets_list"]
    assert [p.wire_name for p in listing.parameters] == ["per_page", "page", "tag_name"]
    assert listing.success is not None and listing.success.type == ModelType("AllDropletsResponse")
    model = {m.name: m for m in api.models}["AllDropletsResponse"]
    assert {f.wire_name: f.type for f in model.fields}["droplets"] == ListType(ModelType("Droplet"))
    create = operations["droplets_create"]
    assert create.body is not None and create.body.model == "DropletCreate"
    assert [p.wire_name for p in operations["droplets_get"].parameters] == ["droplet_id"]
    assert [r.status for r in operations["droplets_destroy"].responses] == ["204", "401"]


def test_a_ref_on_an_operation_is_a_warning_at_its_place(tmp_path: Path) -> None:
    code, err = generate(MULTI, tmp_path / "sdk")
    assert code == 0
    assert (
        "openapi.yaml:20:13: warning: OpenAPI does not allow a $ref in place of an Operation object; "
        "it was followed (resources/droplets/droplets_list.yml) (at #/paths/~1v2~1droplets/get/$ref)"
    ) in err
    assert (
        "droplet_item.yml:4:9: warning: OpenAPI does not allow a $ref in place of an Operation object"
    ) in err
    code, err = generate(MULTI, tmp_path / "strict", "--strict")
    assert code == 2
    assert "error: OpenAPI does not allow a $ref in place of an Operation object" in err


def test_refs_inside_referenced_files_are_all_checked(tmp_path: Path) -> None:
    """A broken header reference in a response file is an error, though the SDK never reads headers."""
    copy = tmp_path / "spec"
    shutil.copytree(MULTI.parent, copy)
    response = copy / "resources" / "droplets" / "responses" / "all_droplets.yml"
    text = response.read_text(encoding="utf-8")
    response.write_text(text.replace("#/ratelimit-remaining", "#/ratelimit-missing"), encoding="utf-8")
    settings = load_settings(
        pyproject=None,
        specs=[str(copy / "openapi.yaml")],
        output=str(tmp_path / "o"),
        package="d",
        use_cache=False,
    )
    with pytest.raises(SpecError) as raised:
        build_model(settings)
    (diagnostic,) = raised.value.diagnostics
    assert "unresolvable $ref '../../shared/headers.yml#/ratelimit-missing'" in diagnostic.message
    assert diagnostic.location is not None
    assert diagnostic.location.file.endswith("all_droplets.yml")
    assert diagnostic.location.pointer == "/headers/ratelimit-remaining/$ref"
    assert diagnostic.line == 4


INLINE = """\
openapi: 3.0.3
info: {title: Refs, version: '1'}
paths:
  /things:
    post:
      operationId: createThing
      parameters: {$ref: '#/x-lists/params'}
      requestBody:
        content: {$ref: '#/x-contents/thing'}
      responses: {$ref: '#/x-responses/thing'}
x-lists:
  params:
    - {name: dry_run, in: query, schema: {type: boolean}}
x-contents:
  thing:
    application/json: {$ref: '#/x-media/thing'}
x-media:
  thing:
    schema:
      type: object
      properties: {name: {type: string}}
x-responses:
  thing:
    '200':
      description: ok
      content: {$ref: '#/x-contents/thing'}
"""


def test_refs_where_openapi_allows_none_are_followed_with_warnings(tmp_path: Path) -> None:
    spec = tmp_path / "refs.yaml"
    spec.write_text(INLINE, encoding="utf-8")
    settings = load_settings(
        pyproject=None, specs=[str(spec)], output=str(tmp_path / "o"), package="r", use_cache=False
    )
    api, report = build_model(settings)
    (operation,) = api.resources[0].operations
    assert [p.wire_name for p in operation.parameters] == ["dry_run"]
    assert operation.body is not None and operation.body.model is not None
    assert operation.success is not None and isinstance(operation.success.type, ModelType)
    warned = {(d.message.split(";")[0], d.location.pointer if d.location else "") for d in report.warnings}
    assert warned >= {
        (
            "OpenAPI does not allow a $ref in place of a list of parameters",
            "/paths/~1things/post/parameters/$ref",
        ),
        (
            "OpenAPI does not allow a $ref in place of a content map",
            "/paths/~1things/post/requestBody/content/$ref",
        ),
        (
            "OpenAPI does not allow a $ref in place of the Responses object",
            "/paths/~1things/post/responses/$ref",
        ),
        (
            "OpenAPI does not allow a $ref in place of a Media Type object",
            "/x-contents/thing/application~1json/$ref",
        ),
    }
