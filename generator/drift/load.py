"""Building the intermediate models of two specs quickly, for ``diff``.

Diffing two versions of a 4 MB spec must take well under two seconds on two cores, and
a plain :func:`~generator.pipeline.build_model` of each side takes more than that alone
(most of it parsing YAML). Three measured tricks, none of which changes the result:

1. **Parse what the two versions share once.** Both big YAML documents are cut into
   pieces (:mod:`generator.spec.yaml_chunks`); identical pieces are parsed once and the parsed
   documents are put into the content-addressed parse cache that
   :func:`~generator.spec.source.read_document` reads, so ``build_model`` itself runs
   unchanged and finds them there. With ``--no-cache`` a scratch cache is used and removed.
2. **Pause the garbage collector while building.** Parsing creates millions of objects
   and no garbage cycles worth collecting; the collector's repeated full scans cost about
   half of the parse time.
3. **Use both cores.** The pieces are parsed by two processes, and the new side's model
   is built in a forked child while the parent builds the old one (the child sends its
   model back pickled). Forking is used only where it is safe and worth it: a platform
   with ``fork``, a single-threaded process, specs large enough. Anything a child fails
   at is simply done again in the parent, so errors surface exactly as without a child.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import pickle
import select
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..cache import Cache, digest
from ..config import Settings
from ..diagnostics import Diagnostic, Report
from ..model.ir import Api
from ..pipeline import build_model
from ..spec.source import PARSER_VERSION, parse_text
from ..spec.yaml_chunks import Piece, SplitError, assemble, parse_pieces, split

PARSE_CACHE_THRESHOLD = 64 * 1024
"""Documents smaller than this are not read from the parse cache by ``read_document``
(mirrors :mod:`generator.spec.source`; a test checks that a primed entry is really used)."""
PARALLEL_BYTES = 1024 * 1024
"""Below this much YAML on both sides, forking costs more than it saves."""
CHILD_TIMEOUT_SECONDS = 300.0
"""A child that has not answered by then is stopped and its work done in the parent (a child
forked from a process whose other threads held a lock could wait forever)."""

Built = tuple[Api, Report]


def build_pair(old: Settings, new: Settings, *, parallel: bool | None = None) -> tuple[Built, Built]:
    """``build_model(old)`` and ``build_model(new)``, sharing work and cores.

    ``parallel`` forces forking on (where possible) or off; ``None`` decides by size.
    """
    with gc_paused(), tempfile.TemporaryDirectory(prefix="generator-diff-") as scratch:
        old, new = (s if s.cache_dir is not None else replace(s, cache_dir=Path(scratch)) for s in (old, new))
        fork = can_fork() if parallel is None or parallel else False
        if parallel is None:
            fork = fork and _size(old) + _size(new) >= PARALLEL_BYTES
        prime_parse_cache((old, new), fork=fork)
        return _build_both(old, new, fork)


def prime_parse_cache(sides: Sequence[Settings], *, fork: bool = False) -> int:
    """Parse the big YAML specs of ``sides`` into their caches, sharing identical pieces.

    ``read_document`` then finds each document parsed (a test checks it really does).
    Returns how many documents were primed: small or JSON specs are left to it.
    """
    sources = _sources(sides)
    _prime_parse_cache(sources, fork)
    return len(sources)


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Suspend the cyclic garbage collector (restored as it was on exit)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def can_fork() -> bool:
    """Whether a child process can be forked safely here.

    Never from a multi-threaded process (another thread may hold a lock the child would
    wait for), and only on Linux: macOS system libraries are not fork-safe without exec.
    """
    return hasattr(os, "fork") and sys.platform.startswith("linux") and threading.active_count() == 1


def _size(settings: Settings) -> int:
    total = 0
    for path in settings.specs:
        with contextlib.suppress(OSError):
            total += path.stat().st_size
    return total


def parse_cache_key(text: str, path: Path) -> str:
    """The key :func:`generator.spec.source.read_document` stores a parsed document under."""
    return digest(text, path.suffix.lower(), PARSER_VERSION, yaml.__version__)


# ---------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class _Source:
    """A big YAML document whose parse is not cached yet."""

    path: Path
    text: str
    cache: Cache
    key: str


def _sources(sides: Sequence[Settings]) -> list[_Source]:
    found: dict[str, _Source] = {}
    for settings in sides:
        cache = Cache(settings.cache_dir)
        for path in settings.specs:
            if path.suffix.lower() == ".json":
                continue  # json.loads is fast enough
            try:
                text = path.read_bytes().decode("utf-8-sig")
            except (OSError, UnicodeDecodeError):
                continue  # build_model reports it properly
            if len(text) < PARSE_CACHE_THRESHOLD:
                continue
            key = parse_cache_key(text, path)
            if key not in found and cache.get_bytes("parsed", key) is None:
                found[key] = _Source(path, text, cache, key)
    return list(found.values())


@dataclass(frozen=True)
class _Plan:
    source: _Source
    pieces: list[Piece] | None
    """``None``: the document is parsed whole."""
    jobs: list[int]


def _prime_parse_cache(sources: list[_Source], fork: bool) -> None:
    """Parse the documents (shared pieces once) and store them where ``read_document`` looks."""
    if not sources:
        return
    jobs: dict[str, int] = {}  # job text → index; a piece text starts with its first key
    whole: set[int] = set()
    plans = []
    for source in sources:
        pieces = split(source.text)
        texts = [source.text] if pieces is None else [p.text for p in pieces]
        indexes = [jobs.setdefault(t, len(jobs)) for t in texts]
        if pieces is None:
            whole.update(indexes)
        plans.append(_Plan(source, pieces, indexes))
    texts = list(jobs)
    halves: tuple[list[int], list[int]] = ([], [])
    loads = [0, 0]
    for index in sorted(range(len(texts)), key=lambda i: -len(texts[i])):
        lighter = 0 if loads[0] <= loads[1] else 1
        halves[lighter].append(index)
        loads[lighter] += len(texts[index])
    results: dict[int, Any] = {}
    if fork and halves[1]:
        child = fork_call(lambda: marshal.dumps(_parse_jobs(texts, halves[1], whole)))
        done = [
            (halves[0], _parse_jobs_or_none(texts, halves[0], whole)),
            (halves[1], _loads(child.result())),
        ]
    else:
        every = halves[0] + halves[1]
        done = [(every, _parse_jobs_or_none(texts, every, whole))]
    for indexes, values in done:
        if values is not None and len(values) == len(indexes):
            results.update(zip(indexes, values, strict=True))
    for plan in plans:
        if not all(i in results for i in plan.jobs):
            continue  # build_model parses it (and reports its errors) itself
        try:
            data = (
                results[plan.jobs[0]]
                if plan.pieces is None
                else assemble(plan.pieces, [results[i] for i in plan.jobs])
            )
            plan.source.cache.put_bytes("parsed", plan.source.key, marshal.dumps(data))
        except (SplitError, ValueError):
            continue


def _parse_jobs(texts: list[str], indexes: list[int], whole: set[int]) -> list[Any]:
    """Parse the given jobs: pieces in one multi-document run, whole documents one by one."""
    pieces = [i for i in indexes if i not in whole]
    values = dict(zip(pieces, parse_pieces([texts[i] for i in pieces]), strict=True))
    for index in indexes:
        if index in whole:
            values[index] = parse_text(texts[index], Path("document.yaml"), "document.yaml", fallback=False)
    return [values[i] for i in indexes]


def _parse_jobs_or_none(texts: list[str], indexes: list[int], whole: set[int]) -> list[Any] | None:
    try:
        return _parse_jobs(texts, indexes, whole)
    except Exception:
        return None


def _loads(blob: bytes | None) -> list[Any] | None:
    if blob is None:
        return None
    try:
        value = marshal.loads(blob)  # noqa: S302 - written by our own child process
    except (EOFError, ValueError, TypeError):
        return None
    return value if isinstance(value, list) else None


# --------------------------------------------------------------------- building


def _build_both(old: Settings, new: Settings, fork: bool) -> tuple[Built, Built]:
    if not fork:
        return build_model(old), build_model(new)
    child = fork_call(lambda: pickle.dumps(_portable(build_model(new)), protocol=pickle.HIGHEST_PROTOCOL))
    try:
        old_built = build_model(old)
    except BaseException:
        child.cancel()
        raise
    blob = child.result()
    new_built = _unportable(blob, new) if blob is not None else None
    return old_built, new_built if new_built is not None else build_model(new)


def _portable(built: Built) -> tuple[Api, tuple[Diagnostic, ...]]:
    """What a child sends back: the report's line lookup is a closure over the parsed documents."""
    api, report = built
    return api, tuple(report.diagnostics)


