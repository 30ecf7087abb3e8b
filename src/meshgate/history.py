"""Descriptors as they were at a git revision, read with ``git`` and never checked out.

``meshgate validate --against REF`` and ``meshgate diff --against REF``
compare each descriptor with its version at REF. This module is the only
place meshgate runs git: it resolves the revision (``git rev-parse --verify
REF^{commit}``), lists the descriptor files the revision holds (``git
ls-tree -r``, filtered by the discovery patterns) and reads their blobs in
one ``git cat-file --batch`` process. It returns bytes and paths; preparing
and comparing them is the pipeline's business.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import subprocess

from meshgate.errors import UsageError
from meshgate.records import record

FETCH_HINT = (
    "Fetch it first (git fetch origin <ref>). In CI, check out the history the comparison needs: "
    "actions/checkout with fetch-depth: 0 on GitHub, GIT_DEPTH: 0 (or a git fetch of the target branch) on GitLab."
)
# Directories discovery never descends into (meshgate.discover.SKIPPED_DIRECTORIES, kept in step by a test).
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
)


class GitFailed(UsageError):
    """git could not answer (not a repository, an unknown revision, git missing)."""


def _git(arguments: Sequence[str], cwd: Path, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    import subprocess  # only runs that compare with a revision start git

    try:
        return subprocess.run(  # noqa: S603 - a fixed program with arguments, no shell
            ["git", *arguments],  # noqa: S607 - git from PATH, as the user runs it
            cwd=cwd,
            input=stdin,
            capture_output=True,
            check=False,
        )
    except OSError as error:
        raise GitFailed("git could not be run", hint="Install git, or run meshgate where git is on PATH.") from error


# Git's empty tree: what a repository holds before its first commit.
EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"


@record
class Revision:
    """A commit of the repository holding the working directory."""

    ref: str  # as the user wrote it: what messages show
    commit: str  # a commit, or the empty tree before a repository's first commit
    top: Path  # the repository's top-level directory

    def relative(self, path: Path) -> str | None:
        """``path`` relative to the repository's top, in git's spelling; None when it is outside."""
        try:
            return Path(os.path.realpath(path)).relative_to(self.top).as_posix()
        except ValueError:
            return None

    def descriptor_paths(self, patterns: Iterable[str], excludes: Iterable[str] = ()) -> list[str]:
        """Repository paths of the files at this revision that discovery would pick up."""
        names = _globs(patterns, re.IGNORECASE)
        skip = _globs(excludes)
        listed = _git(["ls-tree", "-r", "-z", "--name-only", self.commit], self.top)
        if listed.returncode != 0:
            raise GitFailed(f"git ls-tree {self.ref} failed: {_first_line(listed.stderr)}", hint=FETCH_HINT)
        found = []
        for raw in listed.stdout.split(b"\0"):
            path = raw.decode("utf-8", "surrogateescape")
            if not path:
                continue
            *directories, name = path.split("/")
            if any(part in SKIPPED_DIRECTORIES or part.startswith(".") for part in directories):
                continue
            if names is None or not names.match(name):
                continue
            if skip is not None and (skip.match(path) or skip.match(name)):
                continue
            found.append(path)
        return sorted(found)

    def read(self, paths: Iterable[str]) -> dict[str, bytes]:
        """The content at this revision of each path that exists there (one git process for all of them)."""
        wanted = [path for path in dict.fromkeys(paths) if "\n" not in path]
        if not wanted:
            return {}
        request = "".join(f"{self.commit}:{path}\n" for path in wanted).encode("utf-8", "surrogateescape")
        answer = _git(["cat-file", "--batch"], self.top, request)
        if answer.returncode != 0:
            raise GitFailed(f"git cat-file failed: {_first_line(answer.stderr)}")
        blobs: dict[str, bytes] = {}
        out, position = answer.stdout, 0
        for path in wanted:
            end = out.index(b"\n", position)
            header = out[position:end].split()
            position = end + 1
            if len(header) == 3 and header[1] == b"blob":
                size = int(header[2])
                blobs[path] = out[position : position + size]
                position += size + 1
            elif len(header) == 3:  # a tree or a submodule at that path: skip its content
                position += int(header[2]) + 1
        return blobs

    def label(self, path: str) -> str:
        """How findings name a file as it was at this revision: ``REF:path``."""
        return f"{self.ref}:{path}"


def open_revision(ref: str, cwd: Path | None = None) -> Revision:
    """The commit ``ref`` names in the repository holding ``cwd``; a usage error when git cannot tell."""
    where = cwd or Path.cwd()
    top = _git(["rev-parse", "--show-toplevel"], where)
    if top.returncode != 0:
        raise GitFailed(
            f"--against {ref}: {os.path.realpath(where)} is not inside a git repository",
            hint="Run meshgate in the repository's working tree, or compare two files with meshgate diff OLD NEW.",
        )
    toplevel = Path(os.path.realpath(top.stdout.decode("utf-8", "surrogateescape").strip()))
    verified = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], where)
    if verified.returncode != 0 or not verified.stdout.strip():
        if ref == "HEAD" and _git(["symbolic-ref", "--quiet", "HEAD"], where).returncode == 0:
            # No commit yet (the first commit, as the pre-commit hook sees it): every descriptor is new.
            return Revision(ref, EMPTY_TREE, toplevel)
        raise GitFailed(f"--against {ref}: no such commit in this repository (a shallow clone?)", hint=FETCH_HINT)
    return Revision(ref, verified.stdout.decode("ascii").strip(), toplevel)


def _globs(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    translated = [fnmatch.translate(pattern) for pattern in patterns]
    return re.compile("|".join(translated), flags) if translated else None


def _first_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"
