"""The YAML loaders that read spec documents: libyaml's C parser where PyYAML has it,
PyYAML's pure-Python one where libyaml wrongly refuses a valid document.

They follow YAML 1.2's core schema where 1.1 surprises spec authors (see
:mod:`generator.spec.source`). A module of its own so that PyYAML is imported only by a run
that really parses YAML: a run replayed from the cache never does.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader]
try:
    _BaseLoader = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
# YAML 1.1 readings that YAML 1.2 (and every JSON-minded spec author) does not share:
# yes/no booleans, timestamps, sexagesimal numbers (1:20 == 80), "=" as a value key.
_REPLACED_TAGS = {_BOOL_TAG, "tag:yaml.org,2002:timestamp", _INT_TAG, _FLOAT_TAG, "tag:yaml.org,2002:value"}


class SpecLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader with YAML 1.2 booleans, string timestamps and string keys."""


class PureSpecLoader(yaml.SafeLoader):
    """The same rules on PyYAML's pure-Python parser: slower, but it reads what libyaml wrongly refuses."""


def _use_yaml_12_scalars(loader: type[yaml.SafeLoader]) -> None:
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in _REPLACED_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    # The YAML 1.2 core schema's booleans, integers and floats.
    loader.add_implicit_resolver(
        _BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    loader.add_implicit_resolver(
        _INT_TAG, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), list("-+0123456789")
    )
    loader.add_implicit_resolver(
        _FLOAT_TAG,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        list("-+0123456789."),
    )


def _key_text(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _construct_map(loader: SpecLoader, node: yaml.MappingNode) -> Any:
    data: dict[str, Any] = {}
    yield data
    mapping = loader.construct_mapping(node)
    data.update((_key_text(key), value) for key, value in mapping.items())


def _construct_int(loader: SpecLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text[:2] in ("0x", "0o"):
        return int(text[2:], 16 if text[1] == "x" else 8)
    return int(text, 10)  # YAML 1.2: 012 is twelve, not octal ten


for _loader in (SpecLoader, PureSpecLoader):
    _use_yaml_12_scalars(_loader)
    _loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _loader.add_constructor(_INT_TAG, _construct_int)

FALLBACK_NOTE = (
    "libyaml refused this document ({problem}), a known libyaml bug with valid YAML; "
    "it was read with PyYAML's pure-Python loader instead (slower, but correct)"
)


def with_fallback(text: str, read: Any) -> tuple[Any, str | None]:
    """``read(text, SpecLoader)``, or with :class:`PureSpecLoader` when libyaml's scanner refuses it.

    Returns the result and, when the fallback was needed, libyaml's complaint. When both
    loaders refuse the document, the fast loader's error is raised (the one users saw before).
    """
    try:
        return read(text, SpecLoader), None
    except yaml.scanner.ScannerError as exc:
        if _BaseLoader is yaml.SafeLoader:
            raise  # the pure-Python loader already refused it
        try:
            value = read(text, PureSpecLoader)
        except yaml.YAMLError:
            raise exc from None
        mark = exc.problem_mark
        problem = str(exc.problem or "a scanner error")
        if mark is not None:
            problem += f" at line {mark.line + 1}, column {mark.column + 1}"
        return value, problem
