"""The hand-edit fixtures (``tests/fixtures/hand-edits/``) and the git a maintainer runs on them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from support.paths import FIXTURES as ALL_FIXTURES

FIXTURES = ALL_FIXTURES / "hand-edits"
HAND_METHOD = '''
    def create_for_room(self, room: str) -> Token:
        """Hand-written: a token for one room."""
        return self.create(room_name=room)
'''
"""A method a maintainer writes into a generated resource class."""
AFTER_INIT = "        self._client = client\n"
"""The generated line a hand-written method goes after."""


def git(root: Path, *args: str) -> None:
    exe = shutil.which("git")
    assert exe is not None
    identity = ["-c", "user.email=maintainer@example.com", "-c", "user.name=Maintainer"]
    subprocess.run([exe, *identity, *args], cwd=root, check=True, capture_output=True)
