"""What ``generate`` and ``check`` print: one line per kind of finding, every one with -v,
errors only with -q, the summary last with counts that match and plurals that are right."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

from generator.cli import main
from generator.console import WARNING_EXAMPLES, finding_lines, plural
from generator.diagnostics import Diagnostic, Severity, SpecLocation

from support.pagination_specs import BOOL, CURSOR, ITEMS, STRING, document, get, obj, query

SUMMARY = re.compile(
    r"generated \d+ files in \S+ \(\d+ written, \d+ removed; (?P<warnings>\d+ warnings?); "
    r"(?P<operations>\d+ operations?), \d+ degraded\) in \d+\.\d\ds"
)


def _cursor_list(operation_id: str) -> dict[str, Any]:
    return get(operation_id, CURSOR, obj(object=STRING, data=ITEMS, has_more=BOOL))


def _page_token_list(operation_id: str) -> dict[str, Any]:
    return get(operation_id, [query("pageToken")], obj(items=ITEMS, nextPageToken=STRING))


def _optional_path_parameter(operation_id: str) -> dict[str, Any]:
    """An operation whose path parameter lacks ``required``: one validator finding, one warning of ours."""
    return {
        "get": {
            "operationId": operation_id,
            "tags": ["things"],
            "parameters": [{"name": "id", "in": "path", "schema": {"type": "string"}}],
            "responses": {"204": {"description": "done"}},
        }
    }


def _spec(tmp_path: Path, paths: dict[str, Any]) -> Path:
    spec = tmp_path / "api.json"
    spec.write_text(json.dumps(document(paths)), encoding="utf-8")
    return spec


def _generate(spec: Path, output: Path, *flags: str, same_stream: bool = False) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    argv = ["generate", "--spec", str(spec), "--output", str(output), "--package", "pages", "--no-cache"]
    code = main([*argv, *flags], stdout=out, stderr=out if same_stream else err)
    return code, out.getvalue(), err.getvalue()


FOUR_PAGINATED = {
    "/a": _cursor_list("ListA"),
    "/b": _cursor_list("ListB"),
    "/c": _cursor_list("ListC"),
    "/d": _page_token_list("ListD"),
}


def test_notes_of_one_kind_are_one_line_with_counts_by_variant(tmp_path: Path) -> None:
    code, out, err = _generate(_spec(tmp_path, FOUR_PAGINATED), tmp_path / "sdk")
    assert code == 0, err
    assert out == ""  # everything a run says goes to stderr, the summary last
    lines = err.splitlines()
    assert lines[:-1] == ["note: 4 operations paginate (cursor 3, page token 1); -v lists them"]
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary is not None, lines[-1]
    assert (summary["warnings"], summary["operations"]) == ("0 warnings", "4 operations")


def test_verbose_prints_every_finding(tmp_path: Path) -> None:
    code, _, err = _generate(_spec(tmp_path, FOUR_PAGINATED), tmp_path / "sdk", "-v")
    assert code == 0, err
    lines = err.splitlines()
    assert len(lines) == 5 and SUMMARY.fullmatch(lines[-1])
    for line, operation_id in zip(lines, ("ListA", "ListB", "ListC", "ListD"), strict=False):
        assert f"note: GET /{operation_id[-1].lower()} ({operation_id}) paginates: " in line, line
        assert line.endswith(f"(at #/paths/~1{operation_id[-1].lower()}/get)"), line


def test_quiet_prints_only_errors(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {**FOUR_PAGINATED, "/things/{id}": _optional_path_parameter("GetThing")})
    output = tmp_path / "sdk"
    assert _generate(spec, output, "-q") == (0, "", "")
    (output / "pages" / "stray.py").write_text("x = 1\n", encoding="utf-8")
    assert _generate(spec, output, "-q") == (0, "", "")  # not even the stray file's warning
    code, _, err = _generate(tmp_path / "absent.json", output, "-q")
    assert code == 2 and err.splitlines()[-1] == "error: nothing was written (1 problem)"


def test_a_single_finding_of_a_kind_is_printed_as_it_is(tmp_path: Path) -> None:
    """One paginated operation: its own note (more telling than a count of one), and "1 operation"."""
    code, _, err = _generate(_spec(tmp_path, {"/a": _cursor_list("ListA")}), tmp_path / "sdk")
    assert code == 0, err
    lines = err.splitlines()
    assert len(lines) == 2
    assert re.fullmatch(r"\S+api\.json:\d+:\d+: note: GET /a \(ListA\) paginates: cursor .*", lines[0])
    summary = SUMMARY.fullmatch(lines[1])
    assert summary is not None and summary["operations"] == "1 operation", lines[1]


def test_many_warnings_of_one_kind_show_a_few_and_count_the_rest(tmp_path: Path) -> None:
    """Six validator findings: three printed, one line counts the other three; our own warnings
    (no kind) are all printed; the summary counts every warning the lines stand for."""
    paths = {f"/things{n}/{{id}}": _optional_path_parameter(f"GetThing{n}") for n in range(6)}
    code, _, err = _generate(_spec(tmp_path, paths), tmp_path / "sdk")
    assert code == 0, err
    lines = err.splitlines()
    validator = [line for line in lines if "warning: spec validation: " in line]
    ours = [line for line in lines if "must be required; treated as required" in line]
    rest = "warning: 3 more openapi-spec-validator findings (6 in all); -v lists them"
    assert len(validator) == WARNING_EXAMPLES and len(ours) == 6
    assert lines[:-1] == [*validator, rest, *ours]
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary is not None and summary["warnings"] == "12 warnings", lines[-1]

    code, _, err = _generate(_spec(tmp_path, paths), tmp_path / "sdk", "--verbose")
    lines = err.splitlines()
    assert len([line for line in lines if "warning: spec validation: " in line]) == 6
    assert not any("more openapi-spec-validator" in line for line in lines)


def test_stray_file_warnings_are_counted_in_the_summary(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {"/a": _cursor_list("ListA")})
    output = tmp_path / "sdk"
    assert _generate(spec, output)[0] == 0
    (output / "pages" / "stray.py").write_text("x = 1\n", encoding="utf-8")
    code, _, err = _generate(spec, output)
    assert code == 0, err
    lines = err.splitlines()
    assert (
        lines[-2]
        == f"warning: {output / 'pages' / 'stray.py'} was not generated; remove it (`check` fails on it)"
    )
    summary = SUMMARY.fullmatch(lines[-1])
    assert summary is not None and summary["warnings"] == "1 warning", lines[-1]


def test_one_stream_holds_the_findings_then_the_summary(tmp_path: Path) -> None:
    """stdout and stderr sent to one file: the findings come first and the summary last."""
    paths = {**FOUR_PAGINATED, "/things/{id}": _optional_path_parameter("GetThing")}
    code, both, _ = _generate(_spec(tmp_path, paths), tmp_path / "sdk", same_stream=True)
    assert code == 0
    lines = both.splitlines()
    assert lines[0].startswith("note: 4 operations paginate")
    assert [SUMMARY.fullmatch(line) is not None for line in lines] == [False] * (len(lines) - 1) + [True]


def test_check_groups_findings_on_stderr_and_answers_on_stdout(tmp_path: Path) -> None:
    spec = _spec(tmp_path, FOUR_PAGINATED)
    output = tmp_path / "sdk"
    assert _generate(spec, output)[0] == 0
    out, err = io.StringIO(), io.StringIO()
    argv = ["check", "--spec", str(spec), "--output", str(output), "--package", "pages", "--no-cache"]
    assert main(argv, stdout=out, stderr=err) == 0
    assert err.getvalue() == "note: 4 operations paginate (cursor 3, page token 1); -v lists them\n"
    assert out.getvalue().startswith(f"{output} is up to date (")


# --------------------------------------------------------------------------- the grouping itself


def _finding(severity: Severity, message: str, kind: str = "", line: int = 1) -> Diagnostic:
    return Diagnostic(severity, message, SpecLocation("api.yaml", "/paths"), line, 1, kind)


def test_a_group_stands_where_its_first_finding_was() -> None:
    findings = [
        _finding(Severity.NOTE, "read slowly", line=1),
        _finding(Severity.NOTE, "pages", "pagination/offset", line=2),
        _finding(Severity.WARNING, "odd", line=3),
        _finding(Severity.NOTE, "pages", "pagination/offset", line=4),
        _finding(Severity.NOTE, "pages", "pagination/link_header", line=5),
        *(_finding(Severity.WARNING, f"lost {n}", "fidelity", line=6 + n) for n in range(5)),
        _finding(Severity.WARNING, "also odd", line=20),
    ]
    assert finding_lines(findings) == [
        "api.yaml:1:1: note: read slowly (at #/paths)",
        "note: 3 operations paginate (offset 2, link header 1); -v lists them",
        "api.yaml:3:1: warning: odd (at #/paths)",
        "api.yaml:6:1: warning: lost 0 (at #/paths)",
        "api.yaml:7:1: warning: lost 1 (at #/paths)",
        "api.yaml:8:1: warning: lost 2 (at #/paths)",
        "warning: 2 more fidelity warnings (5 in all); -v lists them",
        "api.yaml:20:1: warning: also odd (at #/paths)",
    ]
    assert finding_lines(findings, verbose=True) == [d.format() for d in findings]


def test_one_more_warning_than_the_examples_is_printed_rather_than_counted() -> None:
    findings = [_finding(Severity.WARNING, f"lost {n}", "fidelity") for n in range(WARNING_EXAMPLES + 1)]
    assert finding_lines(findings) == [d.format() for d in findings]


def test_plural() -> None:
    assert [plural(n, "operation") for n in (0, 1, 2)] == ["0 operations", "1 operation", "2 operations"]
    assert plural(1, "operation paginates", "operations paginate") == "1 operation paginates"
    assert plural(2, "operation paginates", "operations paginate") == "2 operations paginate"


def test_a_run_replayed_from_the_cache_prints_the_same_lines(tmp_path: Path) -> None:
    """The kinds are stored with the findings, so a cache hit groups them as the first run did."""
    paths = {**FOUR_PAGINATED, **{f"/t{n}/{{id}}": _optional_path_parameter(f"GetT{n}") for n in range(5)}}
    spec = _spec(tmp_path, paths)
    runs = []
    for _ in range(2):
        out, err = io.StringIO(), io.StringIO()
        argv = ["generate", "--spec", str(spec), "--output", str(tmp_path / "sdk"), "--package", "pages"]
        assert main([*argv, "--cache-dir", str(tmp_path / "cache")], stdout=out, stderr=err) == 0
        runs.append(err.getvalue().splitlines())
    first, replayed = runs
    assert first[:-1] == replayed[:-1]
    assert "note: 4 operations paginate (cursor 3, page token 1); -v lists them" in replayed
    assert "warning: 2 more openapi-spec-validator findings (5 in all); -v lists them" in replayed
    assert replayed[-1].startswith("generated ") and "; 10 warnings; 9 operations," in replayed[-1]
