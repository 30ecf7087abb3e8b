"""meshgate policies list | show ID | doc: what the loaded policies check."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from meshgate.cli import output
from meshgate.errors import UsageError
from meshgate.evaluate.docs import markdown, reference, specs_of, table
from meshgate.evaluate.policies import PolicySet, load_policies
from meshgate.model.rules import BUILTIN, Rule

EXIT_OK = 0


def load(directories: tuple[Path, ...], builtin: bool) -> PolicySet:
    return load_policies(directories, builtin=builtin)


def run_list(policy_set: PolicySet, output_format: str, echo: Callable[..., None] = click.echo) -> int:
    if output_format == "json":
        rows = [
            {"id": p.id, "severity": p.severity.value, "title": p.title, "specs": list(p.specs), "file": p.file}
            for p in sorted(policy_set.policies, key=lambda p: p.id)
        ]
        echo(json.dumps(rows, indent=2))
    else:
        echo("\n".join(table(policy_set.policies)))
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
