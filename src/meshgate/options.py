"""How a run is configured: everything the pipeline needs, as one frozen value."""

from __future__ import annotations

import datetime
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path

from meshgate.discover import default_patterns
from meshgate.limits import Limits
from meshgate.model.finding import Severity


def default_jobs() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True, slots=True)
class SpecOverride:
    """Check files matching these globs as this spec and version (meshgate.yaml 'specs')."""

    files: tuple[str, ...]
    spec: str
    version: str

    def matches(self, path: str) -> bool:
        name = path.rsplit("/", 1)[-1]
        return any(fnmatch.fnmatchcase(path, glob) or fnmatch.fnmatchcase(name, glob) for glob in self.files)


@dataclass(frozen=True, slots=True)
class Options:
    policy_dirs: tuple[Path, ...] = ()
    data_files: tuple[Path, ...] = ()
    builtin_policies: bool = True
    patterns: tuple[str, ...] = field(default_factory=default_patterns)
    excludes: tuple[str, ...] = ()
    fail_on: Severity | None = Severity.ERROR
    environment: str | None = None
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).date())
    limits: Limits = field(default_factory=Limits)
    jobs: int = field(default_factory=default_jobs)
    overrides: tuple[SpecOverride, ...] = ()
    engine: str = "regorus"
    # Change rules at another severity than their METADATA's, by rule id ("none" drops them): change-severity.
    change_severity: tuple[tuple[str, str], ...] = ()

    def override_for(self, path: str) -> SpecOverride | None:
        return next((override for override in self.overrides if override.matches(path)), None)
