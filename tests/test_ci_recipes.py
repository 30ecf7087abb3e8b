"""The GitHub Action and the GitLab CI job, exercised as far as this machine can run them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLES, REPO

BIN = str(Path(sys.executable).parent)
ACTION = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
GITLAB = yaml.safe_load((REPO / "ci" / "gitlab" / "meshgate.gitlab-ci.yml").read_text(encoding="utf-8"))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    return tmp_path


def test_action_is_a_composite_action_whose_scripts_exist() -> None:
    assert ACTION["runs"]["using"] == "composite"
    scripts = [step["run"] for step in ACTION["runs"]["steps"] if "run" in step and "GITHUB_ACTION_PATH" in step["run"]]
    assert scripts == ["$GITHUB_ACTION_PATH/ci/github/install.sh", "$GITHUB_ACTION_PATH/ci/github/run.sh"]
    for script in ("install.sh", "run.sh"):
        path = REPO / "ci" / "github" / script
        assert os.access(path, os.X_OK), f"{path} is not executable"
    uses = {step["uses"].split("@")[0] for step in ACTION["runs"]["steps"] if "uses" in step}
    assert uses == {"actions/setup-python", "github/codeql-action/upload-sarif"}


def _run_step(workspace: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    outputs = workspace / "github-output"
    summary = workspace / "step-summary.md"
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_OUTPUT": str(outputs),
        "GITHUB_STEP_SUMMARY": str(summary),
        **env,
    }
    result = subprocess.run(
        [str(REPO / "ci" / "github" / "run.sh")],
        cwd=workspace,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines()) if outputs.exists() else {}
    return result, values


def test_action_run_step_annotates_writes_sarif_and_reports_the_exit_code(workspace: Path) -> None:
    result, outputs = _run_step(workspace, MESHGATE_PATHS="examples", MESHGATE_SARIF="reports/meshgate.sarif")
    assert result.returncode == 0, result.stderr
    assert outputs == {"exit-code": "1"}
    assert "::error file=examples/finance/data-product.yaml,line=" in result.stdout
    sarif = json.loads((workspace / "reports" / "meshgate.sarif").read_text())
    assert sarif["version"] == "2.1.0"
    assert sarif["runs"][0]["results"]
    assert (workspace / "step-summary.md").read_text().strip()


def test_action_run_step_passes_fail_on_and_extra_arguments(workspace: Path) -> None:
    result, outputs = _run_step(
        workspace,
        MESHGATE_PATHS="examples/finance examples/sales",
        MESHGATE_FAIL_ON="never",
        MESHGATE_ARGS="--environment production",
    )
    assert outputs == {"exit-code": "0"}
    assert "::error file=examples/finance/data-product.yaml" in result.stdout


def test_action_run_step_reports_a_usage_error(workspace: Path) -> None:
    result, outputs = _run_step(workspace, MESHGATE_PATHS="does-not-exist")
    assert result.returncode == 0
    assert outputs == {"exit-code": "2"}
    assert "::error title=meshgate::meshgate could not run (exit code 2)" in result.stdout


@pytest.mark.parametrize(("version", "expected"), [("", str(REPO)), ("0.1.0", "meshgate==0.1.0")])
def test_action_install_step(tmp_path: Path, version: str, expected: str) -> None:
    recorded = tmp_path / "argv"
    shim = tmp_path / "python"
    shim.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$@" > "{recorded}"\n')
    shim.chmod(0o755)
    environment = {
        **os.environ,
        "MESHGATE_PYTHON": str(shim),
        "MESHGATE_VERSION": version,
        "GITHUB_ACTION_PATH": str(REPO),
    }
    subprocess.run([str(REPO / "ci" / "github" / "install.sh")], env=environment, check=True)
    argv = recorded.read_text().splitlines()
    assert argv[:3] == ["-m", "pip", "install"]
    assert argv[-1] == expected


def test_gitlab_job_script_produces_the_junit_report(workspace: Path) -> None:
    job = GITLAB["meshgate"]
    assert job["artifacts"]["reports"]["junit"] == "reports/meshgate-junit.xml"
    lines = [line for line in job["script"] if not line.startswith("pip install")]
    environment = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}", **job["variables"]}
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + "\n".join(lines)],
        cwd=workspace / "examples",
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the examples break the rules on purpose: the job fails
    junit = ElementTree.parse(workspace / "examples" / "reports" / "meshgate-junit.xml").getroot()
    assert int(junit.get("failures", "0")) > 0
    assert json.loads((workspace / "examples" / "reports" / "meshgate.json").read_text())["summary"]["failed"] is True
