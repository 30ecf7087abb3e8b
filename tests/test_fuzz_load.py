"""Property-based tests of the load, detection, schema and normalize stages (issue 8).

Properties: loading any bytes and preparing any document never raises, and
every finding sits on a line the file has. Profiles: tests/fuzzing.py.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import fuzzing
from meshgate.limits import Limits
from meshgate.load.files import load_bytes
from meshgate.model import rules
from meshgate.model.finding import Finding
from meshgate.options import Options
from meshgate.prepare import Preparer
from robustness import line_count

LIMITS = Limits()
PREPARER = Preparer(Options(jobs=1))


def _check_findings(findings: list[Finding], raw: bytes) -> None:
    lines = line_count(raw)
    for finding in findings:
        assert 1 <= finding.span.line <= lines, (finding, lines)
        assert finding.span.column >= 1, finding
        assert finding.rule_id in rules.BUILTIN or finding.rule_id.startswith("schema/"), finding
        finding.message.encode("utf-8")  # printable: no lone surrogate reaches a report


def _load_and_prepare(raw: bytes, name: str, *, json_text: bool = False) -> None:
    loaded = load_bytes(raw, name, LIMITS, json_text=json_text)
    findings = list(loaded.findings)
    for document in loaded.documents:
        PREPARER.prepare(document, findings)
    _check_findings(findings, raw)


@given(st.binary(max_size=4_000), st.booleans())
def test_any_bytes_load(raw: bytes, json_text: bool) -> None:
    _load_and_prepare(raw, "any.odps.yaml", json_text=json_text)


@given(fuzzing.mutated_example())
def test_mutated_examples_load_and_prepare(raw: bytes) -> None:
    _load_and_prepare(raw, "mutated.odps.yaml")


@given(fuzzing.yaml_documents())
def test_generated_yaml_loads_and_prepares(raw: bytes) -> None:
    _load_and_prepare(raw, "tree.odps.yaml")


@given(fuzzing.json_documents())
def test_generated_json_loads_and_prepares(raw: bytes) -> None:
    _load_and_prepare(raw, "tree.dpds.json", json_text=True)
