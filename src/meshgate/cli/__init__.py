"""The command line: the only place that prints, writes report files and picks exit codes.

Exit codes: 0 nothing at or above --fail-on; 1 the gate failed; 2 a usage,
configuration or policy error; 3 a bug in meshgate (traceback on stderr).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from meshgate._version import __version__
from meshgate.errors import MeshgateError, PolicyError

if TYPE_CHECKING:
    from meshgate.options import Options

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
# Kept here, not read from the reporter registry, so --help stays fast; a test checks they agree.
FORMATS = ("text", "json", "sarif", "junit", "github", "markdown")
FAIL_ON = ("error", "warning", "info", "never")
# Kept here for the same reason; a test checks they agree with meshgate.evaluate.engines.NAMES.
ENGINES = ("regorus", "opa")
OPA_MODES = ("push", "bundle")
F = TypeVar("F", bound=Callable[..., Any])


def _byte_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    from meshgate.cli.output import parse_size

    if value is None:
        return None
    try:
        return parse_size(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from error


def _given(ctx: click.Context) -> frozenset[str]:
    """The options typed on the command line (or set in the environment), as opposed to defaults."""
    typed = (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)
    return frozenset(name for name in ctx.params if ctx.get_parameter_source(name) in typed)


def _options(values: dict[str, Any]) -> Options:
    """Options for the commands that take no configuration file (parse)."""
    from meshgate.options import Options

    today = values.get("today")
    return Options(environment=values.get("environment"), **({"today": today.date()} if today else {}))


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="meshgate", message="%(prog)s %(version)s")
def cli() -> None:
    """Validate data product descriptors against JSON Schemas and Rego governance policies.

    \b
    Exit codes: 0 pass, 1 gate failed (findings at or above --fail-on),
                2 usage, configuration or policy error, 3 internal error (a bug).
    """


_today = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Evaluate as of this date (YYYY-MM-DD) instead of today (UTC); policies see it as input.context.today.",
)
_config = click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Configuration file [default: the nearest meshgate.yaml, .meshgate.yaml or pyproject.toml [tool.meshgate]].",
)
_environment = click.option(
    "--environment", "-e", metavar="NAME", help="Deployment environment policies see as input.context.environment."
)


def _policy_dirs(name: str) -> Callable[[F], F]:
    return click.option(
        "--policies",
        "-p",
        name,
        multiple=True,
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="Directory of extra Rego policies (repeatable).",
    )


_data = click.option(
    "--data",
    "-d",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON/YAML data file merged into the policies' data (repeatable).",
)
_builtin = click.option(
    "--no-builtin-policies",
    "builtin",
    is_flag=True,
    flag_value=False,
    default=True,
    help="Do not load meshgate's built-in policy library.",
)


def _together(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Several options as one decorator, in the order they are listed in help."""

    def apply(function: F) -> F:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


_report = _together(
    click.option(
        "--format",
        "-f",
        "formats",
        multiple=True,
        metavar="FORMAT[=PATH]",
        help=f"Report format, to stdout or to PATH (repeatable): {', '.join(FORMATS)}.  [default: text]",
    ),
    click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write the report meant for stdout to this file instead (atomically).",
    ),
    click.option(
        "--fail-on", type=click.Choice(FAIL_ON), help="Lowest severity that fails the gate (exit 1).  [default: error]"
    ),
)
_color = click.option(
    "--color/--no-color", default=None, help="Colour the text report [default: when stdout is a terminal]."
)


def _discovery(default: str) -> Callable[[F], F]:
    return _together(
        click.option(
            "--pattern",
            "patterns",
            multiple=True,
            metavar="GLOB",
            help="File-name pattern for descriptors found in directories (repeatable; replaces the defaults).",
        ),
        click.option(
            "--exclude",
            "excludes",
            multiple=True,
            metavar="GLOB",
            help="Skip files whose path, name or a directory name matches (repeatable), named files too: "
            "a run left with nothing to check passes.",
        ),
        click.option(
            "--discover",
            type=click.Choice(("names", "content")),
            help="Find descriptors in directories by file name, or also by content (a spec's marker in the first "
            f"KB).  [default: {default}]",
        ),
    )


