"""``tests/support/form_body_front.js``: express-openapi-validator before Prism, for deepObject form bodies.

The conformance run serves Stripe through it (its ledger's ``form_body_front``), so it must
accept what the spec accepts, refuse what it does not, leave the rest of the request to Prism,
and log per request which validator said what, as :func:`prism_verdicts.verdict` reads it.
The fixture has one form body with a deepObject encoding: a required string, an optional
object with a required key, an array of objects, and Stripe's ``anyOf [object, enum [""]]``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from support import prism_verdicts
from support.conformance import FORM_BODY_FRONT, PRISM
from support.paths import FIXTURES

pytestmark = pytest.mark.prism

SPEC = FIXTURES / "form-body-front" / "openapi.yaml"
STARTUP_DEADLINE = 60.0
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@dataclass
class Front:
    url: str
    log: Path

    def call(self, method: str, path: str, body: str = "") -> tuple[httpx.Response, str]:
        """The answer, and what the log gained while the request was served."""
        start = self.log.stat().st_size
        answer = httpx.request(method, self.url + path, content=body, headers=FORM if body else {})
        with self.log.open("rb") as text:
            text.seek(start)
            return answer, text.read().decode(errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def front(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Front]:
    log = tmp_path_factory.mktemp("front") / "front.log"
    port = _free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(FORM_BODY_FRONT), "mock", str(SPEC), "-p", str(port), "-h", "127.0.0.1"],
            env={**os.environ, "FORM_FRONT_PRISM": str(PRISM)},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP_DEADLINE
        while process.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1.0).close()
                break
            except OSError:
                assert time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.2)
        assert process.poll() is None, log.read_text(errors="replace")
        yield Front(f"http://127.0.0.1:{port}", log)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


@pytest.mark.parametrize(
    "body",
    [
        "name=a",
        "name=a&items[0][price]=p1&items[0][quantity]=2&items[1][price]=p2",
        "name=a&dimensions[height]=1.5&metadata[order]=7",
        "name=a&metadata=&count=3",
    ],
)
def test_a_body_the_spec_accepts_is_answered_by_prism(front: Front, body: str) -> None:
    answer, said = front.call("POST", "/v1/things", body)
    assert answer.status_code == 200, said
    assert answer.json() == {"id": "thing_1"}
    assert "✔ express-openapi-validator: the form body passed the validation rules" in said
    assert prism_verdicts.PASSED in said, said
    assert prism_verdicts.verdict(said) == "accepted"


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ("items[0][price]=p1", "/body/name: must have required property 'name'"),
        ("name=a&dimensions[width]=2", "/body/dimensions/height: must have required property 'height'"),
        ("name=a&items[0][quantity]=2", "/body/items/0/price: must have required property 'price'"),
        ("name=a&items[0][price]=p&items[0][quantity]=two", "/body/items/0/quantity: must be integer"),
        ("name=a&metadata=x", "/body/metadata"),
        ("name=a&colour=red", "must NOT have additional properties"),
    ],
)
def test_a_body_the_spec_refuses_is_refused_before_prism(front: Front, body: str, why: str) -> None:
    answer, said = front.call("POST", "/v1/things", body)
    assert answer.status_code == 422, said
    assert why in answer.json()["detail"]
    assert f"✖ {prism_verdicts.FRONT_REFUSED}: " in said
    assert "Request received" not in said, "Prism saw a request the front refused"
    assert prism_verdicts.verdict(said) == "rejected"


def test_prism_still_validates_the_rest_of_the_request(front: Front) -> None:
    answer, said = front.call("POST", "/v1/things?mode=warp", "name=a")
    assert "✔ express-openapi-validator" in said
    assert prism_verdicts.REFUSED in said and "mode" in said, said
    assert answer.status_code == 422
    assert prism_verdicts.verdict(said) == "rejected"


def test_a_call_without_such_a_body_goes_to_prism_alone(front: Front) -> None:
    answer, said = front.call("GET", "/v1/things")
    assert answer.status_code == 200 and answer.json() == ["thing_1"]
    assert "express-openapi-validator" not in said
    assert prism_verdicts.verdict(said) == "accepted"


def test_a_spec_without_such_bodies_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "plain.json"
    spec.write_text('{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}')
    run = subprocess.run(
        [str(FORM_BODY_FRONT), "mock", str(spec), "-p", str(_free_port())],
        env={**os.environ, "FORM_FRONT_PRISM": str(PRISM)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 1
    assert "has no application/x-www-form-urlencoded body with a deepObject encoding" in run.stdout
