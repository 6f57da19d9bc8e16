"""Hand-written code beside the generated SDK survives regeneration (issue 18).

Each test is a small project in a temporary folder: a pyproject with ``[tool.generator]``,
a fixture spec (``tests/fixtures/hand-edits/``, changed per test), the generated output.
"""

from __future__ import annotations

import copy
import io
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.cli import main
from generator.emit.manifest import MANIFEST, read_manifest
from generator.emit.writer import owned_files

from support.hand_edits import AFTER_INIT, FIXTURES, HAND_METHOD, git
from support.paths import FIXTURES as ALL_FIXTURES

RESOURCE = "out/tokens_api/resources/meeting_tokens.py"


def spec_v1() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((FIXTURES / "v1.yaml").read_text(encoding="utf-8"))
    return data


def project(tmp_path: Path, spec: dict[str, Any], **table: Any) -> Path:
    """A project folder whose pyproject points at ``spec/api.yaml`` and the output ``out/``."""
    settings = {"spec": ["spec/api.yaml"], "output": "out", "package": "tokens_api", **table}
    lines = ["[tool.generator]"]
    for key, value in settings.items():
        items = ", ".join(f'"{v}"' for v in value) if isinstance(value, list) else None
        lines.append(f"{key} = [{items}]" if items is not None else f'{key} = "{value}"')
    (tmp_path / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    write_spec(tmp_path, spec)
    return tmp_path


def write_spec(root: Path, spec: dict[str, Any]) -> None:
    (root / "spec").mkdir(exist_ok=True)
    (root / "spec" / "api.yaml").write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")


def run(root: Path, command: str, *args: str) -> tuple[int, str, str]:
    """The command, without a cache unless ``args`` name one: the base of a merge then comes from git."""
    out, err = io.StringIO(), io.StringIO()
    cache = [] if "--cache-dir" in args else ["--no-cache"]
    code = main([command, "--config", str(root / "pyproject.toml"), *cache, *args], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def generate(root: Path, *args: str) -> str:
    code, out, err = run(root, "generate", *args)
    assert code == 0, out + err
    return err


def add_hand_method(root: Path) -> None:
    path = root / RESOURCE
    text = path.read_text(encoding="utf-8")
    assert text.count(AFTER_INIT) == 2  # the sync and the async class
    path.write_text(text.replace(AFTER_INIT, AFTER_INIT + HAND_METHOD, 1), encoding="utf-8")


def with_new_field(spec: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    changed["components"]["schemas"]["TokenRequest"]["properties"]["exp"] = {"type": "integer"}
    return changed


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def commit(root: Path, message: str = "work") -> None:
    """Commit everything, as a maintainer would between regenerations (the repository made on first use)."""
    if not (root / ".git").is_dir():
        git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


@needs_git
def test_an_edit_survives_a_spec_change_and_check_passes(tmp_path: Path) -> None:
    """Edited before its first commit: the base is rebuilt from the previous spec, found in git."""
    root = project(tmp_path, spec_v1())
    generate(root)
    add_hand_method(root)
    code, out, _ = run(root, "check")
    files = len(owned_files(root / "out")) + 1  # and the manifest
    assert code == 0 and f"up to date ({files} files, 1 with hand edits)" in out  # an edit is not drift
    commit(root)

    write_spec(root, with_new_field(spec_v1()))
    code, out, _ = run(root, "check")
    assert code == 1 and f"stale: {RESOURCE.removeprefix('out/')}" in out  # the spec changed
    err = generate(root)
    text = (root / RESOURCE).read_text(encoding="utf-8")
    assert HAND_METHOD in text and "exp: int | None = None" in text
    assert "merged your edits into tokens_api/resources/meeting_tokens.py" in err
    assert run(root, "check")[0] == 0

    before = snapshot(root / "out")
    code, out, err = run(root, "generate")  # two regenerations in a row change nothing
    assert code == 0 and "(0 written, 0 removed" in err and "merged" not in err
    assert snapshot(root / "out") == before


@needs_git
def test_an_overlapping_edit_is_a_conflict_and_nothing_else_is_lost(tmp_path: Path) -> None:
    """The pristine output was committed: the base is that blob, found by its id."""
    root = project(tmp_path, spec_v1())
    generate(root)
    commit(root)
    add_hand_method(root)
    path = root / RESOURCE
    edited = path.read_text(encoding="utf-8").replace(
        "        room_name: str | None = None,\n", '        room_name: str = "lobby",\n', 1
    )
    path.write_text(edited, encoding="utf-8")
    write_spec(root, with_new_field(spec_v1()))

    code, out, err = run(root, "check")
    assert code == 1 and "edits no longer apply (generate would leave conflict markers): " in out
    code, out, err = run(root, "generate")
    assert code == 1
    assert (
        "conflict: tokens_api/resources/meeting_tokens.py" in err
        and "error: conflict markers in 1 file; resolve them" in err
    )
    text = path.read_text(encoding="utf-8")
    assert (
        '<<<<<<< yours: tokens_api/resources/meeting_tokens.py\n        room_name: str = "lobby",\n' in text
    )
    assert ">>>>>>> new output: tokens_api/resources/meeting_tokens.py\n" in text
    assert HAND_METHOD in text  # the edit that did not overlap is merged as usual
    assert "exp: int | None = None" in (root / "out/tokens_api/models/token_request.py").read_text()
    code, out, _ = run(root, "check")
    assert code == 1 and "conflict markers: tokens_api/resources/meeting_tokens.py" in out
    code, _, err = run(root, "generate")  # until they are resolved
    assert code == 1 and "tokens_api/resources/meeting_tokens.py still holds conflict markers" in err
    assert path.read_text(encoding="utf-8") == text


def test_a_deleted_generated_file_is_written_again(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1())
    generate(root)
    (root / "out/tokens_api/models/token.py").unlink()
    code, out, _ = run(root, "check")
    assert code == 1 and "missing: tokens_api/models/token.py" in out
    err = generate(root)
    assert "restored tokens_api/models/token.py" in err
    assert (root / "out/tokens_api/models/token.py").is_file()


def _with_rooms(spec: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(spec)
    changed["paths"]["/rooms"] = {
        "get": {
            "tags": ["rooms"],
            "operationId": "listRooms",
            "summary": "List rooms",
            "responses": {
                "200": {
                    "description": "The rooms",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Token"}}},
                }
            },
        }
    }
    return changed


@needs_git
def test_a_file_no_longer_generated_keeps_its_edits(tmp_path: Path) -> None:
    root = project(tmp_path, _with_rooms(spec_v1()))
    generate(root)
    commit(root)
    rooms = root / "out/tokens_api/resources/rooms.py"
    rooms.write_text(rooms.read_text(encoding="utf-8") + "\n\nHELPER = 1\n", encoding="utf-8")
    write_spec(root, spec_v1())
    err = generate(root)
    assert rooms.is_file() and rooms.read_text(encoding="utf-8").endswith("HELPER = 1\n")
    assert "tokens_api/resources/rooms.py is no longer generated but holds your edits: left in place" in err
    assert not (root / "out/tests/test_rooms.py").exists()  # unedited files go as before


@needs_git
def test_an_edit_follows_a_renamed_resource(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1())
    generate(root)
    commit(root)
    add_hand_method(root)
    renamed = spec_v1()
    renamed["tags"] = [{"name": "tokens"}]
    renamed["paths"]["/meeting-tokens"]["post"]["tags"] = ["tokens"]
    write_spec(root, renamed)
    err = generate(root)
    moved = root / "out/tokens_api/resources/tokens.py"
    assert not (root / RESOURCE).exists()
    text = moved.read_text(encoding="utf-8")
    assert HAND_METHOD in text and "class Tokens:" in text
    assert (
        "moved your edits from tokens_api/resources/meeting_tokens.py to tokens_api/resources/tokens.py"
        in err
    )
    assert run(root, "check")[0] == 0


def test_extension_areas_are_never_written_removed_or_reported(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1(), **{"hand-written": ["tokens_api/compat.py", "docs/guides/"]})
    generate(root)
    own = {
        "out/tokens_api/lib/__init__.py": "",
        "out/tokens_api/lib/helpers.py": "def room_url(room: str) -> str:\n    return f'/rooms/{room}'\n",
        "out/examples/create_token.py": "print('example')\n",
        "out/tests/lib/test_helpers.py": "def test_nothing() -> None:\n    pass\n",
        "out/tokens_api/compat.py": "X = 1\n",
        "out/docs/guides/start.md": "# Start\n",
    }
    for name, text in own.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    code, out, _ = run(root, "check")
    assert code == 0, out
    write_spec(root, with_new_field(spec_v1()))
    err = generate(root)
    assert "not generated" not in err
    assert {name: (root / name).read_text(encoding="utf-8") for name in own} == own
    assert run(root, "check")[0] == 0


def test_a_kept_file_is_not_overwritten_and_each_run_says_how_it_differs(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1(), keep=["tokens_api/models/token_request.py"])
    generate(root)
    kept = root / "out/tokens_api/models/token_request.py"
    before = kept.read_text(encoding="utf-8")
    code, out, _ = run(root, "check")
    assert code == 0 and "kept tokens_api/models/token_request.py: the new output is the same" in out
    write_spec(root, with_new_field(spec_v1()))
    err = generate(root)
    assert kept.read_text(encoding="utf-8") == before
    assert "kept tokens_api/models/token_request.py: the new output would change it (+" in err
    assert run(root, "check")[0] == 0


def test_a_hand_written_file_where_the_generator_now_writes_one_is_kept_in_a_conflict(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1())
    generate(root)
    mine = root / "out/tokens_api/resources/rooms.py"
    mine.write_text('"""My own rooms module."""\n\nROOMS = ["lobby"]\n', encoding="utf-8")
    write_spec(root, _with_rooms(spec_v1()))
    code, _, err = run(root, "generate")
    assert code == 1
    assert "conflict: tokens_api/resources/rooms.py: its last generated version was not found" in err
    text = mine.read_text(encoding="utf-8")
    assert 'ROOMS = ["lobby"]' in text and "class Rooms:" in text and "<<<<<<< " in text


@needs_git
def test_a_new_template_is_not_reverted_by_the_merge(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The base comes from git when the generator changed since: its change arrives, the edit stays."""
    import generator.emit.provenance as provenance

    root = project(tmp_path, spec_v1())
    new_header = provenance.header_line
    monkeypatch.setattr(provenance, "header_line", lambda settings: "# Written by an older generator.\n")
    generate(root)
    commit(root, "pristine output of the old generator")
    add_hand_method(root)
    monkeypatch.setattr(provenance, "header_line", new_header)
    err = generate(root)
    text = (root / RESOURCE).read_text(encoding="utf-8")
    assert text.startswith("# Generated from api.yaml by openapi-sdk-generator") and HAND_METHOD in text
    assert "Written by an older generator" not in text
    assert "merged your edits into tokens_api/resources/meeting_tokens.py" in err


def test_the_manifest_records_blob_ids_and_inputs(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1())
    generate(root)
    manifest = (root / "out" / MANIFEST).read_text(encoding="utf-8")
    assert '# inputs: {"settings": {' in manifest and '"package": "tokens_api"' in manifest
    line = next(line for line in manifest.splitlines() if line.endswith(" tokens_api/models/token.py"))
    exe = shutil.which("git")
    if exe is not None:  # the same id git gives the file
        blob = subprocess.run(
            [exe, "hash-object", str(root / "out/tokens_api/models/token.py")],
            capture_output=True,
            text=True,
            check=True,
        )
        assert line.split()[0] == blob.stdout.strip()


def test_without_git_the_local_cache_holds_the_previous_spec(tmp_path: Path) -> None:
    root = project(tmp_path, spec_v1())
    cache = ["--cache-dir", str(tmp_path / "cache")]
    generate(root, *cache)
    add_hand_method(root)
    write_spec(root, with_new_field(spec_v1()))
    err = generate(root, *cache)
    text = (root / RESOURCE).read_text(encoding="utf-8")
    assert HAND_METHOD in text and "exp: int | None = None" in text and "<<<<<<<" not in text
    assert "merged your edits" in err


def split_project(root: Path) -> Path:
    """A project whose spec is the multi-file fixture (operations, models and responses in files
    of their own); the output is ``out/droplets_api``."""
    shutil.copytree(ALL_FIXTURES / "multi-file", root / "spec")
    settings = '[tool.generator]\nspec = ["spec/openapi.yaml"]\noutput = "out"\npackage = "droplets_api"\n'
    (root / "pyproject.toml").write_text(settings, encoding="utf-8")
    return root


def edit_after_imports(path: Path, line: str) -> None:
    """``line`` after the imports of a generated resource or model module (a region a spec change
    to its operations or fields leaves alone)."""
    text = path.read_text(encoding="utf-8")
    anchor = next(a for a in ("import httpx\n", "from .. import models\n") if a in text)
    path.write_text(text.replace(anchor, f"{anchor}\n{line}\n", 1), encoding="utf-8")


def test_a_split_spec_rebuilds_its_base_from_the_files_its_references_reach(tmp_path: Path) -> None:
    """No git: the old root comes from the local cache, and the files it refers to, unchanged,
    from the disk: the manifest records their ids beside the spec's, so the rebuild reads the
    spec as it was, and the edit merges instead of ending in conflict markers."""
    root = split_project(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    generate(root, *cache)
    recorded = read_manifest(root / "out").inputs["documents"]
    assert "resources/droplets/models/droplet.yml" in recorded and "openapi.yaml" not in recorded
    resource = root / "out/droplets_api/resources/droplets.py"
    edit_after_imports(resource, 'HAND_WRITTEN = "kept"')
    spec = root / "spec/openapi.yaml"
    actions = (
        "  /v2/droplets/{droplet_id}/actions:\n"
        "    post:\n"
        "      $ref: resources/droplets/droplet_actions_post.yml\n"
    )
    assert actions in spec.read_text(encoding="utf-8")
    spec.write_text(spec.read_text(encoding="utf-8").replace(actions, ""), encoding="utf-8")
    err = generate(root, *cache)
    text = resource.read_text(encoding="utf-8")
    assert 'HAND_WRITTEN = "kept"' in text and "<<<<<<<" not in text
    assert "def droplet(" not in text  # the removed operation's method is gone
    assert "merged your edits into droplets_api/resources/droplets.py" in err


def test_without_git_the_local_cache_holds_the_files_a_split_spec_refers_to(tmp_path: Path) -> None:
    """The model's own file changed since the last run, and there is no git: its old version is
    the copy the last run kept in the local cache, found by its recorded id."""
    root = split_project(tmp_path)
    cache = ["--cache-dir", str(tmp_path / "cache")]
    generate(root, *cache)
    model = root / "out/droplets_api/models/droplet.py"
    edit_after_imports(model, 'HAND_WRITTEN = "kept"')
    droplet = root / "spec/resources/droplets/models/droplet.yml"
    droplet.write_text(
        droplet.read_text(encoding="utf-8") + "  memory:\n    type: integer\n", encoding="utf-8"
    )
    err = generate(root, *cache)
    merged = model.read_text(encoding="utf-8")
    assert 'HAND_WRITTEN = "kept"' in merged and "memory: int | None" in merged and "<<<<<<<" not in merged
    assert "merged your edits into droplets_api/models/droplet.py" in err


@needs_git
def test_a_split_spec_finds_a_changed_files_old_version_in_git(tmp_path: Path) -> None:
    """The output was committed with the edit in it, so git holds no pristine version of the file;
    the model's own file changed since, and its old version is found in git by its recorded id."""
    root = split_project(tmp_path)
    generate(root)
    model = root / "out/droplets_api/models/droplet.py"
    edit_after_imports(model, 'HAND_WRITTEN = "kept"')
    commit(root)
    droplet = root / "spec/resources/droplets/models/droplet.yml"
    text = droplet.read_text(encoding="utf-8")
    droplet.write_text(text + "  memory:\n    type: integer\n", encoding="utf-8")
    err = generate(root)
    merged = model.read_text(encoding="utf-8")
    assert 'HAND_WRITTEN = "kept"' in merged and "memory: int | None" in merged and "<<<<<<<" not in merged
    assert "merged your edits into droplets_api/models/droplet.py" in err


def test_a_recorded_file_outside_the_spec_folder_is_never_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The manifest is a file in the repository: a recorded path that would leave the spec's
    folder makes the record unusable (no base), even where that path holds the recorded bytes,
    and the rebuild writes nothing outside its own folder."""
    root = split_project(tmp_path / "project")
    generate(root)
    manifest = root / "out" / MANIFEST
    text = manifest.read_text(encoding="utf-8")
    forged = text.replace('"resources/droplets/models/droplet.yml"', '"../../escaped.yml"', 1)
    assert forged != text
    manifest.write_text(forged, encoding="utf-8")
    droplet = root / "spec/resources/droplets/models/droplet.yml"
    (tmp_path / "escaped.yml").write_bytes(droplet.read_bytes())  # what the forged path names
    edit_after_imports(root / "out/droplets_api/models/droplet.py", 'HAND_WRITTEN = "kept"')
    droplet.write_text(
        droplet.read_text(encoding="utf-8") + "  memory:\n    type: integer\n", encoding="utf-8"
    )
    rebuilds = tmp_path / "rebuilds" / "in"
    rebuilds.mkdir(parents=True)
    monkeypatch.setattr(
        tempfile, "tempdir", str(rebuilds)
    )  # a rebuild: rebuilds/in/<x>/0, and ../../ is rebuilds/in
    code, _, err = run(root, "generate")
    assert code == 1 and "its last generated version was not found" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["escaped.yml", "project", "rebuilds"]
    assert list((tmp_path / "rebuilds").iterdir()) == [rebuilds] and list(rebuilds.iterdir()) == []


def test_without_any_base_both_versions_are_kept_in_a_conflict(tmp_path: Path) -> None:
    """No git, no cache: the edit cannot be told from the old output, so nothing is dropped."""
    root = project(tmp_path, spec_v1())
    generate(root)
    add_hand_method(root)
    write_spec(root, with_new_field(spec_v1()))
    code, _, err = run(root, "generate")
    assert code == 1 and "its last generated version was not found" in err
    text = (root / RESOURCE).read_text(encoding="utf-8")
    assert HAND_METHOD in text and "exp: int | None = None" in text and "<<<<<<<" in text


def test_without_the_old_version_a_new_template_is_a_conflict_not_a_revert(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No git: rebuilding the old output with the new templates gives another file, which must not
    serve as the base (it would make the old template look like the maintainer's edit)."""
    import generator.emit.provenance as provenance

    root = project(tmp_path, spec_v1())
    new_header = provenance.header_line
    monkeypatch.setattr(provenance, "header_line", lambda settings: "# Written by an older generator.\n")
    generate(root)
    add_hand_method(root)
    monkeypatch.setattr(provenance, "header_line", new_header)
    code, _, err = run(root, "generate")
    assert code == 1
    assert "conflict: tokens_api/resources/meeting_tokens.py: its last generated version was not found" in err
    text = (root / RESOURCE).read_text(encoding="utf-8")
    assert "# Generated from api.yaml" in text and HAND_METHOD in text


@needs_git
def test_allow_removals_still_keeps_an_edited_file(tmp_path: Path) -> None:
    """The spec loses every operation: refused without ``--allow-removals``; with it, unedited files
    go and the edited one stays, reported."""
    root = project(tmp_path, _with_rooms(spec_v1()))
    generate(root)
    commit(root)
    rooms = root / "out/tokens_api/resources/rooms.py"
    rooms.write_text(rooms.read_text(encoding="utf-8") + "\n\nHELPER = 1\n", encoding="utf-8")
    emptied = spec_v1()
    emptied["paths"] = {}
    write_spec(root, emptied)
    before = snapshot(root / "out")
    code, _, err = run(root, "generate")
    assert code == 1 and "refusing to write" in err and snapshot(root / "out") == before

    err = generate(root, "--allow-removals")
    assert not (root / RESOURCE).exists()
    assert rooms.read_text(encoding="utf-8").endswith("HELPER = 1\n")
    assert "tokens_api/resources/rooms.py is no longer generated but holds your edits: left in place" in err
