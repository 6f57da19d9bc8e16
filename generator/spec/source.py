"""Reading spec documents safely, and finding the line a JSON pointer stands on.

The document is parsed once with the fastest safe loader (libyaml's C parser when
PyYAML was built with it, ``json`` for ``.json`` files). Line numbers come from the
YAML node tree the data was constructed from, kept for when something is reported; a
YAML document read from the parse cache has its tree composed on the first lookup, and a
JSON document is scanned only along the pointers asked for (:mod:`.json_lines`).

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
from typing import TYPE_CHECKING, Any

from ..cache import Cache, digest
from ..diagnostics import SpecError, SpecLocation, unescape_token
from .aliases import AliasBombError, check_expansion, may_share
from .json_lines import JsonPositions

if TYPE_CHECKING:
    import yaml


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
    _json: JsonPositions | None = field(default=None, repr=False)

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def location(self, pointer: str = "") -> SpecLocation:
        return SpecLocation(self.display, pointer)

    def line_of(self, pointer: str) -> tuple[int, int] | None:
        """1-based (line, column) of the node at ``pointer``, or of its nearest existing parent."""
        tokens = [unescape_token(t) for t in pointer.split("/")[1:]]
        if self._tree is None and read_as_json(self.path):
            if self._json is None:
                self._json = JsonPositions(self.text)
            found = self._json.line_and_column(tokens)
            if found is not None:
                return found
        import yaml

        from .yaml_loader import with_fallback

        if self._tree is None:
            try:
                self._tree = with_fallback(self.text, _compose)[0]
            except yaml.YAMLError:
                self._tree = False
        node = self._tree
        if not isinstance(node, yaml.Node):
            return None
        for token in tokens:
            child = _child_node(node, token)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1


def _child_node(node: yaml.Node, token: str) -> yaml.Node | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if str(key_node.value) == token:
                return value_node  # type: ignore[no-any-return]
    elif isinstance(node, yaml.SequenceNode) and token.isdigit():
        index = int(token)
        if index < len(node.value):
            return node.value[index]  # type: ignore[no-any-return]
    return None


def read_as_json(path: Path) -> bool:
    """Whether the file is parsed by :mod:`json` (and its lines found by :mod:`.json_lines`)."""
    return path.suffix.lower() == ".json"


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
    data, notes, _ = _parse_keeping_tree(text, path, display, fallback=fallback)
    return data, notes


def _parse_keeping_tree(
    text: str, path: Path, display: str, *, fallback: bool = True
) -> tuple[Any, tuple[str, ...], yaml.Node | None]:
    """:func:`parse_with_notes`, and the YAML node tree the data was built from, when it can
    stand for the one :meth:`SourceDocument.line_of` would compose (``None``: compose it then).

    Loading YAML composes that tree anyway; keeping it spares composing it a second time
    for the first reported line (a second of Stripe's spec).
    """
    try:
        return _parse_or_raise(text, path, display, fallback=fallback)
    except RecursionError:  # both parsers recurse once per level of nesting
        raise SpecError.at(
            "the spec nests arrays or mappings too deeply to read (hundreds of levels)", SpecLocation(display)
        ) from None


def _parse_or_raise(
    text: str, path: Path, display: str, *, fallback: bool
) -> tuple[Any, tuple[str, ...], yaml.Node | None]:
    if read_as_json(path):
        try:
            # strict=False: real specs carry raw control characters inside strings.
            return json.loads(text, strict=False), (), None
        except json.JSONDecodeError as exc:
            raise SpecError.at(
                f"could not parse JSON: {exc.msg}",
                SpecLocation(display),
                line=exc.lineno,
                column=exc.colno,
            ) from None
    import yaml

    from .yaml_loader import FALLBACK_NOTE, SpecLoader, with_fallback

    try:
        if fallback:
            (data, tree), refused = with_fallback(text, _load)
        else:
            (data, tree), refused = _load(text, SpecLoader), None
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
    notes = (FALLBACK_NOTE.format(problem=refused),) if refused else ()
    # Merge keys (<<, or an explicit merge tag) are the one thing constructing changes in the
    # tree: compose it afresh then.
    merges = "<<" in text or _MERGE_TAG.search(text) is not None
    return data, notes, None if merges else tree


_MERGE_TAG = re.compile(r"!\S*merge")


def _load(text: str, loader: type[yaml.SafeLoader]) -> tuple[Any, yaml.Node | None]:
    """The data, and the node tree it was constructed from: what ``yaml.load`` does, keeping the tree."""
    reader = loader(text)
    try:
        node = reader.get_single_node()
        return (None if node is None else reader.construct_document(node)), node
    finally:
        reader.dispose()


def _compose(text: str, loader: type[yaml.SafeLoader]) -> yaml.Node | None:
    import yaml

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


def _parse_cached(
    text: str, path: Path, display: str, cache: Cache | None
) -> tuple[Any, tuple[str, ...], yaml.Node | None]:
    if cache is None or len(text) < _CACHE_THRESHOLD:
        return _parse_keeping_tree(text, path, display)
    import yaml

    key = digest(text, path.suffix.lower(), PARSER_VERSION, yaml.__version__)
    blob = cache.get_bytes("parsed", key)
    if blob is not None:
        try:
            data = marshal.loads(blob)  # noqa: S302 - our own cache, written below
        except (EOFError, ValueError, TypeError):
            pass
        else:
            _check_aliases(data, text, path, display)  # the cache may have been primed by diff
            return data, (), None
    data, notes, tree = _parse_keeping_tree(text, path, display)
    if notes:
        return data, notes, tree  # read the slow way: parse again (and say so again) next time
    try:
        cache.put_bytes("parsed", key, marshal.dumps(data))
    except ValueError:  # a value marshal cannot store: just don't cache it
        pass
    return data, notes, tree


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
    data, notes, tree = _parse_cached(text, path, display, cache)
    return SourceDocument(path=path.resolve(), display=display, text=text, data=data, notes=notes, _tree=tree)
