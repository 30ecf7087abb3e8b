"""How a run is configured: everything the pipeline needs, as one frozen value."""

from __future__ import annotations

import datetime
from dataclasses import field
from pathlib import Path

from meshgate.discover import claimed, default_patterns
from meshgate.limits import Limits
from meshgate.model.finding import Severity
from meshgate.records import record


def default_jobs() -> int:
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@record
class SpecOverride:
    """Check files matching these globs as this spec and version (meshgate.yaml 'specs')."""

    files: tuple[str, ...]
    spec: str
    version: str

    def matches(self, path: str) -> bool:
        return claimed(path, self.files)


@record
class OpaOptions:
    """Where and how the ``opa`` engine reaches its OPA server (--opa-*, config ``opa:``)."""

    url: str | None = None
    token: str | None = None
    ca_bundle: Path | None = None
    client_cert: Path | None = None
    client_key: Path | None = None
    timeout: float = 10.0
    retries: int = 2
    mode: str = "push"  # push: upload the policies for the run; bundle: the server already serves them
    revision: str | None = None  # bundle mode: the revision to accept instead of the policy-set digest
    batch_size: int = 16  # inputs per request


@record
class Options:
    """Everything a check is run with, from the command line and the configuration."""

    policy_dirs: tuple[Path, ...] = ()
    data_files: tuple[Path, ...] = ()
    builtin_policies: bool = True
    patterns: tuple[str, ...] = field(default_factory=default_patterns)
    excludes: tuple[str, ...] = ()
    discover_content: bool = False
    """Also take .yaml/.yml/.json files whose content carries a spec's marker (--discover content)."""
    fail_on: Severity | None = Severity.ERROR
    environment: str | None = None
    today: datetime.date = field(default_factory=lambda: datetime.datetime.now(datetime.UTC).date())
    limits: Limits = field(default_factory=Limits)
    jobs: int = field(default_factory=default_jobs)
    overrides: tuple[SpecOverride, ...] = ()
    engine: str = "regorus"
    opa: OpaOptions = field(default_factory=OpaOptions)
    # Change rules at another severity than their METADATA's, by rule id ("none" drops them): change-severity.
    change_severity: tuple[tuple[str, str], ...] = ()
    # Who reads each product's ports, from a batch audit (--consumers): (product id, port id or "" for the
    # product as a whole, the consumers). A change to what someone reads is raised a level and names them.
    consumers: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    whole_mesh: bool = False
    """The run holds the whole mesh (an audit): what it lacks does not exist, rather than lies elsewhere.

    A port's contract or a dependency that the run does not declare is then an
    error; in a run over some repositories (validate in a product's CI) it is a
    warning, since it is most likely declared in another repository.
    """

    def override_for(self, path: str) -> SpecOverride | None:
        return next((override for override in self.overrides if override.matches(path)), None)
