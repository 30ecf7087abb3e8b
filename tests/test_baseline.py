"""Baselines: record today's findings, then fail only on new ones."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, TODAY, RunCli


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "finance", tmp_path / "finance")
    shutil.copytree(EXAMPLES / "inventory", tmp_path / "inventory")
    return tmp_path


def findings(run_cli: RunCli, repo: Path, *args: str) -> tuple[int, Any]:
    result = run_cli("validate", ".", "-f", "json", "--today", TODAY, *args, cwd=repo)
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


def test_write_then_apply(run_cli: RunCli, repo: Path) -> None:
    written = run_cli("validate", ".", "--write-baseline", "baseline.json", "--today", TODAY, cwd=repo)
    assert written.returncode == 0
    assert "wrote" in written.stderr
    baseline = json.loads((repo / "baseline.json").read_text())
    assert baseline["format"] == "meshgate-baseline/v1"
    assert all(len(entry["fingerprint"]) == 32 for entry in baseline["findings"])
    code, report = findings(run_cli, repo, "--baseline", "baseline.json")
    assert code == 0
    assert report["summary"]["errors"] == 0
    assert report["summary"]["baseline"]["matched"] == len(baseline["findings"])
    assert {f["status"] for f in report["findings"]} == {"baselined"}
    text = run_cli("validate", ".", "--baseline", "baseline.json", "--today", TODAY, cwd=repo)
    assert text.returncode == 0
    assert text.stdout.splitlines() == [text.stdout.splitlines()[-1]]
    assert "accepted, 0 fixed" in text.stdout


def test_unrelated_edits_keep_fingerprints_and_new_findings_fail(run_cli: RunCli, repo: Path) -> None:
    run_cli("validate", ".", "--write-baseline", "baseline.json", "--today", TODAY, cwd=repo)
    descriptor = repo / "finance" / "data-product.yaml"
    text = descriptor.read_text()
    # Lines shift (a comment at the top), nothing else changes: still accepted.
    descriptor.write_text("# moved down by two lines\n#\n" + text)
    code, report = findings(run_cli, repo, "--baseline", "baseline.json")
    assert code == 0
    # A new problem appears: only it fails the gate.
    descriptor.write_text(text.replace("dataProductOwner: user:olof.strand_acme.example", "dataProductOwner: ''"))
    code, report = findings(run_cli, repo, "--baseline", "baseline.json")
    assert code == 1
    failing = [f for f in report["findings"] if f["status"] == "fail"]
    assert {f["rule_id"] for f in failing} == {"ownership/owner-required"}


def test_fixed_findings_are_reported(run_cli: RunCli, repo: Path) -> None:
    run_cli("validate", ".", "--write-baseline", "baseline.json", "--today", TODAY, cwd=repo)
    descriptor = repo / "finance" / "data-product.yaml"
    descriptor.write_text(descriptor.read_text().replace("upTime: 95%", "upTime: 99.95%"))
    code, report = findings(run_cli, repo, "--baseline", "baseline.json")
    assert code == 0
    fixed = report["summary"]["baseline"]["fixed"]
    assert [entry["rule_id"] for entry in fixed] == ["slo/availability-minimum"]


def test_moving_a_finding_to_another_file_does_not_hide_it(run_cli: RunCli, repo: Path) -> None:
    run_cli("validate", ".", "--write-baseline", "baseline.json", "--today", TODAY, cwd=repo)
    (repo / "finance").rename(repo / "accounting")
    code, report = findings(run_cli, repo, "--baseline", "baseline.json")
    assert code == 1
    statuses = {(f["file"].split("/")[0], f["status"]) for f in report["findings"]}
    assert statuses == {("accounting", "fail"), ("inventory", "baselined")}


def test_files_not_checked_are_not_counted_as_fixed(run_cli: RunCli, repo: Path) -> None:
    run_cli("validate", ".", "--write-baseline", "baseline.json", "--today", TODAY, cwd=repo)
    result = run_cli("validate", "finance", "-f", "json", "--baseline", "baseline.json", "--today", TODAY, cwd=repo)
    assert json.loads(result.stdout)["summary"]["baseline"]["fixed"] == []


@pytest.mark.parametrize(
    ("content", "message"), [("not json", "is not valid JSON"), ('{"findings": []}', "is not a meshgate baseline")]
)
def test_bad_baseline_is_a_usage_error(run_cli: RunCli, repo: Path, content: str, message: str) -> None:
    (repo / "baseline.json").write_text(content)
    result = run_cli("validate", ".", "--baseline", "baseline.json", cwd=repo)
    assert result.returncode == 2
    assert message in result.stderr
