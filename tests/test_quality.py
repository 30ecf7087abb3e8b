"""Static checks as part of the one test command: ruff (lint and format) and mypy --strict.

They run as modules of the interpreter running pytest (`.venv/bin/pytest` works without
activating the venv) and are never skipped: a missing tool is a failure that says how to
install it.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from conftest import REPO


def _tool(name: str) -> list[str]:
    if importlib.util.find_spec(name) is None:
        pytest.fail(
            f"{name} is not installed for {sys.executable}; install the test tools with: pip install -e '.[test]'"
        )
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


def test_a_missing_tool_fails_with_the_install_command() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"pip install -e '\.\[test\]'"):
        _tool("meshgate_no_such_tool")
