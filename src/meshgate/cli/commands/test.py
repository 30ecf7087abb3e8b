"""meshgate test: run the policies' Rego unit tests, with coverage and a threshold."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import click

from meshgate.errors import UsageError
from meshgate.evaluate.testing import Outcome, TestRun, run_tests
from meshgate.resources import policies_dir

EXIT_OK, EXIT_FAILED = 0, 1


def default_directories(cwd: Path) -> tuple[Path, ...]:
    """./policies when there is one, else meshgate's built-in library."""
    local = cwd / "policies"
    return (local,) if local.is_dir() else (policies_dir(),)


def _text(run: TestRun, verbose: bool, threshold: float | None) -> list[str]:
    lines = []
    for result in run.results:
        if result.outcome is Outcome.PASS and not verbose:
            continue
        label = result.outcome.value.upper()
        lines.append(f"{result.file}:{result.line}: {label} {result.rule} ({result.duration_ms:.1f} ms)")
        lines.extend(f"    {line}" for line in result.detail.splitlines())
    for call in run.foreign:
        lines.append(f"{call.file}:{call.line}:{call.column}: ERROR {call.reason}")
    counts = {outcome: sum(1 for r in run.results if r.outcome is outcome) for outcome in Outcome}
    summary = f"{counts[Outcome.PASS]} passed, {counts[Outcome.FAIL]} failed, {counts[Outcome.ERROR]} errors"
    if counts[Outcome.SKIP]:
        summary += f", {counts[Outcome.SKIP]} skipped"
    if lines:
        lines.append("")
    count = len(run.results)
    lines.append(f"{count} test{'' if count == 1 else 's'}: {summary}")
    if run.coverage is not None:
        percent = run.coverage_percent or 0.0
        target = f" (threshold {threshold:g}%)" if threshold is not None else ""
        lines.append(f"coverage: {percent:.1f}%{target}")
        for item in run.coverage:
            if item.not_covered:
                missing = ", ".join(map(str, item.not_covered[:20])) + (", ..." if len(item.not_covered) > 20 else "")
                lines.append(f"    {item.file}: {item.percent:.1f}% (lines not covered: {missing})")
    return lines


def _json(run: TestRun, threshold: float | None) -> str:
    document = {
        "tests": [
            {
                "rule": r.rule,
                "file": r.file,
                "line": r.line,
                "outcome": r.outcome.value,
                "duration_ms": round(r.duration_ms, 3),
                "detail": r.detail,
            }
            for r in run.results
        ],
        "passed": run.passed,
        "foreign_calls": [{"file": c.file, "line": c.line, "column": c.column, "name": c.name} for c in run.foreign],
        "coverage": None
        if run.coverage is None
        else {
            "percent": round(run.coverage_percent or 0.0, 2),
            "threshold": threshold,
            "files": [
                {
                    "file": c.file,
                    "percent": round(c.percent, 2),
                    "covered": list(c.covered),
                    "not_covered": list(c.not_covered),
                }
                for c in run.coverage
            ],
        },
    }
    return json.dumps(document, indent=2, sort_keys=True) + "\n"


def run(
    directories: tuple[Path, ...],
    data_files: tuple[Path, ...],
    *,
    builtin: bool,
    coverage: bool,
    threshold: float | None,
    pattern: str | None,
    verbose: bool,
    output_format: str,
    echo: Callable[..., None] = click.echo,
) -> int:
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as error:
            raise UsageError(
                f"--run {pattern!r} is not a regular expression: {error}",
                hint="Escape characters such as [ ( * with a backslash to match them literally.",
            ) from error
    results = run_tests(
        directories or default_directories(Path.cwd()),
        data_files,
        builtin=builtin,
        coverage=coverage or threshold is not None,
        pattern=pattern,
    )
    if output_format == "json":
        echo(_json(results, threshold), nl=False)
    else:
        echo("\n".join(_text(results, verbose, threshold)))
    if not results.results:
        searched = ", ".join(map(str, directories or default_directories(Path.cwd())))
        echo(
            f"meshgate: no tests found in {searched}: no rule named test_* (exit 1, as a run that tested nothing)",
            err=True,
        )
        echo("  hint: Write tests as rules named test_<something>, or pass the directory that has them.", err=True)
    below = threshold is not None and (results.coverage_percent or 0.0) < threshold
    if below and output_format != "json":
        echo(
            f"meshgate: coverage {results.coverage_percent or 0.0:.1f}% is below the threshold of {threshold:g}%",
            err=True,
        )
    return EXIT_OK if results.passed and results.results and not below else EXIT_FAILED
