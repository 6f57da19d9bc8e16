"""A pytest plugin for the conformance run: whether Prism accepted the requests of each generated test.

The conformance run loads it into the generated tests' own run (``-p support.prism_verdicts``).
Around each test's call it notes where Prism's log (``$PRISM_LOG``) ends, and after it reads
what Prism's validator said about the requests the test made, and records it on the test as
the junit property ``prism``: ``rejected`` when Prism refused one of them, ``accepted`` when
it accepted every one, ``none`` when the test made no request Prism validated. A failure in
Prism's answer then proves a conforming call only for the test whose own requests passed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

PROPERTY = "prism"
PASSED = "The request passed the validation rules"
REFUSED = "Request did not pass the validation rules"
"""What Prism's validator logs for each request, before it answers it."""
FRONT_REFUSED = "express-openapi-validator: the form body did not pass the validation rules"
"""What ``form_body_front.js`` logs for a deepObject form body its validator refuses (it answers
itself, so Prism never sees the request). For one it accepts, it logs that and Prism validates
the rest of the request and logs :data:`PASSED` or :data:`REFUSED`."""


def verdict(log: str) -> str:
    """``rejected``, ``accepted`` or ``none``: what Prism (and the form body front before it,
    where one runs) said about the requests in ``log``."""
    if REFUSED in log or FRONT_REFUSED in log:
        return "rejected"
    return "accepted" if PASSED in log else "none"


def _log_size(log: Path) -> int:
    return log.stat().st_size if log.is_file() else 0


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    log = Path(os.environ["PRISM_LOG"])
    start = _log_size(log)
    yield
    with log.open("rb") as text:
        text.seek(start)
        said = text.read().decode(errors="replace")
    item.user_properties.append((PROPERTY, verdict(said)))
