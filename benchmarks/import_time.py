"""How long the first use of a generated SDK takes, beyond what httpx itself costs.

Generates the SDK for a spec (Stripe's by default: 468 operations, ~2,500 models) into a
temporary folder, then, in fresh interpreters, times separately:

* ``import httpx``, then ``import <sdk>`` (and touching its client class);
* constructing the client, then the **first touch of a resource** (``client.customers``),
  with how many of the SDK's modules are loaded after it;
* the **first call** on that resource (``client.customers.get()``, Stripe's list), answered by a local
  HTTP server in the same interpreter, with the modules loaded after it;
* for comparison, a bare ``httpx.Client`` making the same request in a fresh interpreter.

"beyond httpx" is (import the SDK + construct + touch + first call) minus (construct a
bare ``httpx.Client`` + the same request): what the SDK adds to the first call.
Models are imported when a value of their type is first built or read, so none of these
should grow with the size of the API. Prints medians; asserts nothing.

Usage (from the repository root)::

    .venv/bin/python benchmarks/import_time.py [--spec PATH] [--runs N]
        [--resource customers] [--method get] [--answer '{"data": []}'] [--path /v1/customers]
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
DEFAULT_ANSWER = '{"object": "list", "data": [], "has_more": false, "url": "/v1/customers"}'

_SERVER = """
import json, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ANSWER = {answer!r}.encode()


class Handler(BaseHTTPRequestHandler):
    def _answer(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(ANSWER)))
        self.end_headers()
        self.wfile.write(ANSWER)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
URL = f"http://127.0.0.1:{{server.server_port}}"


def loaded():
    return sum(1 for name in sys.modules if name == "{package}" or name.startswith("{package}."))
"""

_PROBE = _SERVER + """
start = time.perf_counter()
import httpx
after_httpx = time.perf_counter()
import {package}
client_class = next(
    getattr({package}, name)
    for name in {package}.__all__
    if name.endswith("Client") and not name.startswith("Async")
)
after_sdk = time.perf_counter()
client = client_class(api_key="key", base_url=URL)
after_client = time.perf_counter()
resource = client.{resource}
after_touch = time.perf_counter()
touched = loaded()
getattr(resource, "{method}")()
after_call = time.perf_counter()
print(json.dumps({{
    "httpx": after_httpx - start,
    "sdk": after_sdk - after_httpx,
    "client": after_client - after_sdk,
    "touch": after_touch - after_client,
    "call": after_call - after_touch,
    "touch_modules": touched,
    "call_modules": loaded(),
}}))
"""

_BARE = _SERVER + """
import httpx
start = time.perf_counter()
with httpx.Client(base_url=URL) as client:
    client.get("{path}").json()
print(json.dumps({{"bare": time.perf_counter() - start}}))
"""


def generate(spec: Path, output: Path) -> None:
    command = [sys.executable, "-m", "generator", "generate", "--spec", str(spec)]
    command += ["--output", str(output), "--package", PACKAGE, "-q"]
    subprocess.run(command, cwd=ROOT, check=True)  # noqa: S603 - our own interpreter and arguments


def compile_all(output: Path) -> None:
    """Byte-compile the SDK first, as ``pip install`` does: the probes time loading, not compiling
    (``PYTHONDONTWRITEBYTECODE`` would otherwise make every interpreter compile it again)."""
    command = [sys.executable, "-m", "compileall", "-q", str(output / PACKAGE)]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - our own interpreter


def _probe(code: str, cwd: Path) -> dict[str, float]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, check=True
    )
    sample: dict[str, float] = json.loads(result.stdout.splitlines()[-1])
    return sample


def measure(output: Path, runs: int, args: argparse.Namespace) -> dict[str, list[float]]:
    """Each probe ``runs`` times, alternating, every one in a fresh interpreter."""
    format_args = {"package": PACKAGE, "answer": args.answer, "resource": args.resource}
    probe = _PROBE.format(method=args.method, **format_args)
    bare = _BARE.format(path=args.path, **format_args)
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        for sample in (_probe(probe, output), _probe(bare, output)):
            for key, value in sample.items():
                samples.setdefault(key, []).append(value)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--resource", default="customers", help="the client attribute to touch")
    parser.add_argument("--method", default="list", help="the method to call on it, without arguments")
    parser.add_argument("--path", default="/v1/customers", help="the path the bare httpx client requests")
    parser.add_argument("--answer", default=DEFAULT_ANSWER, help="the JSON the local server answers")
    parser.add_argument("--output", type=Path, help="an SDK already generated there (skips generating)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        output = args.output or Path(folder) / "out"
        if args.output is None:
            generate(args.spec, output)
        compile_all(output)
        modules = sum(1 for _ in (output / PACKAGE).rglob("*.py"))
        samples = measure(output, args.runs, args)

    def ms(key: str) -> float:
        return statistics.median(samples[key]) * 1000

    def count(key: str) -> int:
        return int(statistics.median(samples[key]))

    total = ms("sdk") + ms("client") + ms("touch") + ms("call")
    print(f"spec: {args.spec} ({modules} generated modules), {args.runs} fresh interpreters, medians")
    print(f"import httpx:                      {ms('httpx'):7.1f} ms")
    print(f"import the SDK after it:           {ms('sdk'):7.1f} ms (target: < 100 ms)")
    print(f"construct the client:              {ms('client'):7.1f} ms")
    print(
        f"first touch of client.{args.resource}: {ms('touch'):7.1f} ms (target: < 50 ms), "
        f"{count('touch_modules')} SDK modules loaded"
    )
    print(
        f"first call {args.resource}.{args.method}():  {ms('call'):7.1f} ms, "
        f"{count('call_modules')} SDK modules loaded"
    )
    print(f"bare httpx.Client, same request:   {ms('bare'):7.1f} ms")
    print(
        f"SDK import + client + touch + first call, beyond httpx: {total - ms('bare'):7.1f} ms "
        "(target: < 100 ms)"
    )


if __name__ == "__main__":
    main()
