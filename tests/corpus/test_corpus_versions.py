"""Every corpus SDK installs: its version is PEP 440 and hatchling builds a wheel with valid metadata.

A spec's ``info.version`` can be anything (Stripe's is ``2023-08-16``); the SDK's package
version must be what pip accepts (:mod:`generator.versions`). Building the wheel is what
``pip install`` does with the SDK, offline, with the build backend its pyproject names.
Measured on 2 shared cores: generating an SDK costs far more than building its wheel
(Stripe: 46 s against 3 s; the small specs about 1 s each), and the whole module takes
about 2.5 minutes under ``-n 2`` (50 s of CPU), so each SDK's wheel is built for real
rather than only its metadata checked. Generation skips openapi-spec-validator, which
cannot change the version (``corpus/test_corpus.py`` runs it).
"""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from packaging.metadata import Metadata
from packaging.version import Version

from generator.config import load_settings
from generator.emit.writer import write
from generator.pipeline import generate_files
from generator.spec.source import read_document
from generator.versions import package_version

from support.corpus import MISSING, corpus_root, corpus_specs, package_name
from support.tools import require

CORPUS = corpus_root()
SPECS = corpus_specs(CORPUS)

pytestmark = pytest.mark.corpus
WHEEL_TIMEOUT = 300


@pytest.mark.parametrize("relative", SPECS or [MISSING])
def test_corpus_sdk_builds_a_wheel_with_a_pep_440_version(relative: str, tmp_path: Path) -> None:
    if relative == MISSING or CORPUS is None:
        pytest.fail(f"the spec corpus is missing: no specs under {CORPUS}")
    require("hatchling")
    spec = CORPUS / relative
    package = package_name(relative)
    settings = load_settings(
        pyproject=None, specs=[str(spec)], output=str(tmp_path / "sdk"), package=package, use_cache=False
    )
    result = generate_files(settings, validate=False)
    write(settings.output, result.files)

    project = tomllib.loads(result.files["pyproject.toml"])["project"]
    version = project["version"]
    info = read_document(spec).data.get("info", {})
    assert version == package_version(str(info.get("version") or "0.0.0"))
    assert str(Version(version)) == version  # PEP 440, in its canonical form
    module = result.files[f"{package}/_version.py"]
    assert f'__version__ = "{version}"' in module

    built = subprocess.run(
        [sys.executable, "-c", "import sys, hatchling.build as b; print(b.build_wheel(sys.argv[1]))", "dist"],
        cwd=settings.output,
        capture_output=True,
        text=True,
        timeout=WHEEL_TIMEOUT,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    wheel = settings.output / "dist" / built.stdout.strip().splitlines()[-1]
    assert wheel.name.startswith(f"{project['name'].replace('-', '_')}-{version}-"), wheel.name
    with zipfile.ZipFile(wheel) as archive:
        [metadata_name] = [name for name in archive.namelist() if name.endswith(".dist-info/METADATA")]
        metadata = Metadata.from_email(archive.read(metadata_name), validate=True)
    assert metadata.version == Version(version)
    assert metadata.name == project["name"]
