"""meshgate.yaml (or [tool.meshgate] in pyproject.toml): the settings a repository keeps.

The file closest to the working directory wins (walking up). Its keys mirror
the command-line flags, which override them. A file that breaks the schema
(schemas/meshgate/config-v1.schema.json) is a usage error naming the file and
line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from meshgate.errors import UsageError
from meshgate.limits import Limits
from meshgate.load.files import load_bytes
from meshgate.model import pointer as jp
from meshgate.model.finding import Severity
from meshgate.resources import schemas_dir

CONFIG_NAMES = ("meshgate.yaml", ".meshgate.yaml", "meshgate.yml", ".meshgate.yml")
PYPROJECT = "pyproject.toml"
_PATH_LISTS = ("paths", "policies", "data")
_TOML_KEY = re.compile(r'^\s*"?([A-Za-z0-9_-]+)"?\s*=')


@dataclass(frozen=True, slots=True)
class FileConfig:
    path: Path
    values: Mapping[str, Any]  # schema-valid; relative paths resolved against the file's directory


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
    import tomllib

    try:
        return "meshgate" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def load_config(path: Path) -> FileConfig:
    values, line_of = _read_toml(path) if path.name == PYPROJECT else _read_yaml(path)
    _validate(values, path, line_of)
    return FileConfig(path, _resolved(values, path.parent))


def _read_yaml(path: Path) -> tuple[Any, Any]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the configuration {path}: {error.strerror or error}") from error
    loaded = load_bytes(raw, str(path), Limits())
    errors = [finding for finding in loaded.findings if finding.severity is Severity.ERROR]
    if errors or not loaded.documents:
        first = errors[0] if errors else None
        where = f"{path}:{first.line}:{first.column}" if first else str(path)
        raise UsageError(f"{where}: {first.message if first else 'the configuration is empty'}")
    if len(loaded.documents) > 1:
        raise UsageError(f"{path}: the configuration must be one YAML document")
    document = loaded.documents[0]
    return (document.data if document.data is not None else {}), (lambda pointer: document.locate(pointer).line)


def _read_toml(path: Path) -> tuple[Any, Any]:
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        table = tomllib.loads(text).get("tool", {}).get("meshgate", {})
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: {error}") from error
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


def _validate(values: Any, path: Path, line_of: Any) -> None:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    schema = json.loads((schemas_dir() / "meshgate" / "config-v1.schema.json").read_text(encoding="utf-8"))
    errors = list(Draft202012Validator(schema).iter_errors(values))
    if errors:
        error = best_match(errors)
        pointer = jp.from_parts(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, Mapping):
            unknown = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            pointer = jp.join(pointer, unknown[0]) if unknown else pointer
            message = f"unknown key '{unknown[0] if unknown else '?'}'"
            hint = f"Known keys: {', '.join(sorted(error.schema.get('properties', {})))}."
        else:
            message = error.message
            hint = "See schemas/meshgate/config-v1.schema.json."
        raise UsageError(f"{path}:{line_of(pointer)}: {message} (at {pointer or '/'})", hint=hint)
    _validate_specs(values, path, line_of)


def _validate_specs(values: Mapping[str, Any], path: Path, line_of: Any) -> None:
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
    if "baseline" in resolved:
        resolved["baseline"] = place(resolved["baseline"])
    if "format" in resolved:
        resolved["format"] = [
            f"{name}={place(target)}" if sep else name
            for name, sep, target in (item.partition("=") for item in resolved["format"])
        ]
    return resolved
