"""The runtime's parameter and body serialisation, tested as source (``generator/runtime``)."""

from __future__ import annotations

import io
import json
import urllib.parse

import pytest

from generator.runtime._models import UNSET
from generator.runtime._multipart import multipart_parts, read_content
from generator.runtime._params import (
    Param,
    encode_query,
    form_content,
    header_value,
    is_given,
    path_segment,
    scalar_text,
)


@pytest.mark.parametrize(
    ("value", "text"), [(True, "true"), (False, "false"), (None, ""), (3, "3"), ("a b", "a b")]
)
def test_scalars_are_spelled_as_json_would(value: object, text: str) -> None:
    assert scalar_text(value) == text


@pytest.mark.parametrize(
    ("value", "style", "explode", "segment"),
    [
        ("a/b?c d", "simple", False, "a%2Fb%3Fc%20d"),
        (["x/y", "z"], "simple", False, "x%2Fy,z"),
        (["a", "b"], "label", False, ".a,b"),
        (["a", "b"], "label", True, ".a.b"),
        (["a", "b"], "matrix", True, ";id=a;id=b"),
        ({"k": "v", "n": 1}, "matrix", True, ";k=v;n=1"),
        ({"k": "v"}, "simple", False, "k,v"),
        ([], "simple", False, ""),
    ],
)
def test_path_segments_follow_their_style_and_encode_every_delimiter(
    value: object, style: str, explode: bool, segment: str
) -> None:
    assert path_segment(value, style, explode, name="id") == segment


def test_query_styles() -> None:
    assert encode_query(Param("ids", [1, 2])) == [("ids", "1"), ("ids", "2")]
    assert encode_query(Param("ids", [1, 2], explode=False)) == [("ids", "1,2")]
    assert encode_query(Param("ids", [1, 2], style="pipeDelimited", explode=False)) == [("ids", "1|2")]
    assert encode_query(Param("f", {"a": True, "b": 2})) == [("a", "true"), ("b", "2")]
    assert encode_query(Param("f", {"a": {"b": [1, None]}}, style="deepObject")) == [("f[a][b][0]", "1")]


def test_headers_and_given_values() -> None:
    assert header_value(["a", "b"]) == "a,b"
    assert header_value({"k": "v"}, explode=True) == "k=v"
    assert not is_given(Param("p", None)) and not is_given(Param("p", UNSET))
    assert is_given(Param("p", 0))


def test_form_body_uses_each_property_style() -> None:
    body = form_content({"tags": ["a", "b"], "q": "x y"}, {"tags": ("form", False)})
    assert urllib.parse.parse_qsl(body.decode("ascii")) == [("tags", "a,b"), ("q", "x y")]


def test_multipart_parts_files_fields_objects_and_styles() -> None:
    upload = io.BytesIO(b"data")
    upload.name = "/tmp/report.csv"
    parts = multipart_parts(
        {"file": upload, "meta": {"a": 1}, "n": [1, 2], "styled": ["x", "y"], "raw": (None, b"z")},
        {"styled": ("form", False)},
    )
    assert parts == [
        ("file", ("report.csv", b"data", "text/csv")),
        ("meta", (None, json.dumps({"a": 1}, separators=(",", ":")), "application/json")),
        ("n", (None, "1")),
        ("n", (None, "2")),
        ("styled", (None, "x,y")),
        ("raw", (None, b"z", "application/octet-stream")),
    ]


def test_a_file_object_is_read_once_into_bytes() -> None:
    assert read_content(io.StringIO("text")) == b"text"
    assert read_content(b"bytes") == b"bytes"
