"""Regression tests of issue 8 for the reports: descriptor text cannot drive a terminal, large reports stay linear."""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import RunCli
from meshgate.limits import Limits
from meshgate.load.yamlsource import load_yaml
from meshgate.model import rules
from meshgate.model.finding import Finding, Severity, Span
from meshgate.model.report import Report
from meshgate.reporters import REPORTERS, Style

# YAML escapes: ESC, BEL and a right-to-left override.
_OSC = r"TODO \e]0;owned-title\a \u202e"


@pytest.mark.parametrize("format_name", ["text", "github", "markdown"])
def test_control_characters_are_escaped(format_name: str, run_cli: RunCli, tmp_path: Path) -> None:
    """m28: an OSC sequence in a descriptor retitled the terminal through the text, GitHub and Markdown reports."""
    (tmp_path / "x.odps.yaml").write_text(
        f'apiVersion: v1.0.0\nkind: DataProduct\nid: esc\nname: esc\nstatus: active\nteam:\n  name: "{_OSC}"\n'
    )
    result = run_cli("validate", "x.odps.yaml", "--format", format_name, "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "\\x1b]0;owned-title\\x07" in result.stdout.replace("\\]", "]")
    for character in ("\x1b", "\x07", "\u202e"):
        assert character not in result.stdout


def test_a_newline_in_a_file_name_does_not_split_a_text_line() -> None:
    finding = rules.PARSE_ERROR.finding("a\nb.yaml", "bad", pointer="/x\ny", span=Span(1, 1, 1, 1))
    lines = REPORTERS["text"](_report([finding]), Style()).splitlines()
    assert lines[0] == "a\\x0ab.yaml:1:1: error [load/parse-error] bad (at /x\\x0ay)"


def _report(findings: list[Finding], fail_on: Severity | None = Severity.ERROR) -> Report:
    return Report(
        tool_version="0",
        evaluated_on="2026-01-01",
        environment=None,
        fail_on=fail_on,
        policy_count=0,
        policy_digest="",
        files=tuple(sorted({f.file for f in findings})),
        documents=(),
        findings=tuple(findings),
    )


def test_junit_is_linear_in_the_findings_of_one_rule() -> None:
    """023, m44: 20,000 findings of one (file, rule) took minutes (a list-membership test per finding)."""
    findings = [
        rules.DUPLICATE_KEY.finding("a.odps.json", f"key 'k{index}' appears again", span=Span(1, 1, 1, 2))
        for index in range(20_000)
    ]
    started = time.perf_counter()
    xml = REPORTERS["junit"](_report(findings), Style())
    assert time.perf_counter() - started < 10
    root = ET.fromstring(xml)
    assert root.get("failures") == "1"


def test_many_tiny_documents_load_in_linear_time() -> None:
    """m40: the repeated-document check compared each of 20,000 documents with every earlier one."""
    text = "".join(f"---\nid: p{index}\n" for index in range(20_000)) + "---\nid: p7\n"
    started = time.perf_counter()
    loaded = load_yaml(text, "many.odps.yaml", Limits())
    assert time.perf_counter() - started < 10
    assert len(loaded.documents) == 20_000
    repeated = [f for f in loaded.findings if f.rule_id == rules.REPEATED_DOCUMENT.id]
    assert [f.message for f in repeated] == ["document 20001 of 20001 repeats document 8; it is checked once"]
