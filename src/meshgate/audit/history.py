"""Time to market from git: when a descriptor was first committed, and when its product first went live.

Where a descriptor sits in a git checkout with its history, its first commit
(under its current path) is when the product was started, and the first
commit where the product's status is live (the last group of the policies'
``status_order``: active, published, ...) is when it reached its consumers.
Anything else is said, not guessed: the file is not in a git repository, the
clone is shallow, the file is not committed, the product declares no status
or is not live yet.

One ``git log`` per repository lists the commits that touched the audited
files; one ``git cat-file --batch`` per repository reads their versions,
oldest first, only as far as the first live one.
"""

from __future__ import annotations

import datetime
import functools
import os
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from meshgate.audit.model import History
from meshgate.pipeline import prepare_blob
from meshgate.prepare import Preparer
from meshgate.records import record

GIT_TIMEOUT = 300
_PATHS_PER_LOG = 200  # pathspecs per git log: well under any argument-length limit

NOT_IN_GIT = "not in a git repository"
SHALLOW = "a shallow clone: its history is not there (fetch it whole)"
NOT_COMMITTED = "the descriptor is not committed"
NO_STATUS = "the product declares no status"
NOT_LIVE = "the product is not live yet"
UNREADABLE = "git could not read its history"
NO_LIVE_STATUSES = "the policies' data names no live status (data.meshgate.config.status_order)"


@record
class Descriptor:
    """A product to date: its file as the audit shows it, where it is on disk, and which product of the file."""

    key: str
    path: Path
    document: int
    product_id: str | None


@record
class Commit:
    sha: str
    date: str  # committer date, ISO 8601 with its offset


def git(*args: str, cwd: Path | None = None) -> str:
    """git's output, stripped; a RuntimeError with its last line of errors when it fails."""
    environment = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}
    done = subprocess.run(  # noqa: S603 - git with arguments meshgate builds, never through a shell
        ["git", "-c", "core.quotePath=false", *args],  # noqa: S607 - the git on PATH, as the user would run it
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=GIT_TIMEOUT,
        env=environment,
        check=False,
    )
    if done.returncode != 0:
        lines = [line for line in done.stderr.splitlines() if line.strip()]
        raise RuntimeError(lines[-1].strip() if lines else f"git {args[0]} failed ({done.returncode})")
    return done.stdout.strip()


def _top_of(directory: Path, tops: dict[Path, Path | None]) -> Path | None:
    """The work tree holding ``directory`` (the nearest ancestor with a .git), remembered for its ancestors."""
    seen: list[Path] = []
    current: Path | None = directory
    found: Path | None = None
    while current is not None:
        if current in tops:
            found = tops[current]
            break
        seen.append(current)
        if (current / ".git").exists():
            found = current
            break
        current = current.parent if current.parent != current else None
    for item in seen:
        tops[item] = found
    return found


def _commits(top: Path, relative: Sequence[str]) -> dict[str, list[Commit]]:
    """Each file's commits, oldest first (renames are not followed: its history under this path)."""
    touched: dict[str, list[Commit]] = defaultdict(list)
    wanted = set(relative)
    for start in range(0, len(relative), _PATHS_PER_LOG):
        chunk = relative[start : start + _PATHS_PER_LOG]
        text = git("log", "--reverse", "--no-renames", "--format=%x00%H %cI", "--name-only", "--", *chunk, cwd=top)
        for block in text.split("\x00")[1:]:
            head, _, names = block.partition("\n")
            sha, _, date = head.strip().partition(" ")
            for name in names.splitlines():
                if name in wanted and (not touched[name] or touched[name][-1].sha != sha):
                    touched[name].append(Commit(sha, date))
    return touched


class _Blobs:
    """One ``git cat-file --batch`` of a repository: a file's content at a commit, on demand."""

    def __init__(self, top: Path) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - git with arguments meshgate builds, never through a shell
            ["git", "-C", str(top), "cat-file", "--batch"],  # noqa: S607 - the git on PATH
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )

    def read(self, sha: str, relative: str) -> bytes | None:
        stdin, stdout = self.process.stdin, self.process.stdout
        if stdin is None or stdout is None:
            return None
        try:
            stdin.write(f"{sha}:{relative}\n".encode())
            stdin.flush()
            header = stdout.readline().split()
            if len(header) != 3 or header[1] != b"blob":
                return None  # "missing": deleted or not a file at that commit
            content = _read_exactly(stdout, int(header[2]))
            stdout.read(1)  # the newline after the content
        except (OSError, ValueError):
            return None  # git went away: what it did not say is not known
        return content

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=GIT_TIMEOUT)
        if self.process.stdout is not None:
            self.process.stdout.close()


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    parts: list[bytes] = []
    while size > 0:
        part = stream.read(size)
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _status(raw: bytes, relative: str, descriptor: Descriptor, preparer: Preparer) -> str | None:
    """The product's status in one version of its file: by its id, else by its place in the file."""
    versions = prepare_blob(preparer, raw, relative, relative)
    same = [v for v in versions if descriptor.product_id is not None and v.product.id == descriptor.product_id]
    placed = same or [v for v in versions if v.document == descriptor.document]
    return placed[0].product.status if placed else None


