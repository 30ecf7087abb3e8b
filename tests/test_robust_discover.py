"""Regression tests of issue 8 for what a scanned directory holds: FIFOs, unlistable directories, odd names."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, RunCli
from robustness import checked

_ODPS = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_a_scanned_directory_is_skipped_with_a_finding(run_cli: RunCli, tmp_path: Path) -> None:
    """m18: a FIFO named like a descriptor blocked the run forever in open()."""
    (tmp_path / "tree").mkdir()
    os.mkfifo(tmp_path / "tree" / "f.odps.yaml")
    (tmp_path / "tree" / "g.odps.yaml").write_text(_ODPS)
    result = run_cli("validate", "tree", "--format", "json", "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    findings = json.loads(result.stdout)["findings"]
    assert ("tree/f.odps.yaml", "load/not-a-file", 1) in {(f["file"], f["rule_id"], f["line"]) for f in findings}


def test_an_unlistable_directory_is_a_finding(run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """m19: a directory meshgate could not list was skipped silently and the gate passed."""
    (tmp_path / "tree" / "locked").mkdir(parents=True)
    (tmp_path / "tree" / "locked" / "orders.odcs.yaml").write_text("x: 1\n")
    (tmp_path / "tree" / "data-product.yaml").write_text((EXAMPLES / "sales" / "data-product.yaml").read_text())
    scandir = os.scandir

    def refusing(path: str | os.PathLike[str] = ".") -> Iterator[os.DirEntry[str]]:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refusing)
    result = run_cli("validate", "tree", "--format", "json", "--fail-on", "error", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    (finding,) = [f for f in report["findings"] if f["rule_id"] == "load/unlisted-directory"]
    assert finding["file"] == "tree/locked"
    assert "Permission denied" in finding["message"]
    assert finding["severity"] == "error"


@pytest.mark.skipif(sys.platform in ("darwin", "win32"), reason="needs file names that are bytes")
@pytest.mark.parametrize("content", [_ODPS, "a: 1\n"])
@pytest.mark.parametrize("format_name", ["text", "json", "sarif", "junit", "github", "markdown"])
def test_a_file_name_that_is_not_utf8(format_name: str, content: str, run_cli: RunCli, tmp_path: Path) -> None:
    """m20: a non-UTF-8 file name aborted the run (exit 2, an engine message) or crashed it (exit 3)."""
    directory = tmp_path / "d"
    directory.mkdir()
    (directory / os.fsdecode(b"\xff.odps.yaml")).write_text(content)
    result = run_cli("validate", "d", "--format", format_name, "--fail-on", "never", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout
    assert "xff.odps.yaml" in result.stdout
    if format_name == "json":
        checked(result.stdout, tmp_path)
