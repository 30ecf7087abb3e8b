"""A policy's METADATA block: parsed with meshgate's loader and checked key by key.

The block is the OPA annotation directly above ``package`` (``# METADATA``,
then YAML in comments). A typo there must not switch a policy on or off
everywhere, so every key is checked and a mistake is a ``PolicyError`` naming
the policy file and the line of the offending key:

- top-level keys are those OPA annotations allow;
- ``custom`` keys are those meshgate reads, plus ``x-`` keys an organisation
  keeps for its own tools;
- ``custom.remediation_by_spec`` and ``custom.field_by_spec`` map spec names
  to the fix for that spec and to the JSON pointer (in the descriptor) where
  the checked value belongs in that spec;
- ``custom.scope`` has exactly ``specs``, ``environments`` and
  ``capabilities``, each a name or a non-empty list of names; spec names are
  ``meshgate.specs.BY_NAME``'s, capability names ``CAPABILITIES``;
- a policy id may not claim a built-in check's namespace (``load/``,
  ``schema/``...): reports, SARIF rules and baselines would confuse the two.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from meshgate.errors import PolicyError
from meshgate.load.inputs import Input, kind_of, read_input
from meshgate.model import pointer as jp
from meshgate.model.finding import Severity
from meshgate.model.rules import Lifecycle

# What a policy can be scoped to by the kind of facts a spec can express.
from meshgate.specs import CAPABILITIES

ANNOTATION_KEYS = (
    "scope",
    "title",
    "description",
    "related_resources",
    "authors",
    "organizations",
    "schemas",
    "entrypoint",
    "custom",
)
CUSTOM_KEYS = (
    "id",
    "severity",
    "remediation",
    "remediation_by_spec",
    "field_by_spec",
    "since",
    "scope",
    "examples",
    "lifecycle",
    "enforce_after",
    "change",
)
# What a change policy (meshgate.change.*) finds, by its effect on consumers; "breaking" ones need a major bump.
CHANGE_KINDS = ("breaking", "governance", "notable")
SCOPE_KEYS = ("specs", "environments", "capabilities")
EXAMPLE_KEYS = ("spec", "failing", "passing", "title", "previous")  # previous: a change policy's first version
# OPA's annotation scopes; a package block is "package" (or "subpackages").
ANNOTATION_SCOPES = ("rule", "document", "package", "subpackages")
# Ids of meshgate's own checks (model.rules.BUILTIN, schema keywords) and stages.
RESERVED_ID_NAMESPACES = ("load", "detect", "schema", "join", "evaluate", "govern", "meshgate")
_ORGANISATION_PREFIX = "x-"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TEXT_KEYS = ("title", "description")


def parse(path: str, body: str, first_line: int) -> Input:
    """The METADATA YAML (comment markers removed) whose first line is file line ``first_line``."""
    source = read_input(
        body.encode("utf-8", "surrogatepass"),
        path,
        what="METADATA",
        kind=PolicyError,
        line_offset=first_line - 1,
        column_offset=2,
    )
    if source.data is not None and not isinstance(source.data, dict):
        raise PolicyError(
            "METADATA must be a mapping of annotation keys (title, description, custom, ...)",
            file=path,
            line=first_line,
        )
    return source


def read(path: str, body: str, first_line: int, *, builtin: bool = False) -> Input:
    """The METADATA parsed and checked; a mistake is a ``PolicyError`` at its line.

    The built-in policies' blocks, which meshgate's tests read with both loaders, are read with PyYAML's C
    loader alone (half the time of one run's METADATA): only a block that fails there is read again with
    meshgate's loader, for the line of its mistake.
    """
    if builtin:
        import yaml

        try:
            quick = Input(path, yaml.load(body, Loader=yaml.CSafeLoader), None, first_line - 1)
            check(quick)
        except (yaml.YAMLError, PolicyError):
            pass
        else:
            return quick
    source = parse(path, body, first_line)
    check(source)
    return source


class _Checker:
    def __init__(self, source: Input) -> None:
        self.source = source

    def fail(self, pointer: str, message: str, hint: str) -> PolicyError:
        return PolicyError(
            f"METADATA {_dotted(pointer)} {message}", file=self.source.path, line=self.source.line(pointer), hint=hint
        )

    def keys(self, mapping: Mapping[Any, Any], pointer: str, allowed: tuple[str, ...], *, extensions: bool) -> None:
        for key in mapping:
            name = str(key)
            if name in allowed or (extensions and name.startswith(_ORGANISATION_PREFIX)):
                continue
            import difflib

            close = difflib.get_close_matches(name, allowed, n=1)
            guess = f"Did you mean '{close[0]}'? " if close else ""
            more = f" or a key starting with '{_ORGANISATION_PREFIX}' for your own tools" if extensions else ""
            raise self.fail(
                jp.join(pointer, name),
                "is not a key meshgate knows",
                f"{guess}Known keys: {', '.join(allowed)}{more}.",
            )

    def text(self, value: Any, pointer: str) -> None:
        if value is not None and not isinstance(value, str):
            raise self.fail(pointer, f"must be text, not {kind_of(value)}", "Quote the value.")

    def names(self, value: Any, pointer: str, known: tuple[str, ...] | None) -> None:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
            raise self.fail(pointer, "must be a name or a list of names", "Write e.g. [bitol-odps, witboost-dps].")
        if not items:
            raise self.fail(
                pointer,
                "is an empty list, which would match nothing",
                "Remove the key to run the policy everywhere, or name where it runs.",
            )
        for index, item in enumerate(items):
            if known is not None and item not in known:
                import difflib

                close = difflib.get_close_matches(item, known, n=1)
                guess = f"Did you mean '{close[0]}'? " if close else ""
                at = pointer if isinstance(value, str) else jp.join(pointer, str(index))
                raise self.fail(at, f"is '{item}', not a known name", f"{guess}Use one of: {', '.join(known)}.")


def check(source: Input) -> None:
    """Every key of a policy's METADATA, with the line of the first mistake."""
    from meshgate.specs import BY_NAME

    meta = source.data
    if not isinstance(meta, Mapping):
        return
    checker = _Checker(source)
    checker.keys(meta, "", ANNOTATION_KEYS, extensions=False)
    for key in _TEXT_KEYS:
        checker.text(meta.get(key), f"/{key}")
    scope = meta.get("scope")
    if scope is not None and scope not in ANNOTATION_SCOPES:
        raise checker.fail(
            "/scope",
            f"is {scope!r}, not an OPA annotation scope",
            "Write scope: package (or leave it out); meshgate's own scoping is custom.scope.",
        )
    if "entrypoint" in meta and not isinstance(meta["entrypoint"], bool):
        raise checker.fail("/entrypoint", f"must be true or false, not {kind_of(meta['entrypoint'])}", "Write true.")
    for key in ("related_resources", "authors", "organizations", "schemas"):
        if meta.get(key) is not None and not isinstance(meta[key], list):
            raise checker.fail(
                f"/{key}", f"must be a list, not {kind_of(meta[key])}", "See OPA's annotation reference."
            )
    custom = meta.get("custom")
    if custom is None:
        return
    if not isinstance(custom, Mapping):
        raise checker.fail("/custom", f"must be a mapping, not {kind_of(custom)}", "Write custom: {severity: ...}.")
    checker.keys(custom, "/custom", CUSTOM_KEYS, extensions=True)
    for key in ("id", "remediation", "lifecycle"):
        checker.text(custom.get(key), f"/custom/{key}")
    if "id" in custom and not str(custom["id"] or "").strip():
        raise checker.fail("/custom/id", "is empty", "Remove it to derive the id from the package, or write one.")
    if "severity" in custom and Severity.parse(custom["severity"]) is None:
        raise checker.fail(
            "/custom/severity", f"is {custom['severity']!r}; use error, warning or info", "Write severity: warning."
        )
    if "change" in custom and custom["change"] not in CHANGE_KINDS:
        raise checker.fail(
            "/custom/change", f"is {custom['change']!r}; use {', '.join(CHANGE_KINDS)}", "Write change: breaking."
        )
    since = custom.get("since")
    if since is not None and (isinstance(since, bool) or not isinstance(since, str | int | float)):
        raise checker.fail("/custom/since", f"must be a version, not {kind_of(since)}", "Quote it: since: '1.2.0'.")
    _check_lifecycle(checker, custom)
    _check_examples(checker, custom.get("examples"), tuple(BY_NAME))
    _check_by_spec(checker, custom, tuple(BY_NAME))
    scope = custom.get("scope")
    if scope is None:
        return
    if not isinstance(scope, Mapping):
        raise checker.fail(
            "/custom/scope",
            f"must be a mapping, not {kind_of(scope)}",
            "Write scope: {specs: [...], environments: [...]}.",
        )
    checker.keys(scope, "/custom/scope", SCOPE_KEYS, extensions=False)
    known: dict[str, tuple[str, ...] | None] = {
        "specs": tuple(BY_NAME),
        "environments": None,
        "capabilities": CAPABILITIES,
    }
    for key, names in known.items():
        if key in scope:
            checker.names(scope[key], f"/custom/scope/{key}", names)


def is_date(value: Any) -> bool:
    """Whether value is a real calendar date written YYYY-MM-DD."""
    import datetime

    if not (isinstance(value, str) and _DATE.match(value)):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _check_lifecycle(checker: _Checker, custom: Mapping[str, Any]) -> None:
    """custom.lifecycle is draft, grace, enabled or retired; a grace period ends on custom.enforce_after."""
    lifecycle = custom.get("lifecycle")
    states = ", ".join(state.value for state in Lifecycle)
    if lifecycle is not None and lifecycle not in tuple(Lifecycle):
        raise checker.fail("/custom/lifecycle", f"is {lifecycle!r}, not a lifecycle state", f"Use one of: {states}.")
    enforce_after = custom.get("enforce_after")
    if enforce_after is not None and not is_date(enforce_after):
        raise checker.fail(
            "/custom/enforce_after", f"is {enforce_after!r}, not a date (YYYY-MM-DD)", "Write e.g. 2026-01-31."
        )
    if lifecycle == Lifecycle.GRACE and enforce_after is None:
        raise checker.fail(
            "/custom/lifecycle",
            "is grace without custom.enforce_after, so the grace period would never end",
            "Add enforce_after: YYYY-MM-DD, the last day the policy does not fail the gate.",
        )


def _check_examples(checker: _Checker, examples: Any, specs: tuple[str, ...]) -> None:
    """custom.examples: one {spec, failing, passing, title} or a list of them (meshgate policies show/doc)."""
    if examples is None:
        return
    pointer = "/custom/examples"
    if isinstance(examples, Mapping):
        items = [(pointer, examples)]
    elif isinstance(examples, list):
        items = [(jp.join(pointer, str(index)), item) for index, item in enumerate(examples)]
    else:
        raise checker.fail(
            pointer, f"must be a mapping or a list, not {kind_of(examples)}", "Write {spec, failing, passing}."
        )
    for at, example in items:
        if not isinstance(example, Mapping):
            raise checker.fail(at, f"must be a mapping, not {kind_of(example)}", "Write {spec, failing, passing}.")
        checker.keys(example, at, EXAMPLE_KEYS, extensions=False)
        for key in ("failing", "passing", "title", "previous"):
            checker.text(example.get(key), jp.join(at, key))
        if "spec" in example:
            checker.names(example["spec"], jp.join(at, "spec"), specs)


def _check_by_spec(checker: _Checker, custom: Mapping[str, Any], specs: tuple[str, ...]) -> None:
    """custom.remediation_by_spec (spec: text) and custom.field_by_spec (spec: JSON pointer)."""
    for key in ("remediation_by_spec", "field_by_spec"):
        value = custom.get(key)
        if value is None:
            continue
        pointer = f"/custom/{key}"
        if not isinstance(value, Mapping):
            raise checker.fail(
                pointer, f"must be a mapping of spec names, not {kind_of(value)}", "Write {bitol-odps: ...}."
            )
        for name, text in value.items():
            at = jp.join(pointer, str(name))
            checker.names(str(name), at, specs)
            if not isinstance(text, str) or not text.strip():
                raise checker.fail(at, f"must be text, not {kind_of(text)}", "Quote the value.")
            if key == "field_by_spec" and jp.normalize(text) != text:
                raise checker.fail(at, f"is {text!r}, not a JSON pointer", "Write e.g. /info/owner.")


def check_id(identifier: str, source: Input | None, *, derived: bool, package: str, file: str, line: int) -> None:
    """A policy's id may not take the namespace of one of meshgate's own checks."""
    namespace = identifier.split("/", 1)[0]
    if namespace not in RESERVED_ID_NAMESPACES:
        return
    reserved = ", ".join(f"{name}/" for name in RESERVED_ID_NAMESPACES)
    if derived or source is None:
        raise PolicyError(
            f"the policy id {identifier} (from package {package}) is in the namespace of meshgate's own checks "
            f"({reserved})",
            file=file,
            line=line,
            hint="Rename the package, or give the policy its own id with METADATA custom.id.",
        )
    raise PolicyError(
        f"METADATA custom.id: {identifier} is in the namespace of meshgate's own checks ({reserved})",
        file=file,
        line=source.line("/custom/id"),
        hint="Choose an id under your own namespace, e.g. acme/style-note.",
    )


def _dotted(pointer: str) -> str:
    return ".".join(jp.tokens(pointer)) or "block"
