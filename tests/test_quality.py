"""Static checks as part of the one test command: ruff (lint and format) and mypy --strict."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO


def _tool(name: str) -> list[str]:
    if shutil.which(name) is None and shutil.which(name, path=str(REPO / ".venv" / "bin")) is None:
        pytest.skip(f"{name} is not installed (pip install -e '.[test]')")
    return [sys.executable, "-m", name]


@pytest.mark.parametrize(
    "command",
    [["check", "src", "tests", "tools", "benchmarks"], ["format", "--check", "src", "tests", "tools", "benchmarks"]],
)
def test_ruff(command: list[str]) -> None:
    result = subprocess.run([*_tool("ruff"), *command], cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = subprocess.run(_tool("mypy"), cwd=REPO, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
