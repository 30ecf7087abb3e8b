"""The JSON report: one stable envelope, keys and findings sorted.

It holds no wall-clock time, so the same input gives byte-identical output;
``run.evaluated_on`` is the date policies evaluated against (an input). Its
JSON Schema is ``schemas/meshgate/report-v1.schema.json``.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from meshgate.model.finding import Finding, Severity, Waiver, days_until_enforced
from meshgate.model.report import DocumentResult, Report
from meshgate.reporters import Style

REPORT_FORMAT = "meshgate-report/v1"


def waiver_data(waiver: Waiver | None) -> dict[str, Any] | None:
    if waiver is None:
        return None
    return {
        "source": waiver.source,
        "rule": waiver.rule,
        "reason": waiver.reason,
        "approved_by": waiver.approved_by,
        "expires": waiver.expires,
        "ticket": waiver.ticket,
        "inline": waiver.inline,
    }


def _finding(finding: Finding, today: str) -> dict[str, Any]:
    span = finding.span
    grace = finding.enforce_after
    return {
        "rule_id": finding.rule_id,
        "severity": finding.severity.value,
        "status": finding.status.value,
        "message": finding.message,
        "remediation": finding.remediation,
        "file": finding.file,
        "document": finding.document,
        "pointer": finding.pointer,
        "line": span.line,
        "column": span.column,
        "end_line": span.end_line,
        "end_column": span.end_column,
        "product_id": finding.product_id,
        "port_id": finding.port_id,
        "fingerprint": finding.fingerprint,
        "waiver": waiver_data(finding.waiver),
        "enforce_after": grace,
        "enforced_in_days": days_until_enforced(grace, today) if grace else None,
    }


def _document(
    result: DocumentResult, counts: Counter[tuple[str, int]], blocking: set[tuple[str, int]]
) -> dict[str, Any]:
    key = (result.file, result.document)
    return {
        "file": result.file,
        "document": result.document,
        "spec": result.spec,
        "spec_version": result.spec_version,
        "kind": result.kind,
        "product_id": result.product_id,
        "name": result.name,
        "domain": result.domain,
        "findings": counts[key],
        "result": "fail" if key in blocking else "pass",
    }


def _baseline(report: Report) -> dict[str, Any] | None:
    summary = report.baseline
    if summary is None:
        return None
    return {
        "path": summary.path,
        "entries": summary.entries,
        "matched": summary.matched,
        "fixed": [
            {"rule_id": e.rule_id, "file": e.file, "pointer": e.pointer, "message": e.message} for e in summary.fixed
        ],
    }


def envelope(report: Report) -> dict[str, Any]:
    counts = report.counts()
    per_document = Counter((f.file, f.document) for f in report.findings)
    blocking = {(f.file, f.document) for f in report.blocking()}
    return {
        "format": REPORT_FORMAT,
        "tool": {"name": "meshgate", "version": report.tool_version},
        "run": {
            "evaluated_on": report.evaluated_on,
            "environment": report.environment,
            "fail_on": report.fail_on.value if report.fail_on else "never",
            "engine": report.engine,
            "policies": {"count": report.policy_count, "digest": report.policy_digest},
        },
        "summary": {
            "files": len(report.files),
            "documents": len(report.documents),
            "findings": len(report.findings),
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "info": counts[Severity.INFO],
            "failed": report.failed,
            "statuses": {status.value: count for status, count in report.statuses().items()},
            "baseline": _baseline(report),
        },
        "files": list(report.files),
        "documents": [_document(result, per_document, blocking) for result in report.documents],
        "findings": [_finding(finding, report.evaluated_on) for finding in report.findings],
    }


# From this many findings and documents, the report is written by pydantic-core's serializer: importing it
# costs about as much as json.dumps's pure-Python indenting of this many takes.
FAST_FROM = 1_000


class _NotPlain(Exception):
    """A value the fast serializer might write otherwise than json.dumps does."""


def _sorted(value: Any) -> Any:
    """value with every object's keys in order, as sort_keys writes them."""
    if type(value) is dict:
        return {key: _sorted(value[key]) for key in sorted(value)}
    if type(value) is list:
        return [_sorted(item) for item in value]
    if value is None or type(value) in (str, int, bool):
        return value
    raise _NotPlain  # a float (NaN, say) or anything else: json.dumps decides


def _fast(data: dict[str, Any]) -> str | None:
    """json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False), ten times faster; None where it may differ."""
    try:
        from pydantic_core import PydanticSerializationError, to_json
    except ImportError:  # pragma: no cover - pydantic-core comes with pydantic, a dependency
        return None
    try:
        return to_json(_sorted(data), indent=2).decode("utf-8")
    except (_NotPlain, PydanticSerializationError):  # a lone surrogate, say
        return None


def render(report: Report, style: Style) -> str:
    data = envelope(report)
    text = _fast(data) if len(report.findings) + len(report.documents) >= FAST_FROM else None
    if text is None:
        text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"
