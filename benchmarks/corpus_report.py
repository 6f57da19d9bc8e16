"""The corpus benchmark's results and their report: a table per spec and a summary against
the targets.

The runner (:mod:`corpus`) fills these results; nothing here runs a tool.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

COLD_TARGET = 3.0
"""OPC time / our cold time must be at least this (and our peak memory no higher than OPC's)."""
CHECK_TARGET = 5.0
"""OPC time / our cold ``check`` time must be at least this."""
WARM_TARGET = 10.0
"""OPC time / our warm time must be at least this."""
BIG_SPEC_BYTES = 1_000_000
"""The targets apply to every spec of at least this size."""


@dataclass
class Run:
    """One timed subprocess."""

    seconds: float
    peak_kb: int | None
    exit_code: int | None
    """``None`` when the run was killed at the timeout."""
    stderr_excerpt: str = ""
    warned: bool = False
    """The tool reported warnings (ours: a non-zero warning count; OPC: "some pieces may be missing")."""

    @property
    def ok(self) -> bool:
        return self.exit_code == 0

    @property
    def status(self) -> str:
        if self.exit_code is None:
            return "timeout"
        return "ok" if self.exit_code == 0 else f"rc={self.exit_code}"


@dataclass
class ImportCheck:
    """Whether a generated package imports, with which interpreter."""

    ok: bool
    interpreter: str
    modules: int = 0
    error: str = ""


@dataclass
class Variant:
    """The repeated runs of one tool configuration on one spec."""

    runs: list[Run] = field(default_factory=list)
    imports: ImportCheck | None = None

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(run.ok for run in self.runs)

    @property
    def seconds(self) -> float:
        """The median wall time over the repeats."""
        return statistics.median(run.seconds for run in self.runs)

    @property
    def peak_kb(self) -> int | None:
        """The highest peak over the repeats."""
        peaks = [run.peak_kb for run in self.runs if run.peak_kb is not None]
        return max(peaks) if peaks else None

    @property
    def status(self) -> str:
        failed = [run for run in self.runs if not run.ok]
        return failed[0].status if failed else "ok"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "ok": self.ok,
            "median_seconds": round(self.seconds, 4) if self.runs else None,
            "peak_kb": self.peak_kb,
            "runs": [asdict(run) for run in self.runs],
        }
        data["imports"] = asdict(self.imports) if self.imports else None
        return data


@dataclass
class SpecResult:
    """Everything measured for one spec."""

    name: str
    path: Path
    size_bytes: int
    cold: Variant = field(default_factory=Variant)
    check: Variant = field(default_factory=Variant)
    """``check --no-cache`` against the cold output (the validator does not run without --strict)."""
    warm_fill: Variant = field(default_factory=Variant)
    warm: Variant = field(default_factory=Variant)
    opc: Variant = field(default_factory=Variant)
    warm_identical: bool | None = None
    """Whether the warm output is byte-identical to the cold output (``None``: not compared)."""
    opc_literal_enums: bool = False
    """OPC ran with ``literal_enums: true`` (its defaults fail on this spec)."""
    black: dict[str, Any] | None = None
    """Black as the judge of the cold output: seconds, files, changed files and lines."""

    @property
    def comparable(self) -> bool:
        return self.opc.ok and self.cold.ok

    @property
    def cold_ratio(self) -> float | None:
        return self.opc.seconds / self.cold.seconds if self.comparable else None

    @property
    def check_ratio(self) -> float | None:
        return self.opc.seconds / self.check.seconds if self.comparable and self.check.ok else None

    @property
    def warm_ratio(self) -> float | None:
        return self.opc.seconds / self.warm.seconds if self.comparable and self.warm.ok else None

    def to_json(self) -> dict[str, Any]:
        return {
            "spec": self.name,
            "path": str(self.path),
            "size_bytes": self.size_bytes,
            "ours_cold": self.cold.to_json(),
            "ours_check": self.check.to_json(),
            "ours_warm_fill": self.warm_fill.to_json(),
            "ours_warm": self.warm.to_json(),
            "opc": self.opc.to_json(),
            "warm_identical_to_cold": self.warm_identical,
            "ratio_opc_over_cold": self.cold_ratio,
            "ratio_opc_over_check": self.check_ratio,
            "opc_literal_enums": self.opc_literal_enums,
            "black_judge": self.black,
            "ratio_opc_over_warm": self.warm_ratio,
        }


# --------------------------------------------------------------------------- reporting


