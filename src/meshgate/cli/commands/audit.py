"""meshgate audit and meshgate audit merge: collect or merge, score, write every view, pick the exit code."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from meshgate.cli import output
from meshgate.cli.commands import validate
from meshgate.errors import UsageError

EXIT_OK, EXIT_FAILED = 0, 1
FORMATS = ("html", "json", "csv", "markdown")
DEFAULT_CACHE = Path.home() / ".cache" / "meshgate" / "repositories"


def outputs(formats: Sequence[str]) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for item in formats or ("markdown",):
        name, _, path = item.partition("=")
        if name not in FORMATS:
            raise UsageError(f"--format: unknown audit format '{name}'", hint=f"Use one of: {', '.join(FORMATS)}.")
        if name in ("html", "csv") and not path:
            raise UsageError(f"--format {name} needs a {'directory' if name == 'csv' else 'file'}: {name}=PATH")
        found.append((name, path or "-"))
    if sum(1 for _, path in found if path == "-") > 1:
        raise UsageError("only one audit view can go to standard output", hint="Give the others a file.")
    return found


def write(audit: Any, formats: Sequence[tuple[str, str]], echo: Callable[..., None]) -> None:
    from meshgate.audit import render

    for name, path in formats:
        if name == "csv":
            directory = Path(path)
            directory.mkdir(parents=True, exist_ok=True)
            output.write_atomically(directory / "products.csv", render.products_csv(audit))
            output.write_atomically(directory / "findings.csv", render.findings_csv(audit))
            continue
        # The JSON and the page are written a piece at a time: whole, they are the largest thing a large audit holds.
        pieces = {"json": render.json_pieces, "html": render.html_pieces, "markdown": render.markdown_pieces}[name]
        if path == "-":
            for piece in pieces(audit):
                echo(piece, nl=False)
        else:
            output.write_atomically(Path(path), pieces(audit))


def finish(audit: Any, formats: Sequence[tuple[str, str]], fail_under: float | None, echo: Callable[..., None]) -> int:
    write(audit, formats, echo)
    results = audit.results
    if all(path != "-" for _, path in formats):
        mesh = "–" if results.mesh_score is None else f"{results.mesh_score:g}"
        echo(
            f"meshgate audit: mesh score {mesh} over {results.mesh.count} products, "
            f"{len(audit.inputs.unscored)} unscored",
            err=True,
        )
    if fail_under is not None and (results.mesh_score is None or results.mesh_score < fail_under):
        echo(f"meshgate audit: the mesh score is below --fail-under {fail_under:g}", err=True)
        return EXIT_FAILED
    return EXIT_OK


def run(
    paths: tuple[Path, ...],
    values: Mapping[str, Any],
    given: frozenset[str],
    config: Path | None,
    echo: Callable[..., None] = click.echo,
) -> int:
    from meshgate.audit import read
    from meshgate.audit.collect import collect, parse_shard, read_repositories
    from meshgate.audit.model import Audit
    from meshgate.audit.scoring import compute

    formats = outputs(values.get("formats") or ())
    shard = parse_shard(values.get("shard"))
    repos = read_repositories(values["repos"]) if values.get("repos") else []
    if not paths and not repos:
        raise UsageError("nothing to audit", hint="Name directories, or a repositories file with --repos.")
    previous = read(values["previous"], "--previous") if values.get("previous") else None
    # validate's settings (configuration, policies, waivers, engine), less the audit's own formats
    settled = {name: value for name, value in values.items() if name != "formats"}
    request = validate.Request(paths or (Path(),), settled, given - {"formats"}, config)
    # The board's audit looks for every descriptor: by content too, unless told otherwise.
    settings = validate.settle(request, discover="content")
    governance = validate.governance_of(settings)
    # An audit is of the whole mesh. A shard holds whole repositories, where a product's contracts live;
    # what its mesh policies cannot see across shards, audit merge says.
    options = replace(settings.options, whole_mesh=True)
    cache = values.get("cache") or DEFAULT_CACHE
    inputs = collect(paths, repos, cache, options, governance, shard, history=values.get("history", True))
    shard_text = f"{shard[0]}/{shard[1]}" if shard else None
    audit = Audit(shard=shard_text, inputs=inputs, results=compute(inputs, previous))
    return finish(audit, formats, values.get("fail_under"), echo)


def run_merge(
    files: tuple[Path, ...],
    values: Mapping[str, Any],
    given: frozenset[str],
    config: Path | None,
    echo: Callable[..., None] = click.echo,
) -> int:
    from meshgate.audit import deferred, read
    from meshgate.audit.collect import deferred_meshes, merge, mesh_caveat
    from meshgate.audit.model import Audit
    from meshgate.audit.scoring import compute

    formats = outputs(values.get("formats") or ())
    shards = [(str(path), read(path, "shard")) for path in files]
    previous = read(values["previous"], "--previous") if values.get("previous") else None
    inputs = merge([audit for _, audit in shards])
    kept = deferred_meshes(shards)
    if kept is not None:
        # The shards' date and environment; this run's configuration, policies and waivers, checked against theirs.
        settled = {name: value for name, value in values.items() if name != "formats"}
        settings = validate.settle(validate.Request((Path(),), settled, given - {"formats"}, config))
        governance = validate.governance_of(settings)
        options = replace(
            settings.options,
            whole_mesh=True,
            today=datetime.date.fromisoformat(inputs.today),
            environment=inputs.environment,
        )
        inputs = deferred.merged(inputs, kept, deferred.evaluation_for(options, governance), governance)
    caveat = mesh_caveat([audit for _, audit in shards])
    if caveat is not None:
        echo(f"meshgate audit merge: warning: {caveat}", err=True)
    audit = Audit(shard=None, inputs=inputs, results=compute(inputs, previous))
    return finish(audit, formats, values.get("fail_under"), echo)
