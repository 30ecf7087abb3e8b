"""Shared checks of the robustness tests: findings sit on lines the file has."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def line_count(raw: bytes) -> int:
    """Lines a finding may name: the most of the file's byte lines and its text lines, and the end.

    Text lines count every Unicode line break (YAML breaks lines at NEL and
    U+2028 too); UTF-16 files are counted in characters.
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = raw.decode("utf-16", errors="replace")
    else:
        text = raw.decode("utf-8", errors="replace")
    # The end of a file that ends with a line break is the start of the line
    # after it, where parsers report what is missing at the end.
    return max(len(raw.split(b"\n")), len(text.splitlines()) + 1)


def assert_real_lines(report: dict[str, Any], directory: Path) -> None:
    for finding in report["findings"]:
        path = directory / finding["file"]
        if not path.is_file():
            continue
        lines = line_count(path.read_bytes())
        assert 1 <= finding["line"] <= lines, (finding, lines)
        assert finding["end_line"] <= lines + 1, (finding, lines)


def checked(stdout: str, directory: Path) -> dict[str, Any]:
    """The JSON report, after checking its findings' lines."""
    report: dict[str, Any] = json.loads(stdout)
    assert_real_lines(report, directory)
    return report
