"""Governance over time, through the real command line: waivers that expire, policy lifecycles, per-policy control."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLES, RunCli
from meshgate.resources import schemas_dir

CONTRACT = EXAMPLES / "marketing" / "customer-cohorts-v2.odcs.yaml"
PRODUCT_ID = "marketing-customer-cohorts-v2"
REPORT_SCHEMA = json.loads((schemas_dir() / "meshgate" / "report-v1.schema.json").read_text(encoding="utf-8"))
WAIVERS_SCHEMA = json.loads((schemas_dir() / "meshgate" / "waivers-v1.schema.json").read_text(encoding="utf-8"))

# The contract's findings that fail the gate at error: classification, read-only roles, terms, availability.
CLASSIFICATION = "access/classification-required"
READ_ONLY = "access/read-only-roles"

WAIVER = """\
waivers:
  - rule: access/classification-required
    product: marketing-customer-cohorts-v2
    reason: Legal is reviewing the classification of cohort data
    approved_by: Jane Doe (governance board)
    expires: {expires}
    ticket: https://tickets.acme.example/GOV-12
"""


def mesh(tmp_path: Path, *, config: str | None = None, waivers: str | None = None) -> Path:
    """A directory holding the failing example contract, and a configuration and waivers file if given."""
    # The example carries an inline waiver of its own: these tests start from the contract without it.
    lines = CONTRACT.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if "meshgate:waive" not in line and "may waive its own" not in line]
    assert len(kept) == len(lines) - 2
    (tmp_path / "cohorts.odcs.yaml").write_text("".join(kept), encoding="utf-8")
    if config is not None:
        (tmp_path / "meshgate.yaml").write_text(config, encoding="utf-8")
    if waivers is not None:
        (tmp_path / "meshgate-waivers.yaml").write_text(waivers, encoding="utf-8")
    return tmp_path


def report(run_cli: RunCli, cwd: Path, *args: str) -> tuple[int, dict[str, Any]]:
    result = run_cli("validate", ".", "--format", "json", *args, cwd=cwd)
    assert result.returncode in (0, 1), result.stderr
    envelope = json.loads(result.stdout)
    Draft202012Validator(REPORT_SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER).validate(envelope)
    return result.returncode, envelope


def of_rule(envelope: dict[str, Any], rule_id: str) -> list[dict[str, Any]]:
    return [finding for finding in envelope["findings"] if finding["rule_id"] == rule_id]


# Only the classification and read-only findings can fail at error once these are in grace.
QUIET = """\
policy-overrides:
  - policies: ["access/terms-declared", "slo/*"]
    lifecycle: grace
    enforce_after: 2030-01-01
