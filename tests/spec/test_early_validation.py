"""openapi-spec-validator beside the pipeline, and the manifest's record of its findings.

``generate`` validates the spec in a process of its own while it builds and renders
(:func:`generator.spec.validate.start_validation`); the findings are reported and located,
``--strict`` fails on them, and the files never change because of them. The output's
manifest records them with the content hash of the spec, so a run on the unchanged spec
(a fresh clone, no cache) replays them instead of validating again.

The command runs in a subprocess here: the test session validates in its own process
(``conftest`` calls :func:`~generator.spec.validate.preload`), the command line never does.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from generator.emit.manifest import MANIFEST, read_manifest
from generator.pipeline import generate_files

from support.bad_specs import NO_VERSION
from support.paths import ROOT
from support.specs import settings_for

FINDING = "warning: spec validation: 'version' is a required property (at #/info)"
LOCATED = f"pets.yaml:3:3: {FINDING}"

PROBE = """\
import json, pathlib, sys
import generator.spec.validate as validate

started, sent, staged = [], [], []
Process = validate.ValidatorProcess
real_start, real_send, real_answer = Process.start, Process.send, Process.answer


def start():
    process = real_start()
    started.append(process.pid if process is not None else None)
    return process


def send(self, *arguments):
    if {forbid_validation!r}:
        raise SystemExit("the validator was asked")
    sent.append(self.pid)
    return real_send(self, *arguments)


def forbidden(*arguments):
    raise SystemExit("the validator ran here")


def answer(self):
    staged.append(sorted(p.name for p in pathlib.Path("out").rglob("*.tmp")))
    return real_answer(self)


Process.start, Process.send, Process.answer = staticmethod(start), send, answer
if {forbid_validation!r}:
    validate.findings = forbidden
sys.executable = {executable!r}
from generator.cli import main

code = main(sys.argv[1:])
print(json.dumps({{"code": code, "started": started, "sent": sent, "staged": staged,
                  "imported": "openapi_spec_validator" in sys.modules}}))
