"""The bundled example mesh, end to end: golden reports, schema-valid and reproducible."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import regorus
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, TODAY, RunCli, check_golden
from meshgate.resources import policies_dir, schemas_dir

REPORT_SCHEMA = json.loads((schemas_dir() / "meshgate" / "report-v1.schema.json").read_text(encoding="utf-8"))


def test_text_report(run_cli: RunCli) -> None:
    result = run_cli("validate", "examples", "--today", TODAY)
    assert result.returncode == 1
    assert result.stderr == ""
    check_golden("examples.txt", result.stdout)


def test_json_report_is_valid_and_byte_identical(run_cli: RunCli) -> None:
    first = run_cli("validate", "examples", "--today", TODAY, "--format", "json")
    second = run_cli("validate", "examples", "--today", TODAY, "--format", "json")
    assert first.returncode == second.returncode == 1
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    Draft202012Validator(REPORT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(report)
    check_golden("examples.json", first.stdout.replace(report["tool"]["version"], "<version>"))


def test_every_finding_of_the_examples_is_expected(run_cli: RunCli) -> None:
    """Which examples are clean and which policies each one trips, per examples/README.md."""
    report = json.loads(run_cli("validate", "examples", "--today", TODAY, "-f", "json").stdout)
    by_file: dict[str, set[str]] = {}
    for finding in report["findings"]:
        by_file.setdefault(finding["file"], set()).add(finding["rule_id"])
    assert by_file == {
        # One finding per problem: 'Yes' read as a boolean is told inside the schema/type finding at that value.
        "examples/finance/data-product.yaml": {
            "schema/type",
            "spec/witboost-version-alignment",
            "spec/witboost-business-concepts",
            "access/terms-declared",
            "slo/availability-minimum",
            "slo/quality-declared",
            "slo/retention-declared",
        },
        # version: 1.0 (schema/type, with load/numeric-version and lifecycle/semantic-version), the repeated
        # status (schema/additional-properties, with load/duplicate-key) and the {{...}} owner
        # (load/template-placeholder, with ownership/no-placeholders) are one finding each.
        "examples/inventory/stock-levels.odps.yaml": {
            "load/template-placeholder",
            "schema/type",
            "schema/additional-properties",
            "schema/version-mismatch",
            # Its port names a contract outside the mesh: its terms are left to that contract, which says so.
            "join/contract-not-found",
        },
        "examples/marketing/customer-cohorts-v2.odcs.yaml": {
            "access/classification-required",
            "access/approvers-required",
            "access/read-only-roles",
            "access/terms-declared",
            "slo/availability-declared",
            "slo/quality-declared",
            "slo/retention-declared",
        },
        # The mesh: revenue reads exchange rates no one publishes and, with campaign reach, forms a cycle;
        # campaign reach reads revenue's deprecated v0 port. Their own contracts are not in the examples.
        "examples/finance/revenue.odps.yaml": {
            "mesh/dangling-dependency",
            "mesh/dependency-cycle",
            "join/contract-not-found",
        },
        "examples/marketing/campaign-reach.odps.yaml": {
            "mesh/dependency-cycle",
            "mesh/deprecated-dependency",
            "join/contract-not-found",
        },
    }
    clean = {d["file"] for d in report["documents"] if d["findings"] == 0}
    assert clean == {
        "examples/checkout/orders-v1.odcs.yaml",
        "examples/checkout/orders.odps.yaml",
        "examples/logistics/data-product-descriptor.json",
        "examples/marketing/customer-cohorts.odps.yaml",
        "examples/sales/data-product.yaml",
    }


def test_organisation_policy_loads_beside_the_library(run_cli: RunCli) -> None:
    """examples/policies/acme/cost_centre.rego, as examples/README.md says to load it."""
    result = run_cli("validate", "examples", "--policies", "examples/policies", "--today", TODAY, "-f", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1, result.stderr
    assert report["summary"]["findings"] == len(report["findings"])
    flagged = {f["file"] for f in report["findings"] if f["rule_id"] == "acme/cost-centre"}
    assert flagged == {"examples/finance/data-product.yaml", "examples/inventory/stock-levels.odps.yaml"}
    assert {f["severity"] for f in report["findings"] if f["rule_id"] == "acme/cost-centre"} == {"warning"}


def test_organisation_policy_passes_its_own_tests() -> None:
    engine = regorus.Engine()
    for path in [*sorted(policies_dir().rglob("*.rego")), *sorted((EXAMPLES / "policies").rglob("*.rego"))]:
        engine.add_policy(str(path), path.read_text(encoding="utf-8"))
    engine.add_data(json.loads((policies_dir() / "data.json").read_text(encoding="utf-8")))
    test_file = EXAMPLES / "policies" / "acme" / "cost_centre_test.rego"
    tests = re.findall(r"^(test_\w+)", test_file.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(tests) >= 6
    failing = [name for name in tests if engine.eval_rule(f"data.meshgate.acme.cost_centre_test.{name}") is not True]
    assert failing == []


def test_parallel_and_serial_runs_agree(run_cli_process: RunCli, tmp_path: Path) -> None:
    # Real processes: the parallel run forks worker processes and terminates them.
    mesh = tmp_path / "mesh"
    for copy in range(30):
        shutil.copytree(EXAMPLES, mesh / f"copy{copy:02d}", ignore=shutil.ignore_patterns("README.md", "policies"))
    serial = run_cli_process("validate", str(mesh), "-f", "json", "--today", TODAY, "--jobs", "1")
    parallel = run_cli_process("validate", str(mesh), "-f", "json", "--today", TODAY, "--jobs", "2")
    assert serial.returncode == parallel.returncode == 1
    assert serial.stdout == parallel.stdout
    assert json.loads(serial.stdout)["summary"]["files"] == 300


def test_a_large_share_spooled_between_the_phases_gives_the_same_report(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from meshgate import pipeline

    kept = run_cli("validate", "examples", "-f", "json", "--today", TODAY, "--jobs", "1")
    monkeypatch.setattr(pipeline, "KEEP_UNPACKED_UP_TO", 0)  # every share is large: packed into a temporary file
    spooled = run_cli("validate", "examples", "-f", "json", "--today", TODAY, "--jobs", "1")
    assert kept.returncode == spooled.returncode == 1
    assert kept.stdout == spooled.stdout


def test_findings_sent_in_many_parts_give_the_same_report(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Each worker sends its findings as it goes, in parts: however many, the report is the same."""
    from meshgate import pipeline

    for copy in range(6):
        shutil.copytree(EXAMPLES, tmp_path / f"copy{copy}", ignore=shutil.ignore_patterns("README.md", "policies"))
    args = ("validate", str(tmp_path), "-f", "json", "--today", TODAY)
    whole = run_cli(*args, "--jobs", "1")
    assert json.loads(whole.stdout)["summary"]["files"] == 60
    monkeypatch.setattr(pipeline, "PART_DOCUMENTS", 1)  # a part for every batch of documents
    monkeypatch.setattr(pipeline, "BATCH", 4)
    for large in (False, True):  # a large run's parts travel pickled and wait in the parent's spool
        monkeypatch.setattr(pipeline, "KEEP_UNPACKED_UP_TO", 0 if large else 1_000)
        for jobs in ("1", "2"):  # in this process, and in two forked workers
            parts = run_cli(*args, "--jobs", jobs)
            assert parts.returncode == whole.returncode == 1
            assert parts.stdout == whole.stdout


