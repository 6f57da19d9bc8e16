"""Hostile or unusual YAML: alias bombs end fast, and valid YAML that libyaml refuses is read.

The alias-bomb tests run the real command line in a subprocess with a timeout: before
the fix, the nine-level bomb of ``tests/fixtures/alias-bomb.yaml`` kept the generator
busy for minutes (``check_all_refs`` walked every expanded node).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.pipeline import build_model
from generator.spec.aliases import AliasBombError, check_expansion
from generator.spec.source import parse_text, parse_with_notes

from support.paths import FIXTURES, ROOT

BOMB = FIXTURES / "alias-bomb.yaml"
TAB_SPEC = FIXTURES / "yaml-tab-in-block-scalar.yaml"
TIMEOUT_SECONDS = 60


def run_cli(*argv: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    started = time.perf_counter()
    completed = subprocess.run(
        [sys.executable, "-m", "generator", *argv],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    return completed, time.perf_counter() - started


def moderate_aliases(levels: int, copies: int = 9) -> str:
    """A spec whose example aliases ``levels`` levels of ``copies`` copies of a small object."""
    lines = [
        "openapi: 3.0.3",
        "info: {title: Aliases, version: '1'}",
        "paths: {}",
        "components:",
        "  schemas:",
        "    Thing:",
        "      type: object",
        "      properties: {name: {type: string}}",
        "      example:",
        "        l0: &l0 {name: x}",
    ]
    for level in range(1, levels + 1):
        aliases = ", ".join([f"*l{level - 1}"] * copies)
        lines.append(f"        l{level}: &l{level} [{aliases}]")
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- alias bombs


def test_billion_laughs_is_refused_in_seconds_with_a_located_error(tmp_path: Path) -> None:
    completed, elapsed = run_cli(
        "generate", "--spec", str(BOMB), "--output", "sdk", "--package", "laughs", "--no-cache", cwd=tmp_path
    )
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    first = completed.stderr.splitlines()[0]
    assert first.startswith(f"{BOMB}:30:")
    assert "error: YAML aliases expand this document" in first
    assert "(at #/components/schemas/Laugh/example/lol5)" in first
    assert elapsed < 20, f"took {elapsed:.1f}s"
    assert not (tmp_path / "sdk").exists()


def test_diff_of_a_billion_laughs_ends_with_the_same_error(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(moderate_aliases(1), encoding="utf-8")
    completed, elapsed = run_cli("diff", str(good), str(BOMB), "--no-cache", cwd=tmp_path)
    assert completed.returncode != 0
    assert "YAML aliases expand this document" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert elapsed < 20, f"took {elapsed:.1f}s"


def test_a_bomb_in_the_parse_cache_is_refused_too(tmp_path: Path) -> None:
    """``diff`` primes the parse cache piece by piece: what it stored is checked when read."""
    import marshal

    from generator.cache import Cache
    from generator.drift.load import parse_cache_key
    from generator.spec.source import read_document

    text = BOMB.read_text(encoding="utf-8") + "# " + "x" * 70_000 + "\n"  # big enough to be cached
    path = tmp_path / "bomb.yaml"
    path.write_text(text, encoding="utf-8")
    cache = Cache(tmp_path / "cache")
    leaf: dict[str, object] = {"text": "lol"}
    level: object = leaf
    for _ in range(9):
        level = [level] * 9
    data = {"openapi": "3.0.3", "x-laughs": level}  # what diff would have stored
    cache.put_bytes("parsed", parse_cache_key(text, path), marshal.dumps(data))
    with pytest.raises(SpecError, match="YAML aliases expand this document"):
        read_document(path, cache)


def test_moderate_aliases_are_read_and_built(tmp_path: Path) -> None:
    spec = tmp_path / "aliases.yaml"
    spec.write_text(moderate_aliases(3), encoding="utf-8")
    data = parse_text(spec.read_text(encoding="utf-8"), spec, "aliases.yaml")
    assert len(data["components"]["schemas"]["Thing"]["example"]["l3"]) == 9
    out = tmp_path / "sdk"
    assert main(["generate", "--spec", str(spec), "--output", str(out), "--package", "al", "--no-cache"]) == 0


def test_an_alias_that_contains_itself_is_refused() -> None:
    text = "openapi: 3.0.3\nloop: &loop\n  again: *loop\n"
    with pytest.raises(SpecError, match="refers to a node that contains it") as raised:
        parse_text(text, Path("loop.yaml"), "loop.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.location is not None and diagnostic.location.pointer == "/loop/again"
    assert diagnostic.line == 2  # the anchored node the alias repeats


def test_expansion_is_counted_once_per_shared_object() -> None:
    level: object = {"a": 1}
    for _ in range(40):  # 2**40 nodes once expanded: only a walk that shares can count it
        level = [level, level]
    started = time.perf_counter()
    with pytest.raises(AliasBombError):
        check_expansion({"x": level})
    assert time.perf_counter() - started < 1


def test_a_schema_shared_by_aliases_becomes_one_model(tmp_path: Path) -> None:
    """The builder visits a shared inline schema once: 9**3 uses of it make one model, not 729."""
    lines = [
        "openapi: 3.0.3",
        "info: {title: Shared, version: '1'}",
        "paths:",
        "  /things:",
        "    get:",
        "      responses:",
        "        '200':",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema: {$ref: '#/components/schemas/Holder'}",
        "components:",
        "  schemas:",
        "    Holder:",
        "      type: object",
        "      properties:",
        "        s0: &s0 {type: object, properties: {x: {type: string}}}",
    ]
    for level in range(1, 4):
        lines.append(f"        s{level}: &s{level} {{anyOf: [{', '.join([f'*s{level - 1}'] * 9)}]}}")
    spec = tmp_path / "shared.yaml"
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    settings = load_settings(
        pyproject=None, specs=[str(spec)], output=str(tmp_path / "o"), package="sh", use_cache=False
    )
    api, _ = build_model(settings)
    assert sorted(m.name for m in api.models) == ["Holder", "HolderS0"]


# --------------------------------------------------------------------------- libyaml's tab bug


def test_a_tab_after_block_scalar_indentation_is_read_with_a_note(tmp_path: Path) -> None:
    completed, _ = run_cli(
        "generate",
        "--spec",
        str(TAB_SPEC),
        "--output",
        "sdk",
        "--package",
        "tabs",
        "--no-cache",
        cwd=tmp_path,
    )
    assert completed.returncode == 0, completed.stderr
    assert f"{TAB_SPEC}: note: libyaml refused this document" in completed.stderr
    assert "pure-Python loader" in completed.stderr
    assert (tmp_path / "sdk" / "tabs" / "models" / "payment.py").is_file()


def test_the_fallback_keeps_the_yaml_12_rules() -> None:
    data, notes = parse_with_notes(TAB_SPEC.read_text(encoding="utf-8"), TAB_SPEC, "tabs.yaml")
    assert len(notes) == 1
    assert data["info"]["description"].startswith("\tIndented by a tab")
    assert data["components"]["schemas"]["Payment"]["description"].startswith("\tA folded scalar")
    assert "on" in data["components"]["schemas"]["Payment"]["properties"]  # not True
    assert list(data["paths"]["/payments"]["post"]["responses"]) == ["200"]


def test_the_note_is_not_fatal_under_strict(tmp_path: Path) -> None:
    out = tmp_path / "sdk"
    argv = ["generate", "--spec", str(TAB_SPEC), "--output", str(out), "--package", "tabs", "--no-cache"]
    assert main([*argv, "--strict"]) == 0


def test_yaml_both_loaders_refuse_gets_the_error_it_got_before() -> None:
    text = "openapi: 3.0.3\ninfo: |\n\tA tab where the indentation should be.\n"
    with pytest.raises(SpecError) as raised:
        parse_text(text, Path("bad.yaml"), "bad.yaml")
    (diagnostic,) = raised.value.diagnostics
    assert diagnostic.message.startswith("could not parse YAML:")
    assert (diagnostic.line, diagnostic.column) == (3, 1)


def test_line_numbers_work_in_documents_only_the_fallback_reads(tmp_path: Path) -> None:
    from generator.spec.source import read_document

    document = read_document(TAB_SPEC)
    assert document.line_of("/components/schemas/Payment/properties/amount") == (34, 11)


def test_the_note_survives_merging_several_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # files are displayed relative to the working directory
    other = tmp_path / "other.yaml"
    other.write_text(
        "openapi: 3.0.3\ninfo: {title: Other, version: '1'}\npaths:\n"
        "  /other:\n    get:\n      responses: {'204': {description: none}}\n",
        encoding="utf-8",
    )
    settings = load_settings(
        pyproject=None,
        specs=[str(TAB_SPEC), str(other)],
        output=str(tmp_path / "o"),
        package="m",
        use_cache=False,
    )
    _, report = build_model(settings)
    (note,) = report.notes
    assert note.message.startswith(
        "tests/fixtures/yaml-tab-in-block-scalar.yaml: libyaml refused this document"
    )


def test_check_all_refs_visits_a_shared_node_once(tmp_path: Path) -> None:
    """Even past the loader's bound (a document built in memory), the reference walk stays linear."""
    from generator.spec.refs import Workspace
    from generator.spec.source import SourceDocument

    level: object = {"$ref": "#/components/schemas/Leaf"}
    for _ in range(60):  # 2**60 uses of one reference once expanded
        level = [level, level]
    data = {"openapi": "3.0.3", "x-shared": level, "components": {"schemas": {"Leaf": {"type": "string"}}}}
    document = SourceDocument(path=tmp_path / "spec.yaml", display="spec.yaml", text="", data=data)
    started = time.perf_counter()
    Workspace(document).check_all_refs()
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.json", '{"openapi": "3.0.3", "x": ' + "[" * 5000 + "]" * 5000 + "}"),
        ("deep.yaml", "openapi: 3.0.3\nx: " + "[" * 5000 + "]" * 5000 + "\n"),
        ("deep-block.yaml", "openapi: 3.0.3\nx:\n" + "".join(" " * i + "- \n" for i in range(0, 10000, 2))),
    ],
)
def test_a_spec_nested_too_deeply_to_read_is_one_located_error(tmp_path: Path, name: str, text: str) -> None:
    # Both parsers recurse once per level: this was a RecursionError traceback.
    spec = tmp_path / name
    spec.write_text(text, encoding="utf-8")
    completed, _ = run_cli(
        "generate", "--spec", str(spec), "--output", "out", "--package", "deep", cwd=tmp_path
    )
    assert completed.returncode == 2, completed.stderr
    assert completed.stderr.splitlines()[0] == (
        f"{name}: error: the spec nests arrays or mappings too deeply to read (hundreds of levels)"
    )
    assert "Traceback" not in completed.stderr
    assert not (tmp_path / "out").exists()
