"""Acceptance tests: the real command line, every exit code (each once in a real process)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, TODAY, RunCli
from meshgate import __version__

CLEAN = "examples/checkout"
FAILING = "examples/finance/data-product.yaml"


def test_version(run_cli: RunCli) -> None:
    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (0, f"meshgate {__version__}\n")


def test_help_documents_the_exit_codes(run_cli: RunCli) -> None:
    result = run_cli("--help")
    assert result.returncode == 0
    assert "0 pass, 1 gate failed" in result.stdout
    assert "3 internal error" in result.stdout


def test_exit_0_when_clean(run_cli_process: RunCli) -> None:
    result = run_cli_process("validate", CLEAN, "--today", TODAY)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("passed (fail-on: error)")


def test_exit_1_when_the_gate_fails(run_cli_process: RunCli) -> None:
    result = run_cli_process("validate", FAILING, "--today", TODAY)
    assert result.returncode == 1, result.stderr
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{FAILING}:32:9: error [schema/type]")
    assert "failed (fail-on: error)" in result.stdout


@pytest.mark.parametrize(("fail_on", "code"), [("never", 0), ("error", 1), ("warning", 1), ("info", 1)])
def test_fail_on_threshold(run_cli: RunCli, fail_on: str, code: int) -> None:
    assert run_cli("validate", FAILING, "--fail-on", fail_on).returncode == code


def test_warnings_fail_the_gate_only_from_fail_on_warning(run_cli: RunCli, tmp_path: Path) -> None:
    descriptor = tmp_path / "data-product.yaml"
    descriptor.write_text((EXAMPLES / "sales" / "data-product.yaml").read_text() + "certified: Yes\n")
    assert run_cli("validate", str(descriptor)).returncode == 0
    result = run_cli("validate", str(descriptor), "--fail-on", "warning")
    assert result.returncode == 1
    assert "warning [load/yaml11-boolean]" in result.stdout


def test_json_report_to_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    output = tmp_path / "reports" / "report.json"
    result = run_cli("validate", FAILING, "--format", "json", "--output", str(output), "--today", TODAY)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "failed (fail-on: error)" in result.stderr
    report = json.loads(output.read_text())
    assert report["summary"]["failed"] is True
    assert {f["rule_id"] for f in report["findings"]} >= {"spec/witboost-version-alignment", "slo/availability-minimum"}
    assert not list(output.parent.glob(".*.tmp")), "the temporary file was left behind"


def test_data_file_overrides_a_threshold(run_cli: RunCli, tmp_path: Path) -> None:
    data = tmp_path / "lenient.yaml"
    data.write_text("meshgate:\n  config:\n    availability_minimum_percent: 90\n")
    result = run_cli("validate", FAILING, "-f", "json", "--data", str(data))
    rules = {f["rule_id"] for f in json.loads(result.stdout)["findings"]}
    assert "slo/availability-minimum" not in rules


def test_extra_policy_directory(run_cli: RunCli, tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    policies.mkdir()
    (policies / "tenant.rego").write_text(
        textwrap.dedent(
            """\
            # METADATA
            # title: Tenant declared
            # custom:
            #   severity: info
            #   remediation: Add the tenant.
            package meshgate.acme.tenant_declared

            import rego.v1

            deny contains {"msg": "no tenant", "path": "/tenant"} if not input.descriptor.tenant
            """
        )
    )
    result = run_cli(
        "validate", "examples/marketing", "-f", "json", "--policies", str(policies), "--no-builtin-policies"
    )
    assert result.returncode == 0, result.stderr
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule_id"] == "acme/tenant-declared"]
    assert [(f["severity"], f["file"], f["line"]) for f in findings] == [
        # No tenant to point at: the finding sits on the descriptor's first line.
        ("info", "examples/marketing/campaign-reach.odps.yaml", 4),
        ("info", "examples/marketing/customer-cohorts-v2.odcs.yaml", 4),
        ("info", "examples/marketing/customer-cohorts.odps.yaml", 3),
    ]


def test_exit_2_for_a_broken_policy_names_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "broken.rego").write_text(
        "package meshgate.acme.broken\n\nimport rego.v1\n\ndeny contains x if {\n  x := unknown_function(1)\n  y == 2\n}\n"
    )
    result = run_cli("validate", CLEAN, "--policies", str(tmp_path))
    assert result.returncode == 2
    assert f"{tmp_path}/broken.rego:7:3" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_policy_failing_at_run_time_fails_the_gate_with_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    (tmp_path / "crash.rego").write_text(
        "package meshgate.acme.crash\n\nimport rego.v1\n\ndeny contains x if {\n  x := 100 / count(input.product.ports[0].access.roles)\n}\n"
    )
    result = run_cli("validate", "examples/sales", "--policies", str(tmp_path), "--fail-on", "info")
    # The document was not checked by that policy: an error finding, never a silent pass.
    assert result.returncode == 1
    assert "[evaluate/policy-error]" in result.stdout
    assert "crash.rego:6:" in result.stdout
    assert "divide by zero" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate", "does-not-exist.yaml"], "does not exist"),
        (["validate", "--fail-on", "sometimes", "examples"], "Invalid value for '--fail-on'"),
        (["validate", "--format", "xml", "examples"], "unknown format 'xml'"),
        (["validate", "--format", "text", "--format", "json", "examples"], "only one report can go to standard output"),
        (["validate", "--max-file-size", "lots", "examples"], "is not a size"),
        (["validate", "tests"], "no descriptor files found in tests"),
        (["nonsense"], "No such command"),
    ],
)
def test_exit_2_for_usage_errors(run_cli: RunCli, args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_exit_2_for_a_bad_data_file(run_cli_process: RunCli, tmp_path: Path) -> None:
    data = tmp_path / "data.yaml"
    data.write_text("- not a mapping\n")
    result = run_cli_process("validate", CLEAN, "--data", str(data))
    assert result.returncode == 2
    assert "must hold a mapping" in result.stderr


def test_exit_2_when_the_report_cannot_be_written(run_cli: RunCli, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = run_cli("validate", CLEAN, "--output", str(blocker / "report.json"))
    assert result.returncode == 2
    assert "cannot write" in result.stderr


def test_exit_3_for_a_bug_with_the_traceback() -> None:
    code = textwrap.dedent(
        """
        import sys
        import meshgate.pipeline

        def broken(*args, **kwargs):
            raise ZeroDivisionError("simulated bug")

        meshgate.pipeline.check = broken
        from meshgate.cli import main
        raise SystemExit(main(["validate", "examples/checkout"]))
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 3
    assert "Traceback" in result.stderr
    assert "ZeroDivisionError: simulated bug" in result.stderr
    assert "internal error (this is a bug" in result.stderr