def test_the_governed_example_mesh(run_cli: RunCli) -> None:
    """examples/governance.yaml and meshgate-waivers.yaml: a waiver, an expired waiver, a grace and a draft policy."""
    config = ("--config", "examples/governance.yaml")
    result = run_cli("validate", "examples", *config, "--today", TODAY)
    assert result.returncode == 1, result.stderr
    check_golden("examples-governed.txt", result.stdout)
    report = json.loads(run_cli("validate", "examples", *config, "--today", TODAY, "-f", "json").stdout)
    Draft202012Validator(REPORT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(report)
    status = {(f["rule_id"], f["file"].split("/")[1], f["status"]) for f in report["findings"]}
    assert ("slo/availability-minimum", "finance", "waived") in status
    assert ("access/approvers-required", "marketing", "waived") in status  # the inline waiver
    assert ("access/terms-declared", "marketing", "fail") in status  # its waiver expired
    assert ("govern/waiver-expired", "meshgate-waivers.yaml", "fail") in status
    assert ("slo/retention-declared", "finance", "grace") in status
    assert ("acme/cost-centre", "finance", "draft") in status
    assert report["summary"]["statuses"] == {
        "fail": 24,
        "waived": 3,
        "baselined": 0,
        "grace": 2,
        "draft": 2,
        "error": 0,
    }
    # The day after the grace period, retention promises fail the gate.
    later = json.loads(run_cli("validate", "examples", *config, "--today", "2027-02-01", "-f", "json").stdout)
    assert {f["status"] for f in later["findings"] if f["rule_id"] == "slo/retention-declared"} == {"fail"}
