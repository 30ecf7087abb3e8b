"""GitHub Actions workflow commands: one annotation per finding, on the line it is about.

Errors are ``::error``, warnings ``::warning`` and info ``::notice``;
accepted findings (waived, baselined) and draft ones are ``::notice`` too,
with the waiver behind them, so they are seen without looking like
something to fix; grace findings keep their severity and say when they
start failing the gate. The summary comes first as a
``::notice`` because GitHub keeps only the first ten annotations of each
kind per step, and the verdict is the one not to lose. Columns are passed
only for a one-line span: GitHub rejects a column range across lines.
"""

from __future__ import annotations

from meshgate.model.finding import Finding, Severity, Status, governance_note
from meshgate.model.report import Report
from meshgate.reporters import Style, markdown, visible
from meshgate.reporters.text import summary

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """The message of a workflow command: %, CR and LF percent-encoded."""
    return visible(text, lines=True).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value of a workflow command: the message's escapes plus ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


def _annotation(finding: Finding, title: str, today: str) -> str:
    span = finding.span
    # A grace finding is shown at its severity (it will fail the gate soon); accepted ones as notices.
    name = COMMANDS[finding.severity] if finding.status in (Status.FAIL, Status.GRACE) else "notice"
    if finding.status is Status.ERROR:
        name = "error"
    properties: dict[str, str | int] = {"file": finding.file, "line": span.line}
    if span.end_line == span.line:
        properties.update(col=span.column, endLine=span.line, endColumn=max(span.end_column, span.column))
    else:
        properties["endLine"] = max(span.end_line, span.line)
    label = "" if finding.status is Status.FAIL else f" ({finding.status.value})"
    properties["title"] = f"[{finding.rule_id}] {title}{label}"
    context = [f"at {finding.pointer}"] if finding.pointer else []
    if finding.document > 1:
        context.append(f"document {finding.document}")
    message = finding.message + (f" ({', '.join(context)})" if context else "")
    if finding.remediation:
        message += f"\nFix: {finding.remediation}"
    explained = finding.waiver is not None or finding.status in (Status.GRACE, Status.DRAFT)
    note = governance_note(finding, today) if explained and not finding.status.counts else ""
    if note:
        message += f"\n{note[:1].upper()}{note[1:]}"
    return command(name, message, **properties)


def render(report: Report, style: Style) -> str:
    rules = report.rules_by_id()
    lines = [command("notice", summary(report), title="meshgate")]
    lines += [_annotation(finding, rules[finding.rule_id].title, report.evaluated_on) for finding in report.findings]
    return "\n".join(lines) + "\n"


def step_summary(report: Report) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the same summary as a pull request comment."""
    return markdown.render(report, Style())
