"""Time to market and age from git history, in real repositories the tests build (issue 12)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import RunCli
from meshgate.audit.model import Audit

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

REPO = Path(__file__).resolve().parent.parent
TODAY = "2026-12-01"
DRAFT = (REPO / "examples/inventory/stock-levels.odps.yaml").read_text(encoding="utf-8")
assert "\nstatus: draft\n" in DRAFT


def _git(repo: Path, *args: str, when: str | None = None) -> str:
    environment = {**os.environ}
    if when is not None:
        environment |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", "-c", "user.name=x", "-c", "user.email=y", "-c", "init.defaultBranch=main", *args],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )
    return done.stdout.strip()


def _commit(repo: Path, files: dict[str, str], when: str) -> None:
    for name, text in files.items():
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", f"at {when}", when=when)


def _status(text: str, status: str) -> str:
    return text.replace("\nstatus: draft\n", f"\nstatus: {status}\n", 1)


@pytest.fixture
def mesh(tmp_path: Path) -> Path:
    """A repository where stock goes live 30 days after its first commit and cohorts never does."""
    repo = tmp_path / "mesh"
    repo.mkdir()
    _git(repo, "init", "-q", ".")
    cohorts = DRAFT.replace("inventory-stock-levels", "inventory-cohorts")
    _commit(repo, {"stock.odps.yaml": DRAFT, "cohorts.odps.yaml": cohorts}, "2026-09-01T10:00:00+00:00")
    _commit(repo, {"stock.odps.yaml": _status(DRAFT, "proposed")}, "2026-09-15T10:00:00+00:00")
    _commit(repo, {"stock.odps.yaml": _status(DRAFT, "active")}, "2026-10-01T12:00:00+00:00")
    _commit(repo, {"stock.odps.yaml": _status(DRAFT, "deprecated")}, "2026-11-01T12:00:00+00:00")
    (repo / "later.odps.yaml").write_text(DRAFT.replace("inventory-stock-levels", "inventory-later"))
    return repo


def _audit(run_cli: RunCli, *args: str, cwd: Path) -> Audit:
    result = run_cli("audit", *args, "--today", TODAY, "--format", "json=-", cwd=cwd)
    assert result.returncode == 0, result.stderr
    return Audit.model_validate_json(result.stdout)


def test_time_to_market_is_first_commit_to_first_live_one(run_cli: RunCli, mesh: Path, tmp_path: Path) -> None:
    audit = _audit(run_cli, "mesh", cwd=tmp_path)
    histories = {product.file: product.history for product in audit.inputs.products}
    stock = histories["mesh/stock.odps.yaml"]
    assert stock is not None
    assert stock.first_commit == "2026-09-01T10:00:00+00:00"
    assert stock.live_commit == "2026-10-01T12:00:00+00:00"  # the first live one, not the last change
    assert stock.time_to_market_days == 30
    cohorts = histories["mesh/cohorts.odps.yaml"]
    assert cohorts is not None
    assert (cohorts.time_to_market_days, cohorts.note) == (None, "the product is not live yet")
    later = histories["mesh/later.odps.yaml"]
    assert later is not None
    assert (later.first_commit, later.note) == (None, "the descriptor is not committed")
    found = audit.results.time_to_market
    assert (found.derived, found.median_days, found.fastest_days, found.slowest_days) == (1, 30.0, 30, 30)
    assert found.not_derivable == {"the descriptor is not committed": 1, "the product is not live yet": 1}
    # nobody reads these products: their age is the days since their first commit
    ages = audit.results.network.zero_consumer_age_days
    assert ages is not None
    assert ages["mesh/stock.odps.yaml#1"] == 91
    assert "mesh/later.odps.yaml#1" not in ages
    markdown = run_cli("audit", "mesh", "--today", TODAY, "--format", "markdown=-", cwd=tmp_path).stdout
    assert "Time to market over 1 products: median 30 days" in markdown


def test_outside_git_and_shallow_clones_say_why_not(run_cli: RunCli, mesh: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "stock.odps.yaml").write_text(_status(DRAFT, "active"))
    audit = _audit(run_cli, "plain", cwd=tmp_path)
    history = audit.inputs.products[0].history
    assert history is not None
    assert (history.first_commit, history.note) == (None, "not in a git repository")
    assert audit.results.time_to_market.not_derivable == {"not in a git repository": 1}
    assert (
        "Time to market: not derivable (not in a git repository: 1)"
        in run_cli("audit", "plain", "--today", TODAY, "--format", "markdown=-", cwd=tmp_path).stdout
    )
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{mesh}", "shallow")
    shallow = _audit(run_cli, "shallow", cwd=tmp_path)
    assert {p.history.note for p in shallow.inputs.products if p.history} == {
        "a shallow clone: its history is not there (fetch it whole)"
    }
    skipped = _audit(run_cli, "mesh", "--no-history", cwd=tmp_path)
    assert all(product.history is None for product in skipped.inputs.products)
    assert skipped.results.time_to_market.not_derivable == {"the history was not read (--no-history)": 3}


def test_a_repository_fetched_with_its_history(run_cli: RunCli, mesh: Path, tmp_path: Path) -> None:
    repos = tmp_path / "repos.yaml"
    cache = tmp_path / "cache"
    notes = []
    for history in ("false", "true", "false", "true"):  # shallow; deepened; shallow again or not; whole
        repos.write_text(f"repositories:\n  - url: file://{mesh}\n    name: mesh\n    history: {history}\n")
        audit = _audit(run_cli, "--repos", str(repos), "--cache", str(cache), cwd=tmp_path)
        stock = next(p for p in audit.inputs.products if p.file == "mesh/stock.odps.yaml")
        assert stock.history is not None
        notes.append((stock.history.time_to_market_days, stock.history.note))
    assert notes[0] == (None, "a shallow clone: its history is not there (fetch it whole)")
    assert notes[1] == notes[3] == (30, None)


@pytest.mark.parametrize("value", ["'yes'", "1", "[true]", "null"])
def test_a_repositories_file_history_must_be_a_boolean(run_cli: RunCli, tmp_path: Path, value: str) -> None:
    repos = tmp_path / "repos.yaml"
    repos.write_text(f"repositories:\n  - url: file:///nowhere\n    history: {value}\n")
    result = run_cli("audit", "--repos", str(repos), "--format", "json=-", cwd=tmp_path)
    assert result.returncode == 2
    assert "/repositories/0/history: expected true or false" in result.stderr
