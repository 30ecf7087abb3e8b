"""Property-based tests of the reporters (issue 8): any findings and messages render, in every format.

Properties: every format renders; JSON parses and keeps every finding; SARIF
has its required fields; JUnit is well-formed XML; the terminal formats carry
no control character from a message; rendering is deterministic.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

import fuzzing
from meshgate.model import rules
from meshgate.model.finding import Finding, Severity, Span, Status
from meshgate.model.report import Report
from meshgate.reporters import REPORTERS, Style

# What a report carries is text meshgate produced: never a lone surrogate.
_TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=60)
_RULE_IDS = st.sampled_from([*rules.BUILTIN, "schema/required", "ownership/owner-required", "x/y"]) | _TEXT.filter(bool)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202e]")


@st.composite
def findings(draw: st.DrawFn) -> Finding:
    line = draw(st.integers(1, 10_000))
    column = draw(st.integers(1, 500))
    return Finding(
        rule_id=draw(_RULE_IDS),
        severity=draw(st.sampled_from(list(Severity))),
        message=draw(_TEXT | st.sampled_from(["\x1b]0;title\x07", "a\nb", "a\rb", "<b>&amp;</b>", "`|x|`", "@team"])),
        file=draw(
            st.sampled_from(["a.odps.yaml", "dir/b c.dpds.json", "C:\\x\\y.yaml", "é/ü.yaml"]) | _TEXT.filter(bool)
        ),
        pointer=draw(st.sampled_from(["", "/a", "/a~1b/0"]) | _TEXT),
        span=Span(line, column, line + draw(st.integers(0, 3)), column + draw(st.integers(0, 10))),
        remediation=draw(_TEXT),
        status=draw(st.sampled_from(list(Status))),
        document=draw(st.integers(1, 5)),
        fingerprint=draw(st.sampled_from(["", "0123456789abcdef0123456789abcdef"])),
    )


@st.composite
def reports(draw: st.DrawFn) -> Report:
    found = sorted(draw(st.lists(findings(), max_size=12)), key=lambda finding: finding.sort_key())
    files = tuple(sorted({finding.file for finding in found} | set(draw(st.lists(_TEXT.filter(bool), max_size=2)))))
    return Report(
        tool_version="0.1.0",
        evaluated_on="2026-11-24",
        environment=draw(st.none() | _TEXT),
        fail_on=draw(st.none() | st.sampled_from(list(Severity))),
        policy_count=draw(st.integers(0, 30)),
        policy_digest="digest",
        files=files,
        documents=(),
        findings=tuple(found),
    )


@given(reports())
def test_every_format_renders_deterministically(report: Report) -> None:
    for name, render in REPORTERS.items():
        first = render(report, Style())
        assert isinstance(first, str)
        assert render(report, Style()) == first, name
        first.encode("utf-8")


@given(reports())
def test_json_report_parses_and_keeps_every_finding(report: Report) -> None:
    parsed = json.loads(REPORTERS["json"](report, Style()))
    assert len(parsed["findings"]) == len(report.findings)
    assert [f["message"] for f in parsed["findings"]] == [f.message for f in report.findings]


@given(reports())
def test_sarif_has_its_required_fields(report: Report) -> None:
    sarif = json.loads(REPORTERS["sarif"](report, Style()))
    assert sarif["version"] == "2.1.0"
    (run,) = sarif["runs"]
    assert run["tool"]["driver"]["name"] == "meshgate"
    for result in run["results"]:
        assert result["message"]["text"]
        assert isinstance(result["ruleId"], str)
        for location in result.get("locations", []):
            region = location["physicalLocation"].get("region", {})
            assert region.get("startLine", 1) >= 1
            assert location["physicalLocation"]["artifactLocation"]["uri"]


@given(reports())
def test_junit_is_well_formed_xml(report: Report) -> None:
    root = ET.fromstring(REPORTERS["junit"](report, Style()))
    assert root.tag == "testsuites"


@given(reports())
def test_terminal_formats_carry_no_control_characters(report: Report) -> None:
    for name in ("text", "github", "markdown"):
        rendered = REPORTERS[name](report, Style())
        assert not _CONTROL.search(rendered.replace("\n", "")), (name, _CONTROL.search(rendered))


def test_profiles_are_registered() -> None:
    assert fuzzing.PROFILE in ("suite", "long")
    assert settings.get_profile("long").max_examples > settings.get_profile("suite").max_examples
