"""Findings: what meshgate says about a place in a descriptor."""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from meshgate.records import record


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, value: object) -> Severity | None:
        """The severity named by value (case-insensitive), or None."""
        if isinstance(value, str):
            try:
                return cls(value.strip().lower())
            except ValueError:
                return None
        return None


_RANK = {Severity.ERROR: 3, Severity.WARNING: 2, Severity.INFO: 1}


class Status(StrEnum):
    """A finding's governance status: only fail and error count against the gate."""

    FAIL = "fail"
    WAIVED = "waived"  # covered by an approved, unexpired waiver
    BASELINED = "baselined"  # accepted by --baseline: reported, but does not fail the gate
    GRACE = "grace"  # its policy is in its grace period: reported at its severity, fails after enforce_after
    DRAFT = "draft"  # its policy is a draft: reported as info, never fails
    ERROR = "error"

    @property
    def counts(self) -> bool:
        """Whether a finding of this status counts against the gate."""
        return self in (Status.FAIL, Status.ERROR)


@record
class Waiver:
    """The approved exception behind a waived finding (or a finding about the waiver itself)."""

    source: str  # where it is written, file:line
    rule: str  # the rule id or glob it names
    reason: str
    approved_by: str
    expires: str  # YYYY-MM-DD, the last day it covers
    ticket: str | None = None
    inline: bool = False  # a '# meshgate:waive' comment in the descriptor


class Span(NamedTuple):
    """1-based start and end of a place in a file (end is exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


UNKNOWN_SPAN = Span(1, 1, 1, 1)
# A span as a plain tuple (line, column, end line, end column): how spans are kept on disk and in an
# audit's JSON, and a third faster to pickle than Span objects.
Place = tuple[int, int, int, int]


def places_of(spans: Mapping[str, Span]) -> dict[str, Place]:
    return {pointer: (span.line, span.column, span.end_line, span.end_column) for pointer, span in spans.items()}


def spans_at(places: Mapping[str, Sequence[int]]) -> dict[str, Span]:
    return {pointer: Span(*place) for pointer, place in places.items()}


@record
class Finding:
    """One problem at one place.

    ``pointer`` is a JSON pointer into the raw descriptor of ``file``; the span
    is where that pointer sits in the file. ``document`` counts from 1 for
    files that hold several YAML documents.
    """

    rule_id: str
    severity: Severity
    message: str
    file: str
    pointer: str = ""
    span: Span = UNKNOWN_SPAN
    remediation: str = ""
    status: Status = Status.FAIL
    document: int = 1
    product_id: str | None = None
    port_id: str | None = None
    fingerprint: str = ""  # identity across edits: see fingerprint()
    waiver: Waiver | None = None  # status waived: the waiver that covers it
    enforce_after: str | None = None  # status grace: the last day before its policy fails the gate

    @property
    def line(self) -> int:
        return self.span.line

    @property
    def column(self) -> int:
        return self.span.column

    def sort_key(self) -> tuple[str, int, int, int, str, str, str]:
        return (
            self.file,
            self.document,
            self.span.line,
            self.span.column,
            self.rule_id,
            self.pointer,
            self.message,
        )


def days_until_enforced(enforce_after: str, today: str) -> int:
    """Days from today until a grace period ending on enforce_after fails the gate (1 on its last day)."""
    return (datetime.date.fromisoformat(enforce_after) - datetime.date.fromisoformat(today)).days + 1


def governance_note(finding: Finding, today: str) -> str:
    """What governance decided about a finding, in one sentence for people ("" for a plain failure)."""
    waiver = finding.waiver
    if finding.status is Status.WAIVED and waiver is not None:
        ticket = f", {waiver.ticket}" if waiver.ticket else ""
        return (
            f"waived by {waiver.source} until {waiver.expires} "
            f"(approved by {waiver.approved_by}{ticket}): {waiver.reason}"
        )
    if finding.status is Status.WAIVED:
        return "waived"
    if finding.status is Status.GRACE and finding.enforce_after:
        days = days_until_enforced(finding.enforce_after, today)
        return (
            f"grace period: does not fail the gate until {finding.enforce_after}; "
            f"fails it in {days} day{'s' if days != 1 else ''}"
        )
    if finding.status is Status.DRAFT:
        return "draft policy: reported for information, never fails the gate"
    if finding.status is Status.BASELINED:
        return "accepted by the baseline"
    return ""


_SCALARS = (str, int, float, bool)


def fingerprint(finding: Finding, value: Any = None) -> str:
    """A finding's identity across edits, shared by the baseline and SARIF's partialFingerprints.

    Rule id, file, document number, JSON pointer and, when the finding is about
    a single value, that value (``value`` is the raw value at its pointer).
    Line numbers are left out, so edits elsewhere in a file do not break the
    match; a block or a missing field contributes only its place, as hashing a
    whole mapping would make every edit inside it a new finding.
    """
    offending = ""
    if isinstance(value, _SCALARS):
        try:
            offending = json.dumps(value, sort_keys=True)
        except ValueError:  # an integer too long for Python to print
            offending = f"<{type(value).__name__}>"
    key = "\0".join((finding.rule_id, finding.file, str(finding.document), finding.pointer, offending))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
