"""meshgate policies list | show ID | doc: what the loaded policies check."""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable
from pathlib import Path

import click

from meshgate.cli import output
from meshgate.errors import UsageError
from meshgate.evaluate.docs import markdown, reference, specs_of, table
from meshgate.evaluate.policies import Policy, PolicySet, load_policies
from meshgate.model.rules import BUILTIN, Lifecycle, Rule

EXIT_OK = 0


def load(directories: tuple[Path, ...], builtin: bool, config: Path | None = None) -> PolicySet:
    """The policies; for ``list``, as the configuration (given, or the nearest one) controls them."""
    from meshgate.cli.commands.validate import policy_controls
    from meshgate.cli.config import discover_config, load_config
    from meshgate.govern.controls import configure

    found = config or discover_config(Path.cwd())
    settings = load_config(found) if found is not None else None
    if settings is not None and not directories:
        directories = tuple(Path(item) for item in settings.values.get("policies", ()))
    return configure(load_policies(directories, builtin=builtin), policy_controls(settings, {}, frozenset()))


def state(policy: Policy, today: datetime.date | None = None) -> tuple[str, str]:
    """A policy's state and the date behind it: grace until enforce_after, then enabled (enforced)."""
    if policy.skipped:
        return "skipped", ""
    if policy.lifecycle is Lifecycle.GRACE and policy.enforce_after:
        day = today or datetime.datetime.now(datetime.UTC).date()
        if day > datetime.date.fromisoformat(policy.enforce_after):
            return "enabled", f"enforced after {policy.enforce_after}"
        return "grace", f"enforced after {policy.enforce_after}"
    return policy.lifecycle.value, ""


def run_list(
    policy_set: PolicySet,
    output_format: str,
    echo: Callable[..., None] = click.echo,
    *,
    today: datetime.date | None = None,
) -> int:
    ordered = sorted(policy_set.policies, key=lambda p: p.id)
    if output_format == "json":
        rows = [
            {
                "id": p.id,
                "severity": p.severity.value,
                "state": state(p, today)[0],
                "enforce_after": p.enforce_after,
                "title": p.title,
                "specs": list(p.specs),
                "file": p.file,
            }
            for p in ordered
        ]
        echo(json.dumps(rows, indent=2))
    else:
        echo("\n".join(table(ordered, [state(p, today) for p in ordered])))
    return EXIT_OK


def _show_builtin(rule: Rule) -> list[str]:
    lines = [f"# `{rule.id}`: {rule.title}", "", f"built into meshgate  (severity: {rule.severity.value})", ""]
    lines += [rule.description, ""]
    if rule.remediation:
        lines += [f"**Fix.** {rule.remediation}"]
    return lines


def run_show(policy_set: PolicySet, policy_id: str, echo: Callable[..., None] = click.echo) -> int:
    policy = policy_set.by_id().get(policy_id)
    if policy is None and policy_id in BUILTIN:
        echo("\n".join(_show_builtin(BUILTIN[policy_id])).rstrip())
        return EXIT_OK
    if policy is None:
        known = sorted([*policy_set.by_id(), *BUILTIN])
        close = [name for name in known if policy_id in name]
        raise UsageError(
            f"no policy '{policy_id}'",
            hint=f"Did you mean {', '.join(close[:5])}?" if close else "See: meshgate policies list.",
        )
    lines = markdown(policy, heading="#")
    lines.insert(2, f"file: {policy.file}:{policy.line}  (applies to {specs_of(policy)})")
    echo("\n".join(lines).rstrip())
    return EXIT_OK


def run_doc(policy_set: PolicySet, destination: Path | None, echo: Callable[..., None] = click.echo) -> int:
    text = reference(policy_set.policies)
    if destination is None:
        echo(text, nl=False)
    else:
        output.write_atomically(destination, text)
        echo(f"meshgate: wrote {len(policy_set.policies)} policies to {destination}", err=True)
    return EXIT_OK