"""


def generate(
    folder: Path, *extra: str, forbid_validation: bool = False, executable: str = sys.executable
) -> tuple[dict[str, Any], str]:
    """``generate`` in a process of its own: what it answered (its exit code, the validating
    processes it started and sent a document, the temporary files staged in the output when it
    asked for the findings, whether it imported the validator) and its stderr."""
    probe = PROBE.format(forbid_validation=forbid_validation, executable=executable)
    argv = ["generate", "--spec", "pets.yaml", "--output", "out", "--package", "pets", "--no-cache", *extra]
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout, result.stderr
    answer: dict[str, Any] = json.loads(result.stdout.splitlines()[-1])
    for pid in answer["started"]:  # every process started was reaped: none outlives the run
        assert (
            pid is not None and not Path(f"/proc/{pid}").exists()
        ), f"validating process {pid} outlived the run"
    return answer, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "pets.yaml").write_text(NO_VERSION, encoding="utf-8")
    return tmp_path


def test_findings_come_back_from_the_validating_process_located(folder: Path) -> None:
    answer, stderr = generate(folder, "-v")
    assert answer["code"] == 0, stderr
    assert LOCATED in stderr.splitlines(), stderr
    assert len(answer["started"]) == 1 and answer["sent"] == answer["started"]
    assert answer["imported"] is False  # the main process never imports the validator
    assert (folder / "out" / "pets" / "__init__.py").is_file()


def test_the_files_are_staged_while_the_validator_works_and_its_manifest_last(folder: Path) -> None:
    """Only the manifest records the findings: every other file is compared and written to a
    temporary file before the run waits for them, and all are renamed into place after."""
    answer, stderr = generate(folder)
    assert answer["code"] == 0, stderr
    [staged] = answer["staged"]
    assert ".__init__.py." in " ".join(staged) and not any(".generator-manifest" in n for n in staged)
    written = {p.relative_to(folder / "out").as_posix() for p in (folder / "out").rglob("*") if p.is_file()}
    assert len(staged) == len(written) - 1 and not any(n.endswith(".tmp") for n in written)
    assert "1 warning" in stderr and f"generated {len(written)} files" in stderr


def test_strict_findings_are_fatal_and_nothing_is_written(folder: Path) -> None:
    """The files staged while the validator worked are removed, and the folders made for them."""
    answer, stderr = generate(folder, "--strict")
    assert answer["code"] == 2, stderr
    assert answer["staged"], "the files were not staged before the findings came"
    assert f"pets.yaml:3:3: error: {FINDING.removeprefix('warning: ')}" in stderr.splitlines()
    assert not (folder / "out").exists()

    (folder / "out").mkdir()
    (folder / "out" / "notes.txt").write_text("mine\n", encoding="utf-8")
    answer, stderr = generate(folder, "--strict")
    assert answer["code"] == 2, stderr
    assert [p.name for p in (folder / "out").iterdir()] == ["notes.txt"]


def test_the_manifest_records_the_findings_and_an_unchanged_spec_is_not_validated_again(
    folder: Path,
) -> None:
    first, _ = generate(folder)
    assert first["code"] == 0
    record = read_manifest(folder / "out").validation
    assert record is not None
    assert record["findings"] == [["/info", "'version' is a required property"]]
    before = (folder / "out" / MANIFEST).read_bytes()

    # A fresh clone: the output as committed, no cache. The record answers for the spec file
    # as it is on disk, so no validator's process is even started.
    again, stderr = generate(folder, forbid_validation=True)
    assert again["code"] == 0, stderr
    assert LOCATED in stderr.splitlines()
    assert again["started"] == [] and again["sent"] == []
    assert (folder / "out" / MANIFEST).read_bytes() == before  # the record is byte-identical

    again, stderr = generate(folder, "--strict", forbid_validation=True)
    assert again["code"] == 2 and f"pets.yaml:3:3: error: {FINDING.removeprefix('warning: ')}" in stderr

    # The same text behind a UTF-8 byte order mark is the same spec (the reader drops it).
    (folder / "pets.yaml").write_bytes(b"\xef\xbb\xbf" + NO_VERSION.encode("utf-8"))
    again, stderr = generate(folder, forbid_validation=True)
    assert again["code"] == 0 and again["started"] == [], stderr

    # A changed spec is validated again, and its new findings recorded.
    fixed = NO_VERSION.replace("  title: Pets\n", "  title: Pets\n  version: '1'\n")
    (folder / "pets.yaml").write_text(fixed, encoding="utf-8")
    changed_digest = hashlib.sha256(fixed.encode("utf-8")).hexdigest()
    changed, stderr = generate(folder)
    assert len(changed["sent"]) == 1 and "spec validation" not in stderr
    assert read_manifest(folder / "out").validation == {**record, "findings": [], "spec": changed_digest}


def test_a_validator_that_cannot_run_is_one_finding_not_a_traceback(folder: Path) -> None:
    """The validating process fails (here: the interpreter it is started with exits at once)."""
    answer, stderr = generate(folder, executable="/bin/false")
    assert answer["code"] == 0, stderr
    assert "the validator could not finish: its process ended with status 1" in stderr
    assert "Traceback" not in stderr


def test_a_failed_run_leaves_no_validating_process_behind(folder: Path) -> None:
    """The process is started before the spec is read: an unreadable spec or a broken reference
    stops it (``generate`` checks that every process started was reaped)."""
    (folder / "pets.yaml").write_text("openapi: 3.0.3\ninfo: [\n", encoding="utf-8")
    answer, stderr = generate(folder)
    assert answer["code"] == 2 and "pets.yaml:" in stderr, stderr
    assert len(answer["started"]) == 1 and answer["sent"] == []

    missing = "          content:\n            application/json:\n"
    missing += "              schema: {$ref: '#/components/schemas/Missing'}\n"
    (folder / "pets.yaml").write_text(NO_VERSION + missing, encoding="utf-8")
    answer, stderr = generate(folder)
    assert answer["code"] == 2 and "Missing" in stderr, stderr
    assert len(answer["sent"]) == 1  # sent before the references were checked


def test_findings_never_change_the_files(tmp_path: Path) -> None:
    """Validated or not, the files are the same; the manifest differs only by its record."""
    spec = tmp_path / "pets.yaml"
    spec.write_text(NO_VERSION, encoding="utf-8")
    settings = replace(settings_for(spec), cache_dir=None)
    validated = generate_files(settings).files
    unvalidated = generate_files(settings, validate=False).files
    assert {n: t for n, t in validated.items() if n != MANIFEST} == {
        n: t for n, t in unvalidated.items() if n != MANIFEST
    }
    record = [line for line in validated[MANIFEST].splitlines() if line.startswith("# validation: ")]
    assert len(record) == 1
    assert [line for line in validated[MANIFEST].splitlines() if line not in record] == unvalidated[
        MANIFEST
    ].splitlines()
