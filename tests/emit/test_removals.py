"""Safe regeneration: ``generate`` and ``update`` refuse (exit 1, nothing written) to wipe the SDK."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main
from generator.emit.manifest import read_manifest
from generator.emit.removals import operations

from support.pagination_specs import document

WEBHOOKS_ONLY = """\
openapi: "3.1.0"
info: {title: Things, version: "2.0.0"}
webhooks:
  thingChanged:
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        "200": {description: ok}
"""


def _things(count: int) -> dict[str, Any]:
    """``count`` operations, each in a resource of its own with an answer model of its own."""
    answer = {"type": "object", "properties": {"name": {"type": "string"}}}
    return document(
        {
            f"/things{n}": {
                "get": {
                    "operationId": f"GetThing{n}",
                    "tags": [f"things{n}"],
                    "responses": {
                        "200": {"description": "ok", "content": {"application/json": {"schema": answer}}}
                    },
                }
            }
            for n in range(count)
        }
    )


def _write_spec(path: Path, spec: dict[str, Any] | str) -> Path:
    path.write_text(spec if isinstance(spec, str) else json.dumps(spec), encoding="utf-8")
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    assert out.getvalue() == ""
    return code, err.getvalue()


def _generate(spec: Path, output: Path, *flags: str) -> tuple[int, str]:
    return _run(
        "generate", "--spec", str(spec), "--output", str(output), "--package", "things", "--no-cache", *flags
    )


OPERATIONS = 10
"""The operations of the SDK the tests start from: enough that keeping one removes more than
half of its files, beside the ~30 fixed files (runtime, README, docs index) every SDK has."""


@pytest.fixture
def sdk(tmp_path: Path) -> Path:
    """An SDK of :data:`OPERATIONS` operations, generated into ``tmp_path/sdk``."""
    output = tmp_path / "sdk"
    code, err = _generate(_write_spec(tmp_path / "many.json", _things(OPERATIONS)), output)
    assert code == 0, err
    return output


def test_a_spec_without_operations_does_not_wipe_the_sdk(tmp_path: Path, sdk: Path) -> None:
    before = _snapshot(sdk)
    spec = _write_spec(tmp_path / "hooks.yaml", WEBHOOKS_ONLY)
    code, err = _generate(spec, sdk)
    assert code == 1
    assert _snapshot(sdk) == before
    lines = err.splitlines()
    refusal = next(line for line in lines if line.startswith("error: "))
    assert refusal.startswith(
        f"error: refusing to write {sdk}: the new spec has no operation, but the SDK there has {OPERATIONS}"
    )
    gone = ", ".join(f"things_{n}.retrieve" for n in range(OPERATIONS))
    assert f"  operations that would go: {gone}" in lines
    assert "  would remove: things/models/get_thing_0_response.py" in lines
    assert lines[-1] == "nothing was written; pass --allow-removals if the spec really lost them"
    assert not any(line.startswith("generated ") for line in lines)

    code, err = _generate(spec, sdk, "--allow-removals")
    assert code == 0, err
    assert not (sdk / "things" / "resources" / "things_0.py").exists()
    assert operations(_snapshot(sdk)) == ()


def test_removing_more_than_the_limit_is_refused_and_the_limit_is_a_setting(
    tmp_path: Path, sdk: Path
) -> None:
    before = _snapshot(sdk)
    one = _write_spec(tmp_path / "one.json", _things(1))
    code, err = _generate(one, sdk)
    assert code == 1
    assert _snapshot(sdk) == before
    owned = len(read_manifest(sdk).files)
    assert f"of the {owned} files the generator owns there (" in err and "removal-limit is 50 %)" in err
    assert (
        "  operations that would go: " + ", ".join(f"things_{n}.retrieve" for n in range(1, OPERATIONS))
        in err
    )
    assert "  ... and " in err  # more files than are named one by one

    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("[tool.generator]\nremoval-limit = 90\n", encoding="utf-8")
    code, err = _generate(one, sdk, "--config", str(pyproject))
    assert code == 0, err
    assert operations(_snapshot(sdk)) == ("things_0.retrieve",)


def test_small_removals_and_first_runs_go_ahead(tmp_path: Path, sdk: Path) -> None:
    code, err = _generate(_write_spec(tmp_path / "seven.json", _things(7)), sdk)
    assert code == 0, err
    assert "(0 written, " not in err and " removed; " in err
    hooks = _write_spec(tmp_path / "hooks.yaml", WEBHOOKS_ONLY)
    assert _generate(hooks, tmp_path / "fresh")[0] == 0  # an empty folder loses nothing


@pytest.mark.parametrize("value", ["-1", "101", '"half"', "true"])
def test_a_removal_limit_that_is_not_a_percentage_is_an_input_error(tmp_path: Path, value: str) -> None:
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(f"[tool.generator]\nremoval-limit = {value}\n", encoding="utf-8")
    code, err = _generate(
        _write_spec(tmp_path / "one.json", _things(1)), tmp_path / "sdk", "--config", str(pyproject)
    )
    assert code == 2
    assert f"error: removal-limit {json.loads(value)!r} is not a percentage (a number from 0 to 100)" in err
    assert not (tmp_path / "sdk").exists()


def test_update_refuses_an_upstream_without_operations(tmp_path: Path) -> None:
    """The spec file, the SDK and the CHANGELOG stay as they were; --allow-removals takes it."""
    (tmp_path / "spec").mkdir()
    _write_spec(tmp_path / "spec" / "api.json", _things(8))
    _write_spec(tmp_path / "upstream.yaml", WEBHOOKS_ONLY)
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        '[tool.generator]\nspec = "spec/api.json"\noutput = "sdk"\npackage = "things"\n'
        'upstream = ["upstream.yaml"]\nchangelog = "sdk/CHANGELOG.md"\n',
        encoding="utf-8",
    )
    assert _run("generate", "--config", str(pyproject), "--no-cache")[0] == 0
    before = _snapshot(tmp_path)

    out, err = io.StringIO(), io.StringIO()
    code = main(["update", "--config", str(pyproject), "--no-cache"], stdout=out, stderr=err)
    assert code == 1, out.getvalue() + err.getvalue()
    assert f"refusing to write {tmp_path / 'sdk'}: the new spec has no operation" in err.getvalue()
    assert "things_7.retrieve" in err.getvalue()
    assert _snapshot(tmp_path) == before
    assert not list(tmp_path.rglob("*.tmp"))

    out, err = io.StringIO(), io.StringIO()
    code = main(
        ["update", "--config", str(pyproject), "--no-cache", "--allow-removals"], stdout=out, stderr=err
    )
    assert code == 0, err.getvalue()
    assert operations(_snapshot(tmp_path / "sdk")) == ()
    assert (tmp_path / "sdk" / "CHANGELOG.md").is_file()


def test_operations_are_counted_by_their_pages(tmp_path: Path, sdk: Path) -> None:
    """The guard counts operations by their docs pages: one page per operation the model has."""
    from generator.config import load_settings
    from generator.pipeline import generate_files

    spec = tmp_path / "many.json"
    settings = load_settings(
        pyproject=None, specs=[str(spec)], output=str(sdk), package="things", use_cache=False
    )
    result = generate_files(settings, validate=False)
    assert len(operations(result.files)) == result.operations == OPERATIONS
