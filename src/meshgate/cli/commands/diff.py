"""meshgate diff: the change policies only, on two files or on the descriptors against a git revision.

``meshgate diff OLD NEW`` compares two files; ``meshgate diff --against REF
[PATHS]`` compares each descriptor under PATHS with its version at REF. No
document or mesh policy runs: the report holds the changes, in every format
``validate`` writes, and the exit code follows ``--fail-on``.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from meshgate.cli.commands import validate
from meshgate.errors import UsageError


def run(request: validate.Request, against: str | None, echo: Callable[..., None] = click.echo) -> int:
    from meshgate.discover import Target, discover
    from meshgate.pipeline import diff_against, diff_files

    if against is None:
        if len(request.paths) != 2 or not all(path.is_file() for path in request.paths):
            raise UsageError(
                "meshgate diff compares two files (OLD NEW), or descriptors with a git revision (--against REF)",
                hint="For example: meshgate diff old/data-product.yaml new/data-product.yaml.",
            )
        settings = validate.settle(request)
        old, new = (Target(str(path).replace("\\", "/"), path) for path in request.paths)
        report = diff_files(old, new, settings.options, validate.governance_of(settings))
        return validate.emit(report, settings, request, echo)
    from meshgate.history import open_revision

    settings = validate.settle(request)
    options = settings.options
    revision = open_revision(against, request.cwd)
    targets = discover(settings.paths, options.patterns, options.excludes)
    report = diff_against(revision, targets, settings.paths, options, validate.governance_of(settings))
    return validate.emit(report, settings, request, echo)


__all__ = ["run"]
