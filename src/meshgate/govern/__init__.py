"""govern: what the organisation has decided about findings, applied in one place for every command.

In order: the policy lifecycle (draft policies report info, policies in
their grace period do not fail the gate until their date), the baseline
(findings accepted when meshgate was adopted), then waivers (approved
exceptions that expire; a baselined finding that gets a waiver is waived).
Which policies are evaluated, with which severity and scope, is decided
before evaluation (``controls.configure``), from the same ``Governance``.
So ``validate`` and every later command treat findings the same way.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import field, replace

from meshgate.govern import baseline as baselines
from meshgate.govern import controls as policy_controls
from meshgate.govern import waivers as waiver_files
from meshgate.model import rules as builtin_rules
from meshgate.model.finding import Finding, Status
from meshgate.model.report import Report
from meshgate.model.rules import BUILTIN
from meshgate.records import record

_UNREAD = frozenset(
    rule.id
    for rule in (builtin_rules.TOO_LARGE, builtin_rules.BINARY, builtin_rules.UNREADABLE, builtin_rules.NOT_A_FILE)
)


@record
class Governance:
    """What the organisation has decided about findings: baseline, waivers, and which policies run."""

    baseline: baselines.Baseline | None = None
    waivers: tuple[waiver_files.WaiverRule, ...] = ()  # from waivers files
    inline_waivers: bool = True  # whether descriptors may carry '# meshgate:waive' comments
    max_waiver_days: int | None = None
    notice_days: int = waiver_files.DEFAULT_NOTICE_DAYS
    controls: policy_controls.PolicyControls = field(default_factory=policy_controls.PolicyControls)


def govern(
    report: Report, governance: Governance, comments: Sequence[waiver_files.InlineComment] | None = None
) -> Report:
    """The report with the governance decisions applied to its findings.

    The inline waivers are read from the report's files, or given as ``comments`` when those files were
    read by another run (``audit merge`` governs the mesh's findings with the waivers its shards read).
    """
    today = datetime.date.fromisoformat(report.evaluated_on)
    rules = report.rules_by_id()
    extra: list[Finding] = []
    written = list(governance.waivers)
    if comments is None:
        # Files the loader did not read (too large, binary, a pipe, unreadable) are not read here either.
        unread = {finding.file for finding in report.findings if finding.rule_id in _UNREAD}
        comments = waiver_files.inline_comments(file for file in report.files if file not in unread)
    if governance.inline_waivers:
        written += [waiver_files.parse_inline(comment) for comment in comments]
    else:
        extra += waiver_files.forbidden(comments)
    known = [*rules, *BUILTIN]
    waiver_files.check(written, known, today, governance.max_waiver_days)
    findings = policy_controls.apply_lifecycle(report.findings, rules, today)
    report = replace(report, findings=tuple(findings))
    if governance.baseline is not None:
        report = baselines.apply(report, governance.baseline)
    report = waiver_files.apply(report, written, today, governance.notice_days, known)
    if report.baseline is not None:  # a baselined finding a waiver now covers is counted as waived
        matched = sum(1 for finding in report.findings if finding.status is Status.BASELINED)
        report = replace(report, baseline=replace(report.baseline, matched=matched))
    if extra:
        report = replace(report, findings=tuple(sorted([*report.findings, *extra], key=Finding.sort_key)))
    return report
