"""The mesh policies (meshgate.mesh.*) over a small mesh of three domains.

tests/fixtures/mesh holds products that read from each other across domains:
a cycle, a deprecated port past its end of life and one before it, a port kept
inside its domain read from another, a dependency on a contract no one
declares, a product with no output port, a product id declared twice and a
port id declared twice. Every finding lands on the line of the dependency (or
of the id) it is about.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, TODAY
from meshgate.cli import main
from meshgate.evaluate.policies import load_policies

MESH = REPO / "tests" / "fixtures" / "mesh"


def _validate(capsys: pytest.CaptureFixture[str], *paths: Path) -> dict[str, Any]:
    args = ["validate", *(str(path.relative_to(REPO)) for path in paths), "--format", "json", "--today", TODAY]
    args += ["--pattern", "*.yaml", "--exclude", "expected.yaml"]
    code = main(args)
    captured = capsys.readouterr()
    assert code == 1, captured.err
    report: dict[str, Any] = json.loads(captured.out)
    return report


def _mesh_findings(report: dict[str, Any]) -> set[tuple[str, str, int, str]]:
    return {
        (f["rule_id"], Path(f["file"]).relative_to(MESH.relative_to(REPO)).as_posix(), f["line"], f["severity"])
        for f in report["findings"]
        if f["rule_id"].startswith("mesh/")
    }


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def test_mesh_findings_land_on_the_expected_lines(capsys: pytest.CaptureFixture[str]) -> None:
    expected = {
        (item["rule_id"], item["file"], item["line"], item["severity"])
        for item in yaml.safe_load((MESH / "expected.yaml").read_text(encoding="utf-8"))
    }
    actual = _mesh_findings(_validate(capsys, MESH))
    assert sorted(actual - expected) == [], "findings not expected"
    assert sorted(expected - actual) == [], "expected findings missing"


def test_the_fixture_covers_every_mesh_policy() -> None:
    expected = yaml.safe_load((MESH / "expected.yaml").read_text(encoding="utf-8"))
    mesh_policies = {policy.id for policy in load_policies([]).policies if policy.id.startswith("mesh/")}
    assert mesh_policies == {item["rule_id"] for item in expected}


def test_a_dependency_is_dangling_only_when_the_run_lacks_what_it_names(capsys: pytest.CaptureFixture[str]) -> None:
    # Validated alone, finance's invoices read deals no document of the run declares.
    report = _validate(capsys, MESH / "finance")
    assert sorted(_mesh_findings(report)) == [
        ("mesh/dangling-dependency", "finance/invoices.yaml", 11, "warning"),
        ("mesh/dangling-dependency", "finance/invoices.yaml", 14, "warning"),
    ]


def test_a_deprecated_port_is_a_warning_until_its_end_of_life(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["validate", str(MESH.relative_to(REPO)), "--format", "json", "--today", "2026-06-01"]
    main([*args, "--pattern", "*.yaml", "--exclude", "expected.yaml"])
    report = json.loads(capsys.readouterr().out)
    deprecated = {place for place in _mesh_findings(report) if place[0] == "mesh/deprecated-dependency"}
    assert deprecated == {
        ("mesh/deprecated-dependency", "finance/invoices.yaml", 11, "warning"),
        ("mesh/deprecated-dependency", "marketing/campaigns-copy.yaml", 14, "warning"),
    }
