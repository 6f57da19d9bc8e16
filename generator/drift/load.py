"""Building the intermediate models of two specs quickly, for ``diff``.

A plain :func:`~generator.pipeline.build_model` of each side of a diff of two versions of
a 4 MB spec spends most of its time parsing YAML and collecting garbage. Two measured
tricks, neither of which changes the result:

1. **Parse what the two versions share once.** Both big YAML documents are cut into
   pieces (:mod:`generator.spec.yaml_chunks`); identical pieces are parsed once and the parsed
   documents are put into the content-addressed parse cache that
   :func:`~generator.spec.source.read_document` reads, so ``build_model`` itself runs
   unchanged and finds them there. With ``--no-cache`` a scratch cache is used and removed.
2. **Pause the garbage collector while building.** Parsing creates millions of objects
   and no garbage cycles worth collecting; the collector's repeated full scans cost about
   half of the time of a Stripe diff.

Building the two sides in two processes (a forked child sending its model back pickled)
was measured and dropped: on two cores it made a Stripe diff at best 1.3 times as fast
(the pickled model alone takes most of a second to load), not worth what it cost.
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from ..cache import Cache, digest
from ..config import Settings
from ..diagnostics import Report
from ..model.ir import Api
from ..pipeline import build_model
from ..spec.source import PARSER_VERSION, parse_text
from ..spec.yaml_chunks import Piece, SplitError, assemble, parse_pieces, split

PARSE_CACHE_THRESHOLD = 64 * 1024
"""Documents smaller than this are not read from the parse cache by ``read_document``
(mirrors :mod:`generator.spec.source`; a test checks that a primed entry is really used)."""

Built = tuple[Api, Report]


def build_pair(old: Settings, new: Settings) -> tuple[Built, Built]:
    """``build_model(old)`` and ``build_model(new)``, parsing what they share once."""
    with gc_paused(), tempfile.TemporaryDirectory(prefix="generator-diff-") as scratch:
        old, new = (s if s.cache_dir is not None else replace(s, cache_dir=Path(scratch)) for s in (old, new))
        prime_parse_cache((old, new))
        return build_model(old), build_model(new)


def prime_parse_cache(sides: Sequence[Settings]) -> int:
    """Parse the big YAML specs of ``sides`` into their caches, sharing identical pieces.

    ``read_document`` then finds each document parsed (a test checks it really does).
    Returns how many documents were primed: small or JSON specs are left to it.
    """
    sources = _sources(sides)
    _prime_parse_cache(sources)
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


def _prime_parse_cache(sources: list[_Source]) -> None:
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
    try:
        results = _parse_jobs(list(jobs), whole)
    except Exception:
        return  # build_model parses the documents (and reports their errors) itself
    for plan in plans:
        try:
            data = (
                results[plan.jobs[0]]
                if plan.pieces is None
                else assemble(plan.pieces, [results[i] for i in plan.jobs])
            )
            plan.source.cache.put_bytes("parsed", plan.source.key, marshal.dumps(data))
        except (SplitError, ValueError):
            continue


def _parse_jobs(texts: list[str], whole: set[int]) -> list[Any]:
    """Parse every job: pieces in one multi-document run, whole documents one by one."""
    pieces = [i for i in range(len(texts)) if i not in whole]
    values = dict(zip(pieces, parse_pieces([texts[i] for i in pieces]), strict=True))
    for index in whole:
        values[index] = parse_text(texts[index], Path("document.yaml"), "document.yaml", fallback=False)
    return [values[i] for i in range(len(texts))]
