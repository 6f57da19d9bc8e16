"""Reading spec documents safely, and finding the line a JSON pointer stands on.

The document is parsed once with the fastest safe loader (libyaml's C parser when
PyYAML was built with it, ``json`` for ``.json`` files). Line numbers are only
needed when something is reported, so the YAML node tree that carries them is
composed lazily, on the first lookup, instead of slowing down every run.

The YAML loader follows YAML 1.2's core schema where 1.1 surprises spec authors:
``yes``/``no``/``on``/``off`` stay strings (Daily's ``lang`` enum has a ``no``),
timestamps stay strings (``2018-02-30T10:00:00Z`` is a valid example string, not
an invalid date), and mapping keys are always strings (``200:`` is the response
code ``"200"``).
"""

from __future__ import annotations

import hashlib
import json
import marshal
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..cache import Cache, digest
from ..diagnostics import SpecError, SpecLocation, unescape_token
from .aliases import AliasBombError, check_expansion, may_share

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


def _with_fallback(text: str, read: Any) -> tuple[Any, str | None]:
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


@dataclass
class SourceDocument:
    """One spec file: its text, its parsed data, and line lookup for pointers."""

    path: Path
    display: str
    text: str
    data: Any
    notes: tuple[str, ...] = ()
    """Things the user should know about how the document was read (never fatal)."""
    _tree: yaml.Node | bool | None = field(default=None, repr=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def location(self, pointer: str = "") -> SpecLocation:
        return SpecLocation(self.display, pointer)

    def line_of(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the node at ``pointer``, or of its nearest existing parent."""
        if self._tree is None:
            try:
                self._tree = _with_fallback(self.text, _compose)[0]
            except yaml.YAMLError:
                self._tree = False
        node = self._tree
        if not isinstance(node, yaml.Node):
            return None
        for token in (unescape_token(t) for t in pointer.split("/")[1:]):
            child = _child_node(node, token)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1


def _child_node(node: yaml.Node, token: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == token:
                return value_node  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            return node.value[index]  # type: ignore[no-any-return]
    return None


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the working directory when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def parse_text(text: str, path: Path, display: str, *, fallback: bool = True) -> Any:
    """Parse YAML or JSON text; syntax errors become a :class:`SpecError` with line and column.

    ``fallback=False`` gives up where libyaml does instead of trying the pure-Python loader.
    """
    return parse_with_notes(text, path, display, fallback=fallback)[0]


def parse_with_notes(
    text: str, path: Path, display: str, *, fallback: bool = True
) -> tuple[Any, tuple[str, ...]]:
    """:func:`parse_text`, with the notes about how the text was read."""
    if path.suffix.lower() == ".json":
        try:
            # strict=False: real specs carry raw control characters inside strings.
            return json.loads(text, strict=False), ()
        except json.JSONDecodeError as exc:
            raise SpecError.at(
                f"could not parse JSON: {exc.msg}",
                SpecLocation(display),
                line=exc.lineno,
                column=exc.colno,
            ) from None
    try:
        if fallback:
            data, refused = _with_fallback(text, _load)
        else:
            data, refused = _load(text, SpecLoader), None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = " ".join(str(part) for part in (exc.context, exc.problem) if part)
        raise SpecError.at(
            f"could not parse YAML: {problem}",
            SpecLocation(display),
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SpecError.at(f"could not parse YAML: {exc}", SpecLocation(display)) from None
    _check_aliases(data, text, path, display)
    return data, (FALLBACK_NOTE.format(problem=refused),) if refused else ()


def _load(text: str, loader: type[yaml.SafeLoader]) -> Any:
    return yaml.load(text, Loader=loader)  # noqa: S506 - both loaders are SafeLoaders


def _compose(text: str, loader: type[yaml.SafeLoader]) -> yaml.Node | None:
    return yaml.compose(text, Loader=loader)


def _check_aliases(data: Any, text: str, path: Path, display: str) -> None:
    """Refuse a document whose YAML aliases would make every walk over it explode (or loop)."""
    if not may_share(text):
        return
    try:
        check_expansion(data)
    except AliasBombError as exc:
        where = SourceDocument(path=path, display=display, text=text, data=None).line_of(exc.pointer)
        raise SpecError.at(
            exc.message,
            SpecLocation(display, exc.pointer),
            line=where[0] if where else None,
            column=where[1] if where else None,
        ) from None


# Parsing a 4 MB YAML spec takes seconds even with libyaml; unmarshalling the same data
# takes a fraction of that. Bump this when parsing changes what it returns.
PARSER_VERSION = "2"
_CACHE_THRESHOLD = 64 * 1024


def _parse_cached(text: str, path: Path, display: str, cache: Cache | None) -> tuple[Any, tuple[str, ...]]:
    if cache is None or len(text) < _CACHE_THRESHOLD:
        return parse_with_notes(text, path, display)
    key = digest(text, path.suffix.lower(), PARSER_VERSION, yaml.__version__)
    blob = cache.get_bytes("parsed", key)
    if blob is not None:
        try:
            data = marshal.loads(blob)  # noqa: S302 - our own cache, written below
        except (EOFError, ValueError, TypeError):
            pass
        else:
            _check_aliases(data, text, path, display)  # the cache may have been primed by diff
            return data, ()
    data, notes = parse_with_notes(text, path, display)
    if notes:
        return data, notes  # read the slow way: parse again (and say so again) next time
    try:
        cache.put_bytes("parsed", key, marshal.dumps(data))
    except ValueError:  # a value marshal cannot store: just don't cache it
        pass
    return data, notes


def read_document(path: Path, cache: Cache | None = None) -> SourceDocument:
    """Read and parse one spec file (the parsed data is cached by content when ``cache`` is given)."""
    display = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SpecError.at(f"cannot read the spec: {exc.strerror or exc}", SpecLocation(display)) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SpecError.at(
            f"the spec is not UTF-8 text ({exc.reason} at byte {exc.start})",
            SpecLocation(display),
        ) from None
    data, notes = _parse_cached(text, path, display, cache)
    return SourceDocument(path=path.resolve(), display=display, text=text, data=data, notes=notes)
