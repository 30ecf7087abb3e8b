"""Which files a run checks: explicit files, and descriptors found under directories."""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Iterable
from pathlib import Path

from meshgate.load.files import printable_path
from meshgate.records import record


def default_patterns() -> tuple[str, ...]:
    """Descriptor file names, matched case-insensitively: every spec plugin's patterns."""
    from meshgate import specs

    return specs.patterns_of(specs.SPECS)


# The default patterns of the specs registered when meshgate was imported.
DEFAULT_PATTERNS: tuple[str, ...] = default_patterns()
# meshgate's own configuration files: never a descriptor, whatever --pattern says.
CONFIG_FILE_NAMES = ("meshgate.yaml", ".meshgate.yaml", "meshgate.yml", ".meshgate.yml")
# Never descended into when walking a directory.
SKIPPED_DIRECTORIES = frozenset(
    {".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache"}
)


def _grouped(patterns: Iterable[str]) -> dict[str, list[str]]:
    """Patterns by what comes before their extension, in first-seen order: {'*.odps': ['yaml', 'yml', 'json']}."""
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        stem, dot, extension = pattern.rpartition(".")
        if not dot:
            stem, extension = pattern, ""
        groups.setdefault(stem, []).append(extension)
    return groups


def describe_patterns(patterns: Iterable[str] = DEFAULT_PATTERNS) -> str:
    """The patterns as people read them: '*.odps.yaml/.yml/.json, data-product.yaml/.yml/.json, ...'.

    ``validate --help`` and the README print this, so the two cannot list different names.
    """
    return ", ".join(
        stem + ("." + "/.".join(extensions) if any(extensions) else "")
        for stem, extensions in _grouped(patterns).items()
    )


def precommit_files_regex(patterns: Iterable[str] = DEFAULT_PATTERNS) -> str:
    """The pre-commit ``files:`` regular expression that accepts exactly the names the patterns match.

    pre-commit searches the path from the repository root; a name matches after
    the last '/', case-insensitively, as discovery matches it.
    """

    def name(stem: str) -> str:
        return "".join("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char) for char in stem).replace(
            "\\-", "-"
        )

    alternatives = [
        name(stem)
        + (
            r"\." + ("(" + "|".join(extensions) + ")" if len(extensions) > 1 else extensions[0])
            if any(extensions)
            else ""
        )
        for stem, extensions in _grouped(patterns).items()
    ]
    return "(?i)(^|/)(" + "|".join(alternatives) + ")$"


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


@record
class Target:
    """A file to check, as found on disk and as findings name it."""

    display: str  # how findings name the file
    path: Path
    # Why a directory under a searched path could not be listed; the run
    # reports it instead of silently checking less.
    unlisted: str | None = None


def _display(path: str) -> str:
    return printable_path(os.path.normpath(path).replace(os.sep, "/"))


def _globs(patterns: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    """One regular expression for a set of shell-style patterns."""
    translated = [fnmatch.translate(pattern) for pattern in patterns]
    return re.compile("|".join(translated), flags) if translated else None


def _exclude_globs(excludes: Iterable[str]) -> re.Pattern[str] | None:
    """Exclude globs as one expression; a leading **/ also matches no directory at all, as in .gitignore."""
    expanded = []
    for glob in excludes:
        expanded.append(glob)
        while glob.startswith("**/"):
            glob = glob[3:]
            expanded.append(glob)
    return _globs(expanded)


def _excluded(display: str, skip: re.Pattern[str] | None) -> bool:
    """Whether a path, its name or one of its directories matches an exclude glob.

    ``--exclude finance`` skips everything under a directory named finance, as
    ``--exclude '**/finance/**'`` does; ``--exclude '*.draft.yaml'`` skips by name.
    """
    if skip is None:
        return False
    parts = display.split("/")
    return bool(skip.match(display)) or any(skip.match(part) for part in parts if part not in ("", ".", ".."))


def claimed(display: str, globs: Iterable[str]) -> bool:
    """Whether a file shown as ``display`` matches one of these globs, by its path or its name (config specs)."""
    name = display.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(display, glob) or fnmatch.fnmatchcase(name, glob) for glob in globs)


def excluded(display: str, excludes: Iterable[str]) -> bool:
    """Whether a file shown as ``display`` is skipped by these exclude globs."""
    return _excluded(_display(display), _exclude_globs(excludes))


def discover(
    paths: Iterable[Path],
    patterns: Iterable[str] | None = None,
    excludes: Iterable[str] = (),
    also: Iterable[str] = (),
    content: bool = False,
) -> list[Target]:
    """Explicit files as given, plus files under directories whose names match patterns.

    ``patterns`` defaults to the registered specs' patterns. ``also`` are globs
    matched against the shown path or the name of each file (the
    configuration's ``specs`` files): those are found whatever the patterns.
    With ``content``, any other .yaml, .yml or .json file under the
    directories is taken too when its first few KB carry a spec's marker
    (``Spec.sniff``).

    A file (named or found) whose path, name or a directory name matches an
    exclude glob is skipped, quietly. The result is sorted by displayed path and
    holds each file once.
    """
    names = _globs(default_patterns() if patterns is None else patterns, re.IGNORECASE)
    skip = _exclude_globs(excludes)
    configs = {name.lower() for name in CONFIG_FILE_NAMES}
    also = tuple(also)
    found: dict[str, Target] = {}

    def add(file: str, unlisted: str | None = None) -> None:
        display = _display(file)
        if _excluded(display, skip):
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
                    if name.lower() in configs:
                        continue
                    file = os.path.join(directory, name)
                    if (
                        (names is not None and names.match(name))
                        or claimed(_display(file), also)
                        or (content and name.lower().endswith(CONTENT_SUFFIXES) and by_content(file))
                    ):
                        add(file)
        else:
            add(str(path))
    return sorted(found.values(), key=lambda target: target.display)
