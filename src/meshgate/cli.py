"""The command line: the only place that prints, writes report files and picks exit codes.

Exit codes: 0 nothing at or above --fail-on; 1 the gate failed; 2 a usage,
configuration or policy error; 3 a bug in meshgate (traceback on stderr).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from meshgate._version import __version__
from meshgate.errors import MeshgateError, PolicyError, UsageError

if TYPE_CHECKING:
    from meshgate.options import Options

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "info", "never")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?i?b?)\s*$", re.IGNORECASE)
_UNITS = {
    "": 1,
    "b": 1,
    "k": 1000,
    "kb": 1000,
    "kib": 1024,
    "m": 1000**2,
    "mb": 1000**2,
    "mib": 1024**2,
    "g": 1000**3,
    "gb": 1000**3,
    "gib": 1024**3,
}


def _byte_size(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    """Read sizes such as 5MB, 512KiB or 1000000 (bytes)."""
    if value is None:
        return None
    match = _SIZE.match(value)
    unit = match.group(2).lower() if match else ""
    if match is None or unit not in _UNITS:
        raise click.BadParameter(f"{value!r} is not a size such as 5MB, 512KiB or 1000000", ctx, param)
    return int(float(match.group(1)) * _UNITS[unit])


def _use_color(choice: bool | None) -> bool:
    if choice is not None:
        return choice
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def write_atomically(path: Path, text: str) -> None:
    """Write a report so a reader never sees half of it: temp file, then rename."""
    directory = path.parent
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(text)
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise UsageError(
            f"cannot write {path}: {error.strerror or error}", hint="Check the --output path and its permissions."
        ) from error


def _options(**values: Any) -> Options:
    from meshgate.finding import Severity
    from meshgate.limits import Limits
    from meshgate.options import Options, default_jobs

    fail_on = values.get("fail_on", "error")
    patterns = tuple(values.get("patterns") or ())
    kwargs: dict[str, Any] = {
        "policy_dirs": tuple(values.get("policies") or ()),
        "data_files": tuple(values.get("data") or ()),
        "builtin_policies": values.get("builtin", True),
        "excludes": tuple(values.get("excludes") or ()),
        "fail_on": None if fail_on == "never" else Severity(fail_on),
        "environment": values.get("environment"),
        "jobs": values.get("jobs") or default_jobs(),
    }
    if patterns:
        kwargs["patterns"] = patterns
    if values.get("today") is not None:
        kwargs["today"] = values["today"].date()
    if values.get("max_file_size") is not None:
        kwargs["limits"] = Limits(max_file_bytes=values["max_file_size"])
    return Options(**kwargs)


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
_environment = click.option(
    "--environment", "-e", metavar="NAME", help="Deployment environment policies see as input.context.environment."
)


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--format",
    "-f",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file (atomically) instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="error",
    show_default=True,
    help="Lowest severity that fails the gate (exit 1).",
)
@click.option(
    "--policies",
    "-p",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Directory of extra Rego policies (repeatable).",
)
@click.option(
    "--data",
    "-d",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="JSON/YAML data file merged into the policies' data (repeatable).",
)
@click.option(
    "--no-builtin-policies",
    "builtin",
    is_flag=True,
    flag_value=False,
    default=True,
    help="Do not load meshgate's built-in policy library.",
)
@click.option(
    "--pattern",
    "patterns",
    multiple=True,
    metavar="GLOB",
    help="File-name pattern for descriptors found in directories (repeatable; replaces the defaults).",
)
@click.option(
    "--exclude", "excludes", multiple=True, metavar="GLOB", help="Skip files whose path or name matches (repeatable)."
)
@_environment
@_today
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), help="Worker processes for large runs [default: CPUs available]."
)
@click.option(
    "--max-file-size", callback=_byte_size, metavar="SIZE", help="Largest file read as a descriptor [default: 5MiB]."
)
@click.option("--color/--no-color", default=None, help="Colour the text report [default: when stdout is a terminal].")
def validate(
    paths: tuple[Path, ...], output_format: str, output: Path | None, color: bool | None, **values: Any
) -> int:
    """Check descriptors (files, or directories searched for descriptor file names).

    With no PATHS, the current directory is searched. Default descriptor names:
    *.odps.yaml, *.odcs.yaml, data-product.yaml, dataproduct.yaml,
    data-product-descriptor.json, *.dpds.yaml, datacontract.yaml (and .yml/.json forms).
    """
    from meshgate.discover import discover
    from meshgate.pipeline import run
    from meshgate.reporters import REPORTERS, Style
    from meshgate.reporters.text import summary

    options = _options(**values)
    searched = paths or (Path(),)
    if not discover(searched, options.patterns, options.excludes):
        raise UsageError(
            f"no descriptor files found in {', '.join(map(str, searched))}",
            hint="Pass descriptor files explicitly, or name the files to look for with --pattern.",
        )
    report = run(searched, options)
    rendered = REPORTERS[output_format](report, Style(color=_use_color(color) and output is None))
    if output is not None:
        write_atomically(output, rendered)
        click.echo(summary(report), err=True)
    else:
        click.echo(rendered, nl=False)
    return EXIT_FAILED if report.failed else EXIT_OK


@cli.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--document",
    "-n",
    "number",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Which YAML document of the file.",
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
    import json

    from meshgate.discover import DEFAULT_PATTERNS, Target, discover
    from meshgate.join import ContractExport
    from meshgate.load import display_path
    from meshgate.pipeline import Preparer
    from meshgate.reporters import Style
    from meshgate.reporters.text import format_finding

    options = _options(**values)
    preparer = Preparer(options, validate_schemas=False)
    exports: dict[str, ContractExport] = {}
    for target in discover(contracts, DEFAULT_PATTERNS):
        for export in preparer.prepare_file(target)[1].contracts:
            exports.setdefault(export.id, export)
    preparer.use_contracts(exports)
    prepared, outcome = preparer.prepare_file(Target(display_path(file), file))
    chosen = next((checked for checked in prepared if checked.document.index == number), None)
    if chosen is None:
        for finding in outcome.findings:
            click.echo(format_finding(finding, Style(color=False)), err=True)
        click.echo(f"meshgate: {file}: no policy input for document {number}", err=True)
        return EXIT_FAILED
    click.echo(json.dumps(chosen.policy_input, indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK


def _report_error(error: MeshgateError) -> None:
    click.echo(f"meshgate: error: {error}", err=True)
    if error.hint:
        click.echo(f"  hint: {error.hint}", err=True)
    cause = error.__cause__
    first_line = next((line.strip() for line in str(cause).splitlines() if line.strip()), "") if cause else ""
    if cause is not None and not isinstance(error, PolicyError) and first_line and first_line not in str(error):
        click.echo(f"  cause: {type(cause).__name__}: {first_line}", err=True)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="meshgate", standalone_mode=False)
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
        traceback.print_exc()
        click.echo(
            f"meshgate {__version__}: internal error (this is a bug; please report it with the traceback above)",
            err=True,
        )
        return EXIT_BUG
    return result if isinstance(result, int) else EXIT_OK


__all__ = ["EXIT_BUG", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "cli", "main"]
