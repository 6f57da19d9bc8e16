"""The layout of generated code, judged by black.

The generator does not run black: the views and templates print code black would leave
unchanged, breaking lines where they know the brackets (:mod:`generator.emit.brackets`,
whose rule ``tests/test_brackets.py`` checks against black). Here the SDKs of the
project's own specs, and specs with names long enough to break every kind of line, are
formatted with black, which must change nothing. The corpus test does the same for every
spec of ``../shared/specs``.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_settings
from generator.emit.brackets import LINE_LENGTH
from generator.emit.text import docstring_lines
from generator.pipeline import generate_files

from support.paths import DAILY_FIXTURE_PYPROJECT, ROOT
from support.specs import black_changes, minimal, settings_for, write_spec

black = pytest.importorskip("black")
MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)

LONG = "a_rather_long_argument_name"


@pytest.mark.parametrize(
    "lines",
    [
        ["Summary.", "", "\t{", '\t\t"value": true', "\t}"],
        ["Summary.", "", "    indented", "    block"],
        ['Ends with a quote: "x"'],
        ['"Starts with a quote'],
        ["Trailing spaces   ", "second line   "],
    ],
)
def test_docstrings_as_black_prints_them(lines: list[str]) -> None:
    body = docstring_lines(lines, indent=4)
    source = f'def f():\n    """{body}"""\n'
    assert black.format_str(source, mode=MODE) == source


def test_the_generator_does_not_import_black() -> None:
    code = textwrap.dedent(f"""
        import sys
        from generator.config import load_settings
        from generator.pipeline import generate_files
        from pathlib import Path
        settings = load_settings(pyproject=Path({str(DAILY_FIXTURE_PYPROJECT)!r}), use_cache=False)
        generate_files(settings)
        assert "black" not in sys.modules, "black was imported"
        """)
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ------------------------------------------------------------------ black judges whole SDKs


REF = "#/components/schemas/"
VARIANT_ONE = "AnExtremelyLongModelNameThatForcesTheImportsToWrapAroundVariantOne"
VARIANT_TWO = "AnExtremelyLongModelNameThatForcesTheImportsToWrapAroundVariantTwo"


def _long_names_spec() -> dict[str, Any]:
    """Names long enough that signatures, unions, imports and calls must be split."""
    long = "a_really_quite_long_property_name_for_layout"
    variant = {"type": "object", "properties": {long: {"type": "string"}}}
    schemas: dict[str, Any] = {
        VARIANT_ONE: variant,
        VARIANT_TWO: variant,
        "Holder": {
            "type": "object",
            "required": [long],
            "properties": {
                long: {
                    "oneOf": [
                        {"$ref": REF + VARIANT_ONE},
                        {"$ref": REF + VARIANT_TWO},
                        {
                            "type": "array",
                            "items": {"type": "string", "enum": ["first_value", "second_value"]},
                        },
                    ]
                },
                "tabs": {"type": "string", "description": 'Example:\n\n\t{\n\t\t"value": true\n\t}'},
            },
        },
    }
    parameters = [
        {"name": f"{long}_{i}", "in": "query", "required": i % 2 == 0, "schema": {"type": "string"}}
        for i in range(4)
    ]
    ref = {"$ref": "#/components/schemas/Holder"}
    operation = {
        "operationId": "create_the_holder_with_a_very_long_operation_identifier_for_layout_tests",
        "parameters": parameters,
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": {
                            "oneOf": [
                                {"$ref": REF + VARIANT_ONE},
                                {"$ref": REF + VARIANT_TWO},
                            ]
                        }
                    }
                },
            }
        },
    }
    return minimal(
        {
            "/holders/{holder_identifier_with_a_long_name}": {
                "post": {
                    **operation,
                    "parameters": [
                        *parameters,
                        {
                            "name": "holder_identifier_with_a_long_name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                    ],
                }
            }
        },
        schemas,
    )


def test_black_changes_nothing_in_the_daily_sdk() -> None:
    """The repository's own SDK, whatever spec/ holds: a content-independent check, so it stays
    on spec/ (an upstream release that made the generator write unformatted code is a bug)."""
    settings = load_settings(pyproject=ROOT / "pyproject.toml", use_cache=False)
    problems = black_changes(generate_files(settings).files)
    assert not problems, "\n\n".join(problems[:5])


def test_black_changes_nothing_with_long_names(tmp_path: Path) -> None:
    settings = settings_for(write_spec(tmp_path, _long_names_spec()), package="long_names_sdk")
    files = generate_files(settings).files
    assert any(len(line) > 90 for text in files.values() for line in text.splitlines())
    problems = black_changes(files)
    assert not problems, "\n\n".join(problems[:5])


def test_black_changes_nothing_in_the_feature_specs(tmp_path: Path) -> None:
    from support.feature_sdks import BODIES_SPEC

    settings = settings_for(write_spec(tmp_path, BODIES_SPEC), package="bodies_layout_sdk")
    problems = black_changes(generate_files(settings).files)
    assert not problems, "\n\n".join(problems[:5])
