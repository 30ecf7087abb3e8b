"""The result of a run: what was checked and every finding, in a stable order."""

from __future__ import annotations

from collections import Counter

from meshgate.model.finding import Finding, Severity, Status
from meshgate.model.rules import Rule, describe
from meshgate.records import record


@record
class DocumentResult:
    """One document of a run: its spec and version, and who and what it declares (for the audit's tables)."""

    file: str
    document: int
    spec: str | None = None
    spec_version: str | None = None
    kind: str | None = None
    product_id: str | None = None
    name: str | None = None
    domain: str | None = None
    owner: str | None = None
    ports: tuple[str, ...] = ()  # the ids (else names) of its ports, in order
    port_names: tuple[str | None, ...] = ()  # the ports' names, in order
    port_contracts: tuple[str | None, ...] = ()  # the ports' contract ids, in order
    dependencies: tuple[tuple[str | None, str | None, str | None], ...] = ()  # (product, port, contract) read


@record
class BaselineEntry:
    """An entry of a baseline file, as a run reports it once it no longer occurs."""

    fingerprint: str
    rule_id: str
    file: str
    pointer: str
    message: str


@record
class BaselineSummary:
    """What the baseline did in a run: how many findings it accepted, and its entries that were fixed."""

    path: str
    entries: int
    matched: int  # current findings the baseline accepts
    fixed: tuple[BaselineEntry, ...]  # entries for checked files that no longer occur


@record
class Report:
    """A whole run: its settings, documents, findings and the rules they cite; what every reporter renders."""

    tool_version: str
    evaluated_on: str  # the date policies saw as context.today
    environment: str | None
    fail_on: Severity | None  # None: the gate never fails
    policy_count: int
    policy_digest: str
    files: tuple[str, ...]
    documents: tuple[DocumentResult, ...]
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...] = ()  # every rule a finding may name, by id
    baseline: BaselineSummary | None = None
    engine: str = ""  # which engine evaluated the policies (and where)
    recorded_in: str | None = None  # the baseline this run writes: the gate is not applied (exit 0)

    def rules_by_id(self) -> dict[str, Rule]:
        """The report's rules by id, sorted, plus any rule a finding names that they lack."""
        rules = {rule.id: rule for rule in self.rules}
        for finding in self.findings:
            if finding.rule_id not in rules:
                rules[finding.rule_id] = describe(finding.rule_id, finding.severity)
        return dict(sorted(rules.items()))

    def counts(self) -> dict[Severity, int]:
        """Findings that count against the gate, by severity (a check that failed to run counts as an error)."""
        counted = Counter(
            Severity.ERROR if finding.status is Status.ERROR else finding.severity
            for finding in self.findings
            if finding.status.counts
        )
        return {severity: counted.get(severity, 0) for severity in Severity}

    def statuses(self) -> dict[Status, int]:
        """Findings by governance status (fail, waived, baselined, grace, draft, error), every status present."""
        counted = Counter(finding.status for finding in self.findings)
        return {status: counted.get(status, 0) for status in Status}

    def blocking(self) -> tuple[Finding, ...]:
        """Findings at or above the fail-on threshold, and every check that could not run (status error)."""
        if self.fail_on is None:
            return ()
        threshold = self.fail_on.rank
        return tuple(
            f
            for f in self.findings
            if f.status is Status.ERROR or (f.status is Status.FAIL and f.severity.rank >= threshold)
        )

    @property
    def failed(self) -> bool:
        return bool(self.blocking())
