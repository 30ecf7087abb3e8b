"""Waivers: approved, reasoned exceptions to a rule that expire.

A waivers file (``meshgate-waivers.yaml``, schema
``schemas/meshgate/waivers-v1.schema.json``) lists waivers; each names the
rule (an id or a glob such as ``slo/*``), what it covers (a product id or
glob, file globs relative to the waivers file, optionally a port or a JSON
pointer), a reason, who approved it and the last day it covers (``expires``),
all mandatory, and optionally a ticket. A descriptor may carry its own
waivers as comments, on the line or above the block they cover::

    # meshgate:waive access/approvers-required reason="..." approved-by=jane expires=2027-03-01

A waiver covers matching findings (failing, baselined or in a grace period)
up to and including its expiry date. Then it stops covering them and is an
error finding itself at its file and line; a waiver that covers nothing is a
warning, one that expires within the notice window an info finding. A
malformed waiver, one naming a rule that nothing loaded has, or one
expiring further ahead than ``max-waiver-days`` is a usage error (exit 2)
with file:line.
"""

from __future__ import annotations

import datetime
import fnmatch
import json
import os
import re
import shlex
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from meshgate.errors import UsageError
from meshgate.load.inputs import read_input, schema_problem
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding, Span, Status, Waiver, fingerprint
from meshgate.model.report import Report
from meshgate.records import record
from meshgate.resources import schemas_dir

DEFAULT_NAME = "meshgate-waivers.yaml"
SCHEMA_NAME = "schemas/meshgate/waivers-v1.schema.json"
DEFAULT_NOTICE_DAYS = 14
_HINT = f"See {SCHEMA_NAME}."
_INLINE = re.compile(r"(?:^|\s)#\s*meshgate:waive\b(.*)$")
_INLINE_KEYS = {"reason": "reason", "approved-by": "approved_by", "approved_by": "approved_by"}
_INLINE_KEYS.update(expires="expires", ticket="ticket")
_COVERABLE = (Status.FAIL, Status.BASELINED, Status.GRACE)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@record
class WaiverRule:
    """One waiver as written, and what it covers."""

    rule: str
    reason: str
    approved_by: str
    expires: datetime.date
    file: str  # where the waiver is written
    span: Span
    products: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # globs, relative to the working directory
    port: str | None = None
    pointer: str | None = None
    ticket: str | None = None
    lines: tuple[int, int] | None = None  # inline: the first and last line of the descriptor it covers

    @property
    def source(self) -> str:
        return f"{self.file}:{self.span.line}"

    def note(self) -> Waiver:
        return Waiver(
            self.source,
            self.rule,
            self.reason,
            self.approved_by,
            self.expires.isoformat(),
            self.ticket,
            self.lines is not None,
        )

    def covers(self, finding: Finding, product_id: str | None) -> bool:
        if not fnmatch.fnmatchcase(finding.rule_id, self.rule):
            return False
        if self.lines is not None:
            return finding.file == self.file and self.lines[0] <= finding.line <= self.lines[1]
        if self.products and not any(fnmatch.fnmatchcase(product_id or "", glob) for glob in self.products):
            return False
        if self.files and not self.names_file(finding.file):
            return False
        if self.port is not None and finding.port_id != self.port:
            return False
        return self.pointer is None or jp.is_within(finding.pointer, self.pointer)

    def names_file(self, file: str) -> bool:
        # The globs are relative to the working directory, as findings name files checked by a relative path.
        normal = os.path.relpath(file) if Path(file).is_absolute() else os.path.normpath(file)
        return any(fnmatch.fnmatchcase(file, glob) or fnmatch.fnmatchcase(normal, glob) for glob in self.files)


def _schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((schemas_dir() / "meshgate" / "waivers-v1.schema.json").read_text("utf-8"))
    return loaded


def _date(value: str, where: str) -> datetime.date:
    try:
        if not _DATE.match(value):
            raise ValueError(value)
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{where}: expires is {value!r}, not a date (YYYY-MM-DD)", hint="Write e.g. expires: 2027-03-01."
        ) from None


