"""The three-way merge of hand edits (``generator/edits/merge3.py``), checked against git's verdicts."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.edits.merge3 import has_conflict_markers, merge, two_way

BASE = "".join(f"line {n}\n" for n in range(1, 11))


def _edit(text: str, index: int, new: str) -> str:
    lines = text.splitlines(keepends=True)
    lines[index] = new
    return "".join(lines)


def _insert(text: str, index: int, new: str) -> str:
    lines = text.splitlines(keepends=True)
    lines.insert(index, new)
    return "".join(lines)


def test_one_sided_changes_take_that_side() -> None:
    ours = _edit(BASE, 2, "mine\n")
    assert merge(BASE, ours, BASE).text == ours
    assert merge(BASE, BASE, ours).text == ours
    assert merge(BASE, ours, ours).text == ours


def test_changes_in_different_places_are_both_applied() -> None:
    ours = _insert(_edit(BASE, 1, "mine\n"), 0, "# added on top\n")
    theirs = _edit(_insert(BASE, 10, "line 11\n"), 6, "theirs\n")
    merged = merge(BASE, ours, theirs)
    assert merged.clean
    assert (
        merged.text
        == "# added on top\nline 1\nmine\n"
        + "".join(f"line {n}\n" for n in (3, 4, 5, 6))
        + "theirs\nline 8\nline 9\nline 10\nline 11\n"
    )


def test_an_insertion_before_a_line_the_other_side_changed_merges() -> None:
    ours = _insert(BASE, 4, "inserted\n")
    theirs = _edit(BASE, 5, "changed\n")
    merged = merge(BASE, ours, theirs)
    assert merged.clean
    assert merged.text.splitlines()[3:7] == ["line 4", "inserted", "line 5", "changed"]


def test_overlapping_changes_conflict_and_keep_all_three_versions() -> None:
    ours = _edit(BASE, 4, "mine\n")
    theirs = _edit(BASE, 4, "theirs\n")
    merged = merge(BASE, ours, theirs)
    assert merged.conflicts == 1
    assert (
        "<<<<<<< yours (on disk)\nmine\n||||||| last generated\nline 5\n=======\ntheirs\n>>>>>>> new output\n"
        in (merged.text)
    )
    assert merged.text.startswith("line 1\n") and merged.text.endswith("line 10\n")
    assert has_conflict_markers(merged.text)


def test_identical_changes_on_both_sides_are_not_a_conflict() -> None:
    both = _edit(_insert(BASE, 3, "same\n"), 8, "same too\n")
    ours = _insert(both, 0, "only mine\n")
    merged = merge(BASE, ours, both)
    assert merged.clean and merged.text == ours


def test_a_conflict_keeps_lines_both_sides_share_outside_the_markers() -> None:
    ours = BASE.replace("line 5\n", "shared\nmine\nshared end\n")
    theirs = BASE.replace("line 5\n", "shared\ntheirs\nshared end\n")
    text = merge(BASE, ours, theirs).text
    assert "line 4\nshared\n<<<<<<< yours (on disk)\nmine\n" in text
    assert "theirs\n>>>>>>> new output\nshared end\nline 6\n" in text


def test_a_last_line_without_newline_does_not_swallow_a_marker() -> None:
    base, ours, theirs = "a\nb", "a\nmine", "a\ntheirs"
    text = merge(base, ours, theirs).text
    assert "mine\n|||||||" in text and "theirs\n>>>>>>>" in text


def test_two_way_marks_only_the_differing_regions() -> None:
    ours = _edit(BASE, 2, "mine\n")
    theirs = _edit(BASE, 7, "theirs\n")
    merged = two_way(ours, theirs)
    assert merged.conflicts == 2
    assert merged.text.count("line 1\n") == 1 and "line 10\n" in merged.text
    assert "|||||||" not in merged.text  # no base to show


def test_markers_are_recognised_only_at_line_starts() -> None:
    assert not has_conflict_markers('x = "<<<<<<< not a marker"\ny = ">>>>>>> nor this"\n')
    assert not has_conflict_markers("<<<<<<< opened but never closed\n")


def _git_merge_clean(tmp: Path, base: str, ours: str, theirs: str) -> bool:
    for name, text in (("base", base), ("ours", ours), ("theirs", theirs)):
        (tmp / name).write_text(text)
    git = shutil.which("git")
    assert git is not None
    result = subprocess.run(
        [git, "merge-file", "-p", str(tmp / "ours"), str(tmp / "base"), str(tmp / "theirs")],
        capture_output=True,
        check=False,
    )
    assert result.returncode >= 0, result.stderr
    return result.returncode == 0


UNIQUE_LINES = [f"def f{n}(x): return x + {n}\n" for n in range(60)]
REPEATED_LINES = [
    line for n in range(20) for line in (f"def f{n}(x):\n", "    return (\n", "        x\n", "    )\n")
]
"""Code whose lines mostly repeat: the patience diff has few anchors and falls back to difflib."""


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("base_lines", [UNIQUE_LINES, REPEATED_LINES], ids=["unique", "repeated"])
def test_random_edits_agree_with_git_merge_file(tmp_path: Path, base_lines: list[str]) -> None:
    """Random edit pairs: where git merges cleanly so do we, with every edit of both sides applied.

    Edits are far enough apart or close enough together that any diff3 would judge them alike.
    """
    rng = random.Random(18)
    size = len(base_lines)
    base = "".join(base_lines)
    for _ in range(80):
        ours_lines, theirs_lines = list(base_lines), list(base_lines)
        ours_at = rng.randrange(0, size)
        theirs_at = rng.choice([ours_at, rng.randrange(0, size)])
        ours_lines[ours_at] = f"mine {ours_at}\n"
        theirs_lines[theirs_at] = f"theirs {theirs_at}\n"
        header = rng.random() < 0.5
        if header:
            theirs_lines.insert(0, "# new header\n")
        ours, theirs = "".join(ours_lines), "".join(theirs_lines)
        merged = merge(base, ours, theirs)
        # Adjacent changes conflict (as in git), and so does an edit of the line a header goes above.
        clean = abs(ours_at - theirs_at) > 1 and not (header and ours_at == 0)
        assert merged.clean == clean, (ours_at, theirs_at)
        assert _git_merge_clean(tmp_path, base, ours, theirs) == clean
        if clean:
            assert f"mine {ours_at}\n" in merged.text and f"theirs {theirs_at}\n" in merged.text
            assert len(merged.text.splitlines()) == len(theirs_lines)
