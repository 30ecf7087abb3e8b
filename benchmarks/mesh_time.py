"""Seconds the mesh entry point of one `meshgate validate PATHS` takes: run in a fresh process.

    python benchmarks/mesh_time.py DIRECTORY

The mesh rules run once per run over every product, so their time is the one
part of a run that could grow faster than the mesh. This runs the real
command in process and times `Evaluation.mesh` (building the input, the
engine's evaluation, placing the findings); it prints the seconds and the
number of products.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from meshgate.cli import main
from meshgate.evaluate.evaluation import Evaluation

_timed: list[tuple[float, int]] = []
_mesh = Evaluation.mesh


def _timed_mesh(self: Evaluation, entries: Any, contracts: Any) -> Any:
    start = time.perf_counter()
    findings = _mesh(self, entries, contracts)
    _timed.append((time.perf_counter() - start, len(entries)))
    return findings


if __name__ == "__main__":
    Evaluation.mesh = _timed_mesh  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as work:
        report = str(Path(work) / "report.json")
        main(["validate", sys.argv[1], "--format", "json", "--output", report])
    ((seconds, products),) = _timed
    print(f"{seconds:.3f} {products}")
