"""meshgate validate: settle the options, run the pipeline, write every report, pick the exit code.

Settings come from the command line, else from the configuration file, else
from defaults.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from meshgate.cli import output
from meshgate.cli.config import FileConfig, discover_config, load_config
from meshgate.errors import UsageError
from meshgate.limits import Limits
from meshgate.model.finding import Severity
from meshgate.options import OpaOptions, Options, SpecOverride, default_jobs
from meshgate.records import record

if TYPE_CHECKING:
    from meshgate.discover import Target
    from meshgate.govern import Governance
    from meshgate.govern.controls import PolicyControls

if TYPE_CHECKING:
    from meshgate.govern import Governance
    from meshgate.model.report import Report

EXIT_OK, EXIT_FAILED = 0, 1
STDOUT = "-"
STDIN = "-"
STDIN_DISPLAY = "<stdin>"
# option -> (key under 'opa:' in the configuration, environment variable)
OPA_SETTINGS = {
    "opa_url": ("url", "MESHGATE_OPA_URL"),
    "opa_token": (None, "MESHGATE_OPA_TOKEN"),  # never in a file that is committed
    "opa_ca_bundle": ("ca-bundle", None),
    "opa_client_cert": ("client-cert", None),
    "opa_client_key": ("client-key", None),
    "opa_timeout": ("timeout", None),
    "opa_retries": ("retries", None),
    "opa_mode": ("mode", None),
    "opa_revision": ("revision", None),
    "opa_batch_size": ("batch-size", None),
}
GITHUB_STEP_SUMMARY = "GITHUB_STEP_SUMMARY"


@record
class Request:
    """What the command line said; ``given`` names the options actually typed."""

    paths: tuple[Path, ...]
    values: Mapping[str, Any]
    given: frozenset[str]
    config: Path | None = None
    color: bool | None = None
    stdin_name: str | None = None  # --stdin-filename: what findings call the descriptor read from -
    cwd: Path = field(default_factory=Path.cwd)


@record
class GovernanceSettings:
    """Waivers and per-policy control, as settled from the command line and the configuration."""

    waivers: tuple[Path, ...] = ()
    controls: PolicyControls | None = None
    inline_waivers: bool = True
    max_waiver_days: int | None = None
    notice_days: int = 14


@record
class Settings:
    """What a validate run was asked for, with the configuration file's values merged in."""

    paths: tuple[Path, ...]
    options: Options
    outputs: tuple[tuple[str, str], ...]  # (format, path or "-")
    baseline: Path | None
    write_baseline: Path | None
    config: Path | None
    governance: GovernanceSettings = field(default_factory=GovernanceSettings)


def policy_controls(config: FileConfig | None, values: Mapping[str, Any], given: frozenset[str]) -> PolicyControls:
    """--policy/--skip-policy (else the configuration's policy/skip-policy) and the policy-overrides entries."""
    from meshgate.govern.controls import PolicyControls, override_from

    from_file: Mapping[str, Any] = config.values if config else {}

    def choose(option: str, key: str) -> tuple[tuple[str, ...], str]:
        if option in given:  # repeatable, and comma-separated as Checkov's --check takes them
            typed = [part.strip() for item in values.get(option) or () for part in str(item).split(",")]
            return tuple(part for part in typed if part), f"--{key}"
        return tuple(from_file.get(key, ())), config.where(key) if config else f"--{key}"

    select, select_where = choose("select_policies", "policy")
    skip, skip_where = choose("skip_policies", "skip-policy")
    overrides = tuple(
        override_from(entry, f"{config.path}:{config.line_of(f'/policy-overrides/{index}')}")
        for index, entry in enumerate(from_file.get("policy-overrides", ()))
        if config is not None
    )
    return PolicyControls(select, skip, overrides, select_where, skip_where)


