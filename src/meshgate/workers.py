"""Running the two per-document phases of a check over a share of the files each, in worker processes.

A run prepares every file (phase one), then, once the whole run's contracts
are known, evaluates every document (phase two). Each worker keeps the
documents it prepared between the phases, so only small summaries cross
process boundaries: what the parent needs to build the contract index, and
the findings. The same ``Share`` object does the work in-process for runs too
small to pay for workers.

A worker that dies (the OOM killer, a signal) is noticed at once: the run
stops with an error instead of waiting forever.
"""

from __future__ import annotations

import gc
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from typing import Any, Generic, Protocol, TypeVar

from meshgate.errors import MeshgateError

Item = TypeVar("Item")
First = TypeVar("First")
Between = TypeVar("Between")
Second = TypeVar("Second")
Item_contra = TypeVar("Item_contra", contravariant=True)
First_co = TypeVar("First_co", covariant=True)
Between_contra = TypeVar("Between_contra", contravariant=True)
Second_co = TypeVar("Second_co", covariant=True)
# Below this many files a worker process costs more than it saves.
PARALLEL_FROM_FILES = 48
_FILES_PER_WORKER = 16
# Collect rarely: a check keeps most of what it allocates to the end (see collecting_rarely).
GC_THRESHOLDS = (20_000, 50, 100)
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


class Share(Protocol, Generic[Item_contra, First_co, Between_contra, Second_co]):
    """What one process does with its share of the items: two phases with a message from the parent between.

    The second phase answers in parts, each sent as soon as it is made: neither the worker nor the parent
    holds a whole share's answer as one message.
    """

    def first(self, items: Sequence[Item_contra]) -> First_co: ...

    def second(self, message: Between_contra) -> Iterator[Second_co]: ...


class WorkerDied(MeshgateError):
    """A worker process ended without answering."""


@contextmanager
def collecting_rarely() -> Iterator[None]:
    """A check allocates millions of objects and keeps most of them to the end: collect garbage rarely meanwhile.

    With the default thresholds the collector scans everything kept over and
    over as a run grows: a quarter of the time of a 1,000-file run in one process.
    """
    previous = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def give_back_memory() -> None:
    """Hand the memory the C allocator holds free back to the system (glibc; elsewhere nothing).

    Freed pickles and texts stay in the process's heap otherwise: while the process that evaluates the
    mesh runs, the parent should hold only what it still needs.
    """
    libc = _libc()
    if libc is not None and hasattr(libc, "malloc_trim"):  # glibc's; musl has none: the memory is kept
        libc.malloc_trim(0)


