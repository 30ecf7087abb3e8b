"""The data policies read: the built-in defaults, then each --data file merged over them.

Every data file is read with meshgate's own loader (positions, alias-bomb,
depth and size limits) and checked against
schemas/meshgate/policy-data-v1.schema.json as it is read, so a mistake is a
usage error naming that file and line; the merged result is checked again
(with the checks that need every key at once, such as a classification
minimum that must be one of the classification levels). A wrong type or a
misspelt key under ``meshgate.config`` would otherwise change verdicts
silently: Rego orders any number below any string, and a missing key makes
rules undefined rather than failing.

The schema is the one place that lists the keys of ``data.meshgate.config``;
a test checks that policies/data.json is valid against it and that every key
it lists is read by a built-in policy.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from meshgate.errors import UsageError
from meshgate.load.files import display_path
from meshgate.load.inputs import Input, kind_of, read_input, schema_problem
from meshgate.model import pointer as jp
from meshgate.resources import schemas_dir

SCHEMA_FILE = "policy-data-v1.schema.json"
DEFAULTS_FILE = "data.json"
# What each spec plugin declares (generated from the registry), read before the organisation's defaults.
SPECS_FILE = "specs.json"
RESERVED = "meshgate_runtime"  # the package the regorus engine generates (engines.regorus.RUNTIME_PACKAGE)
_CONFIG = "/meshgate/config"
_WHAT = "data file"
_SHAPE_HINT = "Write e.g. meshgate: {config: {availability_minimum_percent: 99.5}}, or your own namespace (acme: ...)."


@cache
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((schemas_dir() / "meshgate" / SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def schema_name() -> str:
    """The schema's path in this installation, for hints (a pip install has no schemas/ checkout folder)."""
    return str(schemas_dir() / "meshgate" / SCHEMA_FILE)


def config_keys() -> tuple[str, ...]:
    """Every key of data.meshgate.config the schema allows."""
    return tuple(schema()["$defs"]["config"]["properties"])


def read_data_file(path: Path) -> Input:
    """One --data file, parsed and checked; a usage error with its file:line otherwise."""
    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(
            f"cannot read the data file {shown}: {error.strerror or error}", hint="Check the path and its permissions."
        ) from error
    source = read_input(raw, shown, what=_WHAT, json_text=path.suffix.lower() == ".json")
    if source.data is None:
        raise UsageError(f"{shown}: the data file is empty", hint=_SHAPE_HINT)
    if not isinstance(source.data, dict):
        raise UsageError(
            f"{source.where('')}: the data file must hold a mapping at the top level, not {kind_of(source.data)}",
            hint=_SHAPE_HINT,
        )
    check(source)
    _check_patterns(source)
    return source


# Constructs Python's re accepts and the engine's regular expressions (Rust regex, RE2-like) do not.
_UNSUPPORTED_REGEX = re.compile(r"\(\?<?[=!]|\\[1-9]")


def _check_patterns(source: Input) -> None:
    """The data's regular expressions compile: a bad one is the data file's mistake, not the policy's."""
    config = source.data.get("meshgate", {}).get("config") if isinstance(source.data.get("meshgate"), Mapping) else None
    if not isinstance(config, Mapping):
        return
    found: list[tuple[str, Any]] = []
    if isinstance(config.get("placeholder_patterns"), list):
        found += [
            (jp.join(jp.join(_CONFIG, "placeholder_patterns"), str(index)), pattern)
            for index, pattern in enumerate(config["placeholder_patterns"])
        ]
    if isinstance(config.get("owner_patterns"), Mapping):
        found += [
            (jp.join(jp.join(_CONFIG, "owner_patterns"), str(name)), pattern)
            for name, pattern in config["owner_patterns"].items()
        ]
    if "default_owner_pattern" in config:
        found.append((jp.join(_CONFIG, "default_owner_pattern"), config["default_owner_pattern"]))
    for pointer, pattern in found:
        if not isinstance(pattern, str):
            continue
        reason = None
        try:
            re.compile(pattern)
        except re.error as error:
            reason = str(error)
        if reason is None and _UNSUPPORTED_REGEX.search(pattern):
            reason = "look-around and backreferences are not supported by the policy engine"
        if reason is not None:
            raise UsageError(
                f"{source.where(pointer)}: {pattern!r} is not a valid regular expression: {reason} (at {pointer})",
                hint="Fix the pattern in this data file (policies match it with RE2-style syntax, as OPA does).",
            )


