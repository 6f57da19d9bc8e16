"""Spec text lands safely: in docstrings, Markdown pages and table cells."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.emit.text import (
    absolute_links,
    code_span,
    docstring_body,
    markdown_inline,
    markdown_text,
    page_links,
    plain_text,
    wrap_markdown,
)

from support.specs import generate_sdk, import_sdk
from support.tools import require


def _docstring_value(body: str) -> str:
    module = ast.parse(f'def f():\n    """{body}"""\n')
    function = module.body[0]
    assert isinstance(function, ast.FunctionDef)
    value = ast.get_docstring(function, clean=False)
    assert value is not None
    return value


@pytest.mark.parametrize(
    "text",
    [
        'Ends with a quote "',
        'Has """ triple quotes """ inside',
        "Backslash \\ and \\n escapes \\x00",
        "Control \x07 character and a tab\t.",
        '""""',
        "Unicode ⚠️ stays",
    ],
)
def test_docstrings_keep_any_text_and_never_end_early(text: str) -> None:
    body = docstring_body(text, indent=4)
    assert " ".join(_docstring_value(body).split()) == " ".join(text.split())


def test_docstrings_wrap_paragraphs_but_keep_lists_and_code() -> None:
    text = "word " * 40 + "\n\n- item one\n- item two\n\n```\ncode   stays   as is\n```"
    lines = wrap_markdown(text, 60)
    assert all(len(line) <= 60 for line in lines[:4])
    assert "- item one" in lines and "code   stays   as is" in lines


def test_relative_links_become_absolute() -> None:
    text = "See [recordings](/products/rest-api/recordings), [x](https://a.b/c) and <a href='/y'>y</a>."
    assert absolute_links(text, "https://docs.daily.co") == (
        "See [recordings](https://docs.daily.co/products/rest-api/recordings), [x](https://a.b/c) "
        "and <a href='https://docs.daily.co/y'>y</a>."
    )
    assert absolute_links(text, None) == text


def test_markdown_never_runs_html_from_the_spec() -> None:
    assert markdown_text("<script>alert(1)</script> and `<b>code</b>`") == " and `<b>code</b>`\n"
    assert markdown_text("```\n<raw>\n```") == "```\n<raw>\n```\n"
    assert (
        markdown_text('<a href="javascript:alert(1)">click</a> <img src="data:x" alt="pic">') == "click pic\n"
    )
    assert markdown_text("<iframe src='https://evil'></iframe>after") == "after\n"


@pytest.mark.parametrize(
    ("html", "markdown"),
    [
        # Spotify's info.description: links, never half-escaped
        (
            'One can be obtained through <a href="https://developer.spotify.com/g/">OAuth 2.0</a>.',
            "One can be obtained through [OAuth 2.0](https://developer.spotify.com/g/).",
        ),
        # Stripe's: paragraphs, code and emphasis
        (
            "<p>Retrieves the <code>Customer</code> &amp; its <strong>sources</strong>.</p>"
            "<p>Then <em>more</em>.</p>",
            "Retrieves the `Customer` &amp; its **sources**.\n\nThen *more*.",
        ),
        # the spec's own <br> is a hard break (its newline after it is the same break)
        ("filters<br />\n  The `album` filter", "filters\\\nThe `album` filter"),
        ("a<br><br>b<br/>", "a\n\nb"),
        ("<ul><li>one</li><li>two</li></ul>after", "- one\n- two\n\nafter"),
        ("<ol><li>one</li><li>two</li></ol>", "1. one\n2. two"),
        ("<code>a &lt; b</code>", "`a < b`"),
        # tags that mean nothing in Markdown are shown, both brackets escaped
        (
            "The <currency> code and <domain>/<room>",
            "The &lt;currency&gt; code and &lt;domain&gt;/&lt;room&gt;",
        ),
        ("x < y, `<b>` kept", "x < y, `<b>` kept"),
        # GFM shows &lt; as "<" in prose, but as written in code: there the tag is kept
        ("<code><currency></code> is 100", "`<currency>` is 100"),
        ("no html at all", "no html at all"),
    ],
)
def test_html_in_descriptions_becomes_markdown(html: str, markdown: str) -> None:
    assert markdown_text(html) == markdown + "\n"


def test_docstrings_get_the_same_markdown_as_plain_text() -> None:
    """In a docstring nothing is rendered: unknown tags stay as written and entities are decoded."""
    assert plain_text('See <a href="https://a.b/">the guide</a> &amp; <currency>.') == (
        "See [the guide](https://a.b/) & <currency>."
    )
    assert plain_text("<p>One</p><p>Two</p>") == "One\n\nTwo"


def test_names_shown_literally_are_escaped() -> None:
    assert markdown_inline("*x*_[y]") == "\\*x\\*\\_\\[y\\]"


