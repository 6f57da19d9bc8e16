"""Formatting generated Python with black, in process, with results cached by content.

Black is the slowest step for big APIs (Stripe's 10 MB of models), and it gives the
same output for the same input, so:

* formatted files are cached under the hash of (source, black version, mode);
* files that miss the cache are formatted by a pool of worker processes, one per
  core, when there is enough code to repay starting the pool.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Sequence
from importlib.metadata import version

import black
from black import InvalidInput, TargetVersion  # type: ignore[attr-defined]

from ..cache import Cache, digest

MODE = black.Mode(target_versions={TargetVersion.PY310}, line_length=100)
_MODE_KEY = f"{version('black')}|{MODE.line_length}|py310"
PARALLEL_THRESHOLD = 100_000
"""Below this many characters to format, one process is faster than starting workers."""


class FormattingError(Exception):
    """The generator produced Python that black cannot parse: a generator bug."""


def _format(text: str) -> str | Exception:
    try:
        return black.format_str(text, mode=MODE)
    except InvalidInput as exc:
        return FormattingError(str(exc))


def _format_all(texts: Sequence[str], workers: int) -> list[str | Exception]:
    if workers <= 1 or len(texts) < 2 or sum(map(len, texts)) < PARALLEL_THRESHOLD:
        return [_format(text) for text in texts]
    # fork shares the already-imported black with the workers; elsewhere spawn is the safe choice.
    method = "fork" if sys.platform == "linux" else "spawn"
    # Longest first, in small chunks: black is superlinear in file size, and one big
    # module left for last would keep a core busy while the other idles.
    order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
    with multiprocessing.get_context(method).Pool(workers) as pool:
        outputs = pool.map(_format, [texts[i] for i in order], chunksize=4)
    result: list[str | Exception] = [""] * len(texts)
    for index, output in zip(order, outputs, strict=True):
        result[index] = output
    return result


def worker_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def format_python(files: dict[str, str], cache: Cache, *, workers: int | None = None) -> dict[str, str]:
    """``files`` with every ``.py`` file formatted (other files are returned unchanged)."""
    result = dict(files)
    missing: list[tuple[str, str]] = []
    for path, text in files.items():
        if not path.endswith(".py"):
            continue
        key = digest(text, _MODE_KEY)
        cached = cache.get("black", key)
        if cached is None:
            missing.append((path, key))
        else:
            result[path] = cached
    formatted = _format_all([files[path] for path, _ in missing], workers or worker_count())
    for (path, key), output in zip(missing, formatted, strict=True):
        if isinstance(output, Exception):
            raise FormattingError(f"{path}: generated code does not parse: {output}")
        cache.put("black", key, output)
        result[path] = output
    return result
