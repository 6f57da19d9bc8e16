"""The versions of installed distributions, read from the names of their metadata folders.

Findings and cached runs are only valid for the tool versions that produced them, so the
generator asks for versions at the start of every run. :func:`importlib.metadata.version`
gives the same answer, but importing it (and the email parser it reads metadata with) costs
a third of a replayed run's start; the folder names (``PyYAML-6.0.2.dist-info``) already
say it.
"""

from __future__ import annotations

import functools
import os
import re
import sys


def normal_name(name: str) -> str:
    """A distribution's name as packaging compares it (PEP 503: case and ``-_.`` runs folded)."""
    return re.sub(r"[-_.]+", "_", name).lower()


@functools.cache
def _versions_on_path() -> dict[str, str]:
    """Normalised name → version of the first distribution of each name on ``sys.path``."""
    found: dict[str, str] = {}
    for entry in sys.path:
        try:
            names = sorted(os.listdir(entry or "."))
        except OSError:
            continue
        for name in names:
            stem, dot, suffix = name.rpartition(".")
            if not dot or suffix not in ("dist-info", "egg-info"):
                continue
            project, _, release = stem.partition("-")
            found.setdefault(normal_name(project), release.partition("-")[0] or "unknown")
    return found


def installed_version(name: str) -> str:
    """The version of distribution ``name`` that imports first, ``"missing"`` when none is installed."""
    return _versions_on_path().get(normal_name(name), "missing")
