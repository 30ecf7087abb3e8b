"""The published hooks, run by pre-commit itself in a real git repository (this working tree's hooks, as try-repo runs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO

pytestmark = pytest.mark.slow

PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture(scope="module")
def environment(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    pytest.importorskip("pre_commit")
    # One pre-commit home for the module: the hook's environment is built once.
    home = tmp_path_factory.mktemp("pre-commit-home")
    return {
        **os.environ,
        "PRE_COMMIT_HOME": str(home),
        "NO_COLOR": "1",
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
    }


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repository = tmp_path / "product-repo"
    repository.mkdir()
    _git(repository, "init", "-q")
    _git(repository, "config", "commit.gpgsign", "false")
    return repository


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory, environment: dict[str, str]) -> Path:
    """A configuration naming every hook of this working tree, as ``pre-commit try-repo`` would see it.

    try-repo snapshots uncommitted changes too, but into a new store each time, so every call
    installed meshgate again (about 10 s). Here the working tree is snapshot once into a
    repository of its own, and the hooks' environment is built once for the module.
    """
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        check=True,
    )
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = REPO / name
        if source.is_file():  # a tracked file deleted in the working tree is not there
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    for args in (["init", "-q"], ["add", "-A"], ["-c", "commit.gpgsign=false", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=snapshot, env=environment, check=True, capture_output=True)
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=snapshot, capture_output=True, text=True, check=True)
    config = snapshot.parent / "hooks.pre-commit-config.yaml"
    ids = "".join(f"    -   id: {hook}\n" for hook in ("meshgate-validate", "meshgate-test", "meshgate-breaking"))
    config.write_text(f"repos:\n-   repo: {snapshot}\n    rev: {head.stdout.strip()}\n    hooks:\n{ids}")
    return config


def try_repo(repository: Path, environment: dict[str, str], hooks: Path, hook: str) -> subprocess.CompletedProcess[str]:
    """One hook of this working tree on the staged files, as ``pre-commit try-repo REPO HOOK`` runs it."""
    return subprocess.run(
        [*PRE_COMMIT, "run", hook, "--config", str(hooks), "--verbose"],
        cwd=repository,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_validate_hook_passes_a_clean_commit_and_fails_a_broken_one(
    repo: Path, environment: dict[str, str], hooks: Path
) -> None:
    shutil.copy(EXAMPLES / "sales" / "data-product.yaml", repo / "data-product.yaml")
    (repo / "README.md").write_text("not a descriptor\n")
    _git(repo, "add", "-A")
    passing = try_repo(repo, environment, hooks, "meshgate-validate")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout
    _git(repo, "commit", "-q", "-m", "clean product")

    broken = repo / "data-product.yaml"
    broken.write_text(broken.read_text().replace("upTime: 99.9%", "upTime: 90%"))
    _git(repo, "add", "-A")
    failing = try_repo(repo, environment, hooks, "meshgate-validate")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "Failed" in failing.stdout
    assert "data-product.yaml:" in failing.stdout
    assert "[slo/availability-minimum]" in failing.stdout


def test_test_hook_runs_the_repositorys_rego_tests(repo: Path, environment: dict[str, str], hooks: Path) -> None:
    policies = repo / "policies"
    policies.mkdir()
    (policies / "tenant.rego").write_text(
        'package meshgate.acme.tenant\n\nimport rego.v1\n\ndeny contains "no tenant" if not input.descriptor.tenant\n'
    )
    (policies / "tenant_test.rego").write_text(
        "package meshgate.acme.tenant_test\n\nimport data.meshgate.acme.tenant\nimport rego.v1\n\n"
        'test_missing if tenant.deny == {"no tenant"} with input as {"descriptor": {}}\n'
    )
    _git(repo, "add", "-A")
    passing = try_repo(repo, environment, hooks, "meshgate-test")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    _git(repo, "commit", "-q", "-m", "policy")
    (policies / "tenant_test.rego").write_text(
        (policies / "tenant_test.rego").read_text().replace('{"no tenant"}', '{"a tenant"}')
    )
    _git(repo, "add", "-A")
    failing = try_repo(repo, environment, hooks, "meshgate-test")
    assert failing.returncode == 1
    assert "FAIL data.meshgate.acme.tenant_test.test_missing" in failing.stdout


def test_readme_snippet_works_pinned_to_a_commit(repo: Path, environment: dict[str, str]) -> None:
    """The README's .pre-commit-config.yaml as a user writes it: this repository's URL and a commit it has."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    start = readme.index("```yaml", readme.index("## Pre-commit")) + len("```yaml")
    snippet = readme[start : readme.index("```", start)]
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True, text=True, check=True)
    config = snippet.replace("https://<host>/<owner>/meshgate", str(REPO)).replace("<commit sha>", head.stdout.strip())
    assert "<" not in config.split("hooks:")[0], config
    (repo / ".pre-commit-config.yaml").write_text(config)
    shutil.copy(EXAMPLES / "sales" / "data-product.yaml", repo / "data-product.yaml")
    (repo / "drafts").mkdir()
    shutil.copy(EXAMPLES / "finance" / "data-product.yaml", repo / "drafts" / "data-product.yaml")
    (repo / "meshgate.yaml").write_text("exclude: [drafts]\n")
    _git(repo, "add", "-A")
    result = subprocess.run(
        [*PRE_COMMIT, "run", "--all-files", "--verbose"],
        cwd=repo,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    # The excluded draft (which breaks the rules) is skipped quietly; the clean product passes.
    assert result.returncode == 0, result.stdout + result.stderr
    assert "meshgate validate" in result.stdout


def test_breaking_hook_compares_the_staged_version_with_head(
    repo: Path, environment: dict[str, str], hooks: Path
) -> None:
    contract = repo / "orders.odcs.yaml"
    shutil.copy(EXAMPLES / "changes" / "orders.yaml", contract)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "orders 1.0.0")
    shutil.copy(EXAMPLES / "changes" / "orders-safe.yaml", contract)
    _git(repo, "add", "-A")
    passing = try_repo(repo, environment, hooks, "meshgate-breaking")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    shutil.copy(EXAMPLES / "changes" / "orders-breaking.yaml", contract)
    _git(repo, "add", "-A")
    failing = try_repo(repo, environment, hooks, "meshgate-breaking")
    assert failing.returncode == 1, failing.stdout + failing.stderr
    assert "orders.odcs.yaml:25:5: error [change/schema-removed]" in failing.stdout
    assert "(was at HEAD:orders.odcs.yaml:30)" in failing.stdout
