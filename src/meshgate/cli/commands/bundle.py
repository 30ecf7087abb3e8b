"""meshgate bundle: the policy set validate would use, as an OPA bundle."""

from __future__ import annotations

from pathlib import Path

import click

from meshgate.cli.config import discover_config, load_config
from meshgate.errors import UsageError


def run(
    output: Path,
    policies: tuple[Path, ...],
    data: tuple[Path, ...],
    builtin: bool,
    signing_key: Path | None,
    signing_key_id: str | None,
    config: Path | None,
    given: frozenset[str],
) -> int:
    from meshgate.evaluate import bundle
    from meshgate.evaluate.policies import load_policies

    found = config if config is not None else discover_config(Path.cwd())
    values = load_config(found).values if found is not None else {}
    # As validate settles them: the command line, else the configuration.
    directories = policies if "policies" in given else tuple(Path(item) for item in values.get("policies", ()))
    files = data if "data" in given else tuple(Path(item) for item in values.get("data", ()))
    with_builtin = builtin if "builtin" in given else bool(values.get("builtin-policies", True))
    for directory in directories:
        if not directory.is_dir():
            raise UsageError(f"policy directory {directory} does not exist")
    policy_set = load_policies(directories, files, builtin=with_builtin)
    key = bundle.signing_key(signing_key, signing_key_id) if signing_key is not None else None
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
