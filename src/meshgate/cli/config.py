"""meshgate.yaml (or [tool.meshgate] in pyproject.toml): the settings a repository keeps.

The file closest to the working directory wins (walking up). Its keys mirror
the command-line flags, which override them. A file that breaks the schema
(schemas/meshgate/config-v1.schema.json) is a usage error naming the file and
line.

Discovery fails closed: a pyproject.toml met on the way up that is not valid
TOML, or whose ``tool`` is not a table, is an error (exit 2), never skipped in
favour of a configuration further up. An empty meshgate.yaml, one holding
only comments and one holding only ``null`` all mean the same: no settings.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from meshgate.discover import CONFIG_FILE_NAMES
from meshgate.errors import UsageError
from meshgate.load.inputs import kind_of, read_input, schema_problem
from meshgate.model import pointer as jp
from meshgate.records import record
from meshgate.resources import schemas_dir

CONFIG_NAMES = CONFIG_FILE_NAMES
PYPROJECT = "pyproject.toml"
_PATH_LISTS = ("paths", "policies", "data")
_TOML_KEY = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=')
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_TOML_TOOL = re.compile(r"^\s*(\[\s*tool\b|tool\s*[.=])")
_SCHEMA_NAME = "schemas/meshgate/config-v1.schema.json"
# Governance keys may be written as the issue that introduced them spelt them; kebab-case is canonical.
ALIASES = {
    "max_waiver_days": "max-waiver-days",
    "inline_waivers": "inline-waivers",
    "waiver_notice_days": "waiver-notice-days",
}
LineOf = Callable[[str], int]


def _first_line(_pointer: str) -> int:
    return 1


@record
class FileConfig:
    """A configuration file's checked values, and the line of each."""

    path: Path
    values: Mapping[str, Any]  # schema-valid; relative paths resolved against the file's directory
    line_of: LineOf = field(default=_first_line, compare=False)  # the line of a JSON pointer's key

    def where(self, key: str) -> str:
        return f"{self.path}:{self.line_of(jp.join('', key))}"


def discover_config(start: Path) -> Path | None:
    """The nearest meshgate.yaml, or pyproject.toml with [tool.meshgate], at or above start."""
    for directory in (start, *start.parents):
        for name in CONFIG_NAMES:
            if (directory / name).is_file():
                return directory / name
        pyproject = directory / PYPROJECT
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


def _has_tool_table(pyproject: Path) -> bool:
    """Whether pyproject.toml has [tool.meshgate]; a broken file is an error, not a "no"."""
    _, tool = _parse_toml(pyproject)
    return "meshgate" in tool


def _parse_toml(path: Path) -> tuple[str, Mapping[str, Any]]:
    """The text of a pyproject.toml and its ``tool`` table, or a usage error with file:line."""
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        document = tomllib.loads(text)
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise UsageError(f"{path}: the file is not UTF-8 ({error.reason})", hint="Save it as UTF-8.") from error
    except tomllib.TOMLDecodeError as error:
        found = _TOML_POSITION.search(str(error))
        message = _TOML_POSITION.sub("", str(error)).strip()
        where = f"{path}:{found.group(1)}:{found.group(2)}" if found else str(path)
        raise UsageError(
            f"{where}: {message} (meshgate looks for [tool.meshgate] here)",
            hint="Fix the TOML syntax; meshgate does not skip a broken pyproject.toml, so settings are never lost.",
        ) from None
    tool = document.get("tool", {})
    if not isinstance(tool, dict):
        line = next((n for n, item in enumerate(text.splitlines(), 1) if _TOML_TOOL.match(item)), 1)
        raise UsageError(
            f"{path}:{line}: 'tool' must be a table, not {kind_of(tool)}",
            hint="Tools keep their settings in [tool.<name>] tables, e.g. [tool.meshgate].",
        )
    return text, tool


def load_config(path: Path) -> FileConfig:
    values, line_of = _read_toml(path) if path.name == PYPROJECT else _read_yaml(path)
    _validate(values, path, line_of)
    return FileConfig(path, _resolved(values, path.parent), line_of)


def _read_yaml(path: Path) -> tuple[Any, LineOf]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the configuration {path}: {error.strerror or error}") from error
    source = read_input(raw, str(path), what="configuration")
    # Empty, comments only, or 'null': no settings.
    return (source.data if source.data is not None else {}), source.line


