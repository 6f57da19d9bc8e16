"""Markdown reference pages: an index, one page per operation, one per model and enum."""

from __future__ import annotations

from typing import Any

import jinja2

from .config import Settings
from .ir import Api


def render_docs(api: Api, settings: Settings, env: jinja2.Environment, common: dict[str, Any]) -> dict[str, str]:
    return {}