_waivers = click.option(
    "--waivers",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Waivers file of approved, expiring exceptions (repeatable) [default: meshgate-waivers.yaml beside the "
    "configuration].",
)
_consumers = click.option(
    "--consumers",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="AUDIT.json",
    help="A batch audit's JSON (meshgate audit --format json=...): a change to a port or product someone reads "
    "is raised a level (info to warning, warning to error) and names its readers.",
)
_jobs = click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for large runs [default: CPUs available]."
)
_engine = _together(
    click.option(
        "--engine",
        type=click.Choice(ENGINES),
        help="Policy engine: regorus (embedded, no server) or opa (an OPA server, --opa-url).  [default: regorus]",
    ),
    click.option("--opa-url", metavar="URL", help="The OPA server (--engine opa) [env MESHGATE_OPA_URL]."),
)


class _PatternsInHelp(click.Command):
    """A command whose help lists the default descriptor names, read from meshgate.discover when help is shown."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help and PATTERNS_PLACEHOLDER in self.help:
            import inspect
            import textwrap

            from meshgate.discover import DEFAULT_PATTERNS, describe_patterns

            # Wrapped here, in a paragraph click keeps as it is: click would break data-product at its hyphen.
            listed = textwrap.fill(describe_patterns(DEFAULT_PATTERNS), 76, break_on_hyphens=False)
            self.help = inspect.cleandoc(self.help).replace(PATTERNS_PLACEHOLDER, listed)
        super().format_help_text(ctx, formatter)


PATTERNS_PLACEHOLDER = "{default patterns}"


@cli.command(cls=_PatternsInHelp)
@click.argument("paths", nargs=-1, type=click.Path(exists=True, allow_dash=True, path_type=Path))
@click.option(
    "--stdin-filename",
    "stdin_name",
    metavar="NAME",
    help="With the path -, the name findings give the descriptor read from standard input (and that "
    "--exclude and the configuration's specs match).  [default: <stdin>]",
)
@_report
@_policy_dirs("policies")
@_data
@_builtin
@_discovery("names")
@_environment
@_today
@_jobs
@click.option(
    "--max-file-size", callback=_byte_size, metavar="SIZE", help="Largest file read as a descriptor [default: 5MiB]."
)
@click.option(
    "--baseline",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Accept the findings recorded in this baseline; fail only on new ones.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Record this run's findings as the baseline (and exit 0).",
)
@_waivers
@click.option(
    "--policy",
    "select_policies",
    multiple=True,
    metavar="ID|GLOB",
    help="Run only the policies with these ids or globs, e.g. 'slo/*' (repeatable, or comma-separated).",
)
@click.option(
    "--skip-policy",
    "skip_policies",
    multiple=True,
    metavar="ID|GLOB",
    help="Do not run the policies with these ids or globs (repeatable, or comma-separated).",
)
@_config
@_engine
@click.option("--opa-token", metavar="TOKEN", help="Bearer token for the OPA server [env MESHGATE_OPA_TOKEN].")
@click.option(
    "--opa-ca-bundle",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CA certificates (PEM) that sign the OPA server's certificate.",
)
@click.option(
    "--opa-client-cert",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Client certificate (PEM) for mutual TLS with the OPA server.",
)
@click.option(
    "--opa-client-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Private key of --opa-client-cert, when not in the same file.",
)
@click.option(
    "--opa-timeout",
    type=click.FloatRange(min=0, min_open=True, max=3600),
    help="Seconds to wait for each OPA request.  [default: 10]",
)
@click.option(
    "--opa-retries",
    type=click.IntRange(0, 10),
    help="Retries of a failed OPA request (connection errors, 502/503/504), with backoff.  [default: 2]",
)
@click.option(
    "--opa-mode",
    type=click.Choice(OPA_MODES),
    help="push: upload the policies for this run; bundle: the server serves `meshgate bundle`.  [default: push]",
)
@click.option(
    "--opa-revision",
    metavar="REVISION",
    help="Bundle mode: accept this bundle revision instead of requiring the policy-set digest.",
)
@click.option(
    "--opa-batch-size",
    type=click.IntRange(1, 1000),
    help="Documents per OPA request.  [default: 16]",
)
@click.option(
    "--against",
    metavar="REF",
    help="Also compare each descriptor with its version at this git revision (breaking changes; no checkout).",
)
@_consumers
@_color
def validate(
    paths: tuple[Path, ...], config: Path | None, color: bool | None, stdin_name: str | None, **values: Any
) -> int:
    """Check descriptors (files, or directories searched for descriptor file names).

    With no PATHS, the configuration's paths, else the current directory, are searched.
    The path - reads one descriptor file from standard input.
    Directories are searched for these names (case-insensitive):

    \b
    {default patterns}

    Command-line options override the configuration file.
    """
    from meshgate.cli.commands import validate as command

    request = command.Request(paths, values, _given(click.get_current_context()), config, color, stdin_name)
    return command.run(request)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--against", metavar="REF", help="Compare the descriptors under PATHS with their versions at this git revision."
)
@_report
@_policy_dirs("policies")
@_data
@_builtin
@_discovery("names")
@_environment
@_today
@_config
@_consumers
@_color
def diff(paths: tuple[Path, ...], against: str | None, config: Path | None, color: bool | None, **values: Any) -> int:
    """Report the changes between two versions of descriptors: breaking, governance and notable ones.

    \b
    meshgate diff OLD NEW                 two files
    meshgate diff --against REF [PATHS]   each descriptor against its version at a git revision
    Only the change policies (policies/change) run; exit 1 when a change is at or above --fail-on.
    """
    from meshgate.cli.commands import diff as command
    from meshgate.cli.commands import validate as validate_command

    context = click.get_current_context()
    request = validate_command.Request(paths, values, _given(context), config, color)
    return command.run(request, against)


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--document", "-n", "number", type=click.IntRange(min=1), default=1, show_default=True, help="Which YAML document."
)
@click.option(
    "--contracts",
    "-c",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="Contract files or directories whose contracts ports may join (repeatable).",
)
@_environment
@_today
def parse(file: Path, number: int, contracts: tuple[Path, ...], **values: Any) -> int:
    """Print the exact input document policies see for FILE, as JSON.

    It holds the raw descriptor (input.descriptor), the normalized product
    (input.product), the detected spec (input.spec) and the context.
    """
    from meshgate.cli.commands import parse as command

    return command.run(file, number, contracts, _options(values))


@cli.command("test")
@click.argument("directories", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
@_data
@_builtin
@click.option("--coverage", is_flag=True, help="Report line coverage of the policies under test.")
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    metavar="PERCENT",
    help="Fail (exit 1) when coverage is below PERCENT (implies --coverage).",
)
@click.option("--run", "-r", "pattern", metavar="REGEX", help="Only run tests whose data.<package>.<rule> matches.")
@click.option("--verbose", "-v", is_flag=True, help="List passing tests too.")
@click.option("--format", "-f", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
def test_command(
    directories: tuple[Path, ...],
    data: tuple[Path, ...],
    builtin: bool,
    coverage: bool,
    threshold: float | None,
    pattern: str | None,
    verbose: bool,
    output_format: str,
) -> int:
    """Run the test_* rules of the policies in DIRECTORIES, like `opa test`.

    With no DIRECTORIES, ./policies is tested if it exists, else the built-in
    library. The built-in library's modules (and data) are loaded beside
    yours so tests can use its helpers. Exit codes: 0 all pass (and coverage
    meets --threshold), 1 a test fails or coverage is below, 2 a policy does
    not compile.
    """
    from meshgate.cli.commands import test as command

    return command.run(
        directories,
        data,
        builtin=builtin,
        coverage=coverage,
        threshold=threshold,
        pattern=pattern,
        verbose=verbose,
        output_format=output_format,
    )


@cli.command("bundle")
@click.option(
    "--output",
    "-o",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the bundle (.tar.gz).",
)
@_policy_dirs("policies")
@_data
@_builtin
@click.option(
    "--signing-key",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Sign the bundle (.signatures.json): a PEM RSA/EC private key, or a file holding an HMAC secret.",
)
@click.option("--signing-key-id", metavar="ID", help="Key id the OPA servers verify the signature with.")
@click.option(
    "--config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Configuration file whose policies, data and builtin-policies apply [default: the nearest one].",
)
def bundle_command(config: Path | None, **values: Any) -> int:
    """Write an OPA bundle of the policy set `validate` uses, for OPA servers (--engine opa --opa-mode bundle).

    The manifest's revision is the policy-set digest; its roots are meshgate's
    namespaces only. The same input gives the same bytes.
    """
    from meshgate.cli.commands import bundle as command

    return command.run(values, config, _given(click.get_current_context()))


@cli.group()
def policies() -> None:
    """List, show and document the policies meshgate loads."""


@policies.command("list")
@_policy_dirs("directories")
@_builtin
@_config
@_today
@click.option("--format", "-f", "output_format", type=click.Choice(("text", "json")), default="text", show_default=True)
def policies_list(
    directories: tuple[Path, ...], builtin: bool, config: Path | None, today: Any, output_format: str
) -> int:
    """A table of the policies: id, severity, state (draft, grace, enabled, retired), its date, title, specs.

    The states are those the configuration sets (its policy, skip-policy and policy-overrides).
    """
    from meshgate.cli.commands import policies as command

    day = today.date() if today else None
    return command.run_list(command.load(directories, builtin, config), output_format, today=day)


@policies.command("show")
@click.argument("policy_id", metavar="ID")
@_policy_dirs("directories")
@_builtin
def policies_show(policy_id: str, directories: tuple[Path, ...], builtin: bool) -> int:
    """One policy in full: description, remediation, a failing and a passing example."""
    from meshgate.cli.commands import policies as command

    return command.run_show(command.load(directories, builtin), policy_id)


@policies.command("doc")
@_policy_dirs("directories")
@_builtin
@click.option(
    "--output", "-o", type=click.Path(dir_okay=False, path_type=Path), help="Write the Markdown here instead of stdout."
)
def policies_doc(directories: tuple[Path, ...], builtin: bool, output: Path | None) -> int:
    """Markdown reference of the policies (the repository keeps it as docs/policies.md)."""
    from meshgate.cli.commands import policies as command

    return command.run_doc(command.load(directories, builtin), output)


class _AuditGroup(click.Group):
    """``meshgate audit PATHS...`` runs the audit; ``meshgate audit merge ...`` merges shards."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["run", *args]
        return super().parse_args(ctx, args)