def jobs_for(count: int, wanted: int) -> int:
    if count < PARALLEL_FROM_FILES:
        return 1
    return max(1, min(wanted, count // _FILES_PER_WORKER))


# The share a forked worker inherits; set in the parent just before forking.
_SHARE: Any = None


def _serve(connection: Any, items: Sequence[Any]) -> None:
    gc.set_threshold(*GC_THRESHOLDS)  # as collecting_rarely() in the parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's handler: terminate() ends a worker
    _die_with_parent()
    try:
        connection.send(("ok", _SHARE.first(items)))
        message = connection.recv()
        for part in _SHARE.second(message):
            connection.send(("part", part))
        connection.send(("ok", None))
    except (EOFError, BrokenPipeError, ConnectionResetError):
        pass  # the parent went away (ended by a signal, say): nothing to report to
    except BaseException as error:  # noqa: BLE001 - every failure goes back to the parent, which reports it
        try:
            connection.send(("error", error))
        except Exception:  # noqa: BLE001 - an error that does not pickle: send what it said
            connection.send(("error", RuntimeError(f"{type(error).__name__}: {error}")))
    finally:
        connection.close()


def split(items: Sequence[Item], jobs: int) -> list[list[Item]]:
    """``items`` in ``jobs`` shares of nearly equal size, each in the items' order.

    Dealt in a fixed pseudo-random order, not in turn: a checkout's files come
    in patterns (a contract beside each product file, sorted next to it), and
    dealing in turn once gave one worker nine in ten of the contracts and the
    other half again as much work as it.
    """
    import random

    order = list(range(len(items)))
    # Seeded (a deal, not a secret): the same files always make the same shares.
    random.Random(len(items)).shuffle(order)  # noqa: S311
    return [[items[i] for i in sorted(order[index::jobs])] for index in range(jobs)]


def _die_with_parent() -> None:
    """On Linux, have the kernel end this worker when the parent dies, even by SIGKILL (best effort)."""
    libc = _libc()
    if libc is not None and hasattr(libc, "prctl"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


@cache
def _libc() -> Any:
    """The C library on Linux (for the calls above, best effort), else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


def _terminated(number: int, _frame: object) -> None:
    # Unwinds the parent through run_shares' cleanup, which ends the workers
    # (left running, they would hold the parent's output pipes open).
    raise SystemExit(128 + number)


def run_shares(
    make_share: Callable[[], Share[Item, First, Between, Second]],
    items: Sequence[Item],
    jobs: int,
    between: Callable[[list[First]], Sequence[Between]],
    received: Callable[[Second], Second] = lambda part: part,
) -> tuple[list[First], list[list[Second]]]:
    """Both phases over items split into ``jobs`` shares; ``between`` turns the first answers into the
    messages, one for each share in order.

    The answers: each share's first, and each share's parts of the second, in order, each passed through
    ``received`` as it arrives.
    """
    if jobs <= 1:
        share = make_share()
        first = [share.first(items)]
        (message,) = between(first)
        return first, [[received(part) for part in share.second(message)]]
    import multiprocessing
    from multiprocessing.connection import wait

    global _SHARE
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return run_shares(make_share, items, 1, between)
    context = multiprocessing.get_context("fork")
    shares = split(items, jobs)
    _SHARE = make_share()
    # Frozen objects are not scanned by the collector, so forked workers do not
    # copy the parent's pages just by collecting.
    gc.collect()
    gc.freeze()
    workers = []
    try:
        for index in range(jobs):
            parent, child = context.Pipe()
            process = context.Process(target=_serve, args=(child, shares[index]), daemon=True)
            process.start()
            child.close()
            workers.append((parent, process))
    finally:
        gc.unfreeze()
        _SHARE = None

    def gather() -> tuple[list[Any], list[list[Any]]]:
        """Each worker's answer, and the parts it sent before it."""
        answers: dict[int, Any] = {}
        parts: list[list[Any]] = [[] for _ in workers]
        waiting = dict(enumerate(workers))
        while waiting:
            ready = wait([conn for conn, _ in waiting.values()] + [proc.sentinel for _, proc in waiting.values()])
            for number, (conn, process) in list(waiting.items()):
                if conn in ready or conn.poll():
                    try:
                        status, value = conn.recv()
                    except EOFError:
                        raise _died(process) from None
                    if status == "error":
                        raise value
                    if status == "part":
                        parts[number].append(received(value))
                        continue
                    answers[number] = value
                    del waiting[number]
                elif process.sentinel in ready:
                    raise _died(process)
        return [answers[number] for number in range(len(workers))], parts

    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminated) if main_thread else None
    try:
        first, _ = gather()
        for (conn, _), message in zip(workers, between(first), strict=True):
            conn.send(message)
        _, second = gather()
    finally:
        for conn, process in workers:
            conn.close()
            if process.is_alive():
                process.terminate()
            process.join()
        if main_thread and previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return first, second


def _died(process: Any) -> WorkerDied:
    process.join(timeout=1)
    code = process.exitcode
    how = f"killed by signal {-code}" if isinstance(code, int) and code < 0 else f"exit code {code}"
    return WorkerDied(
        f"a worker process ended without answering ({how}); no report was written for this run",
        hint="It was probably out of memory: run again with fewer jobs (-j 1), or check the machine's limits.",
    )
