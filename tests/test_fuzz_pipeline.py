"""Property-based test of a whole check (issue 8): mutated descriptors through the policies and every reporter.

Property: a descriptor is never a usage error or a crash. Whatever the file
holds, the check returns a report, no policy stops with an engine error on a
value the loader let through, and every finding sits on a line the file has.
"""

from __future__ import annotations

import datetime
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import given

import fuzzing
from conftest import TODAY
from meshgate.discover import Target
from meshgate.evaluate.evaluation import Evaluation
from meshgate.model import rules
from meshgate.options import Options
from meshgate.pipeline import check, load
from meshgate.reporters import REPORTERS, Style
from robustness import assert_real_lines

OPTIONS = Options(today=datetime.date.fromisoformat(TODAY), jobs=1)


@pytest.fixture(scope="module")
def evaluation() -> Evaluation:
    """The built-in policies, compiled once."""
    return Evaluation(load(OPTIONS), OPTIONS)


@given(raw=fuzzing.mutated_example() | fuzzing.json_documents())
def test_a_mutated_descriptor_is_checked(raw: bytes, evaluation: Evaluation) -> None:
    with tempfile.TemporaryDirectory() as directory:
        name = "d.dpds.json" if raw.startswith(b'{"') else "data-product.yaml"
        path = Path(directory) / name
        path.write_bytes(raw)
        report = check([Target(name, path)], OPTIONS, evaluation=evaluation)
        rendered = {format_name: render(report, Style()) for format_name, render in REPORTERS.items()}
        assert_real_lines(json.loads(rendered["json"]), Path(directory))
    errors = [f for f in report.findings if f.rule_id == rules.POLICY_ERROR.id]
    assert not errors, [f.message for f in errors]
