"""meshgate validate: settle the options, run the pipeline, write every report, pick the exit code.

Settings come from the command line, else from the configuration file, else
from defaults.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from meshgate.cli import output
from meshgate.cli.config import FileConfig, discover_config, load_config
from meshgate.errors import UsageError
from meshgate.limits import Limits
from meshgate.model.finding import Severity
from meshgate.options import Options, SpecOverride, default_jobs

if TYPE_CHECKING:
    from meshgate.govern import Governance
    from meshgate.model.report import Report

EXIT_OK, EXIT_FAILED = 0, 1
STDOUT = "-"
GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


@dataclass(frozen=True, slots=True)
class Request:
    """What the command line said; ``given`` names the options actually typed."""

    paths: tuple[Path, ...]
    values: Mapping[str, Any]
    given: frozenset[str]
    config: Path | None = None
    color: bool | None = None
    cwd: Path = field(default_factory=Path.cwd)


@dataclass(frozen=True, slots=True)
class Settings:
    paths: tuple[Path, ...]
    options: Options
    outputs: tuple[tuple[str, str], ...]  # (format, path or "-")
    baseline: Path | None
    write_baseline: Path | None
    config: Path | None


def _config(request: Request) -> FileConfig | None:
    if request.config is not None:
        return load_config(request.config)
    found = discover_config(request.cwd)
    return load_config(found) if found is not None else None


def settle(request: Request) -> Settings:
    config = _config(request)
    from_file: Mapping[str, Any] = config.values if config else {}

    def pick(option: str, key: str, default: Any = None) -> Any:
        if option in request.given:
            return request.values.get(option)
        return from_file.get(key, default)

    fail_on = pick("fail_on", "fail-on", "error")
    size = pick("max_file_size", "max-file-size")
    try:
        limits = Limits(max_file_bytes=output.parse_size(size)) if size is not None else Limits()
    except ValueError as error:
        where = config.where("max-file-size") if config and "max_file_size" not in request.given else "--max-file-size"
        raise UsageError(f"{where}: {error}", hint="For example 5MB, 512KiB or 1000000.") from error
    today = request.values.get("today")
    options = Options(
        policy_dirs=tuple(Path(item) for item in pick("policies", "policies", ())),
        data_files=tuple(Path(item) for item in pick("data", "data", ())),
        builtin_policies=bool(pick("builtin", "builtin-policies", True)),
        patterns=tuple(pick("patterns", "patterns", ())) or Options().patterns,
        excludes=tuple(pick("excludes", "exclude", ())),
        fail_on=None if fail_on == "never" else Severity(fail_on),
        environment=pick("environment", "environment"),
        limits=limits,
        jobs=pick("jobs", "jobs") or default_jobs(),
        engine=pick("engine", "engine", "regorus"),
        change_severity=tuple(sorted((from_file.get("change-severity") or {}).items())),
        overrides=tuple(
            SpecOverride(
                tuple([item["files"]] if isinstance(item["files"], str) else item["files"]),
                item["spec"],
                item["version"],
            )
            for item in from_file.get("specs", ())
        ),
        **({"today": today.date() if isinstance(today, datetime.datetime) else today} if today else {}),
    )
    paths = request.paths or tuple(Path(item) for item in from_file.get("paths", ())) or (Path(),)
    for path in paths:
        if not path.exists():
            raise UsageError(f"path '{path}' (from {config.path if config else 'the command line'}) does not exist")
    baseline = pick("baseline", "baseline")
    write_baseline = request.values.get("write_baseline")
    if baseline is not None and "baseline" not in request.given and not Path(baseline).exists():
        if write_baseline is None:
            raise UsageError(
                f"{config.where('baseline') if config else 'baseline'}: the baseline {baseline} does not exist",
                hint="Write it first with --write-baseline, or fix the path (it is relative to the configuration).",
            )
        baseline = None  # being written by this run
    return Settings(
        paths=paths,
        options=options,
        outputs=_outputs(pick("formats", "format", ()) or ("text",), request.values.get("output")),
        baseline=Path(baseline) if baseline else None,
        write_baseline=Path(write_baseline) if write_baseline else None,
        config=config.path if config else None,
    )


def _outputs(formats: Sequence[str], output_file: Path | None) -> tuple[tuple[str, str], ...]:
    from meshgate.reporters import REPORTERS

    outputs = []
    for item in formats:
        name, _, path = item.partition("=")
        if name not in REPORTERS:
            raise UsageError(f"unknown format '{name}'", hint=f"Use one of: {', '.join(sorted(REPORTERS))}.")
        outputs.append((name, path or STDOUT))
    to_stdout = [name for name, path in outputs if path == STDOUT]
    if len(to_stdout) > 1:
        raise UsageError(
            f"only one report can go to standard output (got {', '.join(to_stdout)})",
            hint="Give the others a file: --format sarif=reports/meshgate.sarif.",
        )
    if output_file is not None:
        if not to_stdout:
            raise UsageError("--output names where the standard-output report goes, but every format has a file")
        outputs = [(name, str(output_file) if path == STDOUT else path) for name, path in outputs]
    return tuple(outputs)


def run(request: Request, echo: Callable[..., None] = click.echo) -> int:
    from meshgate.discover import discover
    from meshgate.pipeline import check

    settings = settle(request)
    options = settings.options
    targets = discover(settings.paths, options.patterns, options.excludes)
    if not targets:
        raise UsageError(
            f"no descriptor files found in {', '.join(map(str, settings.paths))}",
            hint="Pass descriptor files explicitly, or name the files to look for with --pattern.",
        )
    against = request.values.get("against")
    if against:
        from meshgate.history import open_revision

        revision = open_revision(against, request.cwd)
        report = check(targets, options, governance(settings), against=revision, scope=settings.paths)
    else:
        report = check(targets, options, governance(settings))
    return emit(report, settings, request, echo)


def governance(settings: Settings) -> Governance:
    from meshgate.govern import Governance
    from meshgate.govern import baseline as baselines

    return Governance(baseline=baselines.read(settings.baseline) if settings.baseline is not None else None)


def emit(report: Report, settings: Settings, request: Request, echo: Callable[..., None] = click.echo) -> int:
    """Write every report the settings ask for and pick the exit code."""
    from meshgate.govern import baseline as baselines
    from meshgate.reporters import REPORTERS, Style
    from meshgate.reporters.text import summary

    for name, path in settings.outputs:
        to_stdout = path == STDOUT
        rendered = REPORTERS[name](report, Style(color=to_stdout and output.use_color(request.color)))
        if to_stdout:
            echo(rendered, nl=False)
        else:
            output.write_atomically(Path(path), rendered)
    if all(path != STDOUT for _, path in settings.outputs):
        echo(summary(report), err=True)
    if any(name == "github" for name, _ in settings.outputs) and os.environ.get(GITHUB_STEP_SUMMARY):
        from meshgate.reporters.github import step_summary

        output.append(Path(os.environ[GITHUB_STEP_SUMMARY]), step_summary(report))
    if settings.write_baseline is not None:
        output.write_atomically(settings.write_baseline, baselines.render(report))
        accepted = sum(
            1 for finding in report.findings if finding.fingerprint and finding.status.value in ("fail", "baselined")
        )
        echo(f"meshgate: wrote {accepted} findings to the baseline {settings.write_baseline}", err=True)
        return EXIT_OK
    return EXIT_FAILED if report.failed else EXIT_OK
