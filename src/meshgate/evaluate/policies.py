"""Rego policies on disk: discovery, METADATA, rule ids, and the data they read.

One policy is one Rego package that defines ``deny``/``violation``/``warn``
rules (optionally suffixed, ``deny_missing_owner``). Its package METADATA
block gives title, description and ``custom.{severity, remediation, since,
scope, lifecycle, enforce_after}`` (a policy with ``enforce_after`` and no
``lifecycle`` is in its grace period until that date); the rule id comes from ``custom.id`` or the package path
(``meshgate.ownership.owner_required`` is ``ownership/owner-required``).
Packages without such rules are libraries; ``*_test.rego`` files are tests.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import Any

from meshgate.errors import PolicyError, UsageError
from meshgate.load.files import display_path
from meshgate.load.inputs import Input
from meshgate.model.finding import Severity
from meshgate.model.product import Product
from meshgate.model.rules import BUILTIN, Lifecycle, Rule, describe
from meshgate.records import record
from meshgate.resources import policies_dir

_PACKAGE = re.compile(r"^package[ \t]+([A-Za-z_][\w.]*)", re.MULTILINE)
_RULE = re.compile(r"^((?:deny|violation|warn)(?:_\w+)?)\b[ \t]*(?:contains\b|if\b|\[|:=|=|\{)", re.MULTILINE)
_METADATA = "# METADATA"
_ROOT = "meshgate."


@record
class Module:
    """One Rego file of a policy set."""

    path: str  # as shown in messages
    source: str
    package: str
    builtin: bool = False  # read from meshgate's own policies/ folder, which its tests check


@record
class Policy:
    """One policy: its package, rules, METADATA, and how the configuration runs it."""

    id: str
    package: str
    file: str
    line: int
    rules: tuple[str, ...]
    title: str
    description: str = ""
    severity: Severity = Severity.ERROR
    remediation: str = ""
    since: str | None = None
    specs: tuple[str, ...] = ()
    capabilities: tuple[str, ...] = ()
    environments: tuple[str, ...] = ()
    custom: Mapping[str, Any] = field(default_factory=dict)
    lifecycle: Lifecycle = Lifecycle.ENABLED
    enforce_after: str | None = None  # grace: the last day the policy does not fail the gate
    domains: tuple[str, ...] = ()  # scope set by the configuration: product domains
    products: tuple[str, ...] = ()  # scope set by the configuration: product-id globs
    skipped: bool = False  # left out by --policy/--skip-policy
    severity_fixed: bool = False  # the configuration set the severity: warn rules and items do not change it
    remediation_by_spec: Mapping[str, str] = field(default_factory=dict)  # the fix in the detected spec's words
    field_by_spec: Mapping[str, str] = field(default_factory=dict)  # where a missing value belongs, by spec

    def severity_for(self, rule: str) -> Severity:
        if self.severity_fixed:
            return self.severity
        return Severity.WARNING if rule.startswith("warn") and self.severity is Severity.ERROR else self.severity

    @property
    def evaluated(self) -> bool:
        """Whether the engine evaluates the policy (a retired or skipped one is not)."""
        return not self.skipped and self.lifecycle is not Lifecycle.RETIRED

    def applies_to(self, product: Product) -> bool:
        """Whether a product is in the policy's domain and product scope (always, when it has none)."""
        if self.domains and product.domain not in self.domains:
            return False
        identifier = product.id or ""
        return not self.products or any(fnmatch.fnmatchcase(identifier, glob) for glob in self.products)


@record
class PolicySet:
    """The policies, their modules and their data, as one run evaluates them (the digest names them)."""

    policies: tuple[Policy, ...]
    modules: tuple[Module, ...]
    data: Mapping[str, Any]
    digest: str

    def by_id(self) -> dict[str, Policy]:
        return {policy.id: policy for policy in self.policies}


def rule_id_for(package: str) -> str:
    name = package.removeprefix(_ROOT)
    return name.replace(".", "/").replace("_", "-")


# Strings, raw strings and comments of a Rego source.
_NOT_CODE = re.compile(r'`[^`]*`|"(?:[^"\\\n]|\\.)*"|#[^\n]*')
# regorus's parser takes time that doubles with every level of nested [ ] and
# { } (20 levels take minutes), so deeper sources never reach it. Policies
# nest a handful of levels.
MAX_NESTING = 10


_BRACKETS = re.compile(r"[\[\]{}]")


