"""The CI report formats: SARIF, JUnit XML, GitHub workflow commands and Markdown.

Each is compared with a golden file for one hand-built report that has a bit
of everything, then checked for what its consumer needs; the bundled
examples go through every format end to end.
"""

from __future__ import annotations

import contextlib
import datetime
import fcntl
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, TODAY, check_golden
from meshgate.discover import discover
from meshgate.model.finding import Finding, Severity, Span, Status
from meshgate.model.report import DocumentResult, Report
from meshgate.model.rules import BUILTIN, Rule, schema_rule
from meshgate.options import Options
from meshgate.pipeline import check
from meshgate.reporters import REPORTERS, Style, github, junit, markdown, sarif

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
ORDERS = "products/orders/data-product.yaml"
MULTI = "products/multi docs.yaml"  # a space in the path
CONTRACT = "contracts/orders.odcs.yaml"
CLEAN = "products/clean/data-product.yaml"
OUTSIDE = "/srv/mesh/contracts/shared.odcs.yaml"  # outside the working directory: shown absolute
NASTY = "role 'etl|loader' grants <write> & admin: 100%, not read,\nwhich output ports never allow"

RULES = (
    Rule(
        "access/read-only-roles",
        ERROR,
        "Consumer roles grant read access only",
        "Output ports give read-only access; a role on a port that grants more is a finding.",
        "Set the role's access to read.",
        "policies/access/read_only_roles.rego",
    ),
    # A policy without description or remediation.
    Rule("ownership/contact-required", WARNING, "Data product offers a contact channel", "", "", "team.rego"),
    Rule(
        "ownership/owner-required",
        ERROR,
        "Data product names an owner",
        "Every data product names its accountable owner, e.g. urn:team:<name>.",
        "Name the owner.",
        "policies/ownership/owner_required.rego",
    ),
    Rule(
        "slo/availability-declared",
        ERROR,
        "Output ports declare availability",
        "Every output port promises an availability.",
        "Declare availability.",
        "policies/slo/availability_declared.rego",
    ),
    BUILTIN["detect/implied-version"],
    BUILTIN["load/multi-document"],
    BUILTIN["load/yaml11-boolean"],
    schema_rule("schema/required"),
)
POLICIES = [rule.id for rule in RULES if rule.origin != "meshgate"]


def finding(rule_id: str, severity: Severity, message: str, file: str, **fields: Any) -> Finding:
    return Finding(rule_id, severity, message, file, **fields)


FINDINGS = (
    finding(
        "access/read-only-roles",
        ERROR,
        NASTY,
        CONTRACT,
        pointer="/roles/0/access~1level",
        span=Span(12, 5, 12, 18),
        remediation="Set access: read, or drop the role.",
        product_id="orders-contract",
        port_id="orders",
    ),
    finding(
        "slo/availability-declared",
        ERROR,
        "output port 'orders' declares no availability",
        CONTRACT,
        pointer="/slaProperties",
        span=Span(20, 1, 20, 14),
        remediation="Declare availability.",
        status=Status.WAIVED,
    ),
    finding("load/multi-document", INFO, "the file holds 2 documents", MULTI, remediation="Split the file."),
    finding(
        "schema/required",
        ERROR,
        "'owner' is a required property",
        MULTI,
        pointer="/info",
        span=Span(14, 3, 16, 1),
        remediation="Add 'owner'.",
        document=2,
    ),
    finding(
        "schema/required",
        ERROR,
        "'title' is a required property",
        MULTI,
        pointer="/info",
        span=Span(14, 3, 16, 1),
        remediation="Add 'title'.",
        document=2,
    ),
    finding("detect/implied-version", INFO, "no version declared; 1.0.0 assumed", ORDERS),
    finding("ownership/contact-required", WARNING, "the product offers no contact", ORDERS),
    finding(
        "ownership/owner-required",
        ERROR,
        "the product names no owner (@data-team is only a reviewer)",
        ORDERS,
        pointer="/team",
        span=Span(3, 1, 3, 5),
        remediation="Name the owner.",
        product_id="orders",
    ),
    finding(
        "load/yaml11-boolean",
        WARNING,
        "'Yes' is read as the boolean true (YAML 1.1)",
        ORDERS,
        pointer="/confidential",
        span=Span(8, 15, 8, 18),
        remediation="Quote it: 'Yes'.",
    ),
    finding(
        "ownership/owner-required",
        ERROR,
        "the contract names no owner",
        OUTSIDE,
        pointer="/team",
        span=Span(2, 1, 2, 5),
        remediation="Name the owner.",
    ),
)


