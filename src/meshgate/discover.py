"""Which files a run checks: explicit files, and descriptors found under directories."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

# Descriptor file names, matched case-insensitively against the file name.
DEFAULT_PATTERNS: tuple[str, ...] = (
    "*.odps.yaml",
    "*.odps.yml",
    "*.odps.json",
    "*.odcs.yaml",
    "*.odcs.yml",
    "*.odcs.json",
    "data-product.yaml",
    "data-product.yml",
    "data-product.json",
    "dataproduct.yaml",
    "dataproduct.yml",
    "dataproduct.json",
    "*.dataproduct.yaml",
    "*.dataproduct.yml",
    "data-product-descriptor.yaml",
    "data-product-descriptor.yml",
    "data-product-descriptor.json",
    "*.dpds.yaml",
    "*.dpds.yml",
    "*.dpds.json",
    "*.dpd.json",
    "datacontract.yaml",
    "datacontract.yml",
    "*.datacontract.yaml",
    "*.datacontract.yml",
)
# Never descended into when walking a directory.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
)


@dataclass(frozen=True, slots=True)
class Target:
    display: str  # how findings name the file
    path: Path
    # Why a directory under a searched path could not be listed; the run
    # reports it instead of silently checking less.
    unlisted: str | None = None


def _display(path: str) -> str:
    return printable_path(os.path.normpath(path).replace(os.sep, "/"))


def printable_path(path: str) -> str:
    """A path as text reports can hold: bytes of a file name that are not UTF-8 written as \\xff escapes.

    Python keeps such bytes as lone surrogates, which no report encoding accepts.
    """
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _globs(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    """One regular expression for a set of shell-style patterns."""
    translated = [fnmatch.translate(pattern) for pattern in patterns]
    return re.compile("|".join(translated), flags) if translated else None


def discover(
    paths: Iterable[Path], patterns: Iterable[str] = DEFAULT_PATTERNS, excludes: Iterable[str] = ()
) -> list[Target]:
    """Explicit files as given, plus files under directories whose names match patterns.

    The result is sorted by displayed path and holds each file once.
    """
    names = _globs(patterns, re.IGNORECASE)
    skip = _globs(excludes)
    found: dict[str, Target] = {}

    def add(file: str, unlisted: str | None = None) -> None:
        display = _display(file)
        if skip is not None and (skip.match(display) or skip.match(display.rsplit("/", 1)[-1])):
            return
        found.setdefault(os.path.normcase(os.path.abspath(file)), Target(display, Path(file), unlisted))

    def unlisted(error: OSError) -> None:
        add(str(error.filename or "."), f"cannot list the directory: {error.strerror or error}")

    for path in paths:
        if path.is_dir():
            for directory, subdirectories, files in os.walk(path, onerror=unlisted):
                subdirectories[:] = sorted(
                    d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
                )
                for name in files:
                    if names is not None and names.match(name):
                        add(os.path.join(directory, name))
        else:
            add(str(path))
    return sorted(found.values(), key=lambda target: target.display)
