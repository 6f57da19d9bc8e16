"""Writing spec data as deterministic, block-style YAML that reads back equal.

Key order is kept; strings a YAML 1.1 or 1.2 reader would take for something else are
quoted; long text is folded and multi-line text written as literal blocks.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..diagnostics import SpecError

# --------------------------------------------------------------------------- YAML output

_WIDTH = 100
_FOLD_AT = 80
"""Text with a line longer than this is written folded (at ``_WIDTH`` columns)."""
_ESCAPE_ONLY = frozenset("\x85\u2028\u2029\ufeff")
"""Characters YAML 1.1 readers take as line breaks (or a BOM): such strings are double-quoted."""


class _SpecDumper(yaml.SafeDumper):
    """Block style, sequences indented under their key, no anchors, YAML 1.2 look-alikes quoted."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def ignore_aliases(self, data: Any) -> bool:
        return True


# PyYAML quotes every string its YAML 1.1 resolvers would read as something else (`no`, `on`,
# `2024-01-01`, `0x1F`, `1_000`, `~`, `<<`). YAML 1.2 readers (js-yaml, Prism, libyaml-based
# tools in 1.2 mode) also read `1e3` and `0o17` as numbers: quote those too.
_SpecDumper.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$"),
    list("-+.0123456789"),
)
_SpecDumper.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^0o[0-7]+$"), ["0"])
# YAML 1.1 booleans PyYAML does not know but other 1.1 readers (go-yaml v2) do.
_SpecDumper.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:y|Y|n|N)$"), list("yYnN"))


def _represent_str(dumper: _SpecDumper, data: str) -> yaml.ScalarNode:
    """Long text folded at spaces, other multi-line text as a literal block.

    PyYAML's folded style mangles "more-indented" lines (lines starting with a space or
    tab), so those strings are literal blocks. When a block style cannot hold a string
    exactly (trailing spaces on a line, control characters), the emitter quotes it.
    """
    style: str | None = None
    if _ESCAPE_ONLY.intersection(data):
        style = '"'
    else:
        lines = data.split("\n")
        long = any(len(line) > _FOLD_AT for line in lines)
        indented = any(line[:1] in (" ", "\t") for line in lines)
        if len(lines) > 1:
            style = ">" if long and not indented else "|"
        elif long and " " in data and not indented:
            style = ">"
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_SpecDumper.add_representer(str, _represent_str)


def dump_yaml(data: Any) -> str:
    """``data`` as block-style YAML that reads back equal with the generator's loader.

    Key order is kept (nothing is sorted), unicode is written as is, strings a YAML 1.1 or
    1.2 reader would take for something else are quoted, multi-line strings are literal
    blocks, long one-line strings are folded, and repeated objects are written out again
    rather than as anchors. The same data always gives the same text.
    """
    try:
        return yaml.dump(
            data,
            Dumper=_SpecDumper,
            sort_keys=False,
            allow_unicode=True,
            default_flow_style=False,
            width=_WIDTH,
            indent=2,
        )
    except RecursionError:
        raise SpecError.at("the document refers to itself (YAML anchors): it cannot be written out") from None