def _unportable(blob: bytes, settings: Settings) -> Built | None:
    try:
        api, diagnostics = pickle.loads(blob)  # noqa: S301 - written by our own child process
    except Exception:
        return None
    return api, Report(strict=settings.strict, diagnostics=list(diagnostics))


# ----------------------------------------------------------------------- forking


class Forked:
    """A child process computing bytes; :meth:`result` waits for them (``None`` if it failed)."""

    def __init__(self, pid: int, fd: int) -> None:
        self._pid = pid
        self._fd = fd
        self._done = False

    def result(self, timeout: float = CHILD_TIMEOUT_SECONDS) -> bytes | None:
        """The child's bytes; ``None`` (the child stopped) if it failed or took longer than ``timeout``."""
        deadline = time.monotonic() + timeout
        chunks: list[bytes] = []
        try:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or not select.select([self._fd], [], [], remaining)[0]:
                    self.cancel()
                    return None
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            self.cancel()
            return None
        os.close(self._fd)
        _, status = os.waitpid(self._pid, 0)
        self._done = True
        data = b"".join(chunks)
        return data if status == 0 and data else None

    def cancel(self) -> None:
        """Stop the child (our own, by its pid) and reap it."""
        if self._done:
            return
        with contextlib.suppress(OSError):
            os.kill(self._pid, 9)
        with contextlib.suppress(OSError):
            os.close(self._fd)
        with contextlib.suppress(OSError):
            os.waitpid(self._pid, 0)
        self._done = True


def fork_call(compute: Callable[[], bytes]) -> Forked:
    """Run ``compute`` in a forked child; the child never returns into the caller's code."""
    sys.stdout.flush()
    sys.stderr.flush()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: compute, write, and leave without running any parent cleanup
        status = 1
        try:
            os.close(read_end)
            payload = compute()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
            status = 0
        except BaseException:  # noqa: S110 - the parent redoes the work and reports errors
            pass
        finally:
            os._exit(status)
    os.close(write_end)
    return Forked(pid, read_end)
