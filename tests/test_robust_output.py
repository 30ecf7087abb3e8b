"""Regression tests of issue 8 for writing reports: special files, modes, signals, standard output."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, REPO, RunCli
from meshgate.cli import output

_ODPS = "apiVersion: v1.0.0\nkind: DataProduct\nid: p\nstatus: active\n"
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file types and signals")


@pytest.fixture
def descriptor(tmp_path: Path) -> Path:
    (tmp_path / "p.odps.yaml").write_text(_ODPS)
    return tmp_path


@posix_only
@pytest.mark.parametrize("kind", ["symlink", "fifo", "device", "directory"])
def test_a_report_path_that_is_not_a_regular_file_is_refused(kind: str, run_cli: RunCli, descriptor: Path) -> None:
    """m16: a symlink, a FIFO or a device node at a report path was replaced by a regular 0600 file."""
    target = descriptor / "out.json"
    if kind == "symlink":
        (descriptor / "elsewhere.json").write_text("kept\n")
        target.symlink_to(descriptor / "elsewhere.json")
    elif kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path(os.devnull)
    else:
        target.mkdir()
    before = target.lstat()
    result = run_cli("validate", "p.odps.yaml", "--format", f"json={target}", cwd=descriptor)
    assert result.returncode == 2, result.stderr
    assert f"cannot write {target}" in result.stderr
    after = target.lstat()
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    if kind == "symlink":
        assert (descriptor / "elsewhere.json").read_text() == "kept\n"
    assert not [path for path in target.parent.iterdir() if path.name.endswith(".tmp")]


@posix_only
@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_report_gets_the_mode_the_umask_gives(umask: int, run_cli: RunCli, descriptor: Path) -> None:
    """Reports were 0600 whatever the umask (tempfile.mkstemp)."""
    previous = os.umask(umask)
    try:
        result = run_cli("validate", "p.odps.yaml", "--format", "json=out/r.json", cwd=descriptor)
    finally:
        os.umask(previous)
    assert result.returncode in (0, 1), result.stderr
    assert stat.S_IMODE((descriptor / "out" / "r.json").stat().st_mode) == 0o666 & ~umask


@posix_only
def test_a_replaced_report_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    target.write_text("old")
    target.chmod(0o640)
    output.write_atomically(target, "new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@posix_only
def test_sigterm_while_writing_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """m17: SIGTERM between creating the temporary file and renaming it left a hidden .out.json.*.tmp."""
    target = tmp_path / "out.json"
    original = os.fdopen
    received: list[int] = []

    def fdopen(handle: int, *args: Any, **kwargs: Any) -> Any:
        # The signal arrives while the temporary file exists, as it would mid-write. Sent to this thread:
        # other tests of the session may have left threads that do not block it.
        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGTERM)
        assert not received, "SIGTERM was delivered while the temporary file existed"
        return original(handle, *args, **kwargs)

    monkeypatch.setattr(os, "fdopen", fdopen)
    handler = signal.signal(signal.SIGTERM, lambda number, _: received.append(number))
    try:
        output.write_atomically(target, "report")
    finally:
        signal.signal(signal.SIGTERM, handler)
    # Held back while the report was written, delivered once it was in place.
    assert received == [signal.SIGTERM]
    assert target.read_text() == "report"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["out.json"]


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_standard_output_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    """m39: a report that could not be written to standard output was a traceback and exit 3."""
    with Path("/dev/full").open("w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "meshgate", "validate", str(EXAMPLES), "--format", "json", "--fail-on", "never"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=300,
            cwd=REPO,
        )
    assert result.returncode == 2, result.stderr
    assert "cannot write the report to standard output" in result.stderr
    assert "Traceback" not in result.stderr


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


@contextmanager
def _parallel_run(
    directory: Path, output: str, workers_wanted: int
) -> Iterator[tuple[subprocess.Popen[str], list[int]]]:
    """A two-worker run over 600 descriptors, once ``workers_wanted`` of its workers have started; killed after."""
    text = (EXAMPLES / "sales" / "data-product.yaml").read_text()
    for index in range(600):
        (directory / f"p{index:04}.dataproduct.yaml").write_text(text)
    process = subprocess.Popen(
        [sys.executable, "-m", "meshgate", "validate", ".", "-j", "2", "--format", output],
        cwd=directory,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        workers = _children(process.pid)
        while len(workers) < workers_wanted and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.005)
            workers = _children(process.pid)
        assert workers, "no worker process appeared"
        yield process, workers
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_a_worker_killed_by_a_signal_ends_the_run_promptly(tmp_path: Path) -> None:
    """m43: a parallel run whose worker died (OOM killer, a signal) hung forever."""
    with _parallel_run(tmp_path, "json", 1) as (process, workers):
        os.kill(workers[0], signal.SIGKILL)
        killed = time.monotonic()
        _, stderr = process.communicate(timeout=60)
    assert process.returncode == 2, stderr
    assert "worker process ended without answering (killed by signal 9)" in stderr
    assert time.monotonic() - killed < 30


def _ended(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="finds the workers through /proc")
def test_sigterm_ends_a_parallel_run_and_its_workers(tmp_path: Path) -> None:
    """m17: after SIGTERM the workers kept running (holding the output pipes) and printed BrokenPipeError."""
    with _parallel_run(tmp_path, "json=out.json", 2) as (process, workers):
        time.sleep(0.2)
        process.send_signal(signal.SIGTERM)
        # communicate() returns only once every process holding stderr has ended.
        _, stderr = process.communicate(timeout=30)
    assert process.returncode in (128 + signal.SIGTERM, -signal.SIGTERM), stderr
    assert "Traceback" not in stderr
    deadline = time.monotonic() + 10
    while not all(_ended(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert all(_ended(pid) for pid in workers)
    assert sorted(path.name for path in tmp_path.iterdir() if not path.name.endswith(".yaml")) == []
