"""The corpus of third-party specs: where it is, which of its files are specs, their package names.

Nothing here is computed at import: ``conftest.py`` imports this module before it applies
``--corpus``, so callers ask for the corpus (:func:`corpus_root`, :func:`corpus_specs`) when
they collect.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from support.paths import ROOT

CORPUS_ENV = "OPENAPI_SDK_CORPUS"
"""Names the folder of third-party specs the ``corpus`` tests run over (as ``--corpus`` does)."""
DEFAULT_CORPUS = ROOT.parent / "shared" / "specs"
"""Where the corpus is looked for when nothing names it: beside the repository, as in CI."""
EXCLUDED = ("openapi-python-client/documents_with_errors/",)
SUFFIXES = (".yaml", ".yml", ".json")
MISSING = "corpus-missing"
"""The one parameter of a corpus test when there is no spec to run it on."""


def corpus_root() -> Path | None:
    """The spec corpus the ``corpus`` tests use, or ``None`` when there is none.

    A folder named by ``--corpus`` or ``$OPENAPI_SDK_CORPUS`` must exist (``.ci/run`` names
    one, so CI fails loudly without it); the default folder beside the repository is used
    only when it is there, so a fresh clone runs everything else.
    """
    named = os.environ.get(CORPUS_ENV)
    if named:
        return Path(named).resolve()
    return DEFAULT_CORPUS if DEFAULT_CORPUS.is_dir() else None


def package_name(relative: str) -> str:
    """``stripe/spec3.yaml`` → ``corpus_stripe_spec3``: unique per spec, a valid import name."""
    stem = relative.rsplit(".", 1)[0]
    return "corpus_" + re.sub(r"[^0-9a-zA-Z]+", "_", stem).strip("_").lower()


def corpus_specs(corpus: Path | None) -> list[str]:
    """Relative paths of the corpus specs, largest first (so the slowest start first under xdist)."""
    if corpus is None:
        return []
    found = [
        path
        for path in corpus.rglob("*")
        if path.is_file()
        and path.suffix.lower() in SUFFIXES
        and not path.relative_to(corpus).as_posix().startswith(EXCLUDED)
    ]
    found.sort(key=lambda path: (-path.stat().st_size, path.as_posix()))
    specs = [path.relative_to(corpus).as_posix() for path in found]
    assert len({package_name(spec) for spec in specs}) == len(specs), "two specs map to one package name"
    return specs
