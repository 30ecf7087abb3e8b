"""Baselines: adopt meshgate in a repository that already has findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then
accepts those (status "baselined", not failing the gate) and reports the
entries that no longer occur (fixed). A finding is recognised by its
fingerprint: rule id, file, document number, JSON pointer and, when the
finding is about a single value, that value. Line numbers are left out, so
edits elsewhere in a file do not break the match; the file is in, so a
finding moved to another file is new.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from meshgate.errors import UsageError
from meshgate.limits import Limits
from meshgate.model.finding import Status
from meshgate.model.report import BaselineEntry, BaselineSummary, Report
from meshgate.records import record

FORMAT = "meshgate-baseline/v1"
_ENTRY_KEYS = ("fingerprint", "rule_id", "file", "pointer", "message")


@record
class Baseline:
    """A baseline file as read: where it is and its entries by fingerprint."""

    path: str
    entries: Mapping[str, BaselineEntry]


def read(path: Path) -> Baseline:
    return Baseline(str(path), load(path))


def render(report: Report) -> str:
    """The baseline of a report: every failing finding, sorted, as JSON."""
    entries = sorted(
        {
            (f.fingerprint, f.rule_id, f.file, f.pointer, f.message)
            for f in report.findings
            if f.status in (Status.FAIL, Status.BASELINED) and f.fingerprint
        },
        key=lambda entry: (entry[2], entry[1], entry[3], entry[0]),
    )
    document = {
        "format": FORMAT,
        "tool_version": report.tool_version,
        "findings": [
            {"fingerprint": fp, "rule_id": rule, "file": file, "pointer": pointer, "message": message}
            for fp, rule, file, pointer, message in entries
        ],
    }
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


# A baseline of a large legacy repository holds many findings: allow more than a descriptor.
_BASELINE_LIMITS = Limits(max_file_bytes=256 * 1024 * 1024)
_HINT = "Write it again with --write-baseline."


def load(path: Path) -> dict[str, BaselineEntry]:
    """The entries of a baseline file; a usage error with file:line when it is not one.

    Read with meshgate's own JSON loader (nesting depth, size, duplicate keys,
    a UTF-8 byte order mark accepted), and every value checked.
    """
    from meshgate.load.inputs import kind_of, read_input

    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the baseline {path}: {error.strerror or error}") from error
    source = read_input(raw, str(path), what="baseline", json_text=True, limits=_BASELINE_LIMITS)
    document = source.data
    if source.document is None:
        raise UsageError(f"{path}: the baseline is empty", hint=_HINT)
    findings = document.get("findings") if isinstance(document, Mapping) else None
    if not isinstance(document, Mapping) or document.get("format") != FORMAT or not isinstance(findings, list):
        raise UsageError(f"{source.where('')}: {path} is not a meshgate baseline ({FORMAT})", hint=_HINT)
    entries: dict[str, BaselineEntry] = {}
    for index, item in enumerate(findings):
        pointer = f"/findings/{index}"
        if not isinstance(item, Mapping):
            raise UsageError(
                f"{source.where(pointer)}: entry {index} of the baseline is {kind_of(item)}, "
                f"not a mapping (at {pointer})",
                hint=_HINT,
            )
        for key in _ENTRY_KEYS:
            if not isinstance(item.get(key), str):
                problem = "lacks" if key not in item else f"has {kind_of(item[key])} for"
                raise UsageError(
                    f"{source.where(pointer)}: entry {index} of the baseline {problem} '{key}' (at {pointer})",
                    hint=_HINT,
                )
        entry = BaselineEntry(*(item[key] for key in _ENTRY_KEYS))
        entries[entry.fingerprint] = entry
    return entries


def apply(report: Report, baseline: Baseline) -> Report:
    """The report with baselined findings accepted and the fixed entries counted."""
    entries, path = baseline.entries, baseline.path
    seen: set[str] = set()
    findings = []
    for finding in report.findings:
        if finding.status is Status.FAIL and finding.fingerprint in entries:
            seen.add(finding.fingerprint)
            finding = replace(finding, status=Status.BASELINED)
        findings.append(finding)
    checked = set(report.files)
    # Entries for files this run did not check (pre-commit passes only some) are not "fixed".
    fixed = tuple(
        sorted(
            (entry for fp, entry in entries.items() if fp not in seen and entry.file in checked),
            key=lambda entry: (entry.file, entry.rule_id, entry.pointer),
        )
    )
    summary = BaselineSummary(path, len(entries), sum(1 for f in findings if f.status is Status.BASELINED), fixed)
    return replace(report, findings=tuple(findings), baseline=summary)
