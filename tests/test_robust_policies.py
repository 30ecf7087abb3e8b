"""Regression tests of issue 8 for the built-in policy library and policy sources."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, RunCli
from robustness import checked


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("timeliness: 6 hours", "timeliness: PT05H"),
        ("timeliness: 6 hours", 'timeliness: "1h 05m"'),
        ("upTime: 99.9%", 'upTime: "099.9%"'),
    ],
)
def test_leading_zero_does_not_abort_the_run(old: str, new: str, run_cli: RunCli, tmp_path: Path) -> None:
    """m42, 022: regorus's to_number refused a leading zero, which stopped the run (exit 2, no report)."""
    text = (EXAMPLES / "sales" / "data-product.yaml").read_text()
    assert old in text
    (tmp_path / "data-product.yaml").write_text(text.replace(old, new))
    (tmp_path / "broken.odps.yaml").write_text("apiVersion: v1.0.0\nkind: DataProduct\n")
    result = run_cli("validate", ".", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = checked(result.stdout, tmp_path)
    assert not [f for f in report["findings"] if f["rule_id"] == "evaluate/policy-error"]
    assert {f["file"] for f in report["findings"]} >= {"broken.odps.yaml"}


def test_json_number_beyond_engine_range_in_slo(run_cli: RunCli, tmp_path: Path) -> None:
    """A 400-digit availability reaches the policies as text, not as a number the engine refuses."""
    text = (EXAMPLES / "sales" / "data-product.yaml").read_text().replace("upTime: 99.9%", "upTime: " + "9" * 400)
    (tmp_path / "data-product.yaml").write_text(text)
    result = run_cli("validate", ".", "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rules = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert "load/non-json-number" in rules
    assert "evaluate/policy-error" not in rules