def check(source: Input) -> None:
    """The schema check of one data file (or of the merged data)."""
    data = source.data
    if isinstance(data, Mapping) and RESERVED in data:
        pointer = jp.join("", RESERVED)
        raise UsageError(
            f"{source.where(pointer)}: the top-level key '{RESERVED}' is reserved for the package meshgate "
            f"generates (at {pointer})",
            hint="Keep your data under your own namespace, e.g. acme: {...}, read as data.acme in your policies.",
        )
    problem = schema_problem(schema(), data, schema_name=schema_name())
    if problem is not None:
        raise UsageError(
            f"{source.where(problem.pointer)}: {problem.message} (at {problem.pointer or '/'})", hint=problem.hint
        )


def merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    """extra over base, mappings key by key; anything else replaces."""
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def load_data(files: Iterable[Path], builtin: Path | None) -> dict[str, Any]:
    """Built-in defaults (``builtin``/data.json), then each data file merged over them key by key."""
    data: dict[str, Any] = {}
    defaults = builtin / DEFAULTS_FILE if builtin is not None else None
    for shipped in (builtin / SPECS_FILE, defaults) if builtin is not None and defaults is not None else ():
        if shipped.is_file():
            # Shipped with meshgate and checked by the test suite: read fast.
            data = merge(data, json.loads(shipped.read_text(encoding="utf-8")))
    origins: dict[str, Input] = {}
    for path in files:
        source = read_data_file(path)
        data = merge(data, source.data)
        for key, value in source.data.items():
            origins[jp.join("", str(key))] = source
            if key == "meshgate" and isinstance(value, Mapping) and isinstance(value.get("config"), Mapping):
                for name in value["config"]:
                    origins[jp.join(_CONFIG, str(name))] = source
    if origins:
        _check_merged(data, origins, display_path(defaults) if defaults is not None else "the built-in data")
    return data


def _check_merged(data: dict[str, Any], origins: Mapping[str, Input], defaults: str) -> None:
    """The merged data, with each problem put on the file that set the value."""

    def source_of(pointer: str) -> Input:
        for candidate in jp.ancestors(pointer):
            if candidate in origins:
                return origins[candidate]
        return Input(defaults, data)

    problem = schema_problem(schema(), data, schema_name=schema_name())
    if problem is not None:
        source = source_of(problem.pointer)
        raise UsageError(
            f"{source.where(problem.pointer)}: {problem.message} (at {problem.pointer or '/'}, in the merged data)",
            hint=problem.hint,
        )
    config = data.get("meshgate", {}).get("config", {})
    levels = config.get("classification_levels")
    if not isinstance(levels, list):
        return
    named = [
        (jp.join(_CONFIG, key), config[key])
        for key in ("pii_minimum_classification", "auto_approve_maximum_classification")
        if key in config
    ]
    named += [
        (jp.join(jp.join(_CONFIG, "classification_aliases"), alias), level)
        for alias, level in config.get("classification_aliases", {}).items()
    ]
    for pointer, level in named:
        if level not in levels:
            owner = source_of(pointer)
            raise UsageError(
                f"{owner.where(pointer)}: '{level}' is not one of the classification levels "
                f"({', '.join(levels)}) (at {pointer})",
                hint="Use a level listed in meshgate.config.classification_levels, or add it there.",
            )
