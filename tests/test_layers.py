"""The import-layering contract (pyproject.toml [tool.importlinter]): the flow stays one-way."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO

LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
)


def _lint() -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", LINT], cwd=REPO, capture_output=True, text=True, check=False)


def test_the_layering_contracts_are_kept() -> None:
    result = _lint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contract_can_fail() -> None:
    """A reporter that reaches back into the loader is caught (the contract is not vacuous)."""
    probe = REPO / "src" / "meshgate" / "reporters" / "_layering_probe.py"
    probe.write_text('"""Probe."""\n\nfrom __future__ import annotations\n\nimport meshgate.load.files\n')
    try:
        result = _lint()
    finally:
        probe.unlink()
    assert result.returncode == 1
    assert "meshgate.reporters._layering_probe -> meshgate.load.files" in result.stdout