_audit_formats = click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    metavar="FORMAT=PATH",
    help="html=FILE, json=FILE, csv=DIRECTORY (products.csv, findings.csv), markdown=FILE; json and markdown may "
    "go to - (standard output) (repeatable) [default: markdown to standard output].",
)
_fail_under = click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="SCORE",
    help="Exit 1 when the mesh score is below SCORE (0-100); without it the audit exits 0 once written.",
)
_previous = click.option(
    "--previous",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A previous audit's JSON: score changes, new and fixed findings, level changes.",
)


@cli.group("audit", cls=_AuditGroup)
def audit() -> None:
    """The governance board's view of the whole mesh: scores, levels, roll-ups, changes.

    \b
    meshgate audit PATHS... [--repos repos.yaml] --format html=audit.html --format json=audit.json
    meshgate audit merge SHARD.json... --format html=audit.html

    `meshgate audit PATHS...` is `meshgate audit run PATHS...`: see `meshgate audit run --help` for its
    options (a directory named merge or run is written ./merge).

    Exit codes: 0 audit written, 1 the mesh score is below --fail-under, 2 usage error.
    """


@audit.command("run")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--repos",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Repositories file: 'repositories:' a list of {url, ref, path, name}, fetched shallow into --cache.",
)
@click.option(
    "--cache",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where repositories are cloned and fetched [default: ~/.cache/meshgate/repositories].",
)
@_previous
@click.option("--shard", metavar="I/N", help="Audit only shard I of N (units split by hash); merge with audit merge.")
@click.option(
    "--history/--no-history",
    default=True,
    show_default=True,
    help="Read each descriptor's git history for time to market and age (checkouts with their history).",
)
@_audit_formats
@_fail_under
@_policy_dirs("policies")
@_data
@_builtin
@_discovery("content")
@_environment
@_today
@_waivers
@_config
@_jobs
@_engine
def audit_run(paths: tuple[Path, ...], config: Path | None, **values: Any) -> int:
    """Audit directories (checkouts, a monorepo) and the repositories of --repos."""
    from meshgate.cli.commands import audit as command

    return command.run(paths, values, _given(click.get_current_context()), config)


