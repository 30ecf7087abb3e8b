from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

import pytest

if TYPE_CHECKING:
    from opa_server import OpaServer

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


# --- the real OPA engine (opa-golib-python-bindings) and the OPA test server around it -------------------------

OPA_BINDINGS = "opa-golib-python-bindings==0.4.4"


def _opa_bindings_ready() -> bool:
    try:
        from opa_bindings import OpaEngine

        OpaEngine().close()  # loads the shared library: fails where glibc is older than its wheel needs
    except (ImportError, OSError):
        return False
    return True


def install_opa_bindings(directory: Path) -> str | None:
    """Install the wheel as next-capabilities.md B.2 says (it declares Python >= 3.14 but runs on 3.11).

    Returns None when the engine is ready, else why it cannot be had here.
    """
    import importlib
    import platform

    if _opa_bindings_ready():
        return None
    if sys.platform != "linux" or platform.machine() != "x86_64":
        return f"{OPA_BINDINGS} has no wheel for {sys.platform} {platform.machine()} usable here"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    download = [
        *pip,
        "download",
        "--no-deps",
        "--only-binary=:all:",
        "--python-version",
        "3.14",
        "--platform",
        "manylinux_2_34_x86_64",
        "-d",
        str(directory),
        OPA_BINDINGS,
    ]
    fetched = subprocess.run(download, capture_output=True, text=True, timeout=600, check=False)
    wheels = sorted(directory.glob("opa_golib_python_bindings-*.whl"))
    if fetched.returncode != 0 or not wheels:
        return f"cannot download {OPA_BINDINGS}: {fetched.stderr.strip()[-300:]}"
    install = [*pip, "install", "--no-deps", "--ignore-requires-python", str(wheels[0])]
    installed = subprocess.run(install, capture_output=True, text=True, timeout=600, check=False)
    if installed.returncode != 0:
        return f"cannot install {wheels[0].name}: {installed.stderr.strip()[-300:]}"
    importlib.invalidate_caches()
    return None if _opa_bindings_ready() else f"{OPA_BINDINGS} installed but its library does not load here"


@pytest.fixture(scope="session")
def opa_engine(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The real OPA v1 engine is importable (installed on first use), or the test is skipped."""
    problem = install_opa_bindings(tmp_path_factory.mktemp("opa-wheel"))
    if problem is not None:
        pytest.skip(problem)


@pytest.fixture
def opa_server(opa_engine: None) -> Iterator[OpaServer]:
    """An OPA test server on 127.0.0.1 (a free port) around the real engine; stopped after the test."""
    from opa_server import OpaServer

    server = OpaServer().start()
    try:
        yield server
    finally:
        with contextlib.suppress(OSError):
            server.stop()
