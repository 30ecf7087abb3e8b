"""Versions real descriptors declare: DCS 0.9.1 and 0.9.2 against their own schemas, LF ODPS 3.1 told what is supported.

Each descriptor in tests/fixtures/versions has ``<name>.expected.yaml`` beside
it: the load, detect and schema findings (rule id and line) worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TODAY
from meshgate.cli import main
from meshgate.specs import BY_NAME

FIXTURES = REPO / "tests" / "fixtures" / "versions"
CHECKS = ("load/", "detect/", "schema/")


def _run(path: Path, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    code = main(["validate", str(path), "--format", "json", "--today", TODAY, "--no-color"])
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    report: dict[str, object] = json.loads(captured.out)
    return report


@pytest.mark.parametrize(
    "descriptor",
    sorted(path for path in FIXTURES.glob("*.yaml") if ".expected." not in path.name),
    ids=lambda path: path.stem,
)
def test_findings_land_on_the_expected_lines(descriptor: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = _run(descriptor, capsys)
    findings = report["findings"]
    assert isinstance(findings, list)
    actual = {(f["rule_id"], f["line"]) for f in findings if f["rule_id"].startswith(CHECKS)}
    expected_file = descriptor.with_name(f"{descriptor.stem}.expected.yaml")
    expected = {(item["rule_id"], item["line"]) for item in yaml.safe_load(expected_file.read_text("utf-8")) or []}
    assert actual == expected


def test_dcs_0_9_1_and_0_9_2_have_their_own_schemas(capsys: pytest.CaptureFixture[str]) -> None:
    assert {"0.9.1", "0.9.2"} <= set(BY_NAME["datacontract-dcs"].versions)
    for version in ("0.9.1", "0.9.2"):
        report = _run(FIXTURES / f"orders-{version}.yaml", capsys)
        documents = report["documents"]
        assert isinstance(documents, list)
        assert documents[0]["spec_version"] == version


def test_an_unknown_lf_odps_version_names_the_supported_ones(capsys: pytest.CaptureFixture[str]) -> None:
    report = _run(FIXTURES / "open-data-3.1.yaml", capsys)
    findings = report["findings"]
    assert isinstance(findings, list)
    (unknown,) = [f for f in findings if f["rule_id"] == "detect/unknown-version"]
    assert "it supports version 4.1 only" in unknown["message"]
    assert "structure was not checked" in unknown["message"]