def make_report(
    findings: tuple[Finding, ...] = FINDINGS, fail_on: Severity | None = ERROR, rules: tuple[Rule, ...] = RULES
) -> Report:
    files = tuple(sorted({OUTSIDE, CONTRACT, CLEAN, MULTI, ORDERS} | {f.file for f in findings}))
    return Report(
        tool_version="9.9.9",
        evaluated_on="2026-01-02",
        environment="prod",
        fail_on=fail_on,
        policy_count=len(POLICIES),
        policy_digest="sha256:" + "0" * 64,
        files=files,
        documents=(
            DocumentResult(OUTSIDE, 1, "bitol-odcs", "v3.0.2", "contract", "shared", "Shared", "mesh"),
            DocumentResult(CONTRACT, 1, "bitol-odcs", "v3.0.2", "contract", "orders-contract", "Orders", "sales"),
            DocumentResult(CLEAN, 1, "bitol-odps", "v1.0.0", "product", "clean", "Clean", "sales"),
            DocumentResult(MULTI, 1, "bitol-odps", "v1.0.0", "product", "a", "A", "sales"),
            DocumentResult(MULTI, 2, "bitol-odps", "v1.0.0", "product", "b", "B", "sales"),
            DocumentResult(ORDERS, 1, "bitol-odps", "v1.0.0", "product", "orders", "Orders", "sales"),
        ),
        findings=tuple(sorted(findings, key=Finding.sort_key)),
        rules=rules,
    )


REPORT = make_report()


@pytest.fixture(scope="module")
def examples() -> Report:
    """The bundled examples, checked once, with paths as a user in the repository sees them."""
    with contextlib.chdir(REPO):
        return check(discover([Path("examples")]), Options(today=datetime.date.fromisoformat(TODAY)))


def test_the_formats_are_registered() -> None:
    assert {"sarif", "junit", "github", "markdown"} <= set(REPORTERS)


@pytest.mark.parametrize(
    ("name", "golden"),
    [
        ("sarif", "reporters/report.sarif"),
        ("junit", "reporters/report.junit.xml"),
        ("github", "reporters/report.github.txt"),
        ("markdown", "reporters/report.md"),
    ],
)
def test_golden(name: str, golden: str) -> None:
    text = REPORTERS[name](REPORT, Style())
    assert text == REPORTERS[name](make_report(), Style(color=True)), "output depends on something but the report"
    check_golden(golden, text)


# SARIF --------------------------------------------------------------------------------------------


def sarif_log(report: Report = REPORT) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(sarif.render(report, Style()))
    return log


def check_github_requirements(log: dict[str, Any]) -> None:
    """What GitHub code scanning reads from a SARIF upload, and its limits (docs: "SARIF support for code scanning")."""
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    for run_ in log["runs"]:
        driver = run_["tool"]["driver"]
        assert driver["name"] == "meshgate"
        rules = driver["rules"]
        assert len(rules) <= 25_000
        assert len({rule["id"] for rule in rules}) == len(rules)
        for rule in rules:
            assert rule["id"]
            assert rule["name"]
            assert rule["shortDescription"]["text"]
            assert rule["fullDescription"]["text"]
            assert rule["help"]["text"]
            assert rule["help"]["markdown"]
            assert rule["defaultConfiguration"]["level"] in {"error", "warning", "note"}
            assert len(rule["properties"]["tags"]) <= 20
            assert rule["properties"]["precision"] in {"very-high", "high", "medium", "low"}
            assert rule["properties"]["problem.severity"] in {"error", "warning", "recommendation"}
        assert len(run_["results"]) <= 25_000
        for result in run_["results"]:
            assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
            assert result["level"] in {"error", "warning", "note"}
            assert result["message"]["text"]
            assert 1 <= len(result["locations"]) <= 10
            physical = result["locations"][0]["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert uri.startswith("file:///") or (
                physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%" and not uri.startswith("/")
            )
            assert " " not in uri
            region = physical["region"]
            assert region["startLine"] >= 1
            assert region["startColumn"] >= 1
            assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
            assert result["partialFingerprints"]["meshgate/v1"]


