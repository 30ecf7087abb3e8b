"""One editor-clickable line per finding (file:line:col), its fix below it, then a summary."""

from __future__ import annotations

from meshgate.model.finding import Finding, Severity, Status, governance_note
from meshgate.model.report import Report
from meshgate.reporters import Style, visible

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}


def _paint(text: str, code: str, style: Style) -> str:
    return f"\x1b[{code}m{text}\x1b[0m" if style.color else text


# Statuses that do not count against the gate, as the summary lists them (baselined has its own note).
NOT_COUNTED = (Status.WAIVED, Status.GRACE, Status.DRAFT)


def format_finding(finding: Finding, style: Style, today: str | None = None) -> str:
    """file:line:col: severity [rule] message (at pointer), then the fix and any governance note indented below.

    A finding that does not fail the gate says why: which waiver covers it
    and until when, in how many days its policy's grace period ends, or that
    its policy is a draft (``today`` is the run's date).
    """
    where = _paint(f"{visible(finding.file)}:{finding.line}:{finding.column}", "1", style)
    severity = _paint(finding.severity.value, _COLORS[finding.severity], style)
    rule = _paint(f"[{visible(finding.rule_id)}]", "2", style)
    context = [f"at {visible(finding.pointer)}"] if finding.pointer else []
    if finding.document > 1:
        context.append(f"document {finding.document}")
    suffix = _paint(f" ({', '.join(context)})", "2", style) if context else ""
    text = f"{where}: {severity} {rule} {visible(finding.message, lines=True)}{suffix}"
    if finding.remediation:
        text += "\n    " + _paint(f"fix: {visible(finding.remediation, lines=True)}", "2", style)
    note = governance_note(finding, today) if today else ""
    if note and finding.status is not Status.FAIL:
        text += "\n    " + _paint(note, "2", style)
    return text


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def summary(report: Report) -> str:
    counts = report.counts()
    found = ", ".join(
        [
            _plural(counts[Severity.ERROR], "error"),
            _plural(counts[Severity.WARNING], "warning"),
            f"{counts[Severity.INFO]} info",
        ]
    )
    files, documents = _plural(len(report.files), "file"), _plural(len(report.documents), "document")
    checked = f"{files} ({documents}) against {_plural(report.policy_count, 'policy', 'policies')}"
    if report.recorded_in is not None:
        verdict = f"recorded in the baseline {report.recorded_in}, gate not applied"
        if report.failed:
            verdict += f" (without it the run fails, fail-on: {report.fail_on.value if report.fail_on else 'never'})"
    elif report.fail_on is None:
        verdict = "passed (fail-on: never)"
    else:
        verdict = f"{'failed' if report.failed else 'passed'} (fail-on: {report.fail_on.value})"
    statuses = report.statuses()
    apart = ", ".join(f"{statuses[status]} {status.value}" for status in NOT_COUNTED if statuses[status])
    if apart:
        found += f" (not counted: {apart})"
    baseline = ""
    if report.baseline is not None:
        fixed = len(report.baseline.fixed)
        baseline = f"; baseline: {report.baseline.matched} accepted, {fixed} fixed since it was written"
    return f"checked {checked}: {found}{baseline}; {verdict}"


def render(report: Report, style: Style) -> str:
    # Baselined findings are accepted: the summary counts them, the list leaves them out.
    lines = [
        format_finding(finding, style, report.evaluated_on)
        for finding in report.findings
        if finding.status is not Status.BASELINED
    ]
    if lines:
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines) + "\n"
