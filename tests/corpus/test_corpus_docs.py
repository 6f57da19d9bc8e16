"""The reference docs of the corpus's biggest real-world specs read cleanly (run with ``-m corpus``).

Stripe (468 operations, ~1,900 models, HTML descriptions, site-relative links) and Spotify
(``<br/>`` inside wrapped lines, an OAuth 2.0 scheme, site-relative links) are where the
docs' text went wrong: mid-sentence breaks, backslashes in code, links to nowhere, a 943 KB
index. Each is generated in process and its Markdown audited (:mod:`support.docs_text_audit`);
the index must be grouped by resource and no page may pass 200 KB.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.pipeline import generate_files

from support.corpus import corpus_root, package_name
from support.docs_text_audit import PAGE_LIMIT, audit_docs
from support.specs import settings_for

DOC_SPECS = ("stripe/spec3.yaml", "spotify/fixed-spotify-open-api.yml")
SHOWN = 10


@pytest.mark.corpus
@pytest.mark.parametrize("relative", DOC_SPECS)
def test_corpus_docs_read_cleanly(
    relative: str, tmp_path: Path, record_property: Callable[[str, object], None]
) -> None:
    corpus = corpus_root()
    if corpus is None or not (corpus / relative).is_file():
        pytest.skip(f"{relative} is not in the spec corpus")
    settings = settings_for(corpus / relative, output=tmp_path / "out", package=package_name(relative))
    for name, text in generate_files(settings).files.items():
        if name.endswith(".md"):
            path = tmp_path / "out" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")

    audit = audit_docs(tmp_path / "out", limit=PAGE_LIMIT)
    print(f"{relative}: {audit.summary()}")
    record_property("docs", audit.summary())
    shown = [f"{kind}:\n  " + "\n  ".join(found[:SHOWN]) for kind, found in audit.findings.items()]
    assert not audit.findings, f"{relative}: {audit.summary()}\n" + "\n".join(shown)

    docs = tmp_path / "out" / "docs"
    index = (docs / "index.md").read_text(encoding="utf-8")
    resources = re.findall(r"^- \[`client\.(\w+)`\]\((resources/\w+\.md)\)", index, re.MULTILINE)
    assert len(resources) > 5, "the index lists no resources"
    assert all((docs / path).is_file() for _, path in resources)
    assert re.search(r"^  - \[`\w+\(\)`\]\(operations/", index, re.MULTILINE), "no method under a resource"
    models = (docs / "models.md").read_text(encoding="utf-8")
    assert (
        len(re.findall(r"^## `client\.\w+`", models, re.MULTILINE)) > 5
    ), "models are not grouped by resource"