def test_a_line_wrap_in_the_spec_stays_a_soft_break_and_only_its_breaks_break() -> None:
    """Spotify's market parameter: wrapped lines and ``<br/>``; only the ``<br/>`` break (a
    backslash at the end of the line, GFM's hard break), a wrapped line renders as a space."""
    spotify = (
        "If a code is specified, only content in that market is returned.<br/>\n"
        "  If a valid user access token is specified, the country associated with\n"
        "  the user account will take priority.<br/>\n"
        "  Users can view it."
    )
    lines = markdown_text(spotify).splitlines()
    assert [line.endswith("\\") for line in lines] == [True, False, True, False]
    assert "<br" not in markdown_text(spotify)
    assert markdown_text("Can be:\n- one\n- two\n\nAfter") == "Can be:\n- one\n- two\n\nAfter\n"
    assert markdown_text("a\nb<br>c") == "a\nb\\\nc\n"


def test_code_spans_are_never_escaped() -> None:
    assert code_span("oauth_2_0") == "`oauth_2_0`"
    assert code_span("a`b|c") == "``a`b|c``"


def test_links_from_the_spec_lead_somewhere_or_are_text() -> None:
    text = (
        "See [Connect](/docs/connect), [x](https://a.b/c), [the object](#setup_intent_object), "
        "![pic](/i.png), [`participants()`](/p), [rel](guide.html) and `[k](/code)`."
    )
    assert page_links(text, "https://stripe.com") == (
        "See [Connect](https://stripe.com/docs/connect), [x](https://a.b/c), the object, "
        "![pic](https://stripe.com/i.png), [`participants()`](https://stripe.com/p), rel and `[k](/code)`."
    )
    assert page_links(text, None) == (
        "See Connect, [x](https://a.b/c), the object, pic, `participants()`, rel and `[k](/code)`."
    )
    assert page_links("```\n[f](/fence)\n```", None) == "```\n[f](/fence)\n```"


HOSTILE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": 'Hostile """ API \\', "version": "1.0.0\"'", "description": "Ends with \\"},
    "paths": {
        "/it's/{a\"b}": {
            "post": {
                "operationId": "do-it!",
                "summary": 'Summary """',
                "description": "<script>x</script> | pipe",
                "parameters": [
                    {"name": 'a"b', "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "for", "in": "query", "schema": {"type": "string", "description": 'desc """'}},
                ],
                "requestBody": {
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Weird"}}}
                },
                "responses": {"200": {"description": "ok\\"}},
            }
        }
    },
    "components": {
        "schemas": {
            "Weird": {
                "type": "object",
                "description": 'Model """ with \\ backslash "',
                "properties": {
                    "class": {"type": "string", "description": "{not a format} %s"},
                    "with space": {"type": "string", "enum": ['quote"', "new\nline", "back\\slash", ""]},
                    "123": {"type": "integer", "default": 5},
                    "self": {"type": "boolean"},
                    "additional_properties": {"type": "string"},
                },
            }
        }
    },
}


def test_hostile_spec_generates_code_that_compiles_and_keeps_values(tmp_path: Path) -> None:
    sdk = import_sdk(tmp_path, HOSTILE, "hostile_sdk")
    models = importlib.import_module("hostile_sdk.models")
    weird = models.Weird(class_="c", with_space='quote"', field_123=1, self_=True, additional_properties_="x")
    assert weird.to_dict() == {
        "class": "c",
        "with space": 'quote"',
        "123": 1,
        "self": True,
        "additional_properties": "x",
    }
    values = [m.value for m in models.WeirdWithSpace]
    assert values == ['quote"', "new\nline", "back\\slash", ""]
    assert sdk.__version__ == "1.0.0"  # the package version is PEP 440 (generator/versions.py)
    assert "(API version 1.0.0\"')" in " ".join((sdk.__doc__ or "").split())  # the API's, as written
    out = tmp_path / "out"
    for path in out.rglob("*.py"):
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    page = next((out / "docs" / "operations").rglob("*.md")).read_text(encoding="utf-8")
    assert "<script" not in page and "x</script>" not in page and "| pipe" in page  # the script goes whole


def test_hostile_spec_passes_mypy(tmp_path: Path) -> None:
    require("mypy")
    out = generate_sdk(tmp_path, HOSTILE, "hostile_typed")
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "hostile_typed"],
        cwd=out,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_json_values_become_the_literals_black_prints() -> None:
    """Strings in double quotes at every depth (a list's ``repr`` would use single quotes)."""
    from generator.emit.spelling import python_literal

    assert python_literal({"channel1": ["publish", "subscribe"]}) == '{"channel1": ["publish", "subscribe"]}'
    assert python_literal(['say "hi"', None, True, 1.5]) == "['say \"hi\"', None, True, 1.5]"
    assert python_literal({}) == "{}" and python_literal([]) == "[]"