def _governance(request: Request, config: FileConfig | None) -> GovernanceSettings:
    from meshgate.govern.waivers import DEFAULT_NAME, DEFAULT_NOTICE_DAYS

    from_file: Mapping[str, Any] = config.values if config else {}
    if "waivers" in request.given:
        waivers = tuple(request.values.get("waivers") or ())
    elif "waivers" in from_file:
        waivers = tuple(Path(item) for item in from_file["waivers"])
        for path in waivers:
            if not path.is_file():
                raise UsageError(
                    f"{config.where('waivers') if config else 'waivers'}: the waivers file {path} does not exist",
                    hint="Fix the path (it is relative to the configuration).",
                )
    else:
        beside = (config.path.parent if config else request.cwd) / DEFAULT_NAME
        waivers = (Path(os.path.relpath(beside)),) if beside.is_file() else ()
    return GovernanceSettings(
        waivers=waivers,
        controls=policy_controls(config, request.values, request.given),
        inline_waivers=bool(from_file.get("inline-waivers", True)),
        max_waiver_days=from_file.get("max-waiver-days"),
        notice_days=from_file.get("waiver-notice-days", DEFAULT_NOTICE_DAYS),
    )


def _config(request: Request) -> FileConfig | None:
    if request.config is not None:
        return load_config(request.config)
    found = discover_config(request.cwd)
    return load_config(found) if found is not None else None


def consumers_of(path: Path) -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """Who reads each product and port, from a batch audit's JSON (``--consumers``), by product and port id."""
    from meshgate.audit import read
    from meshgate.audit.network import readers

    audit = read(path, "--consumers")
    products = audit.inputs.products
    found = readers(products)
    table: dict[tuple[str, str], set[str]] = {}
    for product in products:
        if product.id is None:
            continue  # a product without an id cannot be matched with the one being changed
        table.setdefault((product.id, ""), set()).update(found.of_product.get(product.key, ()))
        whole = found.of_whole.get(product.key, set())
        for port in product.ports:  # a port is read by its readers and by those of the product as a whole
            table.setdefault((product.id, port), set()).update(found.of_port.get(f"{product.key}#{port}", ()), whole)
    return tuple((product, port, tuple(sorted(names))) for (product, port), names in sorted(table.items()) if names)


def settle(request: Request, *, discover: str = "names") -> Settings:
    """The run's settings: the command line, else the configuration, else the defaults (``discover`` among them)."""
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
    _check_text("--environment", pick("environment", "environment"))
    options = Options(
        policy_dirs=tuple(Path(item) for item in pick("policies", "policies", ())),
        data_files=tuple(Path(item) for item in pick("data", "data", ())),
        builtin_policies=bool(pick("builtin", "builtin-policies", True)),
        patterns=tuple(pick("patterns", "patterns", ())) or Options().patterns,
        excludes=tuple(pick("excludes", "exclude", ())),
        discover_content=pick("discover", "discover", discover) == "content",
        fail_on=None if fail_on == "never" else Severity(fail_on),
        environment=pick("environment", "environment"),
        limits=limits,
        jobs=pick("jobs", "jobs") or default_jobs(),
        engine=pick("engine", "engine", "regorus"),
        opa=_opa(request, from_file, engine=pick("engine", "engine", "regorus")),
        change_severity=tuple(sorted((from_file.get("change-severity") or {}).items())),
        consumers=consumers_of(request.values["consumers"]) if request.values.get("consumers") else (),
        overrides=tuple(
            SpecOverride(
                tuple([item["files"]] if isinstance(item["files"], str) else item["files"]),
                item["spec"],
                item["version"],
            )
            for item in from_file.get("specs", ())
        ),
    )
    if today:
        options = replace(options, today=today.date() if isinstance(today, datetime.datetime) else today)
    paths = request.paths or tuple(Path(item) for item in from_file.get("paths", ())) or (Path(),)
    for path in paths:
        if str(path) != STDIN and not path.exists():
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
        outputs=_outputs(
            pick("formats", "format", ()) or ("text",),
            request.values.get("output"),
            where=None if config is None or "formats" in request.given else config,
        ),
        baseline=Path(baseline) if baseline else None,
        write_baseline=Path(write_baseline) if write_baseline else None,
        config=config.path if config else None,
        governance=_governance(request, config),
    )


