"""meshgate.yaml and [tool.meshgate]: found by walking up, overridden by flags, errors with file:line."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import EXAMPLES, TODAY, RunCli
from meshgate.cli.config import discover_config, load_config
from meshgate.errors import UsageError


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES / "finance", tmp_path / "products" / "finance")
    shutil.copytree(EXAMPLES / "sales", tmp_path / "products" / "sales")
    (tmp_path / "sub" / "dir").mkdir(parents=True)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def test_discovery_walks_up_and_prefers_meshgate_yaml(repo: Path) -> None:
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n")
    assert discover_config(repo / "sub" / "dir") is None
    write(repo / "pyproject.toml", "[tool.meshgate]\nfail-on = 'warning'\n")
    assert discover_config(repo / "sub" / "dir") == repo / "pyproject.toml"
    write(repo / "meshgate.yaml", "fail-on: info\n")
    assert discover_config(repo / "sub" / "dir") == repo / "meshgate.yaml"


def test_paths_are_relative_to_the_file(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo / "meshgate.yaml", "paths: [products]\ndata: [limits.yaml]\nformat: [text, sarif=reports/x.sarif]\n")
    monkeypatch.chdir(repo / "sub")
    config = load_config(repo / "meshgate.yaml")
    assert config.values["paths"] == ["../products"]
    assert config.values["data"] == ["../limits.yaml"]
    assert config.values["format"] == ["text", "sarif=../reports/x.sarif"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("fail-on: error\nfailon: warning\n", 2, "unknown key 'failon'"),
        ("fail-on: sometimes\n", 1, "'sometimes' is not one of"),
        ("jobs: 0\n", 1, "0 is less than the minimum of 1"),
        ("paths: products\n", 1, "'products' is not of type 'array'"),
        ("specs:\n  - files: '*.yaml'\n    spec: bitol-odps\n    version: v9\n", 4, "has no version 'v9'"),
        ("fail-on: [unclosed\n", 2, ""),
    ],
)
def test_bad_configuration_names_file_and_line(repo: Path, text: str, line: int, message: str) -> None:
    path = write(repo / "meshgate.yaml", text)
    with pytest.raises(UsageError, match=rf"meshgate\.yaml:{line}:") as caught:
        load_config(path)
    assert message in str(caught.value)


def test_pyproject_errors_name_the_key_line(repo: Path) -> None:
    path = write(repo / "pyproject.toml", "[project]\nname = 'x'\n\n[tool.meshgate]\nfail-on = 'error'\nbogus = 1\n")
    with pytest.raises(UsageError, match=r"pyproject\.toml:6: unknown key 'bogus'"):
        load_config(path)


def test_configuration_drives_a_run_and_flags_override_it(run_cli: RunCli, repo: Path) -> None:
    write(
        repo / "meshgate.yaml",
        """\
        paths: [products]
        fail-on: never
        data: [lenient.yaml]
        format: [json]
        """,
    )
    write(repo / "lenient.yaml", "meshgate:\n  config:\n    availability_minimum_percent: 90\n")
    result = run_cli("validate", "--today", TODAY, cwd=repo / "sub" / "dir")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["files"] == [
        "../../products/finance/data-product.yaml",
        "../../products/finance/revenue.odps.yaml",
        "../../products/sales/data-product.yaml",
    ]
    assert "slo/availability-minimum" not in {f["rule_id"] for f in report["findings"]}
    assert report["run"]["fail_on"] == "never"
    overridden = run_cli(
        "validate", "--today", TODAY, "--fail-on", "error", "--format", "text", cwd=repo / "sub" / "dir"
    )
    assert overridden.returncode == 1
    assert overridden.stdout.startswith("../../products/finance/data-product.yaml:")


def test_spec_override_for_files_that_cannot_tell(run_cli: RunCli, repo: Path) -> None:
    write(repo / "products" / "legacy.dataproduct.yaml", "id: legacy\nname: Legacy\nstatus: active\n")
    write(
        repo / "meshgate.yaml",
        """\
        specs:
          - files: legacy.dataproduct.yaml
            spec: bitol-odps
            version: v1.0.0
        """,
    )
    result = run_cli("validate", "products/legacy.dataproduct.yaml", "-f", "json", cwd=repo)
    report = json.loads(result.stdout)
    findings = {(f["rule_id"], f["message"]) for f in report["findings"]}
    assert [(d["spec"], d["spec_version"]) for d in report["documents"]] == [("bitol-odps", "v1.0.0")]
    # The configuration states the spec: neither an info finding nor "apiVersion/kind is required".
    assert not [rule for rule, _ in findings if rule.startswith("detect/")]
    assert not [message for rule, message in findings if rule == "schema/required" and "apiVersion" in message]


def test_explicit_config_file_and_bad_config_exit_2(run_cli: RunCli, repo: Path) -> None:
    bad = write(repo / "other.yaml", "fail-on: sometimes\n")
    result = run_cli("validate", "products", "--config", str(bad), cwd=repo)
    assert result.returncode == 2
    assert "other.yaml:1: 'sometimes' is not one of" in result.stderr
    assert "Traceback" not in result.stderr
