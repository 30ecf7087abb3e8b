"""Every real-world descriptor of the shared corpus, through meshgate (skipped without ../shared)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPUS, TODAY, RunCli
from meshgate.cli import main

pytestmark = [
    pytest.mark.corpus,
    pytest.mark.skipif(not (CORPUS / "INDEX.json").is_file(), reason="../shared/corpus is not beside this checkout"),
]

INDEX: list[dict[str, Any]] = (
    json.loads((CORPUS / "INDEX.json").read_text()) if (CORPUS / "INDEX.json").is_file() else []
)
FILES = (
    sorted(
        path.relative_to(CORPUS).as_posix()
        for path in CORPUS.rglob("*")
        if path.is_file()
        and path.suffix in (".yaml", ".yml", ".json")
        and path.parts[len(CORPUS.parts)] != "schemas"
        and path.name != "INDEX.json"
    )
    if CORPUS.is_dir()
    else []
)

# Where meshgate's schema verdict differs from INDEX.json, and why. INDEX.json
# validated each file against the schema of its own version where the corpus had
# one, and otherwise against a neighbouring version; meshgate uses the exact one.
VERDICT_DIFFERENCES = {
    "bitol-odcs/datacontract-cli__odcs_v3__full-example.odcs.yaml": (
        "declares apiVersion v3.0.0; INDEX.json checked it against the v3.0.2 schema (the corpus has no v3.0.0), "
        "meshgate against the v3.0.0 schema, which does not allow customProperties on schema objects"
    ),
}


def _run(path: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, Any], str]:
    code = main(["validate", str(CORPUS / path), "--format", "json", "--today", TODAY])
    captured = capsys.readouterr()
    report = json.loads(captured.out) if code in (0, 1) else {}
    return code, report, captured.err


@pytest.mark.parametrize("path", FILES)
def test_no_corpus_file_breaks_meshgate(path: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, report, stderr = _run(path, capsys)
    assert code in (0, 1), stderr
    assert "Traceback" not in stderr
    for finding in report["findings"]:
        assert finding["line"] >= 1
        assert finding["rule_id"]
        assert finding["message"]


@pytest.mark.parametrize(
    "entry", [e for e in INDEX if e.get("schema") and not e["file"].startswith("schemas/")], ids=lambda e: e["file"]
)
def test_schema_verdict_agrees_with_the_index(entry: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> None:
    _, report, _ = _run(entry["file"], capsys)
    blocking = [
        f
        for f in report["findings"]
        if f["severity"] == "error"
        and (f["rule_id"].startswith(("schema/", "detect/")) or f["rule_id"] == "load/parse-error")
    ]
    ours = "invalid" if blocking else "valid"
    theirs = "invalid" if entry["schema_error_count"] else "valid"
    if entry["file"] in VERDICT_DIFFERENCES:
        assert ours != theirs, f"{entry['file']} now agrees with INDEX.json: remove it from VERDICT_DIFFERENCES"
    else:
        assert ours == theirs, [(f["rule_id"], f["pointer"], f["message"]) for f in blocking]


def test_whole_corpus_in_one_parallel_run(run_cli_process: RunCli, tmp_path: Path) -> None:
    # A real process: it forks worker processes and terminates them.
    output = tmp_path / "corpus.json"
    result = run_cli_process(
        "validate",
        str(CORPUS),
        "--pattern",
        "*.yaml",
        "--pattern",
        "*.yml",
        "--pattern",
        "*.json",
        "--exclude",
        "*/schemas/*",
        "--exclude",
        "INDEX.json",
        "-f",
        "json",
        "-o",
        str(output),
        "--today",
        TODAY,
        "--jobs",
        "2",
    )
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    report = json.loads(output.read_text())
    assert len(report["files"]) == len(FILES)
