"""The generated runtime module: every policy's rules gathered under one entry point each.

Policies are Rego packages under ``meshgate.*``; which entry point a policy
answers depends on its package: ``meshgate.mesh.*`` policies see the whole
mesh, ``meshgate.change.*`` policies see two versions of a product, every
other policy sees one document. The runtime module gathers them so that one
query per entry point (``data.meshgate_runtime.<entry point>``) returns every
rule's value keyed by policy id, then rule name. It is plain Rego, so any
engine (embedded or an OPA server) evaluates the same text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from enum import StrEnum

from meshgate.evaluate.policies import Policy

RUNTIME_PACKAGE = "meshgate_runtime"
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class EntryPoint(StrEnum):
    DOCUMENT = "document"  # input: {descriptor, product, spec, context}
    MESH = "mesh"  # input: {products: [...], documents: [...], context}
    CHANGE = "change"  # input: {previous, current, context}

    @property
    def query(self) -> str:
        return f"data.{RUNTIME_PACKAGE}.{self.value}"

    @property
    def rule(self) -> str:
        """A complete rule holding the entry point's answer: an engine evaluates a rule without parsing a query."""
        return f"data.{RUNTIME_PACKAGE}.{self.value}_answer"


_PREFIXES = {EntryPoint.MESH: "meshgate.mesh.", EntryPoint.CHANGE: "meshgate.change."}


def entry_point_of(package: str) -> EntryPoint:
    """The entry point a policy package answers."""
    for entry, prefix in _PREFIXES.items():
        if package.startswith(prefix):
            return entry
    return EntryPoint.DOCUMENT


def rego_ref(package: str, rule: str) -> str:
    """``data.<package>.<rule>``, quoting the parts that are not plain identifiers."""
    parts = [*package.split("."), rule]
    return "data" + "".join(f".{part}" if _IDENTIFIER.match(part) else f"[{json.dumps(part)}]" for part in parts)


def _set(values: Iterable[str]) -> str:
    return "{" + ", ".join(json.dumps(value) for value in values) + "}"


def scope_condition(policy: Policy, entry: EntryPoint) -> str:
    """The Rego body that keeps a policy to its scope (empty when it applies everywhere)."""
    conditions = []
    if entry is EntryPoint.DOCUMENT and policy.specs:
        conditions.append(f"input.spec.name in {_set(policy.specs)}")
    if entry is EntryPoint.DOCUMENT and policy.capabilities:
        # Any of them: the spec writes that part of its ports natively.
        conditions.append(f"some capability in input.spec.capabilities; capability in {_set(policy.capabilities)}")
    if policy.environments:
        # Environment names are compared case-insensitively: Production is production.
        environments = _set(sorted({name.lower() for name in policy.environments}))
        conditions.append(f"is_string(input.context.environment); lower(input.context.environment) in {environments}")
    return f" if {{ {'; '.join(conditions)} }}" if conditions else ""


def answered_entries(policies: Iterable[Policy]) -> set[EntryPoint]:
    """The entry points some evaluated policy answers: only those have an ``<entry>_answer`` rule."""
    return {entry_point_of(policy.package) for policy in policies if policy.evaluated and policy.rules}


def runtime_module(policies: Iterable[Policy]) -> str:
    """Rego that gathers every rule of every evaluated policy under its entry point, honouring each policy's scope.

    A retired policy, or one the configuration or command line skips, is left out: it is not evaluated.
    """
    lines = [f"package {RUNTIME_PACKAGE}", "", "import rego.v1", ""]
    policies = list(policies)
    for policy in policies:
        if not policy.evaluated:
            continue  # retired, or left out by --policy/--skip-policy
        entry = entry_point_of(policy.package)
        condition = scope_condition(policy, entry)
        for rule in policy.rules:
            key = f"{entry.value}[{json.dumps(policy.id)}][{json.dumps(rule)}]"
            lines.append(f"{key} := {rego_ref(policy.package, rule)}{condition}")
    # The answers are partial objects, which an engine cannot evaluate as a rule of their own.
    lines += [f"{entry.value}_answer := {entry.value}" for entry in sorted(answered_entries(policies))]
    return "\n".join(lines) + "\n"


def batch_module(entries: Iterable[EntryPoint], package: str = RUNTIME_PACKAGE) -> str:
    """Rules answering an entry point for each element of ``input.batch``, in order (for OPA servers).

    ``data.<package>.<entry>_batch`` is a list with one answer per element;
    an element whose answer is undefined would shorten it, which the caller
    treats as a malformed answer.
    """
    lines = [f"package {package}", "", "import rego.v1", ""]
    for entry in sorted(entries):
        lines.append(
            f"{entry.value}_batch := [answer | some item in input.batch; "
            f"answer := data.{package}.{entry.value} with input as item]"
        )
    return "\n".join(lines) + "\n"