def test_sarif_has_what_github_code_scanning_requires() -> None:
    check_github_requirements(sarif_log())


def test_sarif_lists_every_rule_of_the_report() -> None:
    driver = sarif_log()["runs"][0]["tool"]["driver"]
    assert [rule["id"] for rule in driver["rules"]] == sorted(rule.id for rule in RULES)
    assert driver["version"] == driver["semanticVersion"] == "9.9.9"
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert by_id["ownership/owner-required"]["name"] == "OwnershipOwnerRequired"
    assert by_id["ownership/owner-required"]["help"]["text"].endswith("Fix: Name the owner.")
    assert "urn:team:&lt;name&gt;" in by_id["ownership/owner-required"]["help"]["markdown"]
    # No description: the title stands in.
    assert by_id["ownership/contact-required"]["fullDescription"]["text"] == "Data product offers a contact channel."
    assert by_id["load/yaml11-boolean"]["defaultConfiguration"]["level"] == "warning"
    assert by_id["load/multi-document"]["defaultConfiguration"]["level"] == "note"
    assert by_id["load/multi-document"]["properties"]["tags"] == ["governance", "load"]


def test_sarif_results_keep_paths_relative_and_encoded() -> None:
    results = sarif_log()["runs"][0]["results"]
    locations = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert locations == {
        "file:///srv/mesh/contracts/shared.odcs.yaml",
        "contracts/orders.odcs.yaml",
        "products/multi%20docs.yaml",
        "products/orders/data-product.yaml",
    }
    nasty = next(r for r in results if r["ruleId"] == "access/read-only-roles")
    assert nasty["message"]["text"] == NASTY + ".\nFix: Set access: read, or drop the role."
    assert nasty["locations"][0]["logicalLocations"] == [{"fullyQualifiedName": "/roles/0/access~1level"}]
    assert nasty["properties"] == {
        "document": 1,
        "pointer": "/roles/0/access~1level",
        "productId": "orders-contract",
        "portId": "orders",
    }


@pytest.mark.parametrize(
    ("file", "uri", "base"),
    [
        ("a/b.yaml", "a/b.yaml", "%SRCROOT%"),
        ("my dir/c#1?.yaml", "my%20dir/c%231%3F.yaml", "%SRCROOT%"),
        ("x:y.yaml", "x%3Ay.yaml", "%SRCROOT%"),  # not a URI scheme
        ("50%.yaml", "50%25.yaml", "%SRCROOT%"),
        ("naïve~1.yaml", "na%C3%AFve~1.yaml", "%SRCROOT%"),
        ("/srv/a b.yaml", "file:///srv/a%20b.yaml", None),
        ("C:/work/p.yaml", "file:///C:/work/p.yaml", None),
    ],
)
def test_sarif_artifact_uri(file: str, uri: str, base: str | None) -> None:
    assert sarif.artifact_uri(file) == (uri, base)