def run_text(run: Run) -> str:
    peak = f"{run.peak_kb / 1024:.0f} MiB" if run.peak_kb is not None else "? MiB"
    text = f"{run.status:<7} {run.seconds:7.2f}s {peak:>9}"
    if run.warned:
        text += " (warnings)"
    if run.stderr_excerpt:
        lines = run.stderr_excerpt.splitlines()
        shown = lines if len(lines) <= 6 else [*lines[:3], "...", *lines[-3:]]
        text += "\n" + "\n".join("      | " + line for line in shown)
    return text


def import_text(check: ImportCheck) -> str:
    if check.ok:
        return f"ok ({check.modules} modules, {check.interpreter})"
    return f"FAILED with {check.interpreter}: {check.error}"


def _mb(kb: int | None) -> str:
    return "?" if kb is None else f"{kb / 1024:.0f}"


def _seconds(variant: Variant, failed_mark: str = "!") -> str:
    if not variant.runs:
        return "-"
    text = f"{variant.seconds:.2f}"
    return text if variant.ok else text + failed_mark


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def _status(variant: Variant, *, partial_mark: bool = False) -> str:
    if not variant.runs:
        return "-"
    run_part = variant.status
    if partial_mark and variant.ok and any(run.warned for run in variant.runs):
        run_part += "~"
    if variant.imports is None:
        import_part = "-"
    else:
        import_part = "ok" if variant.imports.ok else "NO"
    return f"{run_part}/{import_part}"


def table(results: Sequence[SpecResult]) -> str:
    headers = [
        "spec",
        "KB",
        "cold s",
        "check s",
        "warm s",
        "OPC s",
        "OPC/cold",
        "OPC/check",
        "OPC/warm",
        "cold MiB",
        "warm MiB",
        "OPC MiB",
        "ours",
        "OPC",
    ]
    rows: list[list[str]] = []
    for r in results:
        ours = _status(r.cold)
        if r.warm_identical is False:
            ours += " warm!=cold"
        elif r.warm.runs and not r.warm.ok:
            ours += f" warm:{r.warm.status}"
        elif r.warm_fill.runs and not r.warm_fill.ok:
            ours += f" warm-up:{r.warm_fill.status}"
        rows.append(
            [
                r.name,
                f"{r.size_bytes / 1024:.0f}",
                _seconds(r.cold),
                _seconds(r.check),
                _seconds(r.warm),
                _seconds(r.opc),
                _ratio(r.cold_ratio),
                _ratio(r.check_ratio),
                _ratio(r.warm_ratio),
                _mb(r.cold.peak_kb),
                _mb(r.warm.peak_kb),
                _mb(r.opc.peak_kb),
                ours,
                _status(r.opc, partial_mark=True) + (" literal_enums" if r.opc_literal_enums else ""),
            ]
        )
    widths = [max(len(h), *(len(row[i]) for row in rows)) if rows else len(h) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            cell.ljust(widths[i]) if i in (0, len(cells) - 2, len(cells) - 1) else cell.rjust(widths[i])
            for i, cell in enumerate(cells)
        ).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    out += [line(row) for row in rows]
    return "\n".join(out)


def geometric_mean(values: Sequence[float]) -> float | None:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else None


