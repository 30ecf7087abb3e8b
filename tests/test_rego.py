"""The built-in policies' Rego unit tests pass, with at least 90% line coverage (meshgate test)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import RunCli
from meshgate.resources import policies_dir

POLICIES = policies_dir()
COVERAGE_THRESHOLD = 90


def test_every_policy_has_tests_beside_it() -> None:
    for policy in POLICIES.rglob("*.rego"):
        if not policy.name.endswith("_test.rego"):
            assert policy.with_name(policy.stem + "_test.rego").is_file(), f"{policy} has no _test.rego beside it"


def test_builtin_policies_pass_their_tests_with_coverage(run_cli: RunCli) -> None:
    result = run_cli("test", str(POLICIES), "--threshold", str(COVERAGE_THRESHOLD), "--format", "json")
    report = json.loads(result.stdout)
    failing = [(t["rule"], t["outcome"], t["detail"]) for t in report["tests"] if t["outcome"] not in ("pass", "skip")]
    assert failing == []
    assert len(report["tests"]) > 50
    assert report["coverage"]["percent"] >= COVERAGE_THRESHOLD, report["coverage"]
    assert result.returncode == 0, result.stderr


def test_meshgate_test_reports_failures_and_low_coverage(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "a.rego").write_text(
        'package meshgate.acme.a\n\nimport rego.v1\n\ndeny contains "x" if input.x == 1\n\ndeny contains "y" if {\n\tinput.y == 2\n\tinput.z == 3\n}\n'
    )
    (tmp_path / "a_test.rego").write_text(
        "package meshgate.acme.a_test\n\nimport data.meshgate.acme.a\nimport rego.v1\n\n"
        'test_x if a.deny == {"x"} with input as {"x": 1}\n\n'
        'test_wrong if a.deny == {"nope"} with input as {"x": 1}\n\n'
        "todo_test_later if false\n"
    )
    result = run_cli("test", str(tmp_path), "--threshold", "90")
    assert result.returncode == 1
    assert f"{tmp_path}/a_test.rego:8: FAIL data.meshgate.acme.a_test.test_wrong" in result.stdout
    assert "SKIP data.meshgate.acme.a_test.todo_test_later" in result.stdout
    assert "3 tests: 1 passed, 1 failed, 0 errors, 1 skipped" in result.stdout
    assert "a.rego: 50.0% (lines not covered: 7, 9)" in result.stdout
    assert "below the threshold of 90%" in result.stderr


def test_meshgate_test_exit_2_for_a_policy_that_does_not_compile(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "b_test.rego").write_text("package meshgate.acme.b_test\n\nimport rego.v1\n\ntest_x if {\n")
    result = run_cli("test", str(tmp_path))
    assert result.returncode == 2
    assert "b_test.rego:" in result.stderr


def test_calls_outside_opa_v1_are_refused(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "c.rego").write_text(
        "package meshgate.acme.c\n\nimport data.meshgate.lib.values\nimport rego.v1\n\n"
        "helper(x) := upper(x)\n\n"
        'deny contains m if {\n\tvalues.blank(input.x)\n\tm := strings.reverse_words(helper("a"))\n}\n'
    )
    (tmp_path / "c_test.rego").write_text(
        "package meshgate.acme.c_test\n\nimport data.meshgate.acme.c\nimport rego.v1\n\ntest_nothing if count(c.deny) >= 0 with input as {}\n"
    )
    result = run_cli("test", str(tmp_path))
    assert result.returncode == 1
    assert f"{tmp_path}/c.rego:10:7: ERROR 'strings.reverse_words' is not an OPA v1 builtin" in result.stdout
    assert "'upper'" not in result.stdout
    assert "'values.blank'" not in result.stdout
    assert "'helper'" not in result.stdout
