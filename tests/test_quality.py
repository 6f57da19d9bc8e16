"""The generator and the generated SDK type-check under ``mypy --strict`` and pass ruff.

mypy and ruff judge the committed SDK (``generated/``): they assert nothing about what it
contains, only that it is clean, so after any upstream release they fail only for a broken
SDK. What depends on the spec's contents (the version, the install) uses the fixture SDK.
"""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support.daily_fixture import daily_sdk
from support.mypy import run_mypy
from support.paths import GENERATED, ROOT
from support.tools import require


def _run(*command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600, check=False)


def _ruff() -> str:
    path = shutil.which("ruff", path=str(Path(sys.executable).parent))
    if path is None:
        pytest.fail(
            "ruff is not installed: run `.venv/bin/pip install -e '.[dev]'` (README's set-up command)"
        )
    return path


def test_generated_sdk_passes_mypy_strict(mypy_cache: Path) -> None:
    result = run_mypy("--strict", "daily_api", "tests", cwd=GENERATED, cache=mypy_cache)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_passes_mypy_strict(mypy_cache: Path) -> None:
    result = run_mypy(cwd=ROOT, cache=mypy_cache)  # pyproject's [tool.mypy]: --strict over generator/
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_sdk_passes_ruff() -> None:
    result = _run(
        _ruff(), "check", "--no-cache", "--config", "pyproject.toml", "daily_api", "tests", cwd=GENERATED
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_and_tests_pass_ruff() -> None:
    result = _run(_ruff(), "check", "--no-cache", "generator", "tests", "benchmarks", cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_generated_sdk_imports_without_the_generator() -> None:
    """The SDK is standalone: it imports in a fresh interpreter with only httpx available."""
    code = (
        "import sys; import daily_api, daily_api.models, daily_api.errors;"
        "assert 'generator' not in sys.modules and 'jinja2' not in sys.modules;"
        "print(daily_api.__version__, daily_api.__file__)"
    )
    result = _run(sys.executable, "-c", code, cwd=daily_sdk())
    assert result.returncode == 0, result.stderr
    version, location = result.stdout.split()
    assert version == "1.1.1"  # the fixture spec's info.version
    assert location.startswith(str(daily_sdk()))


def test_generator_and_tests_are_black_formatted() -> None:
    require("black")
    result = _run(
        sys.executable, "-m", "black", "--check", "--quiet", "generator", "tests", "benchmarks", cwd=ROOT
    )
    assert result.returncode == 0, "run `black generator tests`:\n" + result.stderr


# ---------------------------------------------------------------- architecture

# Each stage of generator/ and what it may import. Data flows one way:
# drift → edits → pipeline → emit → model → spec → cache/diagnostics/versions/installed;
# ``runtime`` (the SDK's fixed modules, read as text) imports nothing of the generator. ``config`` (the user's
# settings) is read by every stage after ``model``; it builds the model's options
# (``model.options``) and spells names with ``model.naming``, so ``model`` never reads it.
STAGE_IMPORTS: dict[str, frozenset[str]] = {
    "foundation": frozenset({"foundation"}),
    "runtime": frozenset({"runtime"}),
    "spec": frozenset({"foundation", "spec"}),
    "model": frozenset({"foundation", "runtime", "spec", "model"}),
    "config": frozenset({"foundation", "config", "runtime", "model"}),
    "emit": frozenset({"foundation", "config", "runtime", "spec", "model", "emit"}),
    "pipeline": frozenset({"foundation", "config", "runtime", "spec", "model", "emit", "pipeline"}),
    "edits": frozenset({"foundation", "config", "emit", "pipeline", "edits"}),
    "drift": frozenset(
        {"foundation", "config", "runtime", "spec", "model", "emit", "pipeline", "edits", "drift"}
    ),
    "entry": frozenset(
        {"foundation", "config", "runtime", "spec", "model", "emit", "pipeline", "edits", "drift", "entry"}
    ),
}
_TOP_LEVEL_STAGES = {
    "diagnostics": "foundation",
    "cache": "foundation",
    "console": "foundation",
    "versions": "foundation",
    "installed": "foundation",
    "config": "config",
    "pipeline": "pipeline",
    "memo": "pipeline",
    "cli": "entry",
    "__main__": "entry",
    "__init__": "entry",
}
MAX_MODULE_LINES = 600


def _stage(module: str) -> str:
    """The stage of ``generator.<module>`` (``spec.refs`` → ``spec``)."""
    first = module.split(".")[0]
    return first if "." in module else _TOP_LEVEL_STAGES.get(first, first)


def _imported_modules(path: Path, package_root: Path) -> set[str]:
    """The ``generator`` modules that ``path`` imports, as dotted names below the package."""
    parts = list(path.relative_to(package_root).with_suffix("").parts)
    package = parts[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
                target = [*base, *(node.module.split(".") if node.module else [])]
            elif node.module and node.module.split(".")[0] == package_root.name:
                target = node.module.split(".")[1:]
            else:
                continue
            if node.module is None or not target:
                # ``from . import memo`` names modules, not attributes.
                found.update(".".join([*target, alias.name]) for alias in node.names)
            else:
                found.add(".".join(target))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == package_root.name and "." in alias.name:
                    found.add(alias.name.split(".", 1)[1])
    return found


def forbidden_imports(package_root: Path) -> list[str]:
    """Every import in ``package_root`` that runs against the stages' direction."""
    problems = []
    for path in sorted(package_root.rglob("*.py")):
        module = ".".join(path.relative_to(package_root).with_suffix("").parts)
        stage = _stage(module)
        allowed = STAGE_IMPORTS.get(stage, frozenset())
        for imported in sorted(_imported_modules(path, package_root)):
            if imported == "__version__":
                continue
            target = _stage(imported)
            if target not in allowed and imported not in allowed:
                problems.append(f"{module} ({stage}) imports {imported} ({target})")
    return problems


def test_stages_import_in_one_direction() -> None:
    assert forbidden_imports(ROOT / "generator") == []


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("spec/refs.py", "from ..model.ir import Api\n"),
        ("model/ir.py", "from ..emit.render import render\n"),
        ("emit/render.py", "from ..pipeline import generate_files\n"),
        ("pipeline.py", "from .drift.diff import diff_specs\n"),
        ("model/build.py", "import generator.drift.rules\n"),
        ("config.py", "from .emit.render import render\n"),
        ("model/build.py", "from ..config import Settings\n"),
    ],
)
def test_a_forbidden_import_is_reported(tmp_path: Path, module: str, line: str) -> None:
    """The rule can fail: the real package plus one import against the direction."""
    copy = tmp_path / "generator"
    shutil.copytree(ROOT / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    assert forbidden_imports(copy) == []
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + line, encoding="utf-8")
    problems = forbidden_imports(copy)
    assert len(problems) == 1 and problems[0].startswith(module.removesuffix(".py").replace("/", "."))


def test_stage_packages_say_what_they_take_and_give() -> None:
    for stage in ("spec", "model", "emit", "drift"):
        doc = ast.get_docstring(ast.parse((ROOT / "generator" / stage / "__init__.py").read_text()))
        assert doc and 2 <= len(doc.splitlines()) <= 5, stage


def test_no_generator_module_is_too_long() -> None:
    lengths = {
        str(path.relative_to(ROOT)): len(path.read_text(encoding="utf-8").splitlines())
        for path in [*(ROOT / "generator").rglob("*.py"), *(ROOT / "benchmarks").glob("*.py")]
    }
    assert {path: n for path, n in lengths.items() if n > MAX_MODULE_LINES} == {}


def test_the_sdk_installs_as_its_readme_says(tmp_path: Path) -> None:
    """``pip install ./generated`` (README's install line) gives an importable, typed package."""
    require("hatchling")
    # A private copy of the fixture SDK: building must not touch the folder every test imports.
    checkout = tmp_path / "checkout"
    shutil.copytree(daily_sdk(), checkout / GENERATED.name)
    readme = (checkout / GENERATED.name / "README.md").read_text(encoding="utf-8")
    assert f"pip install ./{GENERATED.name}" in readme
    target = tmp_path / "site"
    # Offline: the build backend comes from the dev environment instead of an isolated download.
    result = _run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--quiet",
        "--no-build-isolation",
        "--no-deps",
        "--no-index",
        "--target",
        str(target),
        f"./{GENERATED.name}",
        cwd=checkout,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (target / "daily_api" / "py.typed").is_file()
    code = "import daily_api, sys; print(daily_api.__version__, daily_api.__file__)"
    imported = _run(sys.executable, "-c", code, cwd=target)
    assert imported.returncode == 0, imported.stderr
    version, location = imported.stdout.split()
    assert version == "1.1.1" and location.startswith(str(target))  # the fixture spec's info.version