def test_the_process_entry_point_owns_the_garbage_collector() -> None:
    """As the process's entry point, main() collects rarely and leaves its objects out of the last collection
    (tens of milliseconds of a one-file run); called with arguments (a library, the tests) it leaves both alone."""
    code = textwrap.dedent(
        """
        import gc, sys
        from meshgate.cli import main
        from meshgate.workers import GC_THRESHOLDS

        before = gc.get_threshold()
        assert main(["--version"]) == 0
        assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)
        sys.argv = ["meshgate", "validate", "examples/checkout", "--today", "2026-11-24"]
        code = main()
        print(code, gc.get_threshold() == GC_THRESHOLDS, gc.get_freeze_count() > 0, file=sys.stderr)
        """
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1] == "0 True True"
    assert "passed" in result.stdout  # everything written before the objects were frozen


@pytest.mark.parametrize(
    "args",
    [
        ["validate", CLEAN, "--today", TODAY],
        ["validate", FAILING, "--today", TODAY, "-f", "json", "-f", "text"],
        ["validate", "no/such/path"],
        ["validate", "--fail-on", "sometimes", CLEAN],
        ["--help"],
        ["policies", "show", "no/such-policy"],
    ],
    ids=["pass", "fail", "missing-path", "bad-option", "help", "unknown-policy"],
)
def test_in_process_runs_match_real_processes(run_cli: RunCli, run_cli_process: RunCli, args: list[str]) -> None:
    """run_cli is a stand-in for the real process: same exit code, same stdout, same stderr."""
    inside, real = run_cli(*args), run_cli_process(*args)
    assert (inside.returncode, inside.stdout, inside.stderr) == (real.returncode, real.stdout, real.stderr)


def test_in_process_runs_leave_the_directory_and_environment_alone(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before_directory, before_environment = Path.cwd(), dict(os.environ)
    result = run_cli("validate", cwd=tmp_path, env={"MESHGATE_TEST_VARIABLE": "1"})
    assert result.returncode == 2  # nothing to check in an empty directory
    assert (Path.cwd(), dict(os.environ)) == (before_directory, before_environment)

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr("meshgate.pipeline.check", broken)
    result = run_cli("validate", CLEAN, cwd=EXAMPLES.parent, env={"MESHGATE_TEST_VARIABLE": "1"})
    assert result.returncode == 3
    assert "ZeroDivisionError: simulated bug" in result.stderr
    assert (Path.cwd(), dict(os.environ)) == (before_directory, before_environment)


def test_no_paths_searches_the_working_directory(run_cli: RunCli) -> None:
    result = run_cli("validate", "--fail-on", "never", cwd=EXAMPLES / "checkout")
    assert result.returncode == 0
    assert "checked 2 files" in result.stdout


def test_pattern_and_exclude(run_cli: RunCli) -> None:
    result = run_cli("validate", "examples", "--pattern", "*.odcs.yaml", "--exclude", "*/marketing/*", "-f", "json")
    assert json.loads(result.stdout)["files"] == ["examples/checkout/orders-v1.odcs.yaml"]


def test_parse_prints_the_policy_input(run_cli: RunCli) -> None:
    result = run_cli(
        "parse",
        "examples/checkout/orders.odps.yaml",
        "--contracts",
        "examples/checkout",
        "--today",
        TODAY,
        "-e",
        "prod",
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert set(document) == {"descriptor", "product", "spec", "context"}
    assert document["spec"] == {
        "name": "bitol-odps",
        "version": "v1.0.0",
        "title": "Bitol Open Data Product Standard",
        "kind": "product",
        "capabilities": ["terms"],
    }
    assert document["context"] == {
        "file": "examples/checkout/orders.odps.yaml",
        "document": 1,
        "environment": "prod",
        "today": TODAY,
        "whole_mesh": False,
    }
    assert document["product"]["owner"] == "checkout-team"
    assert document["product"]["ports"][0]["access"]["classification"] == "internal"
    assert document["descriptor"]["id"] == "checkout-orders"


def test_parse_of_an_unreadable_file(run_cli: RunCli, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1,\n")
    result = run_cli("parse", str(broken))
    assert result.returncode == 1
    assert "load/parse-error" in result.stderr
    assert result.stdout == ""
