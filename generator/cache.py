"""A content-addressed cache for work that depends only on its input bytes.

Validating a 4 MB spec or formatting thousands of modules with black costs seconds
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
    """Text values stored under keys, in ``<root>/<namespace>/<key[:2]>/<key>``."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def get(self, namespace: str, key: str) -> str | None:
        if self.root is None:
            return None
        try:
            return (self.root / namespace / key[:2] / key).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def put(self, namespace: str, key: str, value: str) -> None:
        if self.root is None:
            return
        folder = self.root / namespace / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(value)
            os.replace(tmp, folder / key)
        except OSError:
            pass  # a cache that cannot be written only costs time
