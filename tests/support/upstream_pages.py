"""The upstream the drift tests fetch from: the tests' own vendored spec, Daily-shaped docs pages
that carry it, and the settings of a project that follows it."""

from __future__ import annotations

import io
import json
import re
import tomllib
from datetime import date
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.config import Settings
from generator.spec.source import parse_text

from support.http_server import ScriptedResponse
from support.paths import FIXTURES

FIXTURE = FIXTURES / "upstream" / "tokens.yaml"
"""The tests' own vendored spec (never the repository's spec/, which follows upstream)."""
FIXTURE_TEXT = FIXTURE.read_text(encoding="utf-8")
PAGE_PATH = "/reference/rest-api/meeting-tokens/create-meeting-token.md"
TODAY = date(2026, 5, 9)
NEW_PROPERTY = "enable_noise_cancellation_ui"
TOOL_CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache")


def load_yaml(text: str) -> Any:
    return parse_text(text, Path("x.yaml"), "x")


def seed_page() -> str:
    """A docs page for the fixture spec, in the shape Daily publishes its pages.

    A title, a summary quote and the document in a four-backtick fence whose info string
    names the endpoint (``../shared/seed/create-meeting-token.md`` is such a page).
    """
    return (
        "> ## Documentation Index\n"
        "> Fetch the complete documentation index at: https://docs.daily.co/llms.txt\n\n"
        "# Create Meeting Token\n\n> Create a meeting token\n\n\n\n## OpenAPI\n\n"
        f"````yaml POST /meeting-tokens\n{FIXTURE_TEXT}````\n"
    )


def markdown_answer(response: str, status: int = 200, *, delay: float = 0.0) -> ScriptedResponse:
    return ScriptedResponse(
        status=status,
        headers=(("Content-Type", "text/markdown; charset=utf-8"),),
        body=response.encode("utf-8"),
        delay=delay,
    )


def docs_page(document: str, info: str = "yaml GET /rooms", fence: str = "````") -> str:
    return f"# Some endpoint\n\n> A summary.\n\n## OpenAPI\n\n{fence}{info}\n{document}{fence}\n"


def changed_seed_page() -> str:
    """The page with a new optional property and the ``lang`` value ``no`` removed."""
    page = seed_page()
    assert page.count("            - 'no'\n") == 1
    page = page.replace("            - 'no'\n", "")
    anchor = "        permissions:\n          $ref: '#/components/schemas/permissions'\n"
    assert page.count(anchor) == 1
    addition = (
        f"        {NEW_PROPERTY}:\n"
        "          type: boolean\n"
        "          description: Shows the noise cancellation button in the call tray.\n"
    )
    return page.replace(anchor, anchor + addition)


def tokens_settings(tmp_path: Path, *upstream_sources: str, specs: tuple[Path, ...] = ()) -> Settings:
    return Settings(
        specs=specs or (tmp_path / "spec" / "tokens.yaml",),
        output=tmp_path / "out",
        package="tokens_api",
        distribution="tokens-api",
        client_class="TokensClient",
        api_key_env="TOKENS_API_KEY",
        upstream=tuple(upstream_sources),
    )


PROJECT_TABLE = """\
[project]
name = "tokens-project"  # the maintainers' own table: update leaves it as it is

[tool.generator]
# The fixture project: its spec, SDK and CHANGELOG live in the test's folder.
spec = ["spec/tokens.yaml"]
output = "generated"
package = "tokens_api"
distribution = "tokens-api"
client-class = "TokensClient"
upstream = {upstream}
changelog = "generated/CHANGELOG.md"  # written by update
{version}
[tool.generator.names.schemas]
properties = "TokenProperties"
"""


def tokens_project(
    tmp_path: Path, *sources: str, version: str | None = None, spec: str = FIXTURE_TEXT
) -> Path:
    """A project in ``tmp_path``: the fixture spec, a pyproject and the SDK generated from them."""
    (tmp_path / "spec").mkdir()
    (tmp_path / "spec" / "tokens.yaml").write_text(spec, encoding="utf-8")
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(
        PROJECT_TABLE.format(
            upstream=json.dumps(list(sources)),
            version=f'version = "{version}"  # the SDK version\n' if version else "",
        ),
        encoding="utf-8",
    )
    code, out, err = run_cli("generate", "--config", str(pyproject), "--no-cache", "-q")
    assert code == 0, out + err
    return pyproject


def snapshot_project(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not set(TOOL_CACHES).intersection(p.parts)
    }


def check_project(pyproject: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", "--config", str(pyproject), "--no-cache"], stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def changelog_section(text: str, title: str) -> str:
    """The body of ``### title`` up to the next heading ("" when absent)."""
    match = re.search(rf"^### {re.escape(title)}\n(.*?)(?=^#|\Z)", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def project_versions(project: Path) -> tuple[str | None, str, str, list[str]]:
    """``[tool.generator] version``, the SDK's pyproject and ``_version.py`` versions, CHANGELOG headings."""
    setting = tomllib.loads((project / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["generator"]
    sdk = tomllib.loads((project / "generated" / "pyproject.toml").read_text(encoding="utf-8"))
    module = (project / "generated" / "tokens_api" / "_version.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__ = "(.*)"$', module, re.MULTILINE)
    assert match is not None
    changelog = project / "generated" / "CHANGELOG.md"
    text = changelog.read_text(encoding="utf-8") if changelog.exists() else ""
    headings = re.findall(r"^## \[(.*?)\]", text, re.MULTILINE)
    return setting.get("version"), sdk["project"]["version"], match.group(1), headings


def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()