def _opa(request: Request, from_file: Mapping[str, Any], *, engine: str) -> OpaOptions:
    """The OPA settings: command line, else environment, else the configuration's 'opa:'; checked for --engine opa."""
    typed = sorted(name for name in OPA_SETTINGS if name in request.given and request.values.get(name) is not None)
    if engine != "opa":
        if typed:
            raise UsageError(
                f"--{typed[0].replace('_', '-')} is for the opa engine", hint="Add --engine opa, or drop the option."
            )
        return OpaOptions()
    section: Mapping[str, Any] = from_file.get("opa") or {}
    found: dict[str, Any] = {}
    for option, (key, variable) in OPA_SETTINGS.items():
        if option in request.given and request.values.get(option) is not None:
            found[option] = request.values[option]
        elif variable is not None and os.environ.get(variable):
            found[option] = os.environ[variable]
        elif key is not None and key in section:
            found[option] = section[key]
    paths = ("opa_ca_bundle", "opa_client_cert", "opa_client_key")
    settings: dict[str, Any] = {
        option.removeprefix("opa_"): Path(value) if option in paths else value for option, value in found.items()
    }
    options = OpaOptions(**settings)
    from meshgate.evaluate.engines.opa import check_options

    check_options(options)
    return options


def _outputs(
    formats: Sequence[str], output_file: Path | None, where: FileConfig | None = None
) -> tuple[tuple[str, str], ...]:
    """The reports to write; ``where`` is the configuration the formats came from, for file:line in errors."""
    from meshgate.reporters import REPORTERS

    outputs = []
    for index, item in enumerate(formats):
        name, _, path = item.partition("=")
        if name not in REPORTERS:
            located = f"{where.path}:{where.line_of(f'/format/{index}')}: " if where is not None else "--format: "
            suffix = f" (at /format/{index})" if where is not None else ""
            raise UsageError(
                f"{located}unknown format '{name}'{suffix}", hint=f"Use one of: {', '.join(sorted(REPORTERS))}."
            )
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


def governance_of(settings: Settings) -> Governance:
    """The governance of a run: its baseline, waivers files read and checked, policy controls."""
    from meshgate.govern import Governance, waivers
    from meshgate.govern import baseline as baselines

    settled = settings.governance
    return Governance(
        baseline=baselines.read(settings.baseline) if settings.baseline is not None else None,
        waivers=tuple(waiver for path in settled.waivers for waiver in waivers.read(path)),
        inline_waivers=settled.inline_waivers,
        max_waiver_days=settled.max_waiver_days,
        notice_days=settled.notice_days,
        **({"controls": settled.controls} if settled.controls is not None else {}),
    )


def _check_text(option: str, value: object) -> None:
    """An option's value policies see must be text: a byte that is not UTF-8 (kept by Python as a surrogate) is not."""
    if not isinstance(value, str):
        return
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as error:
        shown = value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        raise UsageError(
            f"{option} '{shown}' is not UTF-8 text", hint="Use a name of letters, digits and dashes."
        ) from error


