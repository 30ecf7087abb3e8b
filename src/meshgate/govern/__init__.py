"""govern: what the organisation has decided about findings, applied in one place for every command.

Today the baseline (findings accepted when meshgate was adopted); waivers
and policy lifecycles come here too, so ``validate`` and every later command
treat findings the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

from meshgate.govern import baseline
from meshgate.model.report import Report


@dataclass(frozen=True, slots=True)
class Governance:
    baseline: baseline.Baseline | None = None


def govern(report: Report, governance: Governance) -> Report:
    """The report with the governance decisions applied to its findings."""
    if governance.baseline is not None:
        report = baseline.apply(report, governance.baseline)
    return report