def _days(start: str, end: str) -> int:
    return (datetime.datetime.fromisoformat(end) - datetime.datetime.fromisoformat(start)).days


@record
class _Context:
    preparer: Preparer
    live: frozenset[str]


def _dated(
    descriptors: Sequence[Descriptor], commits: Sequence[Commit], blobs: _Blobs, relative: str, context: _Context
) -> Iterator[tuple[str, History]]:
    first = commits[0].date
    pending = {item.key: item for item in descriptors}
    declared: set[str] = set()
    for commit in commits:
        raw = blobs.read(commit.sha, relative)
        if raw is None:
            continue
        for key, descriptor in list(pending.items()):
            status = _status(raw, relative, descriptor, context.preparer)
            if status is None:
                continue
            declared.add(key)
            if status.strip().lower() in context.live:
                del pending[key]
                days = _days(first, commit.date)
                yield key, History(first_commit=first, live_commit=commit.date, time_to_market_days=days, note=None)
        if not pending:
            return
    for key in pending:
        note = NOT_LIVE if key in declared else NO_STATUS
        yield key, History(first_commit=first, live_commit=None, time_to_market_days=None, note=note)


@functools.cache  # one record per reason, shared by every product it applies to (frozen)
def _undated(note: str) -> History:
    return History(first_commit=None, live_commit=None, time_to_market_days=None, note=note)


def _repository(top: Path, descriptors: Sequence[Descriptor], context: _Context) -> Iterator[tuple[str, History]]:
    try:
        shallow = git("rev-parse", "--is-shallow-repository", cwd=top) == "true"
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        yield from ((item.key, _undated(UNREADABLE)) for item in descriptors)
        return
    if shallow:
        yield from ((item.key, _undated(SHALLOW)) for item in descriptors)
        return
    by_file: dict[str, list[Descriptor]] = defaultdict(list)
    real_top = top.resolve()
    for item in descriptors:
        by_file[Path(os.path.relpath(item.path.resolve(), real_top)).as_posix()].append(item)
    try:
        touched = _commits(top, sorted(by_file))
    except (RuntimeError, OSError, subprocess.TimeoutExpired):
        yield from ((item.key, _undated(UNREADABLE)) for item in descriptors)
        return
    blobs = _Blobs(top)
    try:
        for relative, items in sorted(by_file.items()):
            commits = touched.get(relative)
            if not commits:
                yield from ((item.key, _undated(NOT_COMMITTED)) for item in items)
                continue
            yield from _dated(items, commits, blobs, relative, context)
    finally:
        blobs.close()


def histories(descriptors: Sequence[Descriptor], preparer: Preparer, live: Iterable[str]) -> dict[str, History]:
    """Each descriptor's history by key: its first commit, its first live one, the days between (or why not)."""
    context = _Context(preparer, frozenset(status.strip().lower() for status in live))
    if not context.live:
        return {item.key: _undated(NO_LIVE_STATUSES) for item in descriptors}
    tops: dict[Path, Path | None] = {}
    by_top: dict[Path, list[Descriptor]] = defaultdict(list)
    found: dict[str, History] = {}
    for item in descriptors:
        top = _top_of(item.path.resolve().parent, tops)
        if top is None:
            found[item.key] = _undated(NOT_IN_GIT)
        else:
            by_top[top].append(item)
    for top, items in sorted(by_top.items()):
        found.update(_repository(top, items, context))
    return found


def live_statuses(data: Mapping[str, object]) -> tuple[str, ...]:
    """The statuses of a live product: the last group of ``data.meshgate.config.status_order``."""
    meshgate = data.get("meshgate")
    config = meshgate.get("config") if isinstance(meshgate, Mapping) else None
    order = config.get("status_order") if isinstance(config, Mapping) else None
    if isinstance(order, list) and order and isinstance(order[-1], list):
        return tuple(str(item) for item in order[-1])
    return ()
