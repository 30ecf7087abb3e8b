"""meshgate bundle: the policy set validate would use, as an OPA bundle."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from meshgate.cli.config import discover_config, load_config
from meshgate.errors import UsageError


def run(options: Mapping[str, Any], config: Path | None, given: frozenset[str]) -> int:
    """``options``: the command's (output, policies, data, builtin, signing_key, signing_key_id)."""
    from meshgate.evaluate import bundle
    from meshgate.evaluate.policies import load_policies

    found = config if config is not None else discover_config(Path.cwd())
    values = load_config(found).values if found is not None else {}
    output: Path = options["output"]
    signing_key: Path | None = options["signing_key"]
    # As validate settles them: the command line, else the configuration.
    directories = (
        options["policies"] if "policies" in given else tuple(Path(item) for item in values.get("policies", ()))
    )
    files = options["data"] if "data" in given else tuple(Path(item) for item in values.get("data", ()))
    with_builtin = options["builtin"] if "builtin" in given else bool(values.get("builtin-policies", True))
    for directory in directories:
        if not directory.is_dir():
            raise UsageError(f"policy directory {directory} does not exist")
    policy_set = load_policies(directories, files, builtin=with_builtin)
    key = bundle.signing_key(signing_key, options["signing_key_id"]) if signing_key is not None else None
    archive = bundle.build(policy_set, key)
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(f".{output.name}.tmp")
    try:
        temporary.write_bytes(archive)
        temporary.replace(output)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error
    signed = " (signed)" if key is not None else ""
    click.echo(
        f"meshgate: wrote {output}{signed}: {len(policy_set.policies)} policies, revision {policy_set.digest}",
        err=True,
    )
    return 0