def summary(results: Sequence[SpecResult]) -> tuple[str, dict[str, Any]]:
    comparable = [r for r in results if r.comparable]
    cold_ratios = [r.cold_ratio for r in comparable if r.cold_ratio is not None]
    warm_ratios = [r.warm_ratio for r in comparable if r.warm_ratio is not None]
    cold_gm = geometric_mean(cold_ratios)
    warm_gm = geometric_mean(warm_ratios)

    cold_misses: list[str] = []
    warm_misses: list[str] = []
    for r in comparable:
        reasons = []
        if r.cold_ratio is not None and r.cold_ratio < COLD_TARGET:
            reasons.append(f"{r.cold_ratio:.1f}x")
        ours_kb, opc_kb = r.cold.peak_kb, r.opc.peak_kb
        if ours_kb is not None and opc_kb is not None and ours_kb > opc_kb:
            reasons.append(f"{ours_kb / 1024:.0f} > {opc_kb / 1024:.0f} MiB")
        if reasons:
            cold_misses.append(f"{r.name} ({', '.join(reasons)})")
        if r.warm_ratio is None:
            warm_misses.append(f"{r.name} (warm run failed)")
        elif r.warm_ratio < WARM_TARGET:
            warm_misses.append(f"{r.name} ({r.warm_ratio:.1f}x)")
    opc_failed = [f"{r.name} ({r.opc.status})" for r in results if not r.opc.ok]
    ours_failed = [f"{r.name} ({r.cold.status})" for r in results if not r.cold.ok]
    import_failed = [
        f"{r.name} ({tool})"
        for r in results
        for tool, variant in (("ours", r.cold), ("OPC", r.opc))
        if variant.imports is not None and not variant.imports.ok
    ]
    differs = [r.name for r in results if r.warm_identical is False]

    def gm_text(value: float | None) -> str:
        return "n/a" if value is None else f"{value:.2f}x"

    def names(items: Sequence[str]) -> str:
        return "; ".join(items) if items else "none"

    lines = [
        f"Summary over {len(comparable)} of {len(results)} specs where both tools succeeded: "
        f"geometric mean OPC/ours-cold {gm_text(cold_gm)}, OPC/ours-warm {gm_text(warm_gm)} "
        "(higher is better for us).",
        f"Cold target (>= {COLD_TARGET:g}x faster than OPC and no more peak memory) missed by "
        f"{len(cold_misses)}: {names(cold_misses)}",
        f"Warm target (>= {WARM_TARGET:g}x faster than OPC) missed by {len(warm_misses)}: "
        f"{names(warm_misses)}",
        f"OPC failed (no ratio; its time is time-to-failure, marked !): {names(opc_failed)}",
        f"Ours failed (cold): {names(ours_failed)}",
        f"Output does not import: {names(import_failed)}",
        f"Warm output differs from cold output: {names(differs)}",
    ]
    data = {
        "comparable_specs": len(comparable),
        "geomean_opc_over_cold": cold_gm,
        "geomean_opc_over_warm": warm_gm,
        "cold_target": COLD_TARGET,
        "warm_target": WARM_TARGET,
        "cold_target_missed": cold_misses,
        "warm_target_missed": warm_misses,
        "opc_failed": opc_failed,
        "ours_failed": ours_failed,
        "import_failed": import_failed,
        "warm_differs_from_cold": differs,
    }
    return "\n".join(lines), data


def _verdict(value: float | None, target: float) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f}x ({'met' if value >= target else 'MISSED'}, >= {target:g}x)"


def targets(results: Sequence[SpecResult]) -> str:
    """The issue's targets, for every spec of at least 1 MB, side by side with OPC."""
    big = [r for r in results if r.size_bytes >= BIG_SPEC_BYTES]
    if not big:
        return f"Targets: no spec of at least {BIG_SPEC_BYTES / 1e6:g} MB was measured."
    lines = [f"Targets on the {len(big)} spec(s) of at least {BIG_SPEC_BYTES / 1e6:g} MB (OPC time / ours):"]
    for r in big:
        memory = "n/a"
        if r.cold.peak_kb is not None and r.opc.peak_kb is not None:
            met = "met" if r.cold.peak_kb <= r.opc.peak_kb else "MISSED"
            memory = f"{r.cold.peak_kb / 1024:.0f} vs {r.opc.peak_kb / 1024:.0f} MiB ({met}, <= OPC)"
        config = " [OPC with literal_enums: true]" if r.opc_literal_enums else ""
        lines += [
            f"  {r.name}{config}: OPC {_seconds(r.opc)}s",
            f"    cold generate {_seconds(r.cold)}s: {_verdict(r.cold_ratio, COLD_TARGET)}",
            f"    cold check    {_seconds(r.check)}s: {_verdict(r.check_ratio, CHECK_TARGET)}",
            f"    warm generate {_seconds(r.warm)}s: {_verdict(r.warm_ratio, WARM_TARGET)}",
            f"    peak memory   {memory}",
        ]
        if r.black is not None:
            lines.append(f"    {r.black.get('text', '')}")
    return "\n".join(lines)


LEGEND = """\
`check s` is `check --no-cache` against the cold output (no validator without --strict).
Times are wall seconds (median of the repeats); MiB is peak RSS of the largest single process in the
run's process tree (highest over the repeats). Ratios are OPC time / our time, shown only where both
OPC and our cold run succeeded. `!` after a time: that run failed (the time is its time-to-failure).
ours/OPC columns: <run>/<imports>: run `ok`, `rc=N` or `timeout`; imports `ok` (every module of the
package imported), `NO`, or `-` (not checked); `~` after OPC's ok: OPC warned that some pieces may be
missing (it skipped parts of the spec)."""
