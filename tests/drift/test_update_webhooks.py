"""``update`` of an SDK generated from a webhooks-only spec (no paths, so no operation at all):
an upstream release that adds or removes an event is released like any other, never refused as
"the SDK would lose every operation"."""

from __future__ import annotations

import copy
import datetime
from pathlib import Path
from typing import Any

import yaml

from generator.config import load_settings
from generator.drift.upstream import update

from support.paths import FIXTURES
from support.upstream_pages import run_cli

EVENTS = yaml.safe_load((FIXTURES / "webhooks" / "events-3.1.yaml").read_text(encoding="utf-8"))
TABLE = """\
[tool.generator]
spec = ["spec/events.yaml"]
output = "generated"
package = "events_api"
upstream = ["upstream/events.yaml"]
changelog = "generated/CHANGELOG.md"
"""


def _project(tmp_path: Path, document: dict[str, Any]) -> Path:
    for folder in ("spec", "upstream"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "events.yaml").write_text(
            yaml.safe_dump(document, sort_keys=False), encoding="utf-8"
        )
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(TABLE, encoding="utf-8")
    code, out, err = run_cli("generate", "--config", str(pyproject), "--no-cache", "-q")
    assert code == 0, out + err
    return pyproject


def _release(tmp_path: Path, pyproject: Path, document: dict[str, Any]) -> Any:
    (tmp_path / "upstream" / "events.yaml").write_text(
        yaml.safe_dump(document, sort_keys=False), encoding="utf-8"
    )
    settings = load_settings(pyproject=pyproject, use_cache=False)
    return update(settings, config=pyproject, today=datetime.date(2026, 12, 6), timeout=5)


def test_update_releases_a_new_and_a_removed_event_of_a_webhooks_only_sdk(tmp_path: Path) -> None:
    pyproject = _project(tmp_path, EVENTS)
    models = tmp_path / "generated" / "events_api" / "models"
    assert (models / "ping_event.py").is_file()
    assert (tmp_path / "generated" / "events_api" / "webhooks.py").is_file()

    added = copy.deepcopy(EVENTS)
    added["webhooks"]["meeting.paused"] = copy.deepcopy(added["webhooks"]["ping"])
    outcome = _release(tmp_path, pyproject, added)
    assert outcome.changed
    assert (models / "meeting_paused_event.py").is_file()
    assert "MeetingPausedEvent" in (tmp_path / "generated" / "events_api" / "webhooks.py").read_text(
        encoding="utf-8"
    )

    removed = copy.deepcopy(added)
    del removed["webhooks"]["ping"]
    outcome = _release(tmp_path, pyproject, removed)
    assert outcome.changed
    assert not (models / "ping_event.py").exists()
    assert (tmp_path / "generated" / "events_api" / "webhooks.py").is_file()  # the rest of the SDK stays
    code, out, err = run_cli("check", "--config", str(pyproject), "--no-cache")
    assert code == 0, out + err