def run(request: Request, echo: Callable[..., None] = click.echo) -> int:
    from meshgate.discover import discover

    settings = settle(request)
    options = settings.options
    reads_stdin = any(str(path) == STDIN for path in settings.paths)
    if request.stdin_name is not None and not reads_stdin:
        raise UsageError("--stdin-filename names the descriptor read from standard input, but no path is -")
    if reads_stdin and (request.stdin_name is not None and not _usable_name(request.stdin_name)):
        raise UsageError(
            f"--stdin-filename {request.stdin_name!r} is not a file name findings can carry",
            hint="Give a relative path such as products/orders.odps.yaml (no control characters, not empty).",
        )
    files = tuple(path for path in settings.paths if str(path) != STDIN)
    # The configuration's specs entries name files the default patterns may not: those are searched too.
    claimed = tuple(glob for override in options.overrides for glob in override.files)
    targets = (
        discover(files, options.patterns, options.excludes, claimed, content=options.discover_content) if files else []
    )
    with contextlib.ExitStack() as cleanup:
        if reads_stdin:
            stdin_target = _stdin_target(request.stdin_name or STDIN_DISPLAY, options, cleanup)
            if stdin_target is not None:
                targets = sorted([*targets, stdin_target], key=lambda target: target.display)
        if not targets and all(str(path) == STDIN or path.is_file() for path in settings.paths):
            # Only files were named (pre-commit passes the changed ones) and every one is excluded:
            # skipped quietly, and nothing left to check is a pass.
            echo("meshgate: nothing to check: every file named matches an exclude pattern", err=True)
            return EXIT_OK
        if not targets:
            raise UsageError(
                f"no descriptor files found in {', '.join(map(str, settings.paths))}",
                hint="Pass descriptor files explicitly, or name the files to look for with --pattern.",
            )
        return _check(request, settings, targets, echo)


def _usable_name(name: str) -> bool:
    return bool(name.strip()) and name.isprintable() and "\x00" not in name


def _stdin_target(name: str, options: Options, cleanup: contextlib.ExitStack) -> Target | None:
    """Standard input, read once into a private temporary file the pipeline (and its workers) can read."""
    import sys
    import tempfile

    from meshgate.discover import Target, excluded

    if excluded(name, options.excludes):
        return None  # excluded: skipped quietly, as a named file would be
    # One byte past the limit is enough for the loader to report the input as too large.
    raw = sys.stdin.buffer.read(options.limits.max_file_bytes + 1)
    directory = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="meshgate-stdin-")))
    suffix = Path(name).suffix if Path(name).suffix.lower() in (".json", ".yaml", ".yml") else ".yaml"
    path = directory / f"stdin{suffix}"
    path.write_bytes(raw)
    return Target(name, path)


def _check(request: Request, settings: Settings, targets: Sequence[Target], echo: Callable[..., None]) -> int:
    from meshgate.pipeline import check

    options = settings.options
    for _, path in settings.outputs:
        if path != STDOUT:
            output.refuse_special(Path(path))  # before the run, not after minutes of checking
    governance = governance_of(settings)
    against = request.values.get("against")
    if request.values.get("consumers") and not against:
        raise UsageError(
            "--consumers raises the changes found by --against, and there is no --against",
            hint="Add --against REF, or leave --consumers out.",
        )
    if against:
        from meshgate.history import open_revision

        revision = open_revision(against, request.cwd)
        report = check(targets, options, governance, against=revision, scope=settings.paths)
    else:
        report = check(targets, options, governance)
    return emit(report, settings, request, echo)


def emit(report: Report, settings: Settings, request: Request, echo: Callable[..., None] = click.echo) -> int:
    """Write every report the settings ask for and pick the exit code."""
    from meshgate.govern import baseline as baselines
    from meshgate.reporters import REPORTERS, Style
    from meshgate.reporters.text import summary

    if settings.write_baseline is not None:
        # Writing a baseline records today's findings and exits 0: the summary says so, not "failed".
        report = dataclasses.replace(report, recorded_in=str(settings.write_baseline))
    for name, path in settings.outputs:
        to_stdout = path == STDOUT
        style = Style(color=to_stdout and output.use_color(request.color))
        rendered = REPORTERS[name](report, style)
        if to_stdout:
            # click strips escape sequences from a pipe unless told the colour is wanted (--color, FORCE_COLOR).
            output.to_stdout(echo, rendered, color=True if style.color else None)
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
