"""A content-addressed cache for work that depends only on its input bytes.

Validating a 4 MB spec or rebuilding a whole SDK costs seconds
and gives the same answer for the same input, so answers are stored under the
SHA-256 of everything they depend on (input bytes and tool versions). A missing,
unreadable or corrupt cache is never an error: the work is simply done again.

The folder follows the conventions of pytest, mypy and ruff: it ignores itself in git
(a ``.gitignore`` of ``*``), carries a ``CACHEDIR.TAG`` so backup tools skip it, and is
bounded: :func:`prune` drops the least recently used entries once it passes
:data:`MAX_BYTES`.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path

MAX_BYTES = 256 * 2**20
"""The cache's size bound; :func:`prune` brings a larger cache down to 80 % of it."""
_ABANDONED_SECONDS = 3600
"""A temporary file this old was left by a run that died mid-write."""
_MARKERS = {
    ".gitignore": "# Created by openapi-sdk-generator: this whole folder is a cache.\n*\n",
    "CACHEDIR.TAG": (
        "Signature: 8a477f597d28d172789f06886806bc55\n"
        "# This file is a cache directory tag created by openapi-sdk-generator.\n"
        "# For information about cache directory tags, see https://bford.info/cachedir/\n"
    ),
}


def digest(*parts: str | bytes) -> str:
    """A key for the given inputs (each part is length-prefixed, so parts cannot run together)."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class Cache:
    """Values stored under keys, in ``<root>/<namespace>/<key[:2]>/<key>``.

    ``Cache(None)`` is a cache that never holds anything (``--no-cache``).
    """

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get_bytes(self, namespace: str, key: str) -> bytes | None:
        if self.root is None:
            return None
        path = self.root / namespace / key[:2] / key
        try:
            value = path.read_bytes()
            os.utime(path)  # recently used: pruned last
        except OSError:
            return None
        return value

    def put_bytes(self, namespace: str, key: str, value: bytes) -> None:
        if self.root is None:
            return
        folder = self.root / namespace / key[:2]
        try:
            if not self.root.is_dir():
                _create_root(self.root)
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "wb") as handle:
                handle.write(value)
            os.replace(tmp, folder / key)
        except OSError:
            pass  # a cache that cannot be written only costs time

    def get(self, namespace: str, key: str) -> str | None:
        blob = self.get_bytes(namespace, key)
        try:
            return None if blob is None else blob.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, namespace: str, key: str, value: str) -> None:
        self.put_bytes(namespace, key, value.encode("utf-8"))


def _create_root(root: Path) -> None:
    """Make the cache folder with its markers, so git and backups ignore it from the start."""
    root.mkdir(parents=True, exist_ok=True)
    for name, text in _MARKERS.items():
        marker = root / name
        if not marker.exists():
            marker.write_text(text, encoding="utf-8")


def prune(root: Path | None, max_bytes: int = MAX_BYTES) -> int:
    """Keep the cache under ``max_bytes``: drop least recently used entries; return how many.

    Entries are files below ``root``; reading one refreshes its time (see ``get_bytes``),
    so what recent runs use stays. Temporary files abandoned by a crashed run go too.
    """
    if root is None or not root.is_dir():
        return 0
    entries: list[tuple[float, int, Path]] = []
    removed = 0
    now = time.time()
    for folder, _, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            if path.parent == root and name in _MARKERS:
                continue
            try:
                stat = path.stat()
            except OSError:
                continue
            if name.startswith(".tmp-") and now - stat.st_mtime > _ABANDONED_SECONDS:
                removed += _unlink(path)
                continue
            entries.append((stat.st_mtime, stat.st_size, path))
    total = sum(size for _, size, _ in entries)
    if total <= max_bytes:
        return removed
    entries.sort()
    for _, size, path in entries:
        if total <= max_bytes * 0.8:
            break
        removed += _unlink(path)
        total -= size
    return removed


def _unlink(path: Path) -> int:
    try:
        path.unlink()
    except OSError:
        return 0
    return 1
