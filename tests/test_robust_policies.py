"""Regression tests of issue 8 for the built-in policy library and policy sources."""

from __future__ import annotations

import json
import os
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


def test_a_bad_run_pattern_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    """m25: meshgate test -r '[' was a traceback and exit 3."""
    result = run_cli("test", "-r", "[", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "--run '[' is not a regular expression" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_test_line_inside_a_string_is_not_a_test(run_cli: RunCli, tmp_path: Path) -> None:
    """m26: a line starting with test_ inside a raw string was run as a test, and errored."""
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "phantom_test.rego").write_text(
        "package meshgate.t.phantom_test\n\nimport rego.v1\n\n"
        "example := `\ntest_not_a_rule if { true }\n`\n\n"
        '# test_nor_a_comment if { true }\n\ntest_real if { example != "" }\n'
    )
    result = run_cli("test", "policies", "--no-builtin-policies", "-v", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 test: 1 passed" in result.stdout


@pytest.mark.parametrize("brackets", [("[" * 20, "]" * 20), ("[{" * 10, "}]" * 10)])
@pytest.mark.parametrize("command", ["validate", "test"])
def test_deeply_nested_policy_literals_are_refused(
    brackets: tuple[str, str], command: str, run_cli: RunCli, tmp_path: Path
) -> None:
    """m22: a 20-deep array literal in a policy made regorus's parse time double per level (minutes)."""
    (tmp_path / "policies" / "z").mkdir(parents=True)
    opening, closing = brackets
    (tmp_path / "policies" / "z" / "deep.rego").write_text(
        'package meshgate.z.deep\n\nimport rego.v1\n\n# [[[[[[[[[[[[ in a comment\nnote := "[[[[[[[[[[[["\n'
        f'fixture := {opening}1{closing}\n\ndeny contains "x" if {{ false }}\n'
    )
    (tmp_path / "p.odps.yaml").write_text("apiVersion: v1.0.0\nkind: DataProduct\n")
    args = ("validate", "p.odps.yaml", "-p", "policies") if command == "validate" else ("test", "policies")
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "policies/z/deep.rego:7:" in result.stderr
    assert "nest more than 10 levels" in result.stderr


def test_an_environment_that_is_not_utf8_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    """m30: --environment with a byte that is not UTF-8 stopped the engine, blamed on the descriptor."""
    (tmp_path / "p.odps.yaml").write_text("apiVersion: v1.0.0\nkind: DataProduct\n")
    result = run_cli("validate", "p.odps.yaml", "-e", os.fsdecode(b"\xff"), cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "--environment '\\xff' is not UTF-8 text" in result.stderr


def test_policy_results_of_the_wrong_shape_are_named_as_json(run_cli: RunCli, tmp_path: Path) -> None:
    """m27: non-string msg/remediation were shown as Python reprs; an invalid JSON pointer was reported verbatim."""
    (tmp_path / "policies" / "x").mkdir(parents=True)
    (tmp_path / "policies" / "x" / "shapes.rego").write_text(
        "package meshgate.x.shapes\n\nimport rego.v1\n\n"
        'deny contains {"msg": {"a": [1, 2]}} if { true }\n'
        'deny contains {"msg": "m", "remediation": ["x"]} if { true }\n'
        'deny contains {"msg": "bad path", "path": "/~2bad~"} if { true }\n'
    )
    (tmp_path / "data-product.yaml").write_text((EXAMPLES / "sales" / "data-product.yaml").read_text())
    result = run_cli(
        "validate", "data-product.yaml", "-p", "policies", "--format", "json", "--fail-on", "never", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    report = checked(result.stdout, tmp_path)
    messages = sorted(f["message"] for f in report["findings"] if f["rule_id"] == "evaluate/policy-result")
    assert [m.split("): ", 1)[1] for m in messages] == [
        "'msg' is {\"a\": [1, 2]}, not a string",
        "'path' is \"/~2bad~\", neither a JSON pointer nor a dotted path",
        "'remediation' is [\"x\"], not a string",
    ]
    assert not [f for f in report["findings"] if f["rule_id"] == "x/shapes"]
