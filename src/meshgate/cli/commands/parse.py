"""meshgate parse: print the exact input document policies see for one file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click

from meshgate.discover import Target, default_patterns, discover
from meshgate.evaluate.evaluation import document_input, export_of
from meshgate.evaluate.join import build_index, join_contracts
from meshgate.evaluate.policies import load_data
from meshgate.load.files import display_path
from meshgate.options import Options
from meshgate.prepare import Preparer
from meshgate.reporters import Style
from meshgate.reporters.text import format_finding
from meshgate.resources import policies_dir
from meshgate.specs.classification import Scale

EXIT_OK, EXIT_FAILED = 0, 1


def run(
    file: Path, number: int, contracts: tuple[Path, ...], options: Options, echo: Callable[..., None] = click.echo
) -> int:
    data = load_data(options.data_files, policies_dir())
    preparer = Preparer(options, validate_schemas=False, scale=Scale.from_data(data))
    exports = [
        export
        for target in discover(contracts, default_patterns())
        for prepared in preparer.prepare_file(target).prepared
        if (export := export_of(prepared)) is not None
    ]
    index, _ = build_index(exports)
    outcome = preparer.prepare_file(Target(display_path(file), file))
    chosen = next((item for item in outcome.prepared if item.document.index == number), None)
    if chosen is None:
        for finding in outcome.findings:
            echo(format_finding(finding, Style(color=False)), err=True)
        documents = max((result.document for result in outcome.results), default=0)
        if number > documents:
            has = "no readable document" if documents == 0 else f"{documents} document{'' if documents == 1 else 's'}"
            echo(f"meshgate: {file} has {has}, so there is no document {number}", err=True)
            if documents:
                echo(f"  hint: Use --document 1{'' if documents == 1 else f' to {documents}'}.", err=True)
        else:
            echo(
                f"meshgate: {file}: document {number} could not be prepared (see the findings above), "
                "so policies see no input for it",
                err=True,
            )
        return EXIT_FAILED
    product, _ = join_contracts(chosen.product, index, chosen.file, chosen.document.locate, chosen.document.index)
    echo(json.dumps(document_input(chosen, product, options), indent=2, sort_keys=True, ensure_ascii=False))
    return EXIT_OK