"""


# --- waivers file ---------------------------------------------------------------------------------------------------


def test_a_waived_finding_does_not_fail_and_says_by_which_waiver(run_cli: RunCli, tmp_path: Path) -> None:
    config = QUIET + "skip-policy: [access/read-only-roles]\n"
    root = mesh(tmp_path, config=config, waivers=WAIVER.format(expires="2027-03-01"))
    code, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert code == 0
    (waived,) = of_rule(envelope, CLASSIFICATION)
    assert waived["status"] == "waived"
    assert waived["waiver"] == {
        "source": "meshgate-waivers.yaml:2",
        "rule": CLASSIFICATION,
        "reason": "Legal is reviewing the classification of cohort data",
        "approved_by": "Jane Doe (governance board)",
        "expires": "2027-03-01",
        "ticket": "https://tickets.acme.example/GOV-12",
        "inline": False,
    }
    assert envelope["summary"]["statuses"]["waived"] == 1
    assert envelope["summary"]["errors"] == 0
    text = run_cli("validate", ".", "--today", "2026-11-24", cwd=root).stdout
    assert "waived by meshgate-waivers.yaml:2 until 2027-03-01 (approved by Jane Doe (governance board)" in text
    assert "(not counted: 1 waived, " in text
    # Without the waiver the same run fails: the waiver is what passes it.
    (root / "meshgate-waivers.yaml").unlink()
    assert report(run_cli, root, "--today", "2026-11-24")[0] == 1


def test_waived_findings_in_every_format(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, config=QUIET, waivers=WAIVER.format(expires="2027-03-01"))
    today = ("--today", "2026-11-24")
    sarif = json.loads(run_cli("validate", ".", "-f", "sarif", *today, cwd=root).stdout)
    (result,) = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == CLASSIFICATION]
    (suppression,) = result["suppressions"]
    assert suppression["kind"] == "external"
    assert suppression["status"] == "accepted"
    assert "Legal is reviewing" in suppression["justification"]
    assert "Jane Doe (governance board), until 2027-03-01" in suppression["justification"]
    assert not next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == READ_ONLY).get("suppressions")

    junit = ET.fromstring(run_cli("validate", ".", "-f", "junit", *today, cwd=root).stdout)
    (case,) = [c for c in junit.iter("testcase") if c.get("name") == CLASSIFICATION]
    skipped = case.find("skipped")
    assert skipped is not None
    assert "waived until 2027-03-01 by Jane Doe (governance board): Legal is reviewing" in skipped.get("message", "")

    markdown = run_cli("validate", ".", "-f", "markdown", *today, cwd=root).stdout
    assert "| waived (approved exception) | 1 |" in markdown
    assert "waived by meshgate-waivers.yaml:2 until 2027-03-01" in markdown

    summary = tmp_path / "summary.md"
    github = run_cli(
        "validate", ".", "-f", "github", *today, cwd=root, env={"GITHUB_STEP_SUMMARY": str(summary)}
    ).stdout
    (line,) = [item for item in github.splitlines() if f"[{CLASSIFICATION}]" in item]
    assert line.startswith("::notice ")
    assert "(waived)" in line
    assert "until 2027-03-01" in line
    assert "| waived (approved exception) | 1 |" in summary.read_text(encoding="utf-8")


def test_a_waiver_covers_through_its_expiry_date_then_fails_at_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    config = QUIET + "skip-policy: [access/read-only-roles]\n"
    root = mesh(tmp_path, config=config, waivers=WAIVER.format(expires="2026-12-31"))
    code, envelope = report(run_cli, root, "--today", "2026-12-31")
    assert code == 0
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "waived"
    assert not of_rule(envelope, "govern/waiver-expired")

    code, envelope = report(run_cli, root, "--today", "2027-01-01")
    assert code == 1
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "fail"
    (expired,) = of_rule(envelope, "govern/waiver-expired")
    assert (expired["file"], expired["line"], expired["severity"], expired["status"]) == (
        "meshgate-waivers.yaml",
        2,
        "error",
        "fail",
    )
    assert "expired on 2026-12-31" in expired["message"]


def test_waivers_from_a_configured_file_that_is_missing_is_a_usage_error(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, config="fail-on: error\nwaivers: [governance/none.yaml]\n")
    result = run_cli("validate", ".", cwd=root)
    assert result.returncode == 2
    assert "meshgate.yaml:2: the waivers file governance/none.yaml does not exist" in result.stderr


def test_both_spellings_of_the_waiver_settings(run_cli: RunCli, tmp_path: Path) -> None:
    for setting in ("inline-waivers: false", "inline_waivers: false"):
        root = mesh(tmp_path, config=setting + "\n")
        _with_inline(root, INLINE)
        _, envelope = report(run_cli, root, "--today", "2026-11-24")
        assert of_rule(envelope, "govern/inline-waiver-forbidden"), setting
    result = run_cli("validate", ".", cwd=mesh(tmp_path, config="inline-waiver: false\n"))
    assert result.returncode == 2
    assert "unknown key 'inline-waiver'" in result.stderr


def test_a_waiver_that_matches_nothing_is_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    waivers = WAIVER.format(expires="2027-03-01").replace(PRODUCT_ID, "another-product")
    root = mesh(tmp_path, waivers=waivers)
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    (unused,) = of_rule(envelope, "govern/waiver-unused")
    assert (unused["severity"], unused["file"], unused["line"]) == ("warning", "meshgate-waivers.yaml", 2)
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "fail"


def test_a_waiver_expiring_within_the_window_is_an_info_finding(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, waivers=WAIVER.format(expires="2026-12-08"))
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    (expiring,) = of_rule(envelope, "govern/waiver-expiring")
    assert expiring["severity"] == "info"
    assert "in 14 days" in expiring["message"]
    _, envelope = report(run_cli, root, "--today", "2026-11-23")
    assert not of_rule(envelope, "govern/waiver-expiring")
    (root / "meshgate.yaml").write_text("waiver-notice-days: 30\n", encoding="utf-8")
    _, envelope = report(run_cli, root, "--today", "2026-11-10")
    assert of_rule(envelope, "govern/waiver-expiring")


def test_waivers_given_on_the_command_line_or_in_the_configuration(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    (root / "governance").mkdir()
    (root / "governance" / "exceptions.yaml").write_text(WAIVER.format(expires="2027-03-01"), encoding="utf-8")
    _, envelope = report(run_cli, root, "--today", "2026-11-24", "--waivers", "governance/exceptions.yaml")
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "waived"
    (root / "meshgate.yaml").write_text("waivers: [governance/exceptions.yaml]\n", encoding="utf-8")
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert of_rule(envelope, CLASSIFICATION)[0]["waiver"]["source"] == "governance/exceptions.yaml:2"


def test_a_waiver_for_a_glob_of_rules_a_file_glob_and_a_pointer(run_cli: RunCli, tmp_path: Path) -> None:
    waivers = """\