def _read_toml(path: Path) -> tuple[Any, LineOf]:
    text, tool = _parse_toml(path)
    table = tool.get("meshgate", {})
    lines = text.splitlines()
    header = next((number for number, line in enumerate(lines, 1) if line.strip().startswith("[tool.meshgate")), 1)

    def line_of(pointer: str) -> int:
        # tomllib keeps no positions: find the key's line inside the table.
        key = (jp.tokens(pointer) or [""])[0]
        for number in range(header, len(lines) + 1):
            match = _TOML_KEY.match(lines[number - 1])
            if match and match.group(1) == key:
                return number
        return header

    return table, line_of


def _validate(values: Any, path: Path, line_of: LineOf) -> None:
    # Hints name the schema where this installation keeps it: a pip install has no schemas/ checkout folder.
    schema_file = schemas_dir() / "meshgate" / "config-v1.schema.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    problem = schema_problem(schema, values, schema_name=str(schema_file))
    if problem is not None:
        pointer = problem.pointer
        raise UsageError(f"{path}:{line_of(pointer)}: {problem.message} (at {pointer or '/'})", hint=problem.hint)
    _validate_numbers(values, path, line_of)
    _validate_specs(values, path, line_of)


def _validate_numbers(values: Mapping[str, Any], path: Path, line_of: LineOf) -> None:
    """What JSON Schema lets through and Python would mishandle: 2.0 is an "integer" there."""
    from meshgate.cli.output import parse_size

    jobs = values.get("jobs")
    if jobs is not None and not isinstance(jobs, int):
        raise UsageError(
            f"{path}:{line_of('/jobs')}: jobs is {jobs!r}; it must be a whole number of worker processes (at /jobs)",
            hint="Write it without a decimal point, e.g. jobs: 2.",
        )
    size = values.get("max-file-size")
    if size is not None:
        if isinstance(size, float):
            raise UsageError(
                f"{path}:{line_of('/max-file-size')}: max-file-size is {size!r}; write a whole number of bytes "
                "or a size with a unit (at /max-file-size)",
                hint="For example max-file-size: 5000000 or max-file-size: 5MB.",
            )
        try:
            parse_size(size)
        except ValueError as error:
            raise UsageError(
                f"{path}:{line_of('/max-file-size')}: {error} (at /max-file-size)",
                hint="For example max-file-size: 5000000 or max-file-size: 5MB.",
            ) from error


def _validate_specs(values: Mapping[str, Any], path: Path, line_of: LineOf) -> None:
    from meshgate.specs import BY_NAME

    for index, override in enumerate(values.get("specs", [])):
        spec = BY_NAME[override["spec"]]
        if override["version"] not in spec.versions:
            pointer = f"/specs/{index}/version"
            raise UsageError(
                f"{path}:{line_of(pointer)}: {spec.title} has no version '{override['version']}'",
                hint=f"Use one of: {', '.join(spec.versions)}.",
            )


def _resolved(values: Mapping[str, Any], base: Path) -> dict[str, Any]:
    """Paths in the file are relative to it; give them relative to the working directory."""

    def place(value: str) -> str:
        return os.path.relpath(base / value) if not Path(value).is_absolute() else value

    resolved = dict(values)
    for key in _PATH_LISTS:
        if key in resolved:
            resolved[key] = [place(item) for item in resolved[key]]
    if isinstance(resolved.get("opa"), dict):
        resolved["opa"] = {
            key: place(value) if key in ("ca-bundle", "client-cert", "client-key") else value
            for key, value in resolved["opa"].items()
        }
    if "baseline" in resolved:
        resolved["baseline"] = place(resolved["baseline"])
    if "waivers" in resolved:
        waivers = resolved["waivers"]
        resolved["waivers"] = [place(item) for item in ([waivers] if isinstance(waivers, str) else waivers)]
    for alias, key in ALIASES.items():
        if alias in resolved:
            resolved.setdefault(key, resolved.pop(alias))
    if "format" in resolved:
        resolved["format"] = [
            f"{name}={place(target)}" if sep else name
            for name, sep, target in (item.partition("=") for item in resolved["format"])
        ]
    return resolved
