"""Folders every xdist worker of one run shares (caches that are safe for concurrent use)."""

from __future__ import annotations

from pathlib import Path

import pytest


def shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """``name`` in a folder all xdist workers of this run share: their base temp folders' parent
    (``pytest-N/``, beside ``popen-gw0/``), or the base temp folder without xdist. It lives as
    long as pytest keeps that run's temp folders, so every run starts from an empty one."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if base.name.startswith("popen-gw") else base) / name
    folder.mkdir(exist_ok=True)
    return folder
