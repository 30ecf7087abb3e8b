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


def _shim(directory: Path, name: str, record: Path) -> None:
    """A stand-in for a command this machine should not run (apt-get, pip): it records its arguments."""
    directory.mkdir(exist_ok=True)
    shim = directory / name
    shim.write_text(f'#!/usr/bin/env bash\nprintf "%s\\n" "$@" >> "{record}"\n')
    shim.chmod(0o755)


def test_gitlab_job_script_runs_every_line_and_produces_the_junit_report(workspace: Path) -> None:
    """The whole script, as GitLab runs it: apt-get and pip are recorded, meshgate is the one under test."""
    job = GITLAB["meshgate"]
    assert job["image"] == "python:3.11-slim"
    assert job["artifacts"]["reports"]["junit"] == "reports/meshgate-junit.xml"
    shims, apt, pip = workspace / "shims", workspace / "apt-argv", workspace / "pip-argv"
    _shim(shims, "apt-get", apt)
    _shim(shims, "pip", pip)
    variables = {**job["variables"], "MESHGATE_REPOSITORY": "https://example.test/acme/meshgate.git"}
    environment = {**os.environ, "PATH": f"{shims}{os.pathsep}{BIN}{os.pathsep}{os.environ['PATH']}", **variables}
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + "\n".join(job["script"])],
        cwd=workspace / "examples",
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr  # the examples break the rules on purpose: the job fails
    # git is installed before pip needs it for the git+ URL; the URL carries the pinned ref.
    assert "git" in apt.read_text().split()
    assert pip.read_text().split() == ["install", "--quiet", "git+https://example.test/acme/meshgate.git@main"]
    junit = ElementTree.parse(workspace / "examples" / "reports" / "meshgate-junit.xml").getroot()
    assert int(junit.get("failures", "0")) > 0
    assert json.loads((workspace / "examples" / "reports" / "meshgate.json").read_text())["summary"]["failed"] is True


def _readme_block(after: str) -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("```yaml", text.index(after)) + len("```yaml")
    return text[start : text.index("```", start)]


def test_readme_gitlab_snippet_is_the_job() -> None:
    snippet = yaml.safe_load(_readme_block("GitLab CI, with findings"))["meshgate"]
    job = GITLAB["meshgate"]
    assert snippet["image"] == job["image"]
    assert snippet["script"][:2] == job["script"][:2]
    assert job["script"][2].startswith(snippet["script"][2])
    assert {key: job["variables"][key] for key in snippet["variables"]} == snippet["variables"]


def test_readme_snippets_name_no_tag_or_package_that_does_not_exist() -> None:
    import re

    tags = subprocess.run(["git", "tag"], cwd=REPO, capture_output=True, text=True, check=False).stdout.split()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for named in re.findall(r"(?:rev: |meshgate@)(v\d[\w.]*)", readme):
        assert named in tags, f"the README names the tag {named}, which does not exist"
    # A published package is named only where the README says it needs a release.
    for line in readme.splitlines():
        if re.search(r"pip install\s+(--\S+\s+)*[\"']?meshgate(==\S*)?[\"']?(\s|$)", line):
            assert "release" in line or "meshgate==<version>" in line, line


def test_action_passes_arguments_without_word_splitting_or_globbing(workspace: Path) -> None:
    # Unquoted, bash would expand **/finance/** to examples/finance/data-product.yaml, a path to check.
    result, outputs = _run_step(
        workspace,
        MESHGATE_PATHS="examples",
        MESHGATE_FAIL_ON="never",
        MESHGATE_ARGS='--exclude "**/finance/**" --format "json=reports/with space.json" --environment \'prod env\'',
    )
    assert outputs == {"exit-code": "0"}, result.stdout + result.stderr
    report = json.loads((workspace / "reports" / "with space.json").read_text())
    assert report["files"]
    assert not [file for file in report["files"] if "/finance/" in file]
    assert report["run"]["environment"] == "prod env"


def test_action_reports_arguments_it_cannot_split(workspace: Path) -> None:
    result, outputs = _run_step(workspace, MESHGATE_ARGS='--exclude "unterminated')
    assert outputs == {"exit-code": "2"}
    assert "cannot split the input" in result.stderr


@pytest.mark.slow
def test_the_git_url_the_gitlab_job_installs_builds(tmp_path: Path) -> None:
    """pip builds meshgate from "git+<repository>@<ref>", as the job's pip line does (here from a local clone)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    line = GITLAB["meshgate"]["script"][1]
    requirement = line.split(" ", 3)[3].strip('"')
    requirement = requirement.replace("${MESHGATE_REPOSITORY}", f"file://{REPO}").replace(
        "${MESHGATE_REF}", head.stdout.strip()
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            requirement,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.glob("meshgate-*.whl"))
