"""Resolving ``$ref`` across the documents of one spec.

One :class:`Workspace` is the only authority on references: it loads the documents
a spec refers to (on first use, each once), resolves JSON pointers inside them,
follows chains of references to references, and detects cycles. Every resolved
node carries its canonical location, so the builder can tell that two references
mean the same schema and give it a single name.

Spec documents are untrusted: file references may not leave the folder of the root
document, and remote (``http``/``https``) references are refused unless allowed.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import Cache
from ..diagnostics import SpecError, SpecLocation, unescape_token
from .source import SourceDocument, parse_with_notes, read_document

REMOTE_TIMEOUT_SECONDS = 20.0


@dataclass(frozen=True)
class Node:
    """A value of a spec document together with where it is."""

    value: Any
    document: SourceDocument
    pointer: str

    @property
    def location(self) -> SpecLocation:
        return self.document.location(self.pointer)

    @property
    def key(self) -> str:
        """Identity of the place: the same for every reference that reaches it."""
        return f"{self.document.path}#{self.pointer}"

    def child(self, *tokens: str | int) -> Node:
        """A member below this node (which must exist)."""
        value = self.value
        pointer = self.pointer
        for token in tokens:
            value = value[token]
            pointer += "/" + str(token).replace("~", "~0").replace("/", "~1")
        return Node(value, self.document, pointer)

    def get(self, token: str) -> Node | None:
        """A member of a mapping node, or ``None`` when absent (or not a mapping)."""
        if isinstance(self.value, dict) and token in self.value:
            return self.child(token)
        return None


class Workspace:
    """The documents of one spec and the references between them."""

    def __init__(
        self,
        root: SourceDocument,
        *,
        allow_remote: bool = False,
        fetch: Callable[[str], str] | None = None,
        cache: Cache | None = None,
    ) -> None:
        self.root = root
        self._cache = cache
        self.allow_remote = allow_remote
        self._fetch = fetch or _fetch_url
        self._base_dir = root.path.parent
        self.documents: dict[str, SourceDocument] = {str(root.path): root}

    def line_of(self, location: SpecLocation) -> tuple[int, int] | None:
        """(line, column) of a location in any document of the spec."""
        for document in self.documents.values():
            if document.display == location.file:
                return document.line_of(location.pointer)
        return None

    def referenced_files(self) -> dict[str, Path]:
        """The local files the spec's references reached (the root's own file not among them), by
        their path from the root's folder, in POSIX form; a remote document is not a file here."""
        found = {}
        for key in self.documents:
            path = Path(key)
            if path.is_absolute() and path != self.root.path and path.is_relative_to(self._base_dir):
                found[path.relative_to(self._base_dir).as_posix()] = path
        return found

    @property
    def root_node(self) -> Node:
        return Node(self.root.data, self.root, "")

    def check_all_refs(self) -> None:
        """Resolve every ``$ref`` of the spec, used by the SDK or not.

        The builder only follows the references it needs; this makes a reference that
        cannot be resolved an error wherever it stands (a response header, an unused
        component, an example in a file an operation refers to), never something silently
        ignored. The root document is walked first, then every document it reaches.
        """
        walked: set[str] = set()
        visited: set[int] = set()
        while pending := [key for key in self.documents if key not in walked]:
            for key in pending:
                walked.add(key)
                self._check_refs_in(self.documents[key], visited)

    def _check_refs_in(self, document: SourceDocument, visited: set[int]) -> None:
        # Depth first in document order, so the first problem reported is the first in the file.
        # A node shared by YAML aliases is visited once: its references mean the same wherever
        # it appears, and visiting every use could take forever ("billion laughs").
        stack: list[tuple[Any, str]] = [(document.data, "")]
        while stack:
            value, pointer = stack.pop()
            if id(value) in visited:
                continue
            visited.add(id(value))
            children: list[tuple[Any, str]] = []
            if isinstance(value, dict):
                if isinstance(value.get("$ref"), str):
                    self.resolve(Node(value, document, pointer))
                children = [
                    (item, pointer + "/" + key.replace("~", "~0").replace("/", "~1"))
                    for key, item in value.items()
                    if isinstance(item, (dict, list))
                ]
            elif isinstance(value, list):
                children = [
                    (item, f"{pointer}/{i}") for i, item in enumerate(value) if isinstance(item, (dict, list))
                ]
            stack.extend(reversed(children))

    def resolve(self, node: Node) -> Node:
        """Follow ``$ref`` (and references to references) until a node that is not one.

        ``$ref`` siblings (allowed by OpenAPI 3.1) are not merged here; the builder
        reads them from the original node where they matter (descriptions).
        """
        seen: list[str] = []
        current = node
        while isinstance(current.value, dict) and isinstance(current.value.get("$ref"), str):
            if current.key in seen:
                chain = " -> ".join(f"#{k.split('#', 1)[1]}" for k in [*seen, current.key])
                raise SpecError.at(f"circular $ref: {chain}", node.location)
            seen.append(current.key)
            current = self._target(current)
        return current

    def _target(self, node: Node) -> Node:
        ref: str = node.value["$ref"]
        address, _, fragment = ref.partition("#")
        document = node.document
        if address:
            document = self._document(address, node)
        pointer = urllib.parse.unquote(fragment)
        if pointer and not pointer.startswith("/"):
            raise SpecError.at(
                f"$ref '{ref}' has an anchor fragment, which is not supported; use a JSON pointer",
                node.location.child("$ref"),
            )
        value: Any = document.data
        walked = ""
        for raw_token in pointer.split("/")[1:]:
            token = unescape_token(raw_token)
            if isinstance(value, dict) and token in value:
                value = value[token]
            elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                value = value[int(token)]
            else:
                where = f"#{walked}" if walked else "the document root"
                raise SpecError.at(
                    f"unresolvable $ref '{ref}': {where} in {document.display} has no member '{token}'",
                    node.location.child("$ref"),
                )
            walked += "/" + raw_token
        return Node(value, document, pointer)

    def _document(self, address: str, origin: Node) -> SourceDocument:
        scheme = urllib.parse.urlsplit(address).scheme
        if scheme in ("http", "https"):
            return self._remote_document(address, origin)
        if origin.document.display.startswith(("http://", "https://")):
            # A relative reference inside a remote document is relative to its URL.
            return self._remote_document(urllib.parse.urljoin(origin.document.display, address), origin)
        if scheme not in ("", "file"):
            raise SpecError.at(
                f"$ref '{address}' uses the unsupported scheme '{scheme}'", origin.location.child("$ref")
            )
        relative = urllib.parse.unquote(urllib.parse.urlsplit(address).path)
        path = (origin.document.path.parent / relative).resolve()
        if not path.is_relative_to(self._base_dir):
            raise SpecError.at(
                f"$ref '{address}' points outside the spec's folder ({self._base_dir}); "
                "references may only reach files beside the spec or below it",
                origin.location.child("$ref"),
            )
        key = str(path)
        if key not in self.documents:
            if not path.is_file():
                raise SpecError.at(
                    f"unresolvable $ref '{address}': no such file {path}", origin.location.child("$ref")
                )
            self.documents[key] = read_document(path, self._cache)
        return self.documents[key]

    def _remote_document(self, address: str, origin: Node) -> SourceDocument:
        if not self.allow_remote:
            raise SpecError.at(
                f"remote $ref '{address}' is not followed; pass --allow-remote-refs to allow it",
                origin.location.child("$ref"),
            )
        if address not in self.documents:
            try:
                text = self._fetch(address)
            except OSError as exc:
                raise SpecError.at(
                    f"cannot fetch remote $ref '{address}': {exc}", origin.location.child("$ref")
                ) from None
            path = Path(urllib.parse.urlsplit(address).path)
            data, notes = parse_with_notes(text, path, address)
            self.documents[address] = SourceDocument(
                path=path, display=address, text=text, data=data, notes=notes
            )
        return self.documents[address]


def _fetch_url(url: str) -> str:
    import urllib.request  # only remote refs need it (and it is slow to import)

    with urllib.request.urlopen(url, timeout=REMOTE_TIMEOUT_SECONDS) as response:  # noqa: S310
        body: bytes = response.read()
    return body.decode("utf-8-sig")
