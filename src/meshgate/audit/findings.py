"""Our ``Finding`` as an audit records it: the one place it becomes an ``AuditFinding``."""

from __future__ import annotations

import sys

from meshgate.audit.model import AuditFinding, WaiverInfo
from meshgate.model import rules
from meshgate.model.finding import Finding

UNUSED_WAIVER = rules.WAIVER_UNUSED.id


def audit_finding(finding: Finding) -> AuditFinding:
    """The audit's record of a finding; the texts many findings repeat are shared (interned), not copied."""
    waiver = finding.waiver
    return AuditFinding(
        rule_id=sys.intern(finding.rule_id),
        severity=finding.severity.value,
        status=finding.status.value,
        message=finding.message,
        file=sys.intern(finding.file),
        document=finding.document,
        line=finding.span.line,
        column=finding.span.column,
        pointer=finding.pointer,
        remediation=sys.intern(finding.remediation),
        product_id=finding.product_id,
        port_id=finding.port_id,
        fingerprint=finding.fingerprint,
        waiver=WaiverInfo(
            source=waiver.source,
            reason=waiver.reason,
            approved_by=waiver.approved_by,
            expires=waiver.expires,
            ticket=waiver.ticket,
        )
        if waiver
        else None,
        enforce_after=finding.enforce_after,
    )


def finding_key(finding: AuditFinding) -> tuple[str, int, int, str, str]:
    return (finding.file, finding.line, finding.column, finding.rule_id, finding.message)