def _blank(match: re.Match[str]) -> str:
    return "\n".join(" " * len(part) for part in match.group().split("\n"))


def code_only(source: str) -> str:
    """source with every string and comment blanked out, line breaks kept, so positions stay the same."""
    return _NOT_CODE.sub(_blank, source)


def too_deep(source: str) -> tuple[int, int] | None:
    """The line and column where brackets and braces first nest deeper than MAX_NESTING, if they do."""
    if source.count("[") + source.count("{") <= MAX_NESTING:
        return None  # cannot nest deeper than it has openings (strings and comments included)
    code = code_only(source)
    depth = 0
    for match in _BRACKETS.finditer(code):
        if match.group() in "[{":
            depth += 1
            if depth > MAX_NESTING:
                start = match.start()
                line_start = code.rfind("\n", 0, start) + 1
                return code.count("\n", 0, start) + 1, start - line_start + 1
        else:
            depth = max(0, depth - 1)
    return None


def find_modules(
    directories: Iterable[Path], *, include_tests: bool = False, trusted: Path | None = None
) -> list[Module]:
    """The Rego modules under directories; those under ``trusted`` (the built-in library, checked by its own
    tests) skip the nesting check, which costs a whole pass over each source."""
    modules: list[Module] = []
    seen: set[str] = set()  # real paths: a file reached through two directories is one module
    for directory in directories:
        if not directory.is_dir():
            raise UsageError(
                f"policy directory {directory} does not exist", hint="Pass an existing directory to --policies."
            )
        files = sorted(path for path in directory.rglob("*.rego") if path.is_file())
        for path in files:
            if path.name.endswith("_test.rego") and not include_tests:
                continue
            real = os.path.realpath(path)
            if real in seen:
                continue
            seen.add(real)
            shown = display_path(path)
            try:
                source = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as error:
                raise PolicyError(f"cannot read the policy: {error}", file=shown) from error
            match = _PACKAGE.search(source)
            if match is None:
                raise PolicyError(
                    "no 'package' declaration",
                    file=shown,
                    line=1,
                    hint="Start the file with 'package meshgate.<area>.<name>'.",
                )
            builtin = trusted is not None and directory == trusted
            if not builtin and (place := too_deep(source)) is not None:
                raise PolicyError(
                    f"brackets and braces nest more than {MAX_NESTING} levels deep here; "
                    "the engine's parser would take minutes on it",
                    file=shown,
                    line=place[0],
                    column=place[1],
                    hint="Build deep values from named parts (a := [...]; b := [a]), or keep them in a --data file.",
                )
            modules.append(Module(shown, source, match.group(1), builtin))
    return modules


def _metadata(module: Module) -> tuple[Input | None, int]:
    """The METADATA block right above the package line (parsed and checked), and that line's number."""
    from meshgate.evaluate import metadata

    lines = module.source.splitlines()
    package_line = module.source.count("\n", 0, _PACKAGE.search(module.source).start())  # type: ignore[union-attr]
    start = package_line - 1
    while start >= 0 and lines[start].lstrip().startswith("#"):
        start -= 1
    block = [line.strip() for line in lines[start + 1 : package_line]]
    if _METADATA not in block:
        return None, package_line + 1
    first = block.index(_METADATA)
    body = [line[1:] for line in block[first + 1 :]]
    if body and all(line.startswith(" ") or not line for line in body):
        body = [line[1:] for line in body]
    # block[i] is file line start + 2 + i; the YAML starts on the line after '# METADATA'.
    text, first_line = "\n".join(body) + "\n", start + 3 + first
    return metadata.read(module.path, text, first_line, builtin=module.builtin), package_line + 1


