from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pytest

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"
GOLDEN = REPO / "tests" / "golden"
CORPUS = REPO.parent / "shared" / "corpus"
# A fixed evaluation date keeps reports byte-identical from day to day.
TODAY = "2026-11-24"

RunCli = Callable[..., subprocess.CompletedProcess[str]]


def _cli_environment(env: dict[str, str] | None) -> dict[str, str]:
    """What the tests add to the environment: no colour, and the caller's variables."""
    return {"NO_COLOR": "1", **(env or {})}


@pytest.fixture
def run_cli_process() -> RunCli:
    """Run the real command line in a fresh process, as a user or CI would.

    For the few acceptance tests that need a real process: exit codes as the
    shell sees them, signals, worker processes. Everything else uses run_cli.
    """

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "meshgate", *args],
            cwd=cwd or REPO,
            env={**os.environ, **_cli_environment(env)},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    return run


@pytest.fixture
def run_cli() -> RunCli:
    """Run the command line in this process, as `python -m meshgate` would: same exit code, stdout and stderr.

    The working directory and the environment are the call's own and restored
    afterwards, whatever happens. What meshgate keeps between calls in a process
    is caches of its own package files and of pure functions (YAML tag
    resolution), which a fresh process would rebuild identically; the worker
    pool's global is reset when a run ends. Tests that need a real process use
    run_cli_process; test_cli checks the two agree.
    """

    def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        from meshgate.cli import main

        environment = _cli_environment(env)
        # A process whose stdout is a pipe formats --help for 80 columns unless COLUMNS says otherwise.
        if "COLUMNS" not in os.environ and "COLUMNS" not in environment:
            environment["COLUMNS"] = "80"
        stdout, stderr = io.StringIO(), io.StringIO()
        directory = Path.cwd()
        with (
            mock.patch.dict(os.environ, environment),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            os.chdir(cwd or REPO)
            try:
                code = main(list(args))
            except SystemExit as exit:  # as `python -m meshgate` turns it into an exit status
                code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
                if exit.code is not None and not isinstance(exit.code, int):
                    print(exit.code, file=sys.stderr)
            finally:
                os.chdir(directory)
        return subprocess.CompletedProcess(["meshgate", *args], code, stdout.getvalue(), stderr.getvalue())

    return run


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; UPDATE_GOLDEN=1 rewrites it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"golden file {path} is missing; run with UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"output differs from {path}; if the change is intended, run with UPDATE_GOLDEN=1"
