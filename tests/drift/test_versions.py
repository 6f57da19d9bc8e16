"""The SDK's package version: PEP 440 for every spec, ``[tool.generator] version`` overrides, and the
release rule ``update`` applies (semantic and calendar versions)."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from packaging.version import Version

from generator.cli import main
from generator.config import load_settings
from generator.diagnostics import SpecError
from generator.pipeline import generate_files
from generator.versions import Bump, next_version, package_version

_SPEC = """\
openapi: 3.1.0
info:
  title: Versions
  version: {version}
paths:
  /things:
    get:
      operationId: ListThings
      responses:
        '200':
          description: ok
"""


@pytest.mark.parametrize(
    ("info_version", "expected", "warned"),
    [
        ("1.1.1", "1.1.1", False),
        ("v2.0", "2.0", False),
        ("1.0-beta", "1.0b0", False),
        ("2023-08-16", "2023.8.16", False),
        ("2019-10-01-preview", "2019.10.1rc0", False),  # PEP 440 reads "preview" as a release candidate
        ("2024-02-30", "2024", True),  # not a date: its first dotted numbers
        ("2023-08-16-internal", "2023.8.16", True),
        ("1.0.0-SNAPSHOT", "1.0.0", True),
        ("Release 3.1 (beta)", "3.1", True),
        ("latest", "0.0.0", True),
    ],
)
def test_package_version_is_pep_440(info_version: str, expected: str, warned: bool) -> None:
    version = package_version(info_version)
    assert version == expected
    assert str(Version(version)) == version
    assert (version.problem is not None) is warned


@pytest.mark.parametrize(
    ("previous", "bump", "upstream", "expected"),
    [
        ("1.1.1", Bump.MAJOR, "1.1.2", "2.0.0"),
        ("1.1.1", Bump.MINOR, None, "1.2.0"),
        ("1.1.1", Bump.PATCH, None, "1.1.2"),
        ("2.3", Bump.MINOR, None, "2.4.0"),
        ("1.0.0b2", Bump.PATCH, None, "1.0.1"),
        ("1!1.0", Bump.MAJOR, None, "1!2.0.0"),
        ("0.4.1", Bump.MAJOR, None, "0.5.0"),  # below 1.0, breaking bumps the minor version
        ("0.4.1", Bump.MINOR, None, "0.4.2"),
        # Calendar versions: the upstream's date when later, else a further component.
        ("2023.8.16", Bump.MAJOR, "2024-01-05", "2024.1.5"),
        ("2023.8.16", Bump.PATCH, "2023-08-16", "2023.8.16.1"),
        ("2023.8.16.1", Bump.MINOR, "2023-08-16", "2023.8.16.2"),
        ("2023.8.16", Bump.MINOR, "2022-01-01", "2023.8.16.1"),  # upstream went back: never downgrade
        ("2023.8.16", Bump.MINOR, "3.0", "2023.8.16.1"),
        ("2023.8.16", Bump.MINOR, None, "2023.8.16.1"),
    ],
)
def test_next_version(previous: str, bump: Bump, upstream: str | None, expected: str) -> None:
    assert next_version(previous, bump, upstream=upstream) == expected
    assert Version(expected) > Version(previous)


def _project(tmp_path: Path, info_version: str, *, setting: str | None = None) -> Path:
    (tmp_path / "spec.yaml").write_text(_SPEC.format(version=info_version), encoding="utf-8")
    lines = ["[tool.generator]", 'spec = "spec.yaml"', 'output = "out"', 'package = "versions_api"']
    if setting is not None:
        lines.append(f"version = {setting}")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pyproject


def _sdk_versions(pyproject: Path) -> tuple[str, str, list[str]]:
    result = generate_files(load_settings(pyproject=pyproject, use_cache=False), validate=False)
    project = tomllib.loads(result.files["pyproject.toml"])["project"]["version"]
    module = result.files["versions_api/_version.py"]
    namespace: dict[str, object] = {}
    exec(compile(module, "_version.py", "exec"), namespace)
    return project, str(namespace["__version__"]), [w.format() for w in result.report.warnings]


def test_a_date_version_gives_a_calendar_package_version(tmp_path: Path) -> None:
    project, module, warnings = _sdk_versions(_project(tmp_path, "'2023-08-16'"))
    assert (project, module) == ("2023.8.16", "2023.8.16")
    assert not [w for w in warnings if "PEP 440" in w]
    result = generate_files(
        load_settings(pyproject=tmp_path / "pyproject.toml", use_cache=False), validate=False
    )
    assert "API version 2023-08-16" in result.files["README.md"]  # the API's version as written


def test_an_unreadable_version_warns_where_it_is(tmp_path: Path) -> None:
    project, module, warnings = _sdk_versions(_project(tmp_path, "1.0.0-SNAPSHOT"))
    assert project == module == "1.0.0"
    [warning] = [w for w in warnings if "PEP 440" in w]
    assert "spec.yaml:4:" in warning and "#/info/version" in warning
    assert "'1.0.0-SNAPSHOT'" in warning and "giving 1.0.0" in warning


def test_the_version_setting_overrides_the_spec(tmp_path: Path) -> None:
    project, module, warnings = _sdk_versions(_project(tmp_path, "1.0.0-SNAPSHOT", setting='"4.2.0"'))
    assert project == module == "4.2.0"
    assert not [w for w in warnings if "PEP 440" in w]


def test_a_version_setting_must_be_pep_440(tmp_path: Path) -> None:
    pyproject = _project(tmp_path, "1.0", setting='"2023-08-16"')
    with pytest.raises(SpecError, match=r"pyproject.toml:5: error: \[tool.generator\] version '2023-08-16'"):
        load_settings(pyproject=pyproject)
    err = io.StringIO()
    code = main(["generate", "--config", str(pyproject), "--no-cache"], stdout=io.StringIO(), stderr=err)
    assert code == 2
    assert "is not a PEP 440 version" in err.getvalue() and "Traceback" not in err.getvalue()
    assert not (tmp_path / "out").exists()
