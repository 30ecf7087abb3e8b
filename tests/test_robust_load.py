"""Regression tests of issue 8: malformed values in descriptors are findings at real lines, never a crash.

Each case is one of the fuzzer's reproducers (../shared/fuzz/), rewritten small.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RunCli
from robustness import checked

_DIGITS = "1" * 4400
_HEX = "0x" + "f" * 5000

# name: (file name, content, rule expected, line expected)
CASES: dict[str, tuple[str, bytes, str, int]] = {
    # 001: a UTF-32 file; the encoding finding sat on byte line 7 of a one-line file
    "utf32-bom": ("c.datacontract.yaml", "id: x\ninfo:\n  a: 1\n".encode("utf-32"), "load/encoding", 1),
    "utf16-odd": ("d.datacontract.yaml", "id: x\nb: 2\n".encode("utf-16") + b"\n", "load/encoding", 3),
    # 002, 015: a YAML integer past Python's 4,300-digit conversion limit (and in a version's message)
    "yaml-huge-int": (
        "a.odps.yaml",
        f"apiVersion: v1.0.0\nkind: DataProduct\nx: {_DIGITS}\n".encode(),
        "load/non-json-number",
        3,
    ),
    "yaml-huge-version": (
        "b.odps.yaml",
        f"kind: DataProduct\nversion: {_DIGITS}\n".encode(),
        "load/non-json-number",
        2,
    ),
    # 003, 010, 017: a huge hexadecimal integer reached jsonschema's messages and the JSON encoder
    "yaml-huge-hex": (
        "c.odps.yaml",
        f"apiVersion: v1.0.0\nkind: DataProduct\nid: {_HEX}\n".encode(),
        "load/non-json-number",
        3,
    ),
    # 004, 007, 014, 021, 019: explicitly tagged integers that are not integers
    "int-empty": ("d.odps.yaml", b"kind: DataProduct\nid: !!int ''\n", "load/bad-tagged-value", 2),
    "int-0x": ("e.odps.yaml", b"kind: DataProduct\nid: !!int 0x\n", "load/bad-tagged-value", 2),
    "int-0b2": ("f.odps.yaml", b"kind: DataProduct\nid: !!int 0b2\n", "load/bad-tagged-value", 2),
    "int-octal-dots": (
        "g.odps.yaml",
        b"kind: DataProduct\nid: !<tag:yaml.org,2002:int> 0.0.1\n",
        "load/bad-tagged-value",
        2,
    ),
    "int-base60": ("h.odps.yaml", b"kind: DataProduct\nid: !!int 1:domain\n", "load/bad-tagged-value", 2),
    # 005: a tagged boolean that is no boolean
    "bool-maybe": ("i.odps.yaml", b"kind: DataProduct\nid: !!bool maybe\n", "load/bad-tagged-value", 2),
    # 006, 012, 016: tagged floats that are not numbers
    "float-dot": ("j.odps.yaml", b"kind: DataProduct\nid: !!float .\n", "load/bad-tagged-value", 2),
    "float-empty": ("k.odps.yaml", b"kind: !!float ''\n", "load/bad-tagged-value", 1),
    "float-base60": ("l.odps.yaml", b"kind: DataProduct\nid: !!float urn:x\n", "load/bad-tagged-value", 2),
    # 008: a JSON integer past the conversion limit
    "json-huge-int": (
        "m.dpds.json",
        f'{{"dataProductDescriptor": "1.0.0",\n "x": {_DIGITS}}}'.encode(),
        "load/non-json-number",
        2,
    ),
    # 009, 011, 018 (m31): numbers the policy engine's JSON parser refuses
    "json-1e400": ("n.dpds.json", b'{"dataProductDescriptor": "1.0.0",\n "x": 1e400}', "load/non-json-number", 2),
    "json-minus-1e400": (
        "o.dpds.json",
        b'{"dataProductDescriptor": "1.0.0",\n "x": [-1e400]}',
        "load/non-json-number",
        2,
    ),
    "json-400-digits": (
        "p.dpds.json",
        b'{"dataProductDescriptor": "1.0.0",\n "x": ' + b"9" * 400 + b"}",
        "load/non-json-number",
        2,
    ),
    # 013 (m31, m34): a lone surrogate escape in a value and in a key
    "json-surrogate": (
        "q.dpds.json",
        b'{"dataProductDescriptor": "1.0.0",\n "x": "a\\ud800"}',
        "load/lone-surrogate",
        2,
    ),
    "json-surrogate-key": (
        "r.dpds.json",
        b'{"dataProductDescriptor": "1.0.0",\n "\\udc00": 1}',
        "load/lone-surrogate",
        2,
    ),
    "json-surrogate-root": ("s.dpds.json", b'"\\ud800"', "load/lone-surrogate", 1),
    # m32: a version too long for detection's patch search
    "version-many-digits": (
        "t.odps.yaml",
        f"apiVersion: 'v1.0.{_DIGITS}'\nkind: DataProduct\n".encode(),
        "detect/unknown-version",
        1,
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_value_is_a_finding_at_a_real_line(case: str, run_cli: RunCli, tmp_path: Path) -> None:
    name, content, rule, line = CASES[case]
    (tmp_path / name).write_bytes(content)
    result = run_cli("validate", name, "--format", "json", "--fail-on", "never", "-j", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    report = checked(result.stdout, tmp_path)
    assert (rule, line) in {(f["rule_id"], f["line"]) for f in report["findings"]}, report["findings"]


def test_one_unreadable_number_does_not_stop_the_run(run_cli: RunCli, tmp_path: Path) -> None:
    """m31: 1e400 in one file was exit 2 for the whole run, with no report for the other files."""
    (tmp_path / "inf.dpds.json").write_text('{"dataProductDescriptor": "1.0.0", "x": 1e400}')
    (tmp_path / "other.dpds.json").write_text('{"dataProductDescriptor": "1.0.0"}')
    result = run_cli("validate", ".", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = checked(result.stdout, tmp_path)
    assert {f["file"] for f in report["findings"]} == {"inf.dpds.json", "other.dpds.json"}


def test_surrogates_reach_no_report(run_cli: RunCli, tmp_path: Path) -> None:
    """m34: a lone surrogate in a placeholder or a duplicate key's message could not be printed."""
    (tmp_path / "a.dpd.json").write_text('{"dataProductDescriptor": "1.0.0", "x": "{{ \\ud800 }}"}')
    (tmp_path / "b.dpd.json").write_text('{"dataProductDescriptor": "1.0.0", "\\ud800": 1, "\\ud800": 2}')
    for name in ("a.dpd.json", "b.dpd.json"):
        result = run_cli("validate", name, "--fail-on", "never", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert "\ud800" not in result.stdout
        assert "load/lone-surrogate" in result.stdout


def test_parse_prints_no_infinity(run_cli: RunCli, tmp_path: Path) -> None:
    """m41: parse printed Infinity, which is not JSON."""
    (tmp_path / "inf.dpds.json").write_text('{"dataProductDescriptor": "1.0.0", "x": 1e400}')
    result = run_cli("parse", "inf.dpds.json", cwd=tmp_path)
    assert "Infinity" not in result.stdout
    assert result.returncode in (0, 1), result.stderr
