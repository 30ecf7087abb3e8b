"""Per-policy control: which policies run, their lifecycle, severity and scope, as the board configures them.

``--policy``/``--skip-policy`` (configuration ``policy``/``skip-policy``)
choose the policies evaluated by id or glob; ``policy-overrides`` entries
set, for the policies whose id matches one of their globs, a lifecycle state
and ``enforce_after`` date, a severity, and a scope (domains, product-id
globs, environments, specs). Entries apply in order, so a later, narrower
entry overrides an earlier one for an area. A glob that names no loaded
policy is a usage error: a typo must not silently switch nothing.

After evaluation, ``apply_lifecycle`` turns the findings of draft policies
into draft (info) findings and those of policies in their grace period into
grace findings, neither of which fails the gate.
"""

from __future__ import annotations

import datetime
import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from meshgate.errors import UsageError
from meshgate.evaluate.policies import Policy, PolicySet
from meshgate.model.finding import Finding, Severity, Status
from meshgate.model.rules import Lifecycle, Rule
from meshgate.records import record


@record
class PolicyOverride:
    """One ``policy-overrides`` entry: what it changes for the policies its globs name."""

    policies: tuple[str, ...]
    where: str  # file:line of the entry, for messages
    lifecycle: Lifecycle | None = None
    enforce_after: str | None = None
    severity: Severity | None = None
    domains: tuple[str, ...] | None = None
    products: tuple[str, ...] | None = None
    environments: tuple[str, ...] | None = None
    specs: tuple[str, ...] | None = None


@record
class PolicyControls:
    """Which policies run and how (--policy, --skip-policy, the configuration's policies: entries)."""

    select: tuple[str, ...] = ()  # --policy: only these run (when any is given)
    skip: tuple[str, ...] = ()  # --skip-policy
    overrides: tuple[PolicyOverride, ...] = ()
    select_where: str = "--policy"
    skip_where: str = "--skip-policy"


def matches(rule_id: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatchcase(rule_id, glob) for glob in globs)


def _names(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    return (value,) if isinstance(value, str) else tuple(value)


def override_from(entry: Mapping[str, Any], where: str) -> PolicyOverride:
    """A schema-valid ``policy-overrides`` entry of the configuration."""
    scope: Mapping[str, Any] = entry.get("scope") or {}
    enforce_after = entry.get("enforce_after")
    if enforce_after is not None:
        try:
            datetime.date.fromisoformat(enforce_after)
        except ValueError:
            raise UsageError(
                f"{where}: enforce_after is {enforce_after!r}, not a date (YYYY-MM-DD)", hint="Write e.g. 2027-01-31."
            ) from None
    lifecycle = entry.get("lifecycle")
    severity = entry.get("severity")
    return PolicyOverride(
        policies=_names(entry["policies"]) or (),
        where=where,
        lifecycle=Lifecycle(lifecycle) if lifecycle else None,
        enforce_after=enforce_after,
        severity=Severity(severity) if severity else None,
        domains=_names(scope.get("domains")),
        products=_names(scope.get("products")),
        environments=_names(scope.get("environments")),
        specs=_names(scope.get("specs")),
    )


def _check_globs(globs: Sequence[str], ids: Sequence[str], where: str) -> None:
    for glob in globs:
        if not any(fnmatch.fnmatchcase(identifier, glob) for identifier in ids):
            import difflib

            close = difflib.get_close_matches(glob, ids, n=1)
            guess = f"Did you mean '{close[0]}'? " if close else ""
            raise UsageError(
                f"{where}: '{glob}' names no loaded policy",
                hint=f"{guess}See the ids with: meshgate policies list.",
            )


def _overridden(policy: Policy, override: PolicyOverride) -> Policy:
    changes: dict[str, Any] = {}
    if override.lifecycle is not None:
        changes["lifecycle"] = override.lifecycle
        changes["enforce_after"] = override.enforce_after if override.lifecycle is Lifecycle.GRACE else None
    elif override.enforce_after is not None:
        changes["lifecycle"], changes["enforce_after"] = Lifecycle.GRACE, override.enforce_after
    if override.severity is not None:
        changes["severity"], changes["severity_fixed"] = override.severity, True
    for key in ("domains", "products", "environments", "specs"):
        if (value := getattr(override, key)) is not None:
            changes[key] = value
    return replace(policy, **changes)


def configure(policy_set: PolicySet, controls: PolicyControls) -> PolicySet:
    """The policy set as the configuration and command line control it."""
    if not (controls.select or controls.skip or controls.overrides):
        return policy_set
    ids = [policy.id for policy in policy_set.policies]
    _check_globs(controls.select, ids, controls.select_where)
    _check_globs(controls.skip, ids, controls.skip_where)
    for override in controls.overrides:
        _check_globs(override.policies, ids, override.where)
    configured = []
    for policy in policy_set.policies:
        last: PolicyOverride | None = None
        for override in controls.overrides:
            if matches(policy.id, override.policies):
                policy, last = _overridden(policy, override), override
        if policy.lifecycle is Lifecycle.GRACE and policy.enforce_after is None and last is not None:
            raise UsageError(
                f"{last.where}: {policy.id} is put in its grace period without enforce_after",
                hint="Add enforce_after: YYYY-MM-DD, the last day the policy does not fail the gate.",
            )
        skipped = bool(controls.select and not matches(policy.id, controls.select)) or matches(policy.id, controls.skip)
        configured.append(replace(policy, skipped=skipped))
    return replace(policy_set, policies=tuple(configured))


def apply_lifecycle(findings: Iterable[Finding], rules: Mapping[str, Rule], today: datetime.date) -> list[Finding]:
    """Findings of draft policies become draft (info), those in a grace period grace: neither fails the gate."""
    governed = []
    for finding in findings:
        rule = rules.get(finding.rule_id)
        if finding.status is Status.FAIL and rule is not None:
            if rule.lifecycle is Lifecycle.DRAFT:
                finding = replace(finding, status=Status.DRAFT, severity=Severity.INFO)
            elif (
                rule.lifecycle is Lifecycle.GRACE
                and rule.enforce_after is not None
                and today <= datetime.date.fromisoformat(rule.enforce_after)
            ):
                finding = replace(finding, status=Status.GRACE, enforce_after=rule.enforce_after)
        governed.append(finding)
    return governed
