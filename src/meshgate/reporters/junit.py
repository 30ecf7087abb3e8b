"""JUnit XML for CI test views (Jenkins, GitLab, CircleCI, Azure Pipelines).

One ``<testsuite>`` per checked file and one ``<testcase>`` per (file, rule):
every loaded policy for every file, so a clean file shows as passing tests,
plus each built-in load/detect/schema check that fired in the file.

A testcase fails exactly when the gate would: a finding at or above
``report.fail_on`` is a ``<failure>`` (all of the testcase's blocking findings
in its body). Findings below the threshold do not fail the test; they are
kept, with waived, baselined, grace and draft findings, in ``<system-out>``.
A testcase whose only failing findings were accepted (waived, baselined) is
``<skipped>`` with the waiver's reason; a check that could not be evaluated (status "error") is an
``<error>``. So the counts agree with the exit code and no finding is lost.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from meshgate.model.finding import Finding, Status
from meshgate.model.report import Report
from meshgate.reporters import Style
from meshgate.reporters.text import format_finding

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PLAIN = Style(color=False)


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold: forbidden characters become U+FFFD, line ends become \\n."""
    return _NOT_XML.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _attribute(text: str) -> str:
    # On one line: parsers read a raw newline or tab in an attribute as a
    # space anyway, and how they are escaped differs between Python versions.
    return xml_text(text).replace("\n", " ").replace("\t", " ")


def classname(file: str) -> str:
    """A dotted class name for a file, as Jenkins groups them: examples/sales/dp.yaml is examples.sales.dp_yaml."""
    return ".".join(part.replace(".", "_") for part in file.split("/") if part)


def _blocks(finding: Finding, report: Report) -> bool:
    return report.fail_on is not None and finding.severity.rank >= report.fail_on.rank


def _summary(findings: list[Finding]) -> str:
    first = findings[0].message
    return first if len(findings) == 1 else f"{first} (and {len(findings) - 1} more)"


def _listing(findings: list[Finding], today: str) -> str:
    lines = []
    for finding in findings:
        label = "" if finding.status is Status.FAIL else f"[{finding.status.value}] "
        lines.append(label + format_finding(finding, _PLAIN, today))
    return xml_text("\n".join(lines))


def _reason(finding: Finding) -> str:
    """Why an accepted finding is skipped: the waiver's reason, approver and expiry."""
    waiver = finding.waiver
    if finding.status is Status.WAIVED and waiver is not None:
        return f"{finding.message} (waived until {waiver.expires} by {waiver.approved_by}: {waiver.reason})"
    return finding.message


def _testcase(parent: ET.Element, file: str, rule_id: str, findings: list[Finding], report: Report) -> str:
    """Add the testcase; return its outcome: passed, failure, error or skipped."""
    case = ET.SubElement(
        parent, "testcase", name=_attribute(rule_id), classname=_attribute(classname(file)), file=_attribute(file)
    )
    failing = [f for f in findings if f.status is Status.ERROR or (f.status is Status.FAIL and _blocks(f, report))]
    errors = [f for f in failing if f.status is Status.ERROR]
    failures = [f for f in failing if f.status is Status.FAIL]
    # By identity: comparing findings (dataclasses) one by one is quadratic in a (file, rule)'s findings.
    failing_ids = {id(f) for f in failing}
    others = [f for f in findings if id(f) not in failing_ids]
    accepted = [f for f in others if f.status in (Status.WAIVED, Status.BASELINED)]
    if errors:
        element = ET.SubElement(case, "error", message=_attribute(_summary(errors)), type=errors[0].severity.value)
        element.text = _listing(errors, report.evaluated_on)
    if failures:
        worst = max(failures, key=lambda f: f.severity.rank).severity.value
        element = ET.SubElement(case, "failure", message=_attribute(_summary(failures)), type=worst)
        element.text = _listing(failures, report.evaluated_on)
    skipped = not errors and not failures and bool(accepted)
    if skipped:
        statuses = " and ".join(sorted({f.status.value for f in accepted}))
        first = _reason(accepted[0])
        more = f" (and {len(accepted) - 1} more)" if len(accepted) > 1 else ""
        ET.SubElement(case, "skipped", message=_attribute(f"{statuses}: {first}{more}"))
    if others:
        ET.SubElement(case, "system-out").text = _listing(others, report.evaluated_on)
    return "error" if errors else "failure" if failures else "skipped" if skipped else "passed"


def document(report: Report) -> ET.Element:
    """The <testsuites> element of the report."""
    rules = report.rules_by_id()
    policies = [rule_id for rule_id, rule in rules.items() if rule.origin != "meshgate"]
    by_case: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    fired_in: dict[str, set[str]] = defaultdict(set)
    for finding in report.findings:
        by_case[(finding.file, finding.rule_id)].append(finding)
        fired_in[finding.file].add(finding.rule_id)
    files = sorted(set(report.files) | set(fired_in))
    root = ET.Element("testsuites", name="meshgate")
    totals = dict.fromkeys(("tests", "failures", "errors", "skipped"), 0)
    for file in files:
        suite = ET.SubElement(root, "testsuite", name=_attribute(file))
        fired = fired_in.get(file, set())
        outcomes = [
            _testcase(suite, file, rule_id, by_case.get((file, rule_id), []), report)
            for rule_id in sorted(set(policies) | fired)
        ]
        counts = {
            "tests": len(outcomes),
            "failures": outcomes.count("failure"),
            "errors": outcomes.count("error"),
            "skipped": outcomes.count("skipped"),
        }
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
    for key, value in totals.items():
        root.set(key, str(value))
    return root


def render(report: Report, style: Style) -> str:
    root = document(report)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