def _texts(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def read(path: Path) -> list[WaiverRule]:
    """The waivers of a waivers file; a usage error with file:line when one is malformed."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read the waivers file {path}: {error.strerror or error}") from error
    source = read_input(raw, str(path), what="waivers file")
    data = source.data if source.data is not None else {"waivers": []}
    items = data.get("waivers") if isinstance(data, Mapping) else None
    for index, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, Mapping) and "product" not in item and "files" not in item:
            raise UsageError(
                f"{source.where(f'/waivers/{index}')}: the waiver covers nothing: name a product, files or both "
                f"(at /waivers/{index})",
                hint=_HINT,
            )
    problem = schema_problem(_schema(), data, schema_name=SCHEMA_NAME)
    if problem is not None:
        raise UsageError(
            f"{source.where(problem.pointer)}: {problem.message} (at {problem.pointer or '/'})", hint=problem.hint
        )
    base = path.parent
    waivers = []
    for index, item in enumerate(data["waivers"]):
        pointer = f"/waivers/{index}"
        span = source.document.locate(pointer) if source.document is not None else Span(1, 1, 1, 1)
        waivers.append(
            WaiverRule(
                rule=item["rule"],
                reason=item["reason"].strip(),
                approved_by=item["approved_by"].strip(),
                expires=_date(item["expires"], source.where(jp.join(pointer, "expires"))),
                file=str(path),
                span=span,
                products=_texts(item.get("product")),
                files=tuple(
                    glob if Path(glob).is_absolute() else os.path.relpath(base / glob)
                    for glob in _texts(item.get("files"))
                ),
                port=item.get("port"),
                pointer=item.get("pointer"),
                ticket=item.get("ticket"),
            )
        )
    return waivers


@record
class InlineComment:
    """A '# meshgate:waive' comment in a descriptor, and the lines it covers."""

    file: str
    line: int
    text: str  # what follows 'meshgate:waive'
    covered: tuple[int, int]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _is_comment_or_blank(line: str) -> bool:
    return not line.strip() or line.lstrip().startswith("#")


def _covered(lines: Sequence[str], number: int, trailing: bool) -> tuple[int, int]:
    """The lines a waiver comment on line ``number`` covers: its line (or the next), and the block it opens."""
    start = number
    if not trailing:
        start = next((n for n in range(number + 1, len(lines) + 1) if not _is_comment_or_blank(lines[n - 1])), number)
    head = lines[start - 1]
    indent, end = _indent(head), start
    opens = head.split("#", 1)[0].rstrip().endswith(":")
    for n in range(start + 1, len(lines) + 1):
        line = lines[n - 1]
        if _is_comment_or_blank(line):
            continue
        inside = _indent(line) > indent or (opens and _indent(line) == indent and line.lstrip().startswith("- "))
        if not inside:
            break
        end = n
    return start, end


def inline_comments(files: Iterable[str]) -> list[InlineComment]:
    """Every '# meshgate:waive' comment in the YAML descriptors checked."""
    found = []
    for file in files:
        if file.lower().endswith(".json"):
            continue
        try:
            raw = Path(file).read_bytes()
        except OSError:
            continue  # reported by the loader
        if b"meshgate:waive" not in raw:
            continue
        lines = raw.decode("utf-8", "replace").splitlines()
        for number, line in enumerate(lines, 1):
            match = _INLINE.search(line)
            if match is None:
                continue
            trailing = bool(line[: match.start()].strip())
            found.append(InlineComment(file, number, match.group(1).strip(), _covered(lines, number, trailing)))
    return found


def parse_inline(comment: InlineComment) -> WaiverRule:
    """An inline waiver's fields, checked as a waivers file's are; a usage error at file:line otherwise."""
    where = f"{comment.file}:{comment.line}"
    hint = 'Write: # meshgate:waive RULE reason="..." approved-by=NAME expires=YYYY-MM-DD [ticket=URL]'
    try:
        words = shlex.split(comment.text)
    except ValueError as error:
        raise UsageError(f"{where}: the inline waiver cannot be read: {error}", hint=hint) from None
    if not words or "=" in words[0]:
        raise UsageError(f"{where}: the inline waiver names no rule", hint=hint)
    item: dict[str, Any] = {"rule": words[0], "files": [comment.file]}
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if not equals or key not in _INLINE_KEYS:
            known = ", ".join(sorted(k for k in _INLINE_KEYS if k != "approved_by"))
            raise UsageError(f"{where}: '{word}' is not a field of an inline waiver ({known})", hint=hint)
        item[_INLINE_KEYS[key]] = value
    problem = schema_problem(_schema(), {"waivers": [item]}, schema_name=SCHEMA_NAME)
    if problem is not None:
        name = (jp.tokens(problem.pointer)[2:] or [""])[0].replace("approved_by", "approved-by")
        field = f" {name}" if name else ""
        raise UsageError(f"{where}: the inline waiver's{field}: {problem.message}", hint=hint)
    return WaiverRule(
        rule=item["rule"],
        reason=item["reason"].strip(),
        approved_by=item["approved_by"].strip(),
        expires=_date(item["expires"], where),
        file=comment.file,
        span=Span(comment.line, 1, comment.line, 1),
        ticket=item.get("ticket"),
        lines=comment.covered,
    )


def forbidden(comments: Iterable[InlineComment]) -> list[Finding]:
    """With inline-waivers: false, each inline waiver is a finding and covers nothing."""
    findings = []
    for comment in comments:
        finding = rules.INLINE_WAIVER_FORBIDDEN.finding(
            comment.file,
            "an inline waiver, which the configuration forbids (inline-waivers: false); it covers nothing",
            span=Span(comment.line, 1, comment.line, 1),
        )
        findings.append(replace(finding, fingerprint=fingerprint(finding, comment.text)))
    return findings


def names_known_rule(waiver: WaiverRule, ids: Iterable[str]) -> bool:
    return waiver.rule.startswith("schema/") or any(fnmatch.fnmatchcase(identifier, waiver.rule) for identifier in ids)


def check(waivers: Iterable[WaiverRule], known: Iterable[str], today: datetime.date, max_days: int | None) -> None:
    """Each waiver names a rule something loaded has, and expires no further ahead than the cap allows.

    An inline waiver naming a rule nothing loaded has is not an error: the
    descriptor may be checked with another policy set (--no-builtin-policies);
    it covers nothing, so it is reported as matching nothing, and a typo never
    hides a finding.
    """
    ids = sorted(set(known))
    for waiver in waivers:
        if waiver.lines is None and not names_known_rule(waiver, ids):
            import difflib

            close = difflib.get_close_matches(waiver.rule, ids, n=1)
            guess = f"Did you mean '{close[0]}'? " if close else ""
            raise UsageError(
                f"{waiver.source}: the waiver names the rule '{waiver.rule}', which no loaded policy "
                "or meshgate check has",
                hint=f"{guess}See the ids with: meshgate policies list.",
            )
        if max_days is not None and (waiver.expires - today).days > max_days:
            raise UsageError(
                f"{waiver.source}: the waiver expires on {waiver.expires.isoformat()}, more than {max_days} days "
                f"after {today.isoformat()} (max-waiver-days)",
                hint="Ask for a shorter exception; it can be renewed when it expires.",
            )


def _plural(days: int) -> str:
    return f"{days} day{'s' if days != 1 else ''}"


def apply(
    report: Report, waivers: Sequence[WaiverRule], today: datetime.date, notice_days: int, known: Sequence[str] = ()
) -> Report:
    """The report with covered findings waived, and a finding for each expired, unused or expiring waiver."""
    if not waivers:
        return report
    products = {(document.file, document.document): document.product_id for document in report.documents}
    active = [waiver for waiver in waivers if today <= waiver.expires]
    used: set[int] = set()
    findings = []
    for finding in report.findings:
        if finding.status in _COVERABLE:
            product_id = finding.product_id or products.get((finding.file, finding.document))
            for waiver in active:
                if waiver.covers(finding, product_id):
                    used.add(id(waiver))
                    finding = replace(finding, status=Status.WAIVED, waiver=waiver.note(), enforce_after=None)
                    break
        findings.append(finding)
    checked = set(report.files)
    for waiver in waivers:
        days = (waiver.expires - today).days
        covers = f"{waiver.rule} ({waiver.reason}; approved by {waiver.approved_by})"
        if days < 0:
            rule, message = (
                rules.WAIVER_EXPIRED,
                f"the waiver of {covers} expired on {waiver.expires.isoformat()}; the findings it covered fail again",
            )
        elif id(waiver) not in used:
            if waiver.files and not any(waiver.names_file(file) for file in checked):
                continue  # about files this run did not check (pre-commit passes only some)
            rule, message = rules.WAIVER_UNUSED, f"the waiver of {covers} covers no finding"
            if known and not names_known_rule(waiver, known):
                message += ": no loaded policy or meshgate check has that rule"
        elif days <= notice_days:
            when = "today is the last day it covers" if days == 0 else f"in {_plural(days)}"
            rule, message = (
                rules.WAIVER_EXPIRING,
                f"the waiver of {covers} expires on {waiver.expires.isoformat()} ({when})",
            )
        else:
            continue
        finding = rule.finding(waiver.file, message, span=waiver.span)
        findings.append(replace(finding, waiver=waiver.note(), fingerprint=fingerprint(finding, waiver.rule)))
    findings.sort(key=Finding.sort_key)
    return replace(report, findings=tuple(findings))
