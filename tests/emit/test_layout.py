"""The layout of generated code (:mod:`generator.emit.layout`), judged by black.

The generator does not run black: it prints code black would leave unchanged. Each rule
is checked here on a small input against ``black.format_str`` itself (same mode as the
generator's: line length 100, py310), and the SDKs of the project's own specs are
formatted with black, which must change nothing. The corpus test does the same for
every spec of ``../shared/specs``.
"""

from __future__ import annotations

import random
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from generator.config import load_settings
from generator.emit.layout import LINE_LENGTH, layout_line, layout_python
from generator.model.text import docstring_lines
from generator.pipeline import generate_files

from support.paths import DAILY_FIXTURE_PYPROJECT, ROOT
from support.specs import black_changes, minimal, settings_for, write_spec

black = pytest.importorskip("black")
MODE = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)

LONG = "a_rather_long_argument_name"


def nested(code: str, depth: int = 3) -> str:
    """``code`` inside ``depth`` levels of blocks, where the generated methods' bodies sit."""
    head = "".join("    " * level + f"if condition_{level}:\n" for level in range(depth))
    return head + textwrap.indent(code, "    " * depth)


# name → source as the templates print it (one logical line, or exploded by a view).
CASES: dict[str, str] = {
    "fits": "result = call(first, second)\n",
    "hugs a call's arguments": nested(
        'raise ValueError(f"no base URL: pass base_url=... or set the {BASE_URL_ENV} environment variable")\n'
    ),
    "explodes a call whose arguments do not fit": (
        f"value = function({LONG}_1, {LONG}_2, {LONG}_3, {LONG}_4)\n"
    ),
    "explodes a list literal": f"names = [{LONG}_1, {LONG}_2, {LONG}_3, {LONG}_4]\n",
    "explodes a dict literal": (
        'table = {"aaaaaaaaaaaaaaaaaaaa": 1, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbb": 2,'
        ' "cccccccccccccccccccccc": 3, "d": 4}\n'
    ),
    "one-tuple stays hugged": (
        f'_wire: ClassVar[tuple[Wire, ...]] = (Wire("{LONG}", "{LONG}", codec.STRING),)\n'
    ),
    "nested: the inner call explodes too": (
        "x = [\n"
        f"    Wire('enable_recording', 'enable_recording', codec.union(codec.enum({LONG}_Enum),"
        f" codec.list_of(codec.enum({LONG}_Enum)))),\n"
        "]\n"
    ).replace("'", '"'),
    "trailers: split on the last call": nested(
        'content = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")\n'
    ),
    "optional parentheses around a boolean": nested(
        'if isinstance(value, io.IOBase) or (hasattr(value, "read")'
        " and not isinstance(value, (bytes, str))):\n"
        "    pass\n",
        depth=1,
    ),
    "ternary in a return": (
        "class Holder:\n"
        "    def score(self, value: Any) -> int:\n"
        "        return 2 if isinstance(value, Mapping)"
        " and value.get(self._property) in self._mapping else -1\n"
    ),
    "def: one parameter per line": (
        "def _apply_security(self, call: Call, headers: dict[str, str], query: list[tuple[str, str]],"
        " cookies: dict[str, str]) -> None:\n    pass\n"
    ),
    "def: parameters hugged when they fit": (
        "async def _sleep(self, attempt: int, response: httpx.Response | None, request: httpx.Request)"
        " -> None:\n    pass\n"
    ),
    "def: a long union parameter in an exploded signature": (
        "def f(\n    self,\n"
        f"    a: {LONG}_Enum | str | list[{LONG}_Enum | str] | None = None,\n"
        ") -> None:\n    pass\n"
    ),
    "def: a long return annotation after an exploded signature": (
        "class A:\n    def get(\n        self,\n        *,\n        timeout: float | None = None,\n"
        f"    ) -> {LONG}_ResponseVariant1 | {LONG}_ResponseVariant2:\n        pass\n"
    ),
    "def: a long subscripted return annotation": (
        "class A:\n    def get(\n        self,\n    )"
        f" -> dict[{LONG}_ResponseVariant1, {LONG}_ResponseVariant2]:\n        pass\n"
    ),
    "imports are always exploded": (
        "from .meeting_token_properties_enable_recording import"
        " MeetingTokenPropertiesEnableRecording as MeetingTokenPropertiesEnableRecording\n"
    ),
    "a long import list": (
        "from .._base_client import AsyncAPIClient, Call, FormField,"
        " ParamSpec, SyncAPIClient, TimeoutValue, X\n"
    ),
    "a long field annotation gets parentheses": (
        "class A:\n" f"    enable_recording: {LONG}_Enum | str | list[{LONG}_Enum | str] | None = None\n"
    ),
    "a long subscripted annotation": (
        f"class A:\n    mapping: dict[str, {LONG}_ResponseVariant1 | {LONG}_ResponseVariant2] | None = None\n"
    ),
    "a keyword call in an exploded call": (
        "response = self._client.request(\n"
        "    Call(\n"
        f"        body=CreateSomethingRequest(name=name, description=description, {LONG}={LONG}).to_dict(),\n"
        "    )\n"
        ")\n"
    ),
    "string concatenation": f'message = "{"x" * 50}" "{"y" * 50}"\n',
    "a comment stays with its name": (
        "from .some_module_with_a_long_name import"
        " SomeRatherLongClassNameForTestingTheLayout, Other  # noqa: E402\n"
    ),
    "a chained method call": (
        "value = client.resources.some_operation(argument_one)"
        ".another_operation(argument_two).result(timeout)\n"
    ),
    "a subscript target": f"self._cache[{LONG}] = compute_the_value({LONG}, another_argument_name)\n",
    "a lambda": f"key = sorted(items, key=lambda item: (item.{LONG}, item.another_attribute_name))\n",
    "a conditional expression among arguments gets parentheses": nested(
        f"value = function({LONG}, {LONG}_first if {LONG}_condition else {LONG}_second, other)\n"
    ),
    "a conditional expression alone in a call does not": nested(
        f"value = function({LONG}_first if {LONG}_condition else {LONG}_second_choice_x)\n"
    ),
    "a bare arithmetic expression gets parentheses": nested(
        f"some_object.method_name(a({LONG}, some_function({LONG}), {LONG}.value(471))) - value()\n"
    ),
    "a comprehension": (
        f"names = [item.{LONG} for item in collection_of_items if item.{LONG} is not None]\n"
    ),
    "wide characters count twice": 'label = "' + "名前" * 24 + '"  + suffix_value\n',
    # Python 3.12+ tokenizes f-strings in parts (PEP 701): laid out as one string on every Python.
    "an f-string in a conditional": nested(
        f'return [f"{{key}}={{item}}" for key, item in {LONG}] if explode else [part for part in {LONG}]\n'
    ),
    "a nested f-string in a call": nested(
        "return some_function(f\"{type(self).__name__}(items={len(self.items)}, {f'{x!r}'}\", " + LONG + ")\n"
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_layout_matches_black(name: str) -> None:
    source = CASES[name]
    expected = black.format_str(source, mode=MODE)
    assert layout_python(source) == expected, f"{name}:\n{source}"


def test_the_cases_are_not_already_black_output() -> None:
    """Most cases are long lines black splits: a layout that changed nothing would fail."""
    unchanged = [name for name, source in CASES.items() if black.format_str(source, mode=MODE) == source]
    assert unchanged == ["fits"], unchanged


def _random_expression(rnd: random.Random, depth: int = 0) -> str:
    names = [
        "a",
        "value",
        "some_long_name",
        "AnotherRatherLongClassNameHere",
        "x_" + "y" * rnd.randint(1, 30),
    ]
    atoms = [rnd.choice(names), f'"{"s" * rnd.randint(1, 40)}"', str(rnd.randint(-5, 500)), "None"]
    r = rnd.random()
    if depth > 3 or r < 0.25:
        return rnd.choice(atoms)

    def items(count: int) -> str:
        return ", ".join(_random_expression(rnd, depth + 1) for _ in range(rnd.randint(0, count)))

    if r < 0.45:
        return f"{rnd.choice(names)}({items(4)})"
    if r < 0.55:
        return f"{rnd.choice(names)}.{rnd.choice(names)}({items(3)})"
    if r < 0.62:
        return f"[{items(4)}]"
    if r < 0.68:
        pairs = (f'"k{i}": {_random_expression(rnd, depth + 1)}' for i in range(rnd.randint(0, 3)))
        return "{" + ", ".join(pairs) + "}"
    if r < 0.74:
        return f"{rnd.choice(names)}[{_random_expression(rnd, depth + 1)}]"
    if r < 0.82:
        operator = rnd.choice(["and", "or", "+", "-", "|", "==", "in", "not in", "is not", "*"])
        return f"{_random_expression(rnd, depth + 1)} {operator} {_random_expression(rnd, depth + 1)}"
    if r < 0.88:
        parts = [_random_expression(rnd, depth + 1) for _ in range(3)]
        return f"{parts[0]} if {parts[1]} else {parts[2]}"
    if r < 0.94:
        return f"({_random_expression(rnd, depth + 1)}, {_random_expression(rnd, depth + 1)})"
    return f"{rnd.choice(names)}(keyword={_random_expression(rnd, depth + 1)}, other={rnd.choice(atoms)})"


def _random_statement(rnd: random.Random) -> str:
    expression = _random_expression(rnd)
    kind = rnd.random()
    if kind < 0.25:
        return f"class A:\n    x = [\n        {expression},\n        {_random_expression(rnd)},\n    ]\n"
    statement = rnd.choice(
        [
            f"name = {expression}",
            f"return {expression}",
            f"if {expression}:\n            pass",
            f"raise Error({expression})",
            expression,
            f"self.attribute = {expression}",
        ]
    )
    return "class A:\n    def f(self):\n        " + statement + "\n"


@pytest.mark.parametrize("seed", range(3))
def test_random_lines_match_black(seed: int) -> None:
    """Random nestings of the constructs generated code uses, laid out as black lays them out."""
    rnd = random.Random(seed)
    mismatches = []
    for _ in range(150):
        source = _random_statement(rnd)
        try:
            expected = black.format_str(source, mode=MODE)
        except black.InvalidInput:
            continue
        if layout_python(source) != expected:
            mismatches.append(source)
    assert not mismatches, f"{len(mismatches)} differ from black, the first:\n{mismatches[0]}"


def test_layout_line_at_a_depth() -> None:
    text = f"return compute_the_value({LONG}, {LONG}_2, {LONG}_3)"
    source = "def f():\n    if x:\n        " + text + "\n"
    expected = black.format_str(source, mode=MODE).split("\n", 2)[2].rstrip("\n")
    assert layout_line(text, 2) == expected


def test_lines_inside_docstrings_are_left_alone() -> None:
    source = (
        'def f():\n    """' + " ".join(["word"] * 30) + "\n\n    x = call(" + "y, " * 40 + 'z)\n    """\n'
    )
    assert layout_python(source) == source == black.format_str(source, mode=MODE)


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
