"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run. ``tool.driver.rules`` lists every rule of ``report.rules`` (the
loaded policies and meshgate's own checks), not only those that fired: a
run with no results then still says what was checked, and a rule's index
does not depend on which findings happened to occur. Paths stay relative to
``%SRCROOT%`` (the directory meshgate ran in, which GitHub maps to the
checkout); the log holds no time and no path the report does not hold.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html import escape as html_escape
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from meshgate._version import __url__
from meshgate.model.finding import Finding, Severity, Status, governance_note
from meshgate.model.finding import fingerprint as model_fingerprint
from meshgate.model.report import Report
from meshgate.model.rules import Lifecycle, Rule
from meshgate.reporters import Style

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = __url__
SRCROOT = "%SRCROOT%"
FINGERPRINT_KEY = "meshgate/v1"

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
# GitHub sorts and labels alerts of non-security rules by problem.severity.
_PROBLEM_SEVERITY = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "recommendation"}
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")


def rule_name(rule_id: str) -> str:
    """A PascalCase name from a rule id: ownership/owner-required is OwnershipOwnerRequired."""
    return "".join(word[:1].upper() + word[1:] for word in re.split(r"[^0-9A-Za-z]+", rule_id))


def artifact_uri(file: str) -> tuple[str, str | None]:
    """The file as a URI and the base it is relative to (None for an absolute file: URI)."""
    if PurePosixPath(file).is_absolute():
        return PurePosixPath(file).as_uri(), None
    if PureWindowsPath(file).is_absolute():
        return PureWindowsPath(file).as_uri(), None
    # quote() keeps only unreserved characters and '/': spaces, '%', '#', '?'
    # and a ':' that would read as a scheme are all percent-encoded.
    return quote(file, safe="/"), SRCROOT


def fingerprint(finding: Finding) -> str:
    """Identity across edits: the baseline's fingerprint, so code scanning and the baseline agree on what is new."""
    return finding.fingerprint or model_fingerprint(finding)


def _region(finding: Finding) -> dict[str, int]:
    span = finding.span
    end = max((span.end_line, span.end_column), (span.line, span.column))
    return {"startLine": span.line, "startColumn": span.column, "endLine": end[0], "endColumn": end[1]}


def _text(text: str) -> str:
    """Text for a SARIF message: a sentence, as SARIF viewers expect."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _markdown(text: str) -> str:
    # GitHub renders help.markdown: text like <domain> must not read as an HTML tag.
    return html_escape(text, quote=False)


def _rule(rule: Rule) -> dict[str, Any]:
    description = _text(rule.description or rule.title)
    help_text, help_markdown = description, f"**{_markdown(rule.title)}**\n\n{_markdown(description)}"
    if rule.remediation:
        help_text += "\n\nFix: " + _text(rule.remediation)
        help_markdown += "\n\n**Fix:** " + _markdown(_text(rule.remediation))
    properties: dict[str, Any] = {
        "tags": ["governance", rule.id.split("/", 1)[0]],
        # Every check is a deterministic reading of the descriptor, not a heuristic.
        "precision": "very-high",
        "problem.severity": _PROBLEM_SEVERITY[rule.severity],
        "origin": rule.origin,
    }
    if rule.lifecycle is not Lifecycle.ENABLED:
        properties["lifecycle"] = rule.lifecycle.value
    if rule.enforce_after:
        properties["enforceAfter"] = rule.enforce_after
    return {
        "id": rule.id,
        "name": rule_name(rule.id),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": description},
        "help": {"text": help_text, "markdown": help_markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": properties,
    }


def _message(finding: Finding, today: str) -> str:
    text = _text(finding.message)
    if finding.remediation:
        text += "\nFix: " + _text(finding.remediation)
    if finding.status in (Status.GRACE, Status.DRAFT):  # not suppressed: say why it does not fail the gate
        note = governance_note(finding, today)
        text += "\n" + _text(note[:1].upper() + note[1:])
    return text


def _result(finding: Finding, rule_index: int, occurrence: int, today: str) -> dict[str, Any]:
    uri, base = artifact_uri(finding.file)
    artifact: dict[str, Any] = {"uri": uri} if base is None else {"uri": uri, "uriBaseId": base}
    location: dict[str, Any] = {"physicalLocation": {"artifactLocation": artifact, "region": _region(finding)}}
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer}]
    properties: dict[str, Any] = {"document": finding.document, "pointer": finding.pointer}
    properties.update({"productId": finding.product_id} if finding.product_id else {})
    properties.update({"portId": finding.port_id} if finding.port_id else {})
    if finding.status is not Status.FAIL:
        properties["status"] = finding.status.value
    if finding.enforce_after:
        properties["enforceAfter"] = finding.enforce_after
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding, today)},
        "locations": [location],
        # Several findings of one rule at one place (two missing properties
        # of one block) are told apart by their order, as CodeQL does.
        "partialFingerprints": {FINGERPRINT_KEY: f"{fingerprint(finding)}:{occurrence}"},
        "properties": properties,
    }
    if finding.status in (Status.WAIVED, Status.BASELINED):
        # Waived and baselined findings stay in the log, marked so that
        # viewers (GitHub: "dismissed") close them instead of raising an alert.
        # Grace and draft findings are not suppressed: they are shown so that
        # owners see what will fail, and do not fail the gate.
        result["suppressions"] = [_suppression(finding)]
    return result


def _suppression(finding: Finding) -> dict[str, Any]:
    waiver = finding.waiver
    if finding.status is not Status.WAIVED or waiver is None:
        return {"kind": "external", "status": "accepted", "justification": f"{finding.status.value} in meshgate"}
    kind = "inSource" if waiver.inline else "external"
    ticket = f" ({waiver.ticket})" if waiver.ticket else ""
    justification = (
        f"{waiver.reason} Approved by {waiver.approved_by}, until {waiver.expires}{ticket}; waiver at {waiver.source}."
    )
    suppression: dict[str, Any] = {"kind": kind, "status": "accepted", "justification": justification}
    suppression["properties"] = {"approvedBy": waiver.approved_by, "expires": waiver.expires, "waiver": waiver.source}
    return suppression


def log(report: Report) -> dict[str, Any]:
    """The SARIF log as a JSON value."""
    rules = report.rules_by_id()
    index = {rule_id: position for position, rule_id in enumerate(rules)}
    seen: Counter[str] = Counter()
    results = []
    for finding in report.findings:
        key = fingerprint(finding)
        seen[key] += 1
        results.append(_result(finding, index[finding.rule_id], seen[key], report.evaluated_on))
    driver: dict[str, Any] = {"name": "meshgate", "version": report.tool_version, "informationUri": INFORMATION_URI}
    if _SEMVER.match(report.tool_version):
        driver["semanticVersion"] = report.tool_version
    driver["rules"] = [_rule(rule) for rule in rules.values()]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
        "originalUriBaseIds": {SRCROOT: {"description": {"text": "The directory meshgate was run in."}}},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {
            "evaluatedOn": report.evaluated_on,
            "environment": report.environment,
            "failOn": report.fail_on.value if report.fail_on else "never",
            "failed": report.failed,
            "policyCount": report.policy_count,
            "policyDigest": report.policy_digest,
            "engine": report.engine,
        },
    }
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, style: Style) -> str:
    return json.dumps(log(report), indent=2, ensure_ascii=False) + "\n"
