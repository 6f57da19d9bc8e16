"""How long importing a generated SDK takes, beyond importing httpx.

Generates the SDK for a spec (Stripe's by default: 468 operations, ~2,500 models)
into a temporary folder, then, in fresh interpreters, times ``import httpx`` and
``import <sdk>`` (plus touching the client class and one resource) separately and
prints the medians. Models and resources are imported on first use, so the cost
should not grow with the size of the API.

Usage (from the repository root)::

    .venv/bin/python benchmarks/import_time.py [--spec PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SPEC = ROOT.parent / "shared" / "specs" / "stripe" / "spec3.yaml"
PACKAGE = "bench_import_sdk"

_PROBE = """
import json, time
start = time.perf_counter()
import httpx
after_httpx = time.perf_counter()
import {package}
client_class = next(getattr({package}, name) for name in {package}.__all__ if name.endswith("Client"))
after_sdk = time.perf_counter()
print(json.dumps({{"httpx": after_httpx - start, "sdk": after_sdk - after_httpx}}))
"""


def generate(spec: Path, output: Path) -> None:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--output", str(output), "--package", PACKAGE, "-q"]
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own interpreter and arguments


def measure(output: Path, runs: int) -> tuple[list[float], list[float]]:
    httpx_times: list[float] = []
    sdk_times: list[float] = []
    for _ in range(runs):
        result = subprocess.run(  # noqa: S603 - our own interpreter and probe
            [sys.executable, "-c", _PROBE.format(package=PACKAGE)],
            cwd=output,
            capture_output=True,
            text=True,
            check=True,
        )
        sample = json.loads(result.stdout)
        httpx_times.append(sample["httpx"])
        sdk_times.append(sample["sdk"])
    return httpx_times, sdk_times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "out"
        generate(args.spec, output)
        modules = sum(1 for _ in (output / PACKAGE).rglob("*.py"))
        httpx_times, sdk_times = measure(output, args.runs)
    print(f"spec: {args.spec} ({modules} generated modules), {args.runs} fresh interpreters")
    print(f"import httpx:             median {statistics.median(httpx_times) * 1000:7.1f} ms")
    print(
        f"import the SDK after it:  median {statistics.median(sdk_times) * 1000:7.1f} ms (target: < 100 ms)"
    )


if __name__ == "__main__":
    main()
