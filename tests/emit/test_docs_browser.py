"""The generated docs as GitHub shows them, checked in headless Chromium.

Each page is rendered as GFM, loaded at 1280 px with GitHub's ``markdown-body`` stylesheet
(a 980 px column) and measured: a table or code block that scrolls sideways hides what a
reader came for. Links between pages must lead to a page and heading that exist, and every
``python`` block must parse. The Daily SDK (from the fixture) must have no such problem; the
corpus SDKs may have one box in a hundred that scrolls (every page is checked for links and
examples; every page with a box, and a spread of the others, is loaded).

Needs Debian's Chromium at /usr/bin/chromium (``.ci/run`` installs it): skipped, saying
so, where it is missing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.config import load_settings
from generator.emit.writer import write
from generator.pipeline import generate_files

from support.browser_docs import RenderedDocs, browser_missing, measure_layout, python_errors
from support.corpus import corpus_root, package_name
from support.daily_fixture import daily_sdk

MISSING = browser_missing()
pytestmark = [pytest.mark.browser, pytest.mark.skipif(MISSING is not None, reason=MISSING or "")]

CORPUS_SAMPLE = (
    "stripe/spec3.yaml",
    "spotify/fixed-spotify-open-api.yml",
    "apis-guru/canada-holidays.ca/1.0/openapi.yaml",
    "oai-examples/v3.0/petstore-expanded.yaml",
)
"""The two largest reference docs and two small ones."""
PAGES_LOADED = 600
"""Pages loaded per corpus SDK (Stripe has over 2,000): those with a table or code block
(about 500 on Stripe) and a spread of the others."""
OVERFLOW_ALLOWED = 0.01
"""Of a corpus SDK's tables and code blocks, the share that may scroll sideways."""


def test_daily_docs_fit_the_column_and_their_links_and_examples_work() -> None:
    docs = RenderedDocs(daily_sdk())
    pages = docs.all()
    assert len(pages) > 5
    assert [str(link) for link in docs.broken_links(pages)] == []
    assert python_errors(pages) == []
    layout = measure_layout(pages)
    assert layout.code_blocks > 0 and layout.tables > 0  # it measured something
    assert layout.overflowing == [], layout.summary()


@pytest.mark.corpus
@pytest.mark.parametrize("relative", CORPUS_SAMPLE)
def test_corpus_docs_fit_the_column(relative: str, tmp_path: Path) -> None:
    corpus = corpus_root()
    assert corpus is not None and (corpus / relative).is_file(), f"{relative} is missing from {corpus}"
    settings = load_settings(
        pyproject=None,
        specs=[str(corpus / relative)],
        output=str(tmp_path / "generated"),
        package=package_name(relative),
        use_cache=False,
    )
    write(settings.output, generate_files(settings, validate=False).files)
    docs = RenderedDocs(settings.output)
    pages = docs.all()
    # Every link works: those the generator writes between pages, and those copied from the
    # spec's text (made absolute on the docs' base URL, or left as text where none leads).
    assert [str(link) for link in docs.broken_links(pages)] == []
    assert python_errors(pages) == []
    layout = measure_layout(docs.to_load(PAGES_LOADED))
    assert layout.boxes > 0
    allowed = int(layout.boxes * OVERFLOW_ALLOWED)
    assert len(layout.overflowing) <= allowed, "\n".join(
        [f"{layout.summary()}; at most {allowed} may", *layout.overflowing[:20]]
    )