def _texts(value: Any) -> tuple[str, ...]:
    """A scope list as checked by metadata.check: a name or a list of names."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _policy(package: str, modules: list[Module]) -> Policy:
    from meshgate.evaluate import metadata

    rules = sorted({rule for module in modules for rule in _RULE.findall(module.source)})
    described = [(module, *_metadata(module)) for module in modules]
    with_metadata = [(module, source, line) for module, source, line in described if source is not None]
    if len(with_metadata) > 1:
        files = ", ".join(module.path for module, _, _ in with_metadata)
        builtin = os.path.realpath(policies_dir())
        inside = [os.path.realpath(module.path).startswith(builtin + os.sep) for module, _, _ in with_metadata]
        hint = None
        if any(inside) and not all(inside):
            hint = (
                "The built-in library is loaded beside --policies; if that directory holds a copy of it, "
                "add --no-builtin-policies (or rename your package)."
            )
        raise PolicyError(
            f"package {package} has METADATA in more than one file ({files})", file=with_metadata[1][0].path, hint=hint
        )
    module, source, line = with_metadata[0] if with_metadata else (modules[0], None, described[0][2])
    meta: Mapping[str, Any] = (source.data if source is not None else None) or {}
    custom: Mapping[str, Any] = meta.get("custom") or {}
    severity = Severity.parse(custom.get("severity", "error")) or Severity.ERROR
    scope: Mapping[str, Any] = custom.get("scope") or {}
    identifier = str(custom.get("id") or rule_id_for(package))
    metadata.check_id(identifier, source, derived="id" not in custom, package=package, file=module.path, line=line)
    since = custom.get("since")
    enforce_after = custom.get("enforce_after")
    lifecycle = Lifecycle(custom.get("lifecycle") or (Lifecycle.GRACE if enforce_after else Lifecycle.ENABLED))
    return Policy(
        id=identifier,
        package=package,
        file=module.path,
        line=line,
        rules=tuple(rules),
        title=str(meta.get("title") or identifier),
        description=str(meta.get("description") or "").strip(),
        severity=severity,
        remediation=str(custom.get("remediation") or "").strip(),
        since=str(since) if since is not None else None,
        specs=_texts(scope.get("specs")),
        capabilities=_texts(scope.get("capabilities")),
        environments=_texts(scope.get("environments")),
        custom=dict(custom),
        lifecycle=lifecycle,
        enforce_after=str(enforce_after) if enforce_after is not None else None,
        remediation_by_spec={str(k): str(v).strip() for k, v in (custom.get("remediation_by_spec") or {}).items()},
        field_by_spec={str(k): str(v) for k, v in (custom.get("field_by_spec") or {}).items()},
    )


def load_data(files: Iterable[Path], builtin: Path | None) -> dict[str, Any]:
    """Built-in defaults, then each --data file merged over them key by key, each checked as it is read."""
    from meshgate.evaluate.policy_data import load_data as load_checked

    return load_checked(files, builtin)


def load_policies(directories: Iterable[Path], data_files: Iterable[Path] = (), *, builtin: bool = True) -> PolicySet:
    builtin_dir = policies_dir() if builtin else None
    roots = ([builtin_dir] if builtin_dir is not None else []) + list(directories)
    modules = find_modules(roots, trusted=builtin_dir)
    by_package: dict[str, list[Module]] = {}
    for module in modules:
        by_package.setdefault(module.package, []).append(module)
    policies = []
    for package, members in sorted(by_package.items()):
        if package.endswith("_test") or not any(_RULE.search(m.source) for m in members):
            continue
        policies.append(_policy(package, members))
    seen: dict[str, Policy] = {}
    for policy in policies:
        if policy.id in seen:
            raise PolicyError(
                f"policy id {policy.id} is used by {seen[policy.id].package} and {policy.package}",
                file=policy.file,
                line=policy.line,
            )
        seen[policy.id] = policy
    data = load_data(data_files, policies_dir())
    # What the policies are, not where they were read from: the same policies and data give the same digest
    # in any checkout and working directory (an OPA bundle's revision is this digest).
    digest = hashlib.sha256()
    for package, name, source in sorted((m.package, m.path.rsplit("/", 1)[-1], m.source) for m in modules):
        digest.update(package.encode() + b"\0" + name.encode() + b"\0" + source.encode() + b"\0")
    digest.update(json.dumps(data, sort_keys=True, default=str).encode())
    return PolicySet(tuple(policies), tuple(modules), data, "sha256:" + digest.hexdigest())


def policy_rule(policy: Policy) -> Rule:
    return Rule(
        policy.id,
        policy.severity,
        policy.title,
        policy.description,
        policy.remediation,
        policy.file,
        policy.lifecycle,
        policy.enforce_after,
    )


def rules_for(policies: Iterable[Policy], used: Iterable[str]) -> tuple[Rule, ...]:
    """Every loaded policy and built-in check, plus the schema rules the findings use, by id."""
    found = {rule.id: rule for rule in BUILTIN.values()}
    found.update((policy.id, policy_rule(policy)) for policy in policies)
    for rule_id in used:
        found.setdefault(rule_id, describe(rule_id))
    return tuple(sorted(found.values(), key=lambda rule: rule.id))