@audit.command("merge")
@click.argument("shards", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_previous
@_audit_formats
@_fail_under
@_policy_dirs("policies")
@_data
@_builtin
@_waivers
@_config
@_engine
def audit_merge(shards: tuple[Path, ...], config: Path | None, **values: Any) -> int:
    """Merge the JSON of every shard (--shard i/n) into one audit: the mesh policies, then the scores, over all.

    Give it the configuration, policies and waivers the shards ran with (it checks): the mesh policies run
    here, once over every shard's products.
    """
    from meshgate.cli.commands import audit as command

    return command.run_merge(shards, values, _given(click.get_current_context()), config)


def _report_error(error: MeshgateError) -> None:
    click.echo(f"meshgate: error: {error}", err=True)
    if error.hint:
        click.echo(f"  hint: {error.hint}", err=True)
    cause = error.__cause__
    first_line = next((line.strip() for line in str(cause).splitlines() if line.strip()), "") if cause else ""
    if cause is not None and not isinstance(error, PolicyError) and first_line and first_line not in str(error):
        click.echo(f"  cause: {type(cause).__name__}: {first_line}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; ``argv`` None means this is the process's own entry point (the console script,
    ``python -m meshgate``), which then also owns the garbage collector."""
    if argv is not None:
        return _run(list(argv))
    import gc
    import sys

    from meshgate.workers import GC_THRESHOLDS

    # Start-up builds tens of thousands of long-lived objects (modules, classes, policies) and hardly any
    # garbage: the default thresholds would scan them all, again and again, as they pile up.
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        return _run(None)
    finally:
        # Exiting, Python would collect once more over every object it is about to free anyway: a tenth of
        # a one-file run. Frozen objects are left out of that collection; nothing else about exiting changes.
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        gc.freeze()


def _run(argv: list[str] | None) -> int:
    try:
        result = cli.main(args=argv, prog_name="meshgate", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted!", err=True)
        return 130
    except click.ClickException as error:
        error.show()
        return EXIT_USAGE
    except MeshgateError as error:
        _report_error(error)
        return EXIT_USAGE
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        return 130
    except Exception:  # noqa: BLE001 - anything else is a bug: report it as one (exit 3)
        import traceback  # a bug's report; not imported on every run

        traceback.print_exc()
        click.echo(
            f"meshgate {__version__}: internal error (this is a bug; please report it with the traceback above)",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else EXIT_OK


__all__ = ["EXIT_BUG", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "cli", "main"]
