"""A Markdown summary for a pull request comment or a CI job summary.

The verdict, counts by severity, a table of the findings (the most severe
first, capped), then a ``<details>`` section per rule with its fix. Text from
descriptors and policies is escaped, so a message cannot break the table,
inject HTML or mention people. The whole stays below GitHub's 65,536
character limit for a comment.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from meshgate.model.finding import Finding, Severity, Status, governance_note
from meshgate.model.report import Report
from meshgate.model.rules import Rule
from meshgate.reporters import Style, visible

MARKER = "<!-- meshgate-report -->"  # lets a bot find and update its own comment
MAX_ROWS = 50
MAX_ITEMS_PER_RULE = 10
MAX_TEXT = 300
MAX_CHARS = 60_000

ICONS = {Severity.ERROR: "🔴", Severity.WARNING: "🟡", Severity.INFO: "🔵"}
# Findings that do not count against the gate, counted apart, in this order.
APART = {
    Status.WAIVED: "waived (approved exception)",
    Status.GRACE: "grace period (fails later)",
    Status.DRAFT: "draft policy (information)",
    Status.BASELINED: "baselined",
}
# Backslash-escaped anywhere; & < > become entities, so no HTML gets through.
_INLINE = re.compile(r"([\\`*_\[\]|~])")
# Markdown that only means something at the start of a line, before a space
# or a repeat: a heading, a list item, a rule (---).
_LINE_START = re.compile(r"^(\d*)([#+=-]|(?<=\d)[.)])(?=[\s#+=-]|$)")


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def html(text: str) -> str:
    """Text for an HTML context (<summary>): entities, no line breaks, no @mentions."""
    text = visible(text, lines=True).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # A zero-width space after @ keeps GitHub from notifying a user or team.
    return text.replace("@", "@\u200b").replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def escape(text: str) -> str:
    """Text for Markdown (a table cell, a list item, a paragraph) that renders as written."""
    text = _LINE_START.sub(r"\1\\\2", _INLINE.sub(r"\\\1", text))
    return html(text)


def code(text: str, *, table: bool = False) -> str:
    """Text as inline code; plain escaped text when it holds a backtick or a line break."""
    if "`" in text or "\n" in text or "\r" in text:
        return escape(text)
    text = visible(text)
    # In a table a pipe ends the cell even inside code, unless escaped.
    return f"`{text.replace('|', chr(92) + '|') if table else text}`"


def _location(finding: Finding) -> str:
    where = f"{finding.file}:{finding.line}"
    return where if finding.document == 1 else f"{where} (document {finding.document})"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def heading(report: Report) -> str:
    fail_on = report.fail_on.value if report.fail_on else "never"
    verdict = "❌ meshgate: failed" if report.failed else "✅ meshgate: passed"
    if report.recorded_in is not None:
        verdict = "📝 meshgate: findings recorded as the baseline, gate not applied"
    return f"## {verdict} (fail-on: {fail_on})"


def _counts(report: Report) -> list[str]:
    counts = report.counts()
    files, documents = _plural(len(report.files), "file"), _plural(len(report.documents), "document")
    policies = _plural(report.policy_count, "policy", "policies")
    lines = [f"Checked {files} ({documents}) against {policies}.", "", "| Severity | Findings |", "|:--|--:|"]
    lines += [f"| {ICONS[severity]} {severity.value} | {counts[severity]} |" for severity in Severity]
    errors = Counter(f.status for f in report.findings)[Status.ERROR]
    if errors:
        lines += ["", f"Of the errors, {_plural(errors, 'check')} could not run (status error)."]
    statuses = report.statuses()
    apart = [(status, statuses[status]) for status in APART if statuses[status]]
    if apart:
        lines += ["", "Not counted against the gate:", "", "| Status | Findings |", "|:--|--:|"]
        lines += [f"| {APART[status]} | {count} |" for status, count in apart]
    return lines


def _governed(report: Report) -> list[str]:
    """Waived findings with their waiver, and grace findings with the day they start failing."""
    shown = [f for f in report.findings if f.status in (Status.WAIVED, Status.GRACE)]
    if not shown:
        return []
    lines = ["", "### Waived and in a grace period", "", "| Rule | Location | Governance |", "|:--|:--|:--|"]
    for finding in shown[:MAX_ROWS]:
        note = governance_note(finding, report.evaluated_on)
        cells = [code(finding.rule_id, table=True), code(_location(finding), table=True), escape(_shorten(note))]
        lines.append("| " + " | ".join(cells) + " |")
    if len(shown) > MAX_ROWS:
        lines += ["", f"… and {len(shown) - MAX_ROWS} more (see the full report)."]
    return lines


def _by_importance(findings: Iterable[Finding]) -> list[Finding]:
    """Findings to act on first, the most severe first; accepted ones (waived, baselined) last.

    The sort is stable: findings of one severity keep the report's order (file, line).
    """
    return sorted(findings, key=lambda f: (f.status not in (Status.FAIL, Status.ERROR), -f.severity.rank))


def _table(report: Report) -> list[str]:
    shown = _by_importance(f for f in report.findings if f.status in (Status.FAIL, Status.ERROR))
    if not shown:
        return ["No findings."]
    lines = ["| Severity | Rule | Location | Message |", "|:--|:--|:--|:--|"]
    for finding in shown[:MAX_ROWS]:
        severity = f"{ICONS[finding.severity]} {finding.severity.value}"
        if finding.status is Status.ERROR:
            severity += " (check failed)"
        cells = [severity, code(finding.rule_id, table=True), code(_location(finding), table=True)]
        lines.append("| " + " | ".join([*cells, escape(_shorten(finding.message))]) + " |")
    if len(shown) > MAX_ROWS:
        lines += ["", f"… and {len(shown) - MAX_ROWS} more (see the full report)."]
    return lines


def _item(finding: Finding, rule: Rule) -> str:
    label = "" if finding.status.counts else f"({finding.status.value}) "
    text = f"- {label}{code(_location(finding))}: {escape(_shorten(finding.message))}"
    if finding.remediation and finding.remediation != rule.remediation:
        text += f"<br>Fix: {escape(_shorten(finding.remediation))}"
    return text


def _section(rule: Rule, findings: list[Finding]) -> str:
    summary = f"<code>{html(rule.id)}</code> {html(rule.title)} ({len(findings)})"
    lines = ["<details>", f"<summary>{summary}</summary>", ""]
    if rule.description:
        lines += [escape(rule.description), ""]
    if rule.remediation:
        lines += [f"**Fix:** {escape(rule.remediation)}", ""]
    lines += [_item(finding, rule) for finding in findings[:MAX_ITEMS_PER_RULE]]
    if len(findings) > MAX_ITEMS_PER_RULE:
        lines.append(f"- … and {len(findings) - MAX_ITEMS_PER_RULE} more")
    return "\n".join([*lines, "", "</details>"])


def _details(report: Report, budget: int) -> list[str]:
    rules = report.rules_by_id()
    by_rule: dict[str, list[Finding]] = {}
    for finding in _by_importance(report.findings):
        by_rule.setdefault(finding.rule_id, []).append(finding)
    sections = [_section(rules[rule_id], findings) for rule_id, findings in by_rule.items()]
    kept: list[str] = []
    for section in sections:
        if len(section) + 2 > budget:
            kept.append(f"… details of {_plural(len(sections) - len(kept), 'more rule')} left out to keep this short.")
            break
        budget -= len(section) + 2
        kept.append(section)
    return kept


def render(report: Report, style: Style) -> str:
    lines = [MARKER, heading(report), "", *_counts(report), "", "### Findings", "", *_table(report), *_governed(report)]
    text = "\n".join(lines) + "\n"
    details = _details(report, MAX_CHARS - len(text))
    return text + "".join(f"\n{section}\n" for section in details)
