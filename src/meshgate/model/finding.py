"""Findings: what meshgate says about a place in a descriptor."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple


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
    FAIL = "fail"
    WAIVED = "waived"
    BASELINED = "baselined"  # accepted by --baseline: reported, but does not fail the gate
    ERROR = "error"


class Span(NamedTuple):
    """1-based start and end of a place in a file (end is exclusive)."""

    line: int
    column: int
    end_line: int
    end_column: int


UNKNOWN_SPAN = Span(1, 1, 1, 1)


@dataclass(frozen=True, slots=True)
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
    fingerprint: str = ""  # identity across edits (see meshgate.baseline)

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
