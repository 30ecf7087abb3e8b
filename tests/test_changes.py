"""Breaking-change detection: ``meshgate diff``, ``meshgate validate --against REF`` and their integrations.

Each directory of tests/fixtures/changes holds a pair of versions
(``previous.yaml``, ``current.yaml``) and ``expected.yaml``: every finding of
``meshgate diff previous.yaml current.yaml`` by rule and line of the current
version, and for something removed the line it had in the previous one
(``was``). The git tests build a real repository in a temporary directory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import REPO, TODAY, RunCli
from meshgate.evaluate.policies import load_policies
from meshgate.history import SKIPPED_DIRECTORIES, open_revision
from meshgate.model.rules import BUILTIN

FIXTURES = REPO / "tests" / "fixtures" / "changes"
CASES = sorted(path.name for path in FIXTURES.iterdir() if path.is_dir())
BIN = str(Path(sys.executable).parent)
HOOKS = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
CHANGE_RULES = {policy.id for policy in load_policies([]).policies if policy.id.startswith("change/")} | {
    rule for rule in BUILTIN if rule.startswith("change/")
}

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _expected(case: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = yaml.safe_load((FIXTURES / case / "expected.yaml").read_text(encoding="utf-8"))
    return items


def _report(result: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert result.returncode in (0, 1), result.stderr
    report: dict[str, Any] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("case", CASES)
def test_fixture_pair_findings_land_on_the_expected_lines(case: str, run_cli: RunCli) -> None:
    previous, current = (f"tests/fixtures/changes/{case}/{name}.yaml" for name in ("previous", "current"))
    report = _report(run_cli("diff", previous, current, "--format", "json", "--today", TODAY, "--fail-on", "never"))
    actual = sorted((finding["rule_id"], finding["line"]) for finding in report["findings"])
    expected = sorted((item["rule_id"], item["line"]) for item in _expected(case))
    assert actual == expected
    assert {finding["file"] for finding in report["findings"]} == {current}
    for item in _expected(case):
        if "was" in item:
            messages = [
                f["message"] for f in report["findings"] if (f["rule_id"], f["line"]) == (item["rule_id"], item["line"])
            ]
            assert any(message.endswith(f"(was at {previous}:{item['was']})") for message in messages), messages


def test_fixture_pairs_cover_every_change_rule() -> None:
    covered = {item["rule_id"] for case in CASES for item in _expected(case)}
    # change/product-removed needs a descriptor gone from a revision: the git tests below.
    assert CHANGE_RULES - covered == {"change/product-removed"}


def test_the_same_version_twice_has_no_changes(run_cli: RunCli) -> None:
    previous = "tests/fixtures/changes/odcs-breaking/previous.yaml"
    result = run_cli("diff", previous, previous, "--format", "json")
    assert result.returncode == 0
    assert _report(result)["findings"] == []


def test_diff_needs_two_files_or_a_revision(run_cli: RunCli) -> None:
    result = run_cli("diff", "tests/fixtures/changes/odcs-breaking/previous.yaml")
    assert result.returncode == 2
    assert "two files" in result.stderr


# In a git repository.


def git(repo: Path, *args: str) -> str:
    identity = [
        "-c",
        "user.name=meshgate tests",
        "-c",
        "user.email=tests@meshgate.example",
        "-c",
        "commit.gpgsign=false",
    ]
    done = subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True, text=True)
    return done.stdout.strip()


def _write(repo: Path, path: str, text: str) -> None:
    (repo / path).parent.mkdir(parents=True, exist_ok=True)
    (repo / path).write_text(text, encoding="utf-8")


def _fixture(case: str, name: str) -> str:
    return (FIXTURES / case / f"{name}.yaml").read_text(encoding="utf-8")


RETIRED = "apiVersion: v3.1.0\nkind: DataContract\nid: legacy-orders\nversion: 1.0.0\nstatus: active\n"
NEW = "apiVersion: v3.1.0\nkind: DataContract\nid: brand-new\nversion: 0.1.0\nstatus: draft\n"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """Two commits: a contract changed, a product moved and changed, a contract deleted, one added."""
    repository = tmp_path / "mesh"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    _write(repository, "contracts/orders.odcs.yaml", _fixture("odcs-breaking", "previous"))
    _write(repository, "products/deals.odps.yaml", _fixture("odps-ports", "previous"))
    _write(repository, "retired/legacy.odcs.yaml", RETIRED)
    _write(repository, "payments/datacontract.yaml", _fixture("dcs-safe", "previous"))
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "first")
    _write(repository, "contracts/orders.odcs.yaml", _fixture("odcs-breaking", "current"))
    (repository / "sales").mkdir()
    git(repository, "mv", "products/deals.odps.yaml", "sales/deals.odps.yaml")
    _write(repository, "sales/deals.odps.yaml", _fixture("odps-ports", "current"))
    git(repository, "rm", "-q", "retired/legacy.odcs.yaml")
    _write(repository, "new/brand-new.odcs.yaml", NEW)
    git(repository, "add", "-A")
    git(repository, "commit", "-q", "-m", "second")
    return repository


def _changes(report: dict[str, Any]) -> list[tuple[str, str, int]]:
    return sorted(
        (finding["file"], finding["rule_id"], finding["line"])
        for finding in report["findings"]
        if finding["rule_id"].startswith("change/")
    )


def test_validate_against_a_revision_reports_every_check_and_the_changes(repo: Path, run_cli: RunCli) -> None:
    result = run_cli("validate", "--against", "HEAD~1", "--format", "json", "--today", TODAY, cwd=repo)
    assert result.returncode == 1, result.stderr
    report = _report(result)
    changes = _changes(report)
    # The contract: its fixture's findings, at the same lines.
    assert [(rule, line) for file, rule, line in changes if file == "contracts/orders.odcs.yaml"] == sorted(
        (item["rule_id"], item["line"]) for item in _expected("odcs-breaking")
    )
    # The product moved and changed: matched by id, so compared with its old path, not removed and added.
    assert [(rule, line) for file, rule, line in changes if file == "sales/deals.odps.yaml"] == sorted(
        (item["rule_id"], item["line"]) for item in _expected("odps-ports")
    )
    removed_port = next(f for f in report["findings"] if f["rule_id"] == "change/port-removed")
    assert removed_port["message"].endswith("(was at HEAD~1:products/deals.odps.yaml:13)")
    # The deleted contract is a removed product, at the line it had at the revision.
    (gone,) = [f for f in report["findings"] if f["rule_id"] == "change/product-removed"]
    assert (gone["file"], gone["line"], gone["severity"]) == ("retired/legacy.odcs.yaml", 3, "error")
    assert gone["message"] == "contract 'legacy-orders' was removed (was at HEAD~1:retired/legacy.odcs.yaml:3)"
    # A descriptor new at HEAD has nothing to compare; an unchanged one yields nothing either.
    assert not [c for c in changes if c[0].startswith(("new/", "payments/"))]
    # The document policies ran too.
    assert any(not finding["rule_id"].startswith("change/") for finding in report["findings"])
    assert report["summary"]["failed"] is True


def test_validate_without_against_runs_no_change_rule(repo: Path, run_cli: RunCli) -> None:
    report = _report(run_cli("validate", "--format", "json", "--today", TODAY, cwd=repo))
    assert _changes(report) == []
    sarif = json.loads(run_cli("validate", "--format", "sarif", "--today", TODAY, cwd=repo).stdout)
    assert not [rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"] if rule["id"].startswith("change/")]


def test_a_renamed_file_with_the_same_content_is_no_change(repo: Path, run_cli: RunCli) -> None:
    git(repo, "mv", "payments/datacontract.yaml", "payments/payments.datacontract.yaml")
    git(repo, "commit", "-q", "-m", "move")
    report = _report(run_cli("diff", "--against", "HEAD~1", "--format", "json", cwd=repo))
    assert report["findings"] == []


def test_diff_against_keeps_to_its_paths(repo: Path, run_cli: RunCli) -> None:
    report = _report(
        run_cli("diff", "--against", "HEAD~1", "contracts", "--format", "json", "--today", TODAY, cwd=repo)
    )
    assert {finding["file"] for finding in report["findings"]} == {"contracts/orders.odcs.yaml"}
    assert all(finding["rule_id"].startswith("change/") for finding in report["findings"])
    # From a subdirectory, paths are the working directory's, and the scope is that directory.
    inside = _report(run_cli("diff", "--against", "HEAD~1", "--format", "json", cwd=repo / "contracts"))
    assert {finding["file"] for finding in inside["findings"]} == {"orders.odcs.yaml"}


@pytest.mark.parametrize("ref", ["no-such-branch", "HEAD~5"])
def test_an_unknown_revision_is_a_usage_error_with_a_fetch_hint(repo: Path, run_cli: RunCli, ref: str) -> None:
    result = run_cli("validate", "--against", ref, cwd=repo)
    assert result.returncode == 2
    assert f"--against {ref}: no such commit" in result.stderr
    assert "git fetch" in result.stderr
    assert "fetch-depth: 0" in result.stderr


def test_against_outside_a_repository_is_a_usage_error(tmp_path: Path, run_cli: RunCli) -> None:
    _write(tmp_path, "orders.odcs.yaml", RETIRED)
    result = run_cli("diff", "--against", "HEAD", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a git repository" in result.stderr


@pytest.mark.parametrize("fmt", ["text", "sarif", "github", "junit", "markdown", "json"])
def test_every_format_says_where_a_removed_thing_was(repo: Path, run_cli: RunCli, fmt: str) -> None:
    result = run_cli("diff", "--against", "HEAD~1", "--format", fmt, "--today", TODAY, cwd=repo)
    assert result.returncode == 1, result.stderr
    shown = result.stdout.replace("\\", "")  # Markdown escapes ~ and _
    assert "was at HEAD~1:retired/legacy.odcs.yaml:3" in shown
    assert "was at HEAD~1:contracts/orders.odcs.yaml:25" in shown  # the column coupon


def test_change_severities_come_from_configuration(repo: Path, run_cli: RunCli) -> None:
    _write(repo, "meshgate.yaml", "change-severity:\n  change/columns-added: error\n  change/owner-changed: none\n")
    report = _report(run_cli("diff", "--against", "HEAD~1", "--format", "json", cwd=repo))
    severities = {f["rule_id"]: f["severity"] for f in report["findings"]}
    assert severities["change/columns-added"] == "error"
    assert "change/owner-changed" not in severities
    _write(repo, "meshgate.yaml", "change-severity:\n  change/columns-added: loud\n")
    result = run_cli("diff", "--against", "HEAD~1", cwd=repo)
    assert result.returncode == 2
    assert "meshgate.yaml" in result.stderr


def test_a_breaking_change_needs_a_major_bump_and_a_safe_one_passes(repo: Path, run_cli: RunCli) -> None:
    safe = _fixture("dcs-safe", "current").replace("version: 2.0.0", "version: 1.1.0")
    _write(repo, "payments/datacontract.yaml", safe)
    result = run_cli("diff", "--against", "HEAD", "payments", "--format", "json", cwd=repo)
    assert result.returncode == 0
    assert [f["rule_id"] for f in _report(result)["findings"]] == ["change/columns-added"]
    breaking = safe.replace("        pii: true\n        description: Name on the card.\n", "")
    _write(repo, "payments/datacontract.yaml", breaking)
    result = run_cli("diff", "--against", "HEAD", "payments", "--format", "json", cwd=repo)
    assert result.returncode == 1
    rules = sorted(f["rule_id"] for f in _report(result)["findings"])
    assert rules == ["change/columns-added", "change/pii-unmarked"]  # governance: no major bump asked


# The integrations, each in the repository the test built.


def test_pre_commit_hook_compares_the_staged_versions_with_head(repo: Path, run_cli: RunCli) -> None:
    hook = HOOKS["meshgate-breaking"]
    assert hook["entry"] == "meshgate diff --against HEAD"
    assert hook["pass_filenames"] is False
    assert hook["files"] == HOOKS["meshgate-validate"]["files"]
    command = hook["entry"].split()[1:]
    assert run_cli(*command, cwd=repo).returncode == 0  # nothing staged: nothing changed
    _write(repo, "contracts/orders.odcs.yaml", _fixture("odcs-breaking", "previous"))  # undoes the renames...
    git(repo, "add", "contracts/orders.odcs.yaml")
    result = run_cli(*command, cwd=repo)
    assert result.returncode == 1  # ...which breaks consumers of HEAD's version
    assert "contracts/orders.odcs.yaml:" in result.stdout
    assert "[change/renamed]" in result.stdout


def _action(repo: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], str]:
    outputs = repo.parent / "github-output"
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "GITHUB_ACTION_PATH": str(REPO),
        "GITHUB_OUTPUT": str(outputs),
        "MESHGATE_SARIF": str(repo.parent / "meshgate.sarif"),
        **env,
    }
    run = REPO / "ci" / "github" / "run.sh"
    result = subprocess.run([str(run)], cwd=repo, env=environment, capture_output=True, text=True, check=False)
    return result, outputs.read_text(encoding="utf-8")


def test_github_action_against_input_annotates_breaking_changes(repo: Path) -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert "against" in action["inputs"]
    step = next(step for step in action["runs"]["steps"] if step.get("id") == "meshgate")
    assert step["env"]["MESHGATE_AGAINST"] == "${{ inputs.against }}"
    base = git(repo, "rev-parse", "HEAD~1")
    result, outputs = _action(repo, MESHGATE_AGAINST=base)
    assert "exit-code=1" in outputs
    assert "::error file=retired/legacy.odcs.yaml,line=3" in result.stdout
    assert f"was at {base}:retired/legacy.odcs.yaml:3" in result.stdout
    result, outputs = _action(repo, MESHGATE_AGAINST="")  # a push: no comparison
    assert "change/" not in result.stdout


def test_gitlab_job_compares_with_the_merge_request_base(repo: Path) -> None:
    job = yaml.safe_load((REPO / "ci" / "gitlab" / "meshgate.gitlab-ci.yml").read_text(encoding="utf-8"))["meshgate"]
    lines = [line for line in job["script"] if not line.startswith("pip install")]
    environment = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        **job["variables"],
        "CI_MERGE_REQUEST_DIFF_BASE_SHA": git(repo, "rev-parse", "HEAD~1"),
    }
    result = subprocess.run(
        ["bash", "-c", "set -e\n" + "\n".join(lines)], cwd=repo, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stderr
    report = json.loads((repo / "reports" / "meshgate.json").read_text(encoding="utf-8"))
    assert "change/product-removed" in {finding["rule_id"] for finding in report["findings"]}


def test_history_lists_what_discovery_would_find(repo: Path) -> None:
    from meshgate.discover import SKIPPED_DIRECTORIES as DISCOVERY_SKIPS
    from meshgate.discover import default_patterns

    assert SKIPPED_DIRECTORIES == DISCOVERY_SKIPS
    _write(repo, "node_modules/x/data-product.yaml", RETIRED)
    _write(repo, "notes.yaml", "a: 1\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "noise")
    revision = open_revision("HEAD", repo)
    paths = revision.descriptor_paths(default_patterns(), excludes=["new/*"])
    assert paths == [
        "contracts/orders.odcs.yaml",
        "payments/datacontract.yaml",
        "sales/deals.odps.yaml",
    ]
    blobs = revision.read(["contracts/orders.odcs.yaml", "missing.yaml", "contracts"])
    assert list(blobs) == ["contracts/orders.odcs.yaml"]
    assert blobs["contracts/orders.odcs.yaml"] == (repo / "contracts" / "orders.odcs.yaml").read_bytes()


def test_the_examples_show_a_safe_change_and_a_breaking_one(run_cli: RunCli) -> None:
    safe = run_cli("diff", "examples/changes/orders.yaml", "examples/changes/orders-safe.yaml", "--format", "json")
    assert safe.returncode == 0
    assert [f["rule_id"] for f in _report(safe)["findings"]] == ["change/columns-added"]
    breaking = run_cli("diff", "examples/changes/orders.yaml", "examples/changes/orders-breaking.yaml")
    assert breaking.returncode == 1
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    for line in breaking.stdout.splitlines():
        if line.startswith("examples/changes/"):
            assert line in readme, f"examples/README.md does not show: {line}"


def test_the_first_commit_has_nothing_to_compare(tmp_path: Path, run_cli: RunCli) -> None:
    """Before a repository's first commit HEAD names nothing: every staged descriptor is new, not an error."""
    repository = tmp_path / "fresh"
    repository.mkdir()
    git(repository, "init", "-q", "-b", "main")
    _write(repository, "contracts/orders.odcs.yaml", _fixture("odcs-breaking", "previous"))
    git(repository, "add", "-A")
    result = run_cli("diff", "--against", "HEAD", cwd=repository)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[change/" not in result.stdout
    # Any other name that is not a commit is still a usage error.
    assert run_cli("diff", "--against", "main~1", cwd=repository).returncode == 2


CONSUMER = """apiVersion: v1.0.0
kind: DataProduct
id: finance-planning
name: Planning
domain: finance
version: 1.0.0
status: active
inputPorts:
  - name: deals
    contractId: deals-contract
outputPorts:
  - name: plans
    id: plans
    version: 1.0.0
"""


def _audit_of_previous(repo: Path, run_cli: RunCli, tmp_path: Path) -> Path:
    """A batch audit of the mesh as it was: the deals product and a finance product reading its deals port."""
    mesh = tmp_path / "audited"
    _write(mesh, "sales/deals.odps.yaml", _fixture("odps-ports", "previous"))
    _write(mesh, "finance/planning.odps.yaml", CONSUMER)
    audit = tmp_path / "audit.json"
    result = run_cli("audit", str(mesh), "--today", TODAY, "--format", f"json={audit}")
    assert result.returncode == 0, result.stderr
    return audit


def test_consumers_raise_changes_to_what_someone_reads_and_name_them(
    repo: Path, run_cli: RunCli, tmp_path: Path
) -> None:
    audit = _audit_of_previous(repo, run_cli, tmp_path)
    args = ("diff", "--against", "HEAD~1", "sales", "--format", "json", "--today", TODAY)
    plain = {f["rule_id"]: f for f in _report(run_cli(*args, cwd=repo))["findings"]}
    raised = {f["rule_id"]: f for f in _report(run_cli(*args, "--consumers", str(audit), cwd=repo))["findings"]}
    # The deals port is read by finance-planning: its change names the reader (an error stays an error).
    assert plain["change/contract-removed"]["severity"] == raised["change/contract-removed"]["severity"] == "error"
    assert raised["change/contract-removed"]["message"] == (
        plain["change/contract-removed"]["message"] + "; port 'deals' is read by 1 product: finance-planning"
    )
    # The forecasts port is read by no one: its deprecation stays a warning, as without --consumers.
    assert plain["change/port-deprecated"] == raised["change/port-deprecated"]
    assert raised["change/port-deprecated"]["severity"] == "warning"
    # validate takes it with --against, and refuses it without.
    result = run_cli("validate", "sales", "--consumers", str(audit), cwd=repo)
    assert result.returncode == 2
    assert "--consumers raises the changes found by --against" in result.stderr


def test_a_warning_on_a_read_port_becomes_an_error(repo: Path, run_cli: RunCli, tmp_path: Path) -> None:
    _write(repo, "meshgate.yaml", "change-severity:\n  change/contract-removed: warning\n")
    audit = _audit_of_previous(repo, run_cli, tmp_path)
    args = ("diff", "--against", "HEAD~1", "sales", "--format", "json", "--today", TODAY)
    assert {f["rule_id"]: f["severity"] for f in _report(run_cli(*args, cwd=repo))["findings"]}[
        "change/contract-removed"
    ] == "warning"
    result = run_cli(*args, "--consumers", str(audit), cwd=repo)
    assert result.returncode == 1
    assert {f["rule_id"]: f["severity"] for f in _report(result)["findings"]}["change/contract-removed"] == "error"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("not json", "not JSON"),
        ('{"format": "something else"}', "not a meshgate audit"),
        ("[]", "not a meshgate audit"),
    ],
)
def test_consumers_file_that_is_not_an_audit_is_a_usage_error(
    repo: Path, run_cli: RunCli, tmp_path: Path, content: str, expected: str
) -> None:
    garbage = tmp_path / "audit.json"
    garbage.write_text(content, encoding="utf-8")
    result = run_cli("diff", "--against", "HEAD~1", "--consumers", str(garbage), cwd=repo)
    assert result.returncode == 2, result.stderr
    assert f"--consumers {garbage}" in result.stderr
    assert expected in result.stderr
