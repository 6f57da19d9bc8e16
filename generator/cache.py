"""A content-addressed cache for work that depends only on its input bytes.

Validating a 4 MB spec or rebuilding a whole SDK costs seconds
and gives the same answer for the same input, so answers are stored under the
SHA-256 of everything they depend on (input bytes and tool versions). A missing,
unreadable or corrupt cache is never an error: the work is simply done again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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
        try:
            return (self.root / namespace / key[:2] / key).read_bytes()
        except OSError:
            return None

    def put_bytes(self, namespace: str, key: str, value: bytes) -> None:
        if self.root is None:
            return
        folder = self.root / namespace / key[:2]
        try:
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
