from __future__ import annotations

import dataclasses
import json

import pytest

from meshgate.model.finding import Finding, Severity, Span
from meshgate.model.report import DocumentResult, Report
from meshgate.reporters import REPORTERS, Style
from meshgate.reporters.text import format_finding

FINDING = Finding(
    rule_id="ownership/owner-required",
    severity=Severity.ERROR,
    message="the product names no owner",
    file="p/data-product.yaml",
    pointer="/owner",
    span=Span(3, 1, 3, 6),
    remediation="Name the owner.",
    product_id="orders",
)


def report(*findings: Finding, fail_on: Severity | None = Severity.ERROR) -> Report:
    return Report(
        tool_version="9.9.9",
        evaluated_on="2026-01-02",
        environment="prod",
        fail_on=fail_on,
        policy_count=1,
        policy_digest="sha256:" + "0" * 64,
        files=("p/data-product.yaml",),
        documents=(
            DocumentResult("p/data-product.yaml", 1, "bitol-odps", "v1.0.0", "product", "orders", "Orders", "sales"),
        ),
        findings=tuple(findings),
    )


def test_text_line_is_clickable_and_has_the_fix() -> None:
    assert format_finding(FINDING, Style()) == (
        "p/data-product.yaml:3:1: error [ownership/owner-required] the product names no owner (at /owner)\n"
        "    fix: Name the owner."
    )


def test_text_names_the_document_of_multi_document_files() -> None:
    other = Finding("x/y", Severity.INFO, "m", "f.yaml", document=2)
    assert format_finding(other, Style()) == "f.yaml:1:1: info [x/y] m (document 2)"


def test_text_colour_only_when_asked() -> None:
    assert "\x1b[" not in REPORTERS["text"](report(FINDING), Style(color=False))
    coloured = REPORTERS["text"](report(FINDING), Style(color=True))
    assert "\x1b[31merror\x1b[0m" in coloured


def test_text_summary() -> None:
    text = REPORTERS["text"](report(FINDING), Style())
    assert text.endswith(
        "checked 1 file (1 document) against 1 policy: 1 error, 0 warnings, 0 info; failed (fail-on: error)\n"
    )
    clean = REPORTERS["text"](report(fail_on=None), Style())
    assert (
        clean == "checked 1 file (1 document) against 1 policy: 0 errors, 0 warnings, 0 info; passed (fail-on: never)\n"
    )


def test_json_envelope() -> None:
    envelope = json.loads(REPORTERS["json"](report(FINDING), Style()))
    assert envelope["summary"] == {
        "files": 1,
        "documents": 1,
        "findings": 1,
        "errors": 1,
        "warnings": 0,
        "info": 0,
        "failed": True,
        "statuses": {"fail": 1, "waived": 0, "baselined": 0, "grace": 0, "draft": 0, "error": 0},
        "baseline": None,
    }
    assert envelope["documents"][0]["result"] == "fail"
    assert envelope["findings"][0] == {
        "rule_id": "ownership/owner-required",
        "severity": "error",
        "status": "fail",
        "message": "the product names no owner",
        "remediation": "Name the owner.",
        "file": "p/data-product.yaml",
        "document": 1,
        "pointer": "/owner",
        "line": 3,
        "column": 1,
        "end_line": 3,
        "end_column": 6,
        "product_id": "orders",
        "port_id": None,
        "fingerprint": "",
        "waiver": None,
        "enforce_after": None,
        "enforced_in_days": None,
    }
    assert envelope["run"] == {
        "evaluated_on": "2026-01-02",
        "environment": "prod",
        "fail_on": "error",
        "engine": "",
        "policies": {"count": 1, "digest": "sha256:" + "0" * 64},
    }


def test_json_keys_are_sorted() -> None:
    text = REPORTERS["json"](report(FINDING), Style())
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_a_warning_does_not_fail_an_error_gate() -> None:
    warning = Finding("x/y", Severity.WARNING, "m", "p/data-product.yaml")
    assert not report(warning).failed
    assert report(warning, fail_on=Severity.WARNING).failed
    assert not report(FINDING, fail_on=None).failed


def test_every_built_in_rule_is_used_and_no_stage_spells_a_rule_id() -> None:
    import re

    from conftest import REPO
    from meshgate.model import rules

    names = {name for name, value in vars(rules).items() if isinstance(value, rules.Rule)}
    used: set[str] = set()
    spelled: set[str] = set()
    for path in (REPO / "src" / "meshgate").rglob("*.py"):
        if path.name == "rules.py" and path.parent.name == "model":
            continue
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\brules\.([A-Z][A-Z0-9_]+)\b", text))
        spelled |= set(re.findall(r'"((?:load|detect|join|evaluate|govern)/[a-z0-9-]+)"', text))
    assert names - used == set(), "catalogue entries no stage emits"
    assert {name for name in used if not hasattr(rules, name)} == set()
    # A stage names a built-in rule through its constant, so severity and fix are written once.
    assert spelled == set()


def test_cli_lists_every_registered_format() -> None:
    from meshgate.cli import FORMATS

    assert set(FORMATS) == set(REPORTERS)


def test_a_large_json_report_is_written_as_json_dumps_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """Large reports go through pydantic-core's serializer: the same bytes, whatever the text holds."""
    from meshgate.reporters import json_report

    odd = 'Caf\u00e9 \U0001f600 \u2028 \x7f \x1f \\ " </script> \t\n'
    findings = [
        dataclasses.replace(FINDING, message=f"{odd} {number}", pointer=f"/ports/{number}", product_id=odd)
        for number in range(json_report.FAST_FROM + 1)
    ]
    big = report(*findings)
    expected = json.dumps(json_report.envelope(big), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert json_report._fast(json_report.envelope(big)) is not None
    assert REPORTERS["json"](big, Style()) == expected
    # What the fast serializer might write otherwise goes to json.dumps
    surrogate = report(*[dataclasses.replace(finding, message="\ud800") for finding in findings])
    assert json_report._fast(json_report.envelope(surrogate)) is None
    assert REPORTERS["json"](surrogate, Style()) == (
        json.dumps(json_report.envelope(surrogate), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
    assert json_report._fast({"ratio": float("nan")}) is None