def test_sarif_region_never_ends_before_it_starts() -> None:
    backwards = finding("x/y", ERROR, "m", "f.yaml", span=Span(5, 7, 5, 3))
    region = sarif_log(make_report((backwards,)))["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert region == {"startLine": 5, "startColumn": 7, "endLine": 5, "endColumn": 7}


def test_sarif_fingerprints_ignore_lines_and_tell_repeats_apart() -> None:
    def prints(report: Report) -> list[str]:
        return [r["partialFingerprints"]["meshgate/v1"] for r in sarif_log(report)["runs"][0]["results"]]

    before = prints(REPORT)
    moved = tuple(replace(f, span=Span(f.span.line + 7, 2, f.span.end_line + 7, 9)) for f in FINDINGS)
    assert prints(make_report(moved)) == before, "an edit above a finding changes no fingerprint"
    assert len(set(before)) == len(before), "two missing properties of one block are two alerts"
    # The two findings at /info of document 2 share the hash, told apart by occurrence.
    required = [p for p, r in zip(before, REPORT.findings, strict=True) if r.rule_id == "schema/required"]
    assert [p.rsplit(":", 1)[1] for p in required] == ["1", "2"]
    assert required[0].split(":")[0] == required[1].split(":")[0]
    other_pointer = tuple(replace(f, pointer=f.pointer + "/x") for f in FINDINGS)
    assert not set(prints(make_report(other_pointer))) & set(before)


def test_sarif_suppresses_waived_findings() -> None:
    results = sarif_log()["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [r["ruleId"] for r in suppressed] == ["slo/availability-declared"]
    assert suppressed[0]["suppressions"] == [
        {"kind": "external", "status": "accepted", "justification": "waived in meshgate"}
    ]


def test_sarif_describes_rules_a_report_without_catalog_names() -> None:
    driver = sarif_log(make_report(rules=()))["runs"][0]["tool"]["driver"]
    by_id = {rule["id"]: rule for rule in driver["rules"]}
    assert set(by_id) == {f.rule_id for f in FINDINGS}
    assert by_id["schema/required"]["shortDescription"]["text"] == "JSON Schema: required"
    assert by_id["access/read-only-roles"]["shortDescription"]["text"] == "access/read-only-roles"


# The SARIF validator: Microsoft's multitool, installed once into a cache inside the checkout
# (.cache/ is git-ignored), so two checkouts never share, and rewrite, one installation.
SARIF_MULTITOOL = "@microsoft/sarif-multitool@5.7.0"
SARIF_CACHE = Path(os.environ.get("MESHGATE_SARIF_CACHE", REPO / ".cache" / "meshgate-sarif"))
# Notes the validator gives that this format leaves on purpose.
ACCEPTED_NOTES = {
    "SARIF2002": "message.text, not message ids: GitHub requires text, and messages are dynamic",
    "SARIF2003": "versionControlProvenance: the report holds no commit; upload-sarif adds it",
    "SARIF2006": "the $schema URI is unreachable only when the validator has no network",
    "SARIF2009": "rule ids are meshgate's own (ownership/owner-required), shared by every format",
    "SARIF2010": "code snippets: a renderer reads the report, never the files",
    "SARIF2011": "context regions: as above",
    "SARIF2012": "no helpUri (there are no per-rule pages); 'NotAFile'-like names read as non-Pascal",
    "SARIF2016": "an absolute file: URI, for a file outside the working directory (the report holds it so)",
}


def _multitool_binary(node: str) -> Path | None:
    """The native validator the npm package wraps (its .bin script runs it through a shell)."""
    found = subprocess.run(
        [node, "-p", "require('@microsoft/sarif-multitool')"],
        cwd=SARIF_CACHE,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    binary = Path(found.stdout.strip())
    if found.returncode != 0 or not binary.is_file():
        return None
    if not os.access(binary, os.X_OK):  # npm may skip the package's chmod postinstall
        binary.chmod(binary.stat().st_mode | 0o100)
    return binary


@pytest.fixture(scope="session")
def sarif_validator() -> Path:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("npm and node are needed for the SARIF validator")
    SARIF_CACHE.mkdir(parents=True, exist_ok=True)
    # Concurrent runs (two pytest sessions, CI jobs sharing a workspace) take turns: one
    # installs while the others wait, so none runs the binary while npm rewrites it
    # ("Text file busy") or finds a half-installed package.
    with (SARIF_CACHE / ".install.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        binary = _multitool_binary(node)
        if binary is None:
            installed = subprocess.run(
                [npm, "install", "--prefix", str(SARIF_CACHE), "--no-audit", "--no-fund", SARIF_MULTITOOL],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
            if installed.returncode != 0:
                pytest.skip(f"cannot install {SARIF_MULTITOOL}: {installed.stderr.strip()[-500:]}")
            binary = _multitool_binary(node)
    if binary is None:
        pytest.skip(f"{SARIF_MULTITOOL} has no validator for this platform")
    return binary


def validate_sarif(binary: Path, text: str, directory: Path) -> list[dict[str, Any]]:
    """The validator's findings (it exits 0 whatever it finds, so its output log is read)."""
    source, output = directory / "report.sarif", directory / "validation.sarif"
    source.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [
            str(binary),
            *("validate", str(source), "--output", str(output), "--log", "ForceOverwrite"),
            *("--level", "Error;Warning;Note", "--rule-kind", "Sarif;Gh;Ghas"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    validation = json.loads(output.read_text(encoding="utf-8"))
    assert all(i["executionSuccessful"] for i in validation["runs"][0]["invocations"])
    findings: list[dict[str, Any]] = validation["runs"][0].get("results", [])
    return findings


@pytest.mark.slow
@pytest.mark.parametrize("which", ["hand-made", "examples"])
def test_sarif_passes_microsofts_validator(which: str, sarif_validator: Path, examples: Report, tmp_path: Path) -> None:
    report = REPORT if which == "hand-made" else examples
    found = validate_sarif(sarif_validator, sarif.render(report, Style()), tmp_path)
    problems = [f"{r['ruleId']}: {r['message']}" for r in found if r.get("level", "warning") in {"error", "warning"}]
    assert problems == []
    assert {r["ruleId"] for r in found} <= set(ACCEPTED_NOTES)


@pytest.mark.slow
def test_the_validator_catches_a_broken_log(sarif_validator: Path, tmp_path: Path) -> None:
    """The validation above means something: a region ending before it starts is an error."""
    log = sarif_log()
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["endLine"] = 0
    found = validate_sarif(sarif_validator, json.dumps(log), tmp_path)
    assert any(r.get("level", "warning") == "error" for r in found)


# JUnit --------------------------------------------------------------------------------------------


def junit_root(report: Report = REPORT) -> ET.Element:
    return ET.fromstring(junit.render(report, Style()).encode("utf-8"))


def outcome(case: ET.Element) -> str:
    for kind in ("error", "failure", "skipped"):
        if case.find(kind) is not None:
            return kind
    return "passed"


def check_counts(root: ET.Element) -> None:
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for suite in root.findall("testsuite"):
        outcomes = [outcome(case) for case in suite.findall("testcase")]
        counted = {
            "tests": len(outcomes),
            "failures": outcomes.count("failure"),
            "errors": outcomes.count("error"),
            "skipped": outcomes.count("skipped"),
        }
        assert {key: int(suite.get(key, "-1")) for key in counted} == counted, suite.get("name")
        for key, value in counted.items():
            totals[key] += value
    assert {key: int(root.get(key, "-1")) for key in totals} == totals


def test_junit_parses_and_counts_add_up() -> None:
    root = junit_root()
    assert root.tag == "testsuites"
    assert root.get("name") == "meshgate"
    check_counts(root)
    suites = {suite.get("name"): suite for suite in root.findall("testsuite")}
    assert list(suites) == sorted(REPORT.files)
    clean = suites[CLEAN]
    assert [case.get("name") for case in clean.findall("testcase")] == sorted(POLICIES)
    assert {outcome(case) for case in clean.findall("testcase")} == {"passed"}
    outcomes = {
        (suite.get("name"), case.get("name")): outcome(case)
        for suite in suites.values()
        for case in suite.findall("testcase")
    }
    failing = {key for key, value in outcomes.items() if value != "passed"}
    assert failing == {
        (CONTRACT, "access/read-only-roles"),
        (CONTRACT, "slo/availability-declared"),  # waived: skipped
        (MULTI, "schema/required"),
        (ORDERS, "ownership/owner-required"),
        (OUTSIDE, "ownership/owner-required"),
    }
    assert outcomes[(CONTRACT, "slo/availability-declared")] == "skipped"
    # Built-in checks are testcases only where they fired.
    assert (ORDERS, "load/yaml11-boolean") in outcomes
    assert (CLEAN, "load/yaml11-boolean") not in outcomes
    assert int(root.get("tests", "0")) == len(REPORT.files) * len(POLICIES) + 4


def test_junit_case_names_and_classnames() -> None:
    suite = next(s for s in junit_root().findall("testsuite") if s.get("name") == MULTI)
    case = next(c for c in suite.findall("testcase") if c.get("name") == "load/multi-document")
    assert case.attrib == {
        "name": "load/multi-document",
        "classname": "products.multi docs_yaml",
        "file": MULTI,
    }


def test_junit_warnings_fail_only_at_or_above_fail_on() -> None:
    def failures(fail_on: Severity | None) -> set[str | None]:
        root = junit_root(make_report(fail_on=fail_on))
        check_counts(root)
        return {case.get("name") for case in root.iter("testcase") if outcome(case) == "failure"}

    assert "ownership/contact-required" not in failures(ERROR)
    assert {"ownership/contact-required", "load/yaml11-boolean"} <= failures(WARNING)
    assert "load/multi-document" in failures(INFO)
    assert failures(None) == set(), "a gate that never fails has no failing tests"


def test_junit_loses_no_finding() -> None:
    for fail_on in (ERROR, None):
        root = junit_root(make_report(fail_on=fail_on))
        text = "\n".join(element.text or "" for element in root.iter())
        for f in FINDINGS:
            assert f"{f.file}:{f.line}:{f.column}: {f.severity.value} [{f.rule_id}] {f.message}" in text


def test_junit_failure_holds_every_finding_of_the_case() -> None:
    case = next(c for c in junit_root().iter("testcase") if c.get("name") == "schema/required")
    failure = case.find("failure")
    assert failure is not None
    assert failure.attrib == {"message": "'owner' is a required property (and 1 more)", "type": "error"}
    assert failure.text is not None
    assert "'owner' is a required property (at /info, document 2)\n    fix: Add 'owner'." in failure.text
    assert "'title' is a required property" in failure.text


def test_junit_survives_characters_xml_cannot_hold() -> None:
    hostile = finding("x/y", ERROR, "bell\x07 nul\x00 esc\x1b lone\ud800 tab\tcr\r\nend", "f\x01.yaml")
    text = junit.render(make_report((hostile,)), Style())
    text.encode("utf-8")  # no lone surrogate left
    case = next(c for c in ET.fromstring(text).iter("testcase") if c.get("name") == "x/y")
    failure = case.find("failure")
    assert failure is not None
    assert failure.get("message") == "bell\ufffd nul\ufffd esc\ufffd lone\ufffd tab cr end"
    assert failure.text is not None
    assert "tab\tcr\nend" in failure.text
    assert case.get("file") == "f\ufffd.yaml"


def test_junit_reports_a_check_that_could_not_run_as_an_error() -> None:
    broken = finding("ownership/owner-required", ERROR, "the policy raised an error", ORDERS, status=Status.ERROR)
    root = junit_root(make_report((broken,)))
    check_counts(root)
    assert root.get("errors") == "1"
    case = next(c for c in root.iter("testcase") if c.find("error") is not None)
    assert (case.get("classname"), case.get("name")) == ("products.orders.data-product_yaml", broken.rule_id)


# GitHub workflow commands -----------------------------------------------------------------------

COMMAND = re.compile(r"^::(?P<name>[a-z]+) (?P<properties>[^:]*)::(?P<message>.*)$")


def unescape(text: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, char)
    return text


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match is not None, line
    properties = dict(item.split("=", 1) for item in match["properties"].split(","))
    return match["name"], {key: unescape(value) for key, value in properties.items()}, unescape(match["message"])


def test_github_escaping() -> None:
    assert github.escape_data("100%\r\n: ,") == "100%25%0D%0A: ,"
    assert github.escape_property("100%\r\n: ,") == "100%25%0D%0A%3A %2C"
    assert github.escape_data("%0A") == "%250A", "an escape in the text stays text"


def test_github_one_line_per_finding_that_round_trips() -> None:
    lines = github.render(REPORT, Style()).splitlines()
    assert len(lines) == 1 + len(REPORT.findings)
    name, properties, message = parse_command(lines[0])
    assert (name, properties) == ("notice", {"title": "meshgate"})
    assert message.endswith("failed (fail-on: error)")
    titles = {rule.id: rule.title for rule in RULES}
    for line, f in zip(lines[1:], REPORT.findings, strict=True):
        name, properties, message = parse_command(line)
        assert properties["file"] == f.file
        assert properties["line"] == str(f.line)
        assert properties["title"].startswith(f"[{f.rule_id}] {titles[f.rule_id]}")
        assert message.startswith(f.message)
        assert message.endswith(f"\nFix: {f.remediation}" if f.remediation else f.message)
    nasty = next(line for line in lines if "read-only-roles" in line)
    assert parse_command(nasty)[2] == f"{NASTY} (at /roles/0/access~1level)\nFix: Set access: read, or drop the role."
    assert parse_command(nasty)[1] == {
        "file": CONTRACT,
        "line": "12",
        "col": "5",
        "endLine": "12",
        "endColumn": "18",
        "title": "[access/read-only-roles] Consumer roles grant read access only",
    }


def test_github_command_by_severity_and_status() -> None:
    names = [parse_command(line) for line in github.render(REPORT, Style()).splitlines()[1:]]
    by_rule = {(props["file"], props["title"].split("]")[0][1:]): name for name, props, _ in names}
    assert by_rule[(ORDERS, "ownership/owner-required")] == "error"
    assert by_rule[(ORDERS, "ownership/contact-required")] == "warning"
    assert by_rule[(ORDERS, "detect/implied-version")] == "notice"
    waived = next(props for name, props, _ in names if "availability-declared" in props["title"])
    assert waived["title"].endswith("(waived)")
    assert by_rule[(CONTRACT, "slo/availability-declared")] == "notice"


def test_github_columns_only_on_one_line_spans() -> None:
    lines = github.render(REPORT, Style()).splitlines()
    multi_line = parse_command(next(line for line in lines if "schema/required" in line))[1]
    assert multi_line == {
        "file": MULTI,
        "line": "14",
        "endLine": "16",
        "title": "[schema/required] JSON Schema: required",
    }


def test_github_step_summary_is_the_markdown_summary() -> None:
    assert github.step_summary(REPORT) == markdown.render(REPORT, Style())


# Markdown ---------------------------------------------------------------------------------------

CELL = re.compile(r"(?<!\\)\|")


def table_rows(text: str, header: str) -> list[list[str]]:
    lines = text.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in CELL.split(line)[1:-1]])
    return rows


FINDINGS_HEADER = "| Severity | Rule | Location | Message |"


def test_markdown_verdict_and_counts() -> None:
    text = markdown.render(REPORT, Style())
    assert text.startswith("<!-- meshgate-report -->\n## ❌ meshgate: failed (fail-on: error)\n")
    assert table_rows(text, "| Severity | Findings |") == [["🔴 error", "5"], ["🟡 warning", "2"], ["🔵 info", "2"]]
    assert table_rows(text, "| Status | Findings |") == [["waived (approved exception)", "1"]]
    passed = markdown.render(make_report(fail_on=None), Style())
    assert "## ✅ meshgate: passed (fail-on: never)" in passed


def test_markdown_table_cells_are_escaped() -> None:
    text = markdown.render(REPORT, Style())
    rows = table_rows(text, FINDINGS_HEADER)
    assert all(len(row) == 4 for row in rows)
    assert len(rows) == len([f for f in FINDINGS if f.status is Status.FAIL])
    assert rows[1] == [
        "🔴 error",
        "`access/read-only-roles`",
        "`contracts/orders.odcs.yaml:12`",
        "role 'etl\\|loader' grants &lt;write&gt; &amp; admin: 100%, not read,<br>which output ports never allow",
    ]
    assert rows[2][:3] == ["🔴 error", "`schema/required`", "`products/multi docs.yaml:14 (document 2)`"]
    assert "<write>" not in text
    assert "@\u200bdata-team" in text
    assert "@data-team" not in text, "no @mention notifies anyone"
    # Most severe first; within a severity the report's order.
    assert [row[0] for row in rows] == ["🔴 error"] * 5 + ["🟡 warning"] * 2 + ["🔵 info"] * 2


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a|b", "a\\|b"),
        ("<b>&</b>", "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("*x* _y_ [l](u) `c` ~z~ \\", "\\*x\\* \\_y\\_ \\[l\\](u) \\`c\\` \\~z\\~ \\\\"),
        ("# heading", "\\# heading"),
        ("- item", "\\- item"),
        ("---", "\\---"),
        ("1. item", "1\\. item"),
        ("1.0 is a number", "1.0 is a number"),
        ("one\ntwo\r\nthree", "one<br>two<br>three"),
        ("@team", "@\u200bteam"),
    ],
)
def test_markdown_escape(raw: str, escaped: str) -> None:
    assert markdown.escape(raw) == escaped


def test_markdown_code_spans() -> None:
    assert markdown.code("a|b", table=True) == "`a\\|b`"
    assert markdown.code("a|b") == "`a|b`"
    assert markdown.code("a`b") == "a\\`b"


def test_markdown_details_per_rule_with_the_fix() -> None:
    text = markdown.render(REPORT, Style())
    sections = re.findall(r"<details>\n<summary>(.*?)</summary>\n(.*?)\n</details>", text, re.DOTALL)
    summaries = [summary for summary, _ in sections]
    # Rules in the order of their most severe finding.
    assert summaries[:2] == [
        "<code>ownership/owner-required</code> Data product names an owner (2)",
        "<code>access/read-only-roles</code> Consumer roles grant read access only (1)",
    ]
    assert len(summaries) == len({f.rule_id for f in FINDINGS})
    owner = next(body for summary, body in sections if "ownership/owner-required" in summary)
    assert "urn:team:&lt;name&gt;" in owner
    assert "**Fix:** Name the owner." in owner
    assert "- `/srv/mesh/contracts/shared.odcs.yaml:2`: the contract names no owner" in owner
    waived = next(body for summary, body in sections if "availability-declared" in summary)
    assert "- (waived) `contracts/orders.odcs.yaml:20`" in waived


def test_markdown_caps_the_table_and_the_size() -> None:
    many = tuple(
        finding("ownership/owner-required", ERROR, f"finding {i} " + "x" * 1000, ORDERS, span=Span(i + 1, 1, i + 1, 2))
        for i in range(2000)
    )
    text = markdown.render(make_report(many), Style())
    assert len(table_rows(text, FINDINGS_HEADER)) == markdown.MAX_ROWS
    assert "… and 1950 more (see the full report)." in text
    assert len(text) < 65_536, "GitHub rejects longer comments"
    assert "… and 1990 more" in text  # the rule's list is capped too


# The bundled examples, end to end ---------------------------------------------------------------


def test_examples_sarif(examples: Report) -> None:
    text = sarif.render(examples, Style())
    assert text == sarif.render(examples, Style())
    log = json.loads(text)
    check_github_requirements(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(examples.findings) > 0
    assert all(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("examples/") for r in results
    )
    assert str(REPO) not in text


def test_examples_junit(examples: Report) -> None:
    text = junit.render(examples, Style())
    root = ET.fromstring(text)
    check_counts(root)
    assert [suite.get("name") for suite in root.findall("testsuite")] == list(examples.files)
    blocking = {(f.file, f.rule_id) for f in examples.blocking()}
    failed = {(case.get("file"), case.get("name")) for case in root.iter("testcase") if outcome(case) == "failure"}
    assert failed == blocking
    assert int(root.get("failures", "0")) == len(blocking) > 0
    policies = {rule.id for rule in examples.rules if rule.origin != "meshgate"}
    for suite in root.findall("testsuite"):
        assert policies <= {case.get("name") for case in suite.findall("testcase")}
    assert str(REPO) not in text


def test_examples_github(examples: Report) -> None:
    text = github.render(examples, Style())
    commands = [parse_command(line) for line in text.splitlines()]
    assert len(commands) == 1 + len(examples.findings)
    counts = examples.counts()
    assert [name for name, _, _ in commands].count("error") == counts[ERROR]
    assert [name for name, _, _ in commands].count("warning") == counts[WARNING]
    assert str(REPO) not in text


def test_examples_markdown(examples: Report) -> None:
    text = markdown.render(examples, Style())
    assert "## ❌ meshgate: failed (fail-on: error)" in text
    counts = examples.counts()
    assert table_rows(text, "| Severity | Findings |") == [
        [f"{markdown.ICONS[severity]} {severity.value}", str(counts[severity])] for severity in Severity
    ]
    counted = [finding for finding in examples.findings if finding.status.counts]
    assert len(table_rows(text, FINDINGS_HEADER)) == min(len(counted), markdown.MAX_ROWS)
    assert str(REPO) not in text