waivers:
  - rule: access/*
    files: "*.odcs.yaml"
    pointer: /roles/1
    reason: The backfill role goes away with the migration
    approved_by: board
    expires: 2027-01-31
"""
    root = mesh(tmp_path, waivers=waivers)
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    statuses = {(f["rule_id"], f["pointer"]): f["status"] for f in envelope["findings"]}
    assert statuses[(READ_ONLY, "/roles/1/access")] == "waived"
    assert statuses[("access/approvers-required", "/roles/1")] == "waived"
    assert statuses[("access/approvers-required", "/roles/0")] == "fail"
    assert statuses[(CLASSIFICATION, "/schema")] == "fail"


def test_a_file_glob_waiver_covers_files_checked_by_an_absolute_path(run_cli: RunCli, tmp_path: Path) -> None:
    waivers = WAIVER.format(expires="2027-03-01").replace(f"product: {PRODUCT_ID}", "files: ['*.odcs.yaml']")
    (tmp_path / "mesh").mkdir()
    root = mesh(tmp_path / "mesh", waivers=waivers)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = run_cli(
        "validate", str(root), "--waivers", str(root / "meshgate-waivers.yaml"), "-f", "json", cwd=elsewhere
    )
    envelope = json.loads(result.stdout)
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "waived"


GARBAGE = [
    (
        "waivers:\n  - rule: access/classification-required\n    product: x\n    approved_by: b\n    expires: 2027-01-01\n",
        ":2:",
        "reason",
    ),
    (
        (
            "waivers:\n  - rule: access/classification-required\n    product: x\n    reason: r\n    approved_by: b\n"
            "    expires: 2027-02-30\n"
        ),
        ":6:",
        "not a date",
    ),
    (
        (
            "waivers:\n  - rule: access/classification-required\n    product: x\n    reason: r\n    approved_by: b\n"
            "    expires: soon\n"
        ),
        ":6:",
        "does not match",
    ),
    (
        "waivers:\n  - rule: access/classification-required\n    reason: r\n    approved_by: b\n    expires: 2027-01-01\n",
        ":2:",
        "covers nothing",
    ),
    (
        (
            "waivers:\n  - rule: access/no-such-rule\n    product: x\n    reason: r\n    approved_by: b\n"
            "    expires: 2027-01-01\n"
        ),
        ":2:",
        "no loaded policy",
    ),
    (
        (
            "waivers:\n  - rule: access/classification-required\n    product: x\n    reason: r\n    approved_by: b\n"
            "    expires: 2027-01-01\n    approver: c\n"
        ),
        ":7:",
        "unknown key 'approver'",
    ),
    (
        (
            "waivers:\n  - rule: access/classification-required\n    product: x\n    reason: '   '\n    approved_by: b\n"
            "    expires: 2027-01-01\n"
        ),
        ":4:",
        "does not match",
    ),
    ("waivers: {rule: x}\n", ":1:", "not of type 'array'"),
    ("waivers:\n  - [unclosed\n", ":", "not valid YAML"),
    ("waivers:\n  - rule: a\n    rule: b\n", ":3:", "appears again"),
    ("\x00\x01\x02garbage", "", "binary"),
]


@pytest.mark.parametrize(("text", "where", "problem"), GARBAGE)
def test_a_malformed_waiver_is_a_usage_error_at_file_and_line(
    run_cli: RunCli, tmp_path: Path, text: str, where: str, problem: str
) -> None:
    root = mesh(tmp_path, waivers=text)
    result = run_cli("validate", ".", "--today", "2026-11-24", cwd=root)
    assert result.returncode == 2, result.stdout + result.stderr
    assert f"meshgate-waivers.yaml{where}" in result.stderr
    assert problem in result.stderr.lower() or problem in result.stderr
    assert "Traceback" not in result.stderr


def _mutations(text: str, count: int) -> list[str]:
    """Deterministic damage to a valid waivers file: characters dropped, inserted or replaced, lines swapped."""
    import random

    chance = random.Random(11)
    noise = ":-[]{}#'\"&*!|>\t\n \x00\ud800é2"
    found = []
    for _ in range(count):
        chars = list(text)
        for _ in range(chance.randint(1, 4)):
            where = chance.randrange(len(chars))
            action = chance.choice(("drop", "insert", "replace", "swap"))
            if action == "drop":
                del chars[where]
            elif action == "insert":
                chars.insert(where, chance.choice(noise))
            elif action == "replace":
                chars[where] = chance.choice(noise)
            else:
                lines = "".join(chars).split("\n")
                i, j = chance.randrange(len(lines)), chance.randrange(len(lines))
                lines[i], lines[j] = lines[j], lines[i]
                chars = list("\n".join(lines))
        found.append("".join(chars))
    return found


def test_a_damaged_waivers_file_never_crashes(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    for damaged in _mutations(WAIVER.format(expires="2027-03-01"), 25):
        (root / "meshgate-waivers.yaml").write_bytes(damaged.encode("utf-8", "surrogatepass"))
        result = run_cli("validate", ".", "--today", "2026-11-24", cwd=root)
        assert result.returncode in (0, 1, 2), damaged + result.stderr
        assert "Traceback" not in result.stderr, damaged
        if result.returncode == 2:
            assert "meshgate-waivers.yaml" in result.stderr, damaged


def test_a_damaged_inline_waiver_never_crashes(run_cli: RunCli, tmp_path: Path) -> None:
    for damaged in _mutations(INLINE, 20):
        root = mesh(tmp_path)
        _with_inline(root, damaged.replace("\x00", "").replace("\ud800", ""))
        result = run_cli("validate", ".", "--today", "2026-11-24", cwd=root)
        assert result.returncode in (0, 1, 2), damaged + result.stderr
        assert "Traceback" not in result.stderr, damaged


def test_the_board_caps_how_far_ahead_a_waiver_may_expire(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, config="max_waiver_days: 90\n", waivers=WAIVER.format(expires="2027-03-01"))
    result = run_cli("validate", ".", "--today", "2026-11-24", cwd=root)
    assert result.returncode == 2
    assert "meshgate-waivers.yaml:2: the waiver expires on 2027-03-01, more than 90 days" in result.stderr
    assert run_cli("validate", ".", "--today", "2026-12-31", cwd=root).returncode == 1  # 60 days ahead: accepted


# --- inline waivers -------------------------------------------------------------------------------------------------

INLINE = (
    '# meshgate:waive access/read-only-roles reason="Backfill until March" approved-by=data-board expires=2027-03-01'
)


def _with_inline(root: Path, comment: str, *, before: str = "  - role: cohorts_backfill\n") -> None:
    path = root / "cohorts.odcs.yaml"
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, f"  {comment}\n{before}"), encoding="utf-8")


def test_an_inline_waiver_covers_the_block_below_it(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _with_inline(root, INLINE)
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    (waived,) = of_rule(envelope, READ_ONLY)
    assert waived["status"] == "waived"
    assert waived["waiver"]["inline"] is True
    assert waived["waiver"]["source"] == "cohorts.odcs.yaml:30"
    # Only its rule, only its block: the approvers finding of the same role and the other role still fail.
    assert {f["status"] for f in of_rule(envelope, "access/approvers-required")} == {"fail"}


def test_an_inline_waiver_on_the_line_it_covers(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    path = root / "cohorts.odcs.yaml"
    text = path.read_text(encoding="utf-8").replace("    access: write\n", f"    access: write  {INLINE}\n")
    path.write_text(text, encoding="utf-8")
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert of_rule(envelope, READ_ONLY)[0]["status"] == "waived"


@pytest.mark.parametrize(
    ("comment", "problem"),
    [
        ("# meshgate:waive access/read-only-roles approved-by=x expires=2027-03-01", "reason"),
        ('# meshgate:waive access/read-only-roles reason="r" expires=2027-03-01', "approved_by"),
        ('# meshgate:waive access/read-only-roles reason="r" approved-by=x', "expires"),
        ('# meshgate:waive access/read-only-roles reason="r approved-by=x expires=2027-03-01', "cannot be read"),
        ('# meshgate:waive reason="r" approved-by=x expires=2027-03-01', "names no rule"),
        ("# meshgate:waive access/read-only-roles reason=r approved-by=x expires=2027-13-01", "not a date"),
        ("# meshgate:waive access/read-only-roles reason=r approved-by=x expires=2027-03-01 until=x", "until=x"),
    ],
)
def test_a_malformed_inline_waiver_is_a_usage_error_at_its_line(
    run_cli: RunCli, tmp_path: Path, comment: str, problem: str
) -> None:
    root = mesh(tmp_path)
    _with_inline(root, comment)
    result = run_cli("validate", ".", "--today", "2026-11-24", cwd=root)
    assert result.returncode == 2, result.stderr
    assert "cohorts.odcs.yaml:30" in result.stderr
    assert problem in result.stderr


def test_an_inline_waiver_of_a_rule_nothing_loaded_has_covers_nothing(run_cli: RunCli, tmp_path: Path) -> None:
    """The descriptor may be checked with another policy set: a warning, not an error, and nothing is hidden."""
    root = mesh(tmp_path)
    _with_inline(root, INLINE.replace("access/read-only-roles", "access/read-only-role"))
    code, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert code == 1
    assert of_rule(envelope, READ_ONLY)[0]["status"] == "fail"
    (unused,) = of_rule(envelope, "govern/waiver-unused")
    assert unused["line"] == 30
    assert "no loaded policy or meshgate check has that rule" in unused["message"]


def test_inline_waivers_are_not_read_from_files_the_loader_refused(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _with_inline(root, INLINE.replace("2027-03-01", "2020-01-01"))  # expired: it would be a finding if read
    _, envelope = report(run_cli, root, "--max-file-size", "100")
    assert of_rule(envelope, "load/too-large")
    assert not of_rule(envelope, "govern/waiver-expired")
    _, envelope = report(run_cli, root)
    assert of_rule(envelope, "govern/waiver-expired")


def test_the_configuration_can_forbid_inline_waivers(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, config="inline_waivers: false\n")
    _with_inline(root, INLINE)
    code, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert code == 1
    assert of_rule(envelope, READ_ONLY)[0]["status"] == "fail"
    (forbidden,) = of_rule(envelope, "govern/inline-waiver-forbidden")
    assert (forbidden["line"], forbidden["severity"]) == (30, "error")


# --- policy lifecycle -----------------------------------------------------------------------------------------------

POLICY = """\
# METADATA
# title: Contracts name their tenant
# custom:
#   severity: {severity}
{extra}package meshgate.acme.tenant

import rego.v1

deny contains "the contract names no tenant" if not input.descriptor.tenant
"""


def _policy(directory: Path, *, severity: str = "error", extra: str = "") -> Path:
    directory.mkdir(exist_ok=True)
    (directory / "tenant.rego").write_text(POLICY.format(severity=severity, extra=extra), encoding="utf-8")
    return directory


def _only_tenant(run_cli: RunCli, root: Path, *args: str) -> tuple[int, list[dict[str, Any]], dict[str, Any]]:
    code, envelope = report(run_cli, root, "--policies", "policies", "--policy", "acme/*", *args)
    return code, of_rule(envelope, "acme/tenant"), envelope


def test_a_draft_policy_reports_info_and_never_fails(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", extra="#   lifecycle: draft\n")
    code, (finding,), envelope = _only_tenant(run_cli, root, "--today", "2026-11-24", "--fail-on", "info")
    assert code == 0
    assert (finding["status"], finding["severity"]) == ("draft", "info")
    assert envelope["summary"]["statuses"]["draft"] == 1
    assert envelope["summary"]["info"] == 0
    text = run_cli("validate", ".", "--policies", "policies", "--policy", "acme/*", "--today", "2026-11-24", cwd=root)
    assert "draft policy: reported for information, never fails the gate" in text.stdout


def test_a_grace_policy_starts_failing_the_day_after_enforce_after(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", extra="#   lifecycle: grace\n#   enforce_after: 2027-01-31\n")
    code, (finding,), _ = _only_tenant(run_cli, root, "--today", "2027-01-01")
    assert code == 0
    assert (finding["status"], finding["severity"], finding["enforce_after"]) == ("grace", "error", "2027-01-31")
    assert finding["enforced_in_days"] == 31
    text = run_cli("validate", ".", "--policies", "policies", "--policy", "acme/*", "--today", "2027-01-01", cwd=root)
    assert "does not fail the gate until 2027-01-31; fails it in 31 days" in text.stdout
    args = ("--policies", "policies", "--policy", "acme/*", "--today", "2027-01-01", "-f", "github")
    (line,) = [item for item in run_cli("validate", ".", *args, cwd=root).stdout.splitlines() if "acme/tenant" in item]
    assert line.startswith("::error ")
    assert "(grace)" in line
    assert "fails it in 31 days" in line
    sarif = json.loads(run_cli("validate", ".", *args[:-1], "sarif", cwd=root).stdout)
    (result,) = [item for item in sarif["runs"][0]["results"] if item["ruleId"] == "acme/tenant"]
    assert (result["level"], result["properties"]["status"], "suppressions" in result) == ("error", "grace", False)
    assert "fails it in 31 days." in result["message"]["text"]
    code, (finding,), _ = _only_tenant(run_cli, root, "--today", "2027-01-31")
    assert (code, finding["status"], finding["enforced_in_days"]) == (0, "grace", 1)
    code, (finding,), _ = _only_tenant(run_cli, root, "--today", "2027-02-01")
    assert (code, finding["status"], finding["enforce_after"]) == (1, "fail", None)


def test_fail_on_applies_to_findings_enforced_today(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", severity="warning", extra="#   enforce_after: 2027-01-31\n")
    code, (finding,), _ = _only_tenant(run_cli, root, "--today", "2027-01-01", "--fail-on", "warning")
    assert (code, finding["status"]) == (0, "grace")
    code, _, _ = _only_tenant(run_cli, root, "--today", "2027-02-01", "--fail-on", "warning")
    assert code == 1


def test_a_retired_policy_is_not_evaluated(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", extra="#   lifecycle: retired\n")
    code, findings, envelope = _only_tenant(run_cli, root, "--today", "2026-11-24")
    assert (code, findings, envelope["run"]["policies"]["count"]) == (0, [], 0)


@pytest.mark.parametrize(
    ("extra", "line", "problem"),
    [
        ("#   lifecycle: beta\n", 5, "is 'beta', not a lifecycle state"),
        ("#   lifecycle: grace\n", 5, "grace without custom.enforce_after"),
        ("#   enforce_after: 2027-02-30\n", 5, "not a date"),
        ("#   enforce_after: 2027-02-01\n#   lifecycle: [grace]\n", 6, "must be text"),
    ],
)
def test_lifecycle_metadata_is_checked(run_cli: RunCli, tmp_path: Path, extra: str, line: int, problem: str) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", extra=extra)
    result = run_cli("validate", ".", "--policies", "policies", cwd=root)
    assert result.returncode == 2
    assert f"tenant.rego:{line}" in result.stderr
    assert problem in result.stderr


def test_the_configuration_sets_the_lifecycle_of_an_area_then_of_one_policy(run_cli: RunCli, tmp_path: Path) -> None:
    config = """\
policy-overrides:
  - policies: "access/*"
    lifecycle: grace
    enforce_after: 2027-01-31
  - policies: access/read-only-roles
    lifecycle: draft
"""
    root = mesh(tmp_path, config=config)
    _, envelope = report(run_cli, root, "--today", "2027-01-31")
    assert {f["status"] for f in of_rule(envelope, CLASSIFICATION)} == {"grace"}
    assert {(f["status"], f["severity"]) for f in of_rule(envelope, READ_ONLY)} == {("draft", "info")}
    _, envelope = report(run_cli, root, "--today", "2027-02-01")
    assert {f["status"] for f in of_rule(envelope, CLASSIFICATION)} == {"fail"}
    assert {f["status"] for f in of_rule(envelope, READ_ONLY)} == {"draft"}


def test_the_configuration_retires_a_policy_and_overrides_its_severity(run_cli: RunCli, tmp_path: Path) -> None:
    config = """\
policy-overrides:
  - policies: access/read-only-roles
    lifecycle: retired
  - policies: access/approvers-required
    severity: error
"""
    root = mesh(tmp_path, config=config)
    _, envelope = report(run_cli, root, "--today", "2026-11-24")
    assert not of_rule(envelope, READ_ONLY)
    assert {f["severity"] for f in of_rule(envelope, "access/approvers-required")} == {"error"}


# --- per-policy control ---------------------------------------------------------------------------------------------


def test_policy_and_skip_policy_choose_what_runs(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _, envelope = report(run_cli, root, "--policy", "slo/*", "--skip-policy", "slo/retention-declared")
    assert {f["rule_id"] for f in envelope["findings"]} == {"slo/availability-declared", "slo/quality-declared"}
    _, envelope = report(run_cli, root, "--policy", "slo/quality-declared,access/read-only-roles")
    assert {f["rule_id"] for f in envelope["findings"]} == {"slo/quality-declared", READ_ONLY}
    (root / "meshgate.yaml").write_text("policy: [access/*]\nskip-policy: [access/approvers-required]\n")
    _, envelope = report(run_cli, root)
    assert {f["rule_id"] for f in envelope["findings"]} == {CLASSIFICATION, READ_ONLY, "access/terms-declared"}
    _, envelope = report(run_cli, root, "--skip-policy", "access/terms-declared")  # the command line wins
    assert "access/approvers-required" in {f["rule_id"] for f in envelope["findings"]}


@pytest.mark.parametrize("option", ["--policy", "--skip-policy"])
def test_a_policy_glob_that_names_nothing_is_a_usage_error(run_cli: RunCli, tmp_path: Path, option: str) -> None:
    root = mesh(tmp_path)
    result = run_cli("validate", ".", option, "slo/retention-declare", cwd=root)
    assert result.returncode == 2
    assert f"{option}: 'slo/retention-declare' names no loaded policy" in result.stderr
    assert "Did you mean 'slo/retention-declared'?" in result.stderr


def test_an_override_that_names_nothing_is_a_usage_error_at_its_line(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path, config="fail-on: error\npolicy-overrides:\n  - policies: nope/*\n    lifecycle: draft\n")
    result = run_cli("validate", ".", cwd=root)
    assert result.returncode == 2
    assert "meshgate.yaml:3: 'nope/*' names no loaded policy" in result.stderr


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ("{policies: slo/*, enforce_after: 2027-02-30}", "meshgate.yaml:2: enforce_after is '2027-02-30', not a date"),
        ("{policies: slo/*, lifecycle: grace}", "meshgate.yaml:2: slo/availability-declared is put in its grace"),
        ("{policies: slo/*, lifecycle: paused}", "meshgate.yaml:2: 'paused' is not one of"),
        ("{policies: slo/*}", "meshgate.yaml:2:"),
        ("{policies: slo/*, scope: {domains: []}}", "meshgate.yaml:2:"),
    ],
)
def test_a_bad_override_is_a_usage_error_at_its_line(run_cli: RunCli, tmp_path: Path, entry: str, problem: str) -> None:
    root = mesh(tmp_path, config=f"policy-overrides:\n  - {entry}\n")
    result = run_cli("validate", ".", cwd=root)
    assert result.returncode == 2, result.stderr
    assert problem in result.stderr


def test_a_policy_scoped_to_domains_and_product_globs(run_cli: RunCli, tmp_path: Path) -> None:
    for scope, expected in [
        ("{domains: [marketing]}", True),
        ("{domains: [finance]}", False),
        ("{products: ['marketing-*']}", True),
        ("{products: ['finance-*']}", False),
        ("{environments: [prod]}", False),
    ]:
        config = f"policy-overrides:\n  - policies: access/read-only-roles\n    scope: {scope}\n"
        root = mesh(tmp_path, config=config)
        _, envelope = report(run_cli, root)
        assert bool(of_rule(envelope, READ_ONLY)) is expected, scope


# --- the baseline beside waivers, and the list of policies -----------------------------------------------------------


def test_a_baselined_finding_that_gets_a_waiver_is_reported_as_waived(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    assert run_cli("validate", ".", "--write-baseline", "baseline.json", cwd=root).returncode == 0
    code, envelope = report(run_cli, root, "--baseline", "baseline.json", "--today", "2026-11-24")
    assert code == 0
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "baselined"
    (root / "meshgate-waivers.yaml").write_text(WAIVER.format(expires="2027-03-01"), encoding="utf-8")
    code, envelope = report(run_cli, root, "--baseline", "baseline.json", "--today", "2026-11-24")
    assert code == 0
    assert of_rule(envelope, CLASSIFICATION)[0]["status"] == "waived"
    assert of_rule(envelope, READ_ONLY)[0]["status"] == "baselined"
    assert envelope["summary"]["baseline"]["fixed"] == []
    assert envelope["summary"]["baseline"]["matched"] == envelope["summary"]["statuses"]["baselined"]


def test_policies_list_shows_each_policy_state_and_date(run_cli: RunCli, tmp_path: Path) -> None:
    config = """\
skip-policy: [slo/support-declared]
policy-overrides:
  - policies: "slo/*"
    enforce_after: 2027-01-31
  - policies: access/read-only-roles
    lifecycle: draft
  - policies: access/public-terms
    lifecycle: retired
"""
    root = mesh(tmp_path, config=config)
    result = run_cli("policies", "list", "--today", "2027-01-01", cwd=root)
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line.split()[2:5] for line in result.stdout.splitlines()[1:]}
    assert rows["slo/retention-declared"] == ["grace", "enforced", "after"]
    assert rows["access/read-only-roles"][0] == "draft"
    assert rows["access/public-terms"][0] == "retired"
    assert rows["slo/support-declared"][0] == "skipped"
    assert rows["ownership/owner-required"][0] == "enabled"
    listed = json.loads(run_cli("policies", "list", "-f", "json", "--today", "2027-02-01", cwd=root).stdout)
    (retention,) = [row for row in listed if row["id"] == "slo/retention-declared"]
    assert (retention["state"], retention["enforce_after"]) == ("enabled", "2027-01-31")


def test_policies_show_tells_a_policy_in_grace(run_cli: RunCli, tmp_path: Path) -> None:
    root = mesh(tmp_path)
    _policy(root / "policies", extra="#   enforce_after: 2027-01-31\n")
    shown = run_cli("policies", "show", "acme/tenant", "--policies", "policies", cwd=root).stdout
    assert "- lifecycle: **grace** (fails the gate after 2027-01-31)" in shown


def test_the_waivers_schema_accepts_the_example_and_refuses_a_waiver_without_approval() -> None:
    validator = Draft202012Validator(WAIVERS_SCHEMA)
    example = {
        "waivers": [
            {"rule": "slo/*", "product": "p", "reason": "r", "approved_by": "b", "expires": "2027-01-01"},
        ]
    }
    assert not list(validator.iter_errors(example))
    del example["waivers"][0]["approved_by"]
    assert list(validator.iter_errors(example))
