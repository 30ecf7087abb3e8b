"""Which files a run checks: explicit files, and descriptors found under directories."""

from __future__ import annotations

import fnmatch
import os
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


@dataclass(frozen=True, slots=True, order=True)
class Target:
    display: str  # how findings name the file
    path: Path


def _display(path: Path) -> str:
    return Path(os.path.normpath(path)).as_posix()


def _matches(name: str, patterns: Iterable[str]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, pattern.lower()) for pattern in patterns)


def _excluded(display: str, excludes: Iterable[str]) -> bool:
    return any(
        fnmatch.fnmatchcase(display, pattern) or fnmatch.fnmatchcase(display.rsplit("/", 1)[-1], pattern)
        for pattern in excludes
    )


def discover(
    paths: Iterable[Path], patterns: Iterable[str] = DEFAULT_PATTERNS, excludes: Iterable[str] = ()
) -> list[Target]:
    """Explicit files as given, plus files under directories whose names match patterns.

    The result is sorted by displayed path and holds each file once.
    """
    patterns, excludes = tuple(patterns), tuple(excludes)
    found: dict[Path, Target] = {}
    for path in paths:
        if path.is_dir():
            for directory, subdirectories, files in os.walk(path):
                subdirectories[:] = sorted(
                    d for d in subdirectories if d not in SKIPPED_DIRECTORIES and not d.startswith(".")
                )
                for name in files:
                    if _matches(name, patterns):
                        file = Path(directory) / name
                        found.setdefault(file.resolve(), Target(_display(file), file))
        else:
            found.setdefault(path.resolve(), Target(_display(path), path))
    return sorted(target for target in found.values() if not _excluded(target.display, excludes))
