"""Which files a run checks: explicit files, and descriptors found under directories."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


def default_patterns() -> tuple[str, ...]:
    """Descriptor file names, matched case-insensitively: every spec plugin's patterns."""
    from meshgate import specs

    return specs.patterns_of(specs.SPECS)


# The default patterns of the specs registered when meshgate was imported.
DEFAULT_PATTERNS: tuple[str, ...] = default_patterns()
# Never descended into when walking a directory.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
)


# Discovery by content reads this much of each candidate file.
HEAD_BYTES = 4096
CONTENT_SUFFIXES = (".yaml", ".yml", ".json")


def by_content(path: str) -> bool:
    """Whether a file's first HEAD_BYTES carry a marker of a registered spec (each plugin decides)."""
    from meshgate import specs

    try:
        with open(path, "rb") as file:
            head = file.read(HEAD_BYTES).decode("utf-8", "ignore")
    except OSError:
        return False
    return any(spec.sniff(head) for spec in specs.SPECS)


@dataclass(frozen=True, slots=True)
class Target:
    display: str  # how findings name the file
    path: Path


def _display(path: str) -> str:
    return os.path.normpath(path).replace(os.sep, "/")


def _globs(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    """One regular expression for a set of shell-style patterns."""
    translated = [fnmatch.translate(pattern) for pattern in patterns]
    return re.compile("|".join(translated), flags) if translated else None


def discover(
    paths: Iterable[Path], patterns: Iterable[str] | None = None, excludes: Iterable[str] = (), content: bool = False
) -> list[Target]:
    """Explicit files as given, plus files under directories whose names match patterns.

    ``patterns`` defaults to the registered specs' patterns. With ``content``,
    any other .yaml, .yml or .json file under the directories is taken too when
    its first few KB carry a spec's marker (``Spec.sniff``). The result is
    sorted by displayed path and holds each file once.
    """
    names = _globs(default_patterns() if patterns is None else patterns, re.IGNORECASE)
    skip = _globs(excludes)
    found: dict[str, Target] = {}

    def add(file: str) -> None:
        display = _display(file)
        if skip is not None and (skip.match(display) or skip.match(display.rsplit("/", 1)[-1])):
            return
        found.setdefault(os.path.normcase(os.path.abspath(file)), Target(display, Path(file)))

    for path in paths:
        if path.is_dir():
            for directory, subdirectories, files in os.walk(path):
                subdirectories[:] = sorted(
                    d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
                )
                for name in files:
                    if names is not None and names.match(name):
                        add(os.path.join(directory, name))
                    elif content and name.lower().endswith(CONTENT_SUFFIXES):
                        file = os.path.join(directory, name)
                        if by_content(file):
                            add(file)
        else:
            add(str(path))
    return sorted(found.values(), key=lambda target: target.display)
