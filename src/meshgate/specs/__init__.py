"""The descriptor specifications meshgate knows: one plugin per specification.

A plugin is a small immutable value that owns everything meshgate knows about
its specification: its name, title and kind (product or contract), its
versions (one per schema file), the field that declares the version, the file
names discovery looks for, the wrappers it unwraps, what it can express
natively on its ports (``CAPABILITIES``), the statuses it defines, the form
of its owner, how sure it is that a document is one of its own (``match``),
and how to read a document into the normalized ``Product``.

Adding a specification takes:

1. one module in this package with a module-level ``SPEC`` (found by
   ``_registry``; a plugin living elsewhere calls ``register``);
2. its schemas, ``schemas/<name>/<version>.schema.json`` (the versions are
   read from these file names);
3. regenerating what is derived from the registry, checked by tests that fail
   when it is stale: ``UPDATE_GOLDEN=1 pytest tests/test_spec_plugins.py``
   rewrites ``policies/specs.json`` (``data.meshgate.specs``) and the enum of
   spec names in ``schemas/meshgate/config-v1.schema.json``.

Nothing else names a spec: detection takes the highest ``match`` score (a tie
at the top is a finding), discovery's default patterns are the union of the
plugins' patterns, and policies are scoped by capability.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, Protocol

from meshgate.model.product import Contract, Product
from meshgate.records import record
from meshgate.resources import schemas_dir
from meshgate.specs.fields import Raw, as_text

if TYPE_CHECKING:
    from meshgate.specs.classification import Scale

CAPABILITIES = ("access", "slo", "terms")
"""What a spec can write natively on its ports: access model, service levels, terms of use."""

# Scores ``match`` gives: how sure a plugin is that a document is one of its own.
DECLARED = 100  # the document declares the spec (its kind or its version field)
MARKER = 50  # a field, or a value, only this spec writes
HINT = 30  # a weaker sign: a file name, a version that looks like one of ours
SHAPE = 10  # the document merely has the spec's shape


@record
class Declared:
    """The version a document declares (or that its spec implies)."""

    value: str | None
    pointer: str | None
    implicit: bool = False


class Unwrapped(NamedTuple):
    """The descriptor a wrapper document carries, and where."""

    pointer: str
    data: Mapping[str, Any]
    what: str  # for the message, e.g. "a provisioning request"


class Spec(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def title(self) -> str: ...

    @property
    def kind(self) -> Literal["product", "contract"]: ...

    @property
    def versions(self) -> tuple[str, ...]:
        """Every version meshgate has the schema of, oldest first."""
        ...

    @property
    def schemas(self) -> Path:
        """The directory of the spec's ``<version>.schema.json`` files."""
        ...

    @property
    def version_field(self) -> str: ...

    @property
    def markers(self) -> str:
        """What detection looks for, for the message when nothing matches."""
        ...

    @property
    def patterns(self) -> tuple[str, ...]:
        """File names (shell globs, matched case-insensitively) discovery looks for."""
        ...

    @property
    def capabilities(self) -> frozenset[str]:
        """Which of ``CAPABILITIES`` the spec writes natively on its ports."""
        ...

    @property
    def statuses(self) -> tuple[str, ...]:
        """The statuses the spec defines, in lower case."""
        ...

    @property
    def owner_pattern(self) -> str | None:
        """A regular expression for the owner's form, if the spec has one of its own."""
        ...

    def match(self, data: Mapping[str, Any], filename: str) -> int:
        """How sure the spec is that ``data`` is one of its documents: 0 not at all, higher surer."""
        ...

    def sniff(self, head: str) -> bool:
        """Whether the first few KB of a file's text carry this spec's marker (discovery by content)."""
        ...

    def unwrap(self, data: Mapping[str, Any]) -> Unwrapped | None:
        """The descriptor inside a wrapper document this spec defines, else None."""
        ...

    def declared_version(self, data: Mapping[str, Any]) -> Declared: ...

    def normalize(self, root: Raw, version: str, scale: Scale) -> Product: ...


_VERSION_PART = re.compile(r"(\d+)")


def version_key(version: str) -> tuple[Any, ...]:
    """Sorts versions as versions: ``1.0.0-DRAFT`` < ``1.0.0`` < ``1.2.0`` < ``1.10.0``."""
    release, _, prerelease = version.strip().lower().removeprefix("v").partition("-")
    numbers = tuple(int(part) if part.isdigit() else 0 for part in release.split("."))
    return (numbers, 0 if prerelease else 1, prerelease)


@cache
def schema_versions(directory: Path) -> tuple[str, ...]:
    """The versions meshgate has a schema of in directory, oldest first."""
    suffix = ".schema.json"
    names = [path.name[: -len(suffix)] for path in directory.glob(f"*{suffix}")] if directory.is_dir() else []
    return tuple(sorted(names, key=version_key))


@dataclass(frozen=True)
class SpecInfo:
    """What every plugin declares; a plugin subclasses it and adds ``match`` and ``normalize``.

    A plugin's class adds methods only, so it is a plain subclass: the dataclass machinery
    (a millisecond or more per class at start-up) runs once, here.
    """

    name: str
    title: str
    kind: Literal["product", "contract"]
    version_field: str
    markers: str
    patterns: tuple[str, ...] = ()
    capabilities: frozenset[str] = frozenset()
    statuses: tuple[str, ...] = ()
    owner_pattern: str | None = None
    schema_root: Path | None = None  # None: meshgate's own schemas/
    content_marker: str | None = None
    """A regular expression found in the first few KB of the spec's files, for discovery by content."""
    content_hints: tuple[str, ...] = ()
    """Literal texts one of which the marker needs: a fast test that rules most files out before the regex."""

    def __post_init__(self) -> None:
        unknown = self.capabilities - set(CAPABILITIES)
        if unknown:
            raise ValueError(f"{self.name}: unknown capabilities {sorted(unknown)}; use {CAPABILITIES}")

    @property
    def schemas(self) -> Path:
        return (self.schema_root or schemas_dir()) / self.name

    @property
    def versions(self) -> tuple[str, ...]:
        return schema_versions(self.schemas)

    def unwrap(self, data: Mapping[str, Any]) -> Unwrapped | None:
        return None

    def sniff(self, head: str) -> bool:
        if self.content_marker is None:
            return False
        if self.content_hints and not any(hint in head for hint in self.content_hints):
            return False
        return _compiled(self.content_marker).search(head) is not None


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.MULTILINE)


# How a key is written at the start of a YAML line or as a JSON member: ``key:`` or ``"key":``.
def key_marker(*keys: str, value: str = "") -> str:
    """A content marker for any of keys (optionally followed by a value pattern), in YAML or JSON."""
    names = "|".join(re.escape(key) for key in keys)
    return rf"""(?:^[ \t-]*|[{{,]\s*)["']?(?:{names})["']?\s*:\s*{value}"""


def contract_link(port: Raw, key: str) -> Contract | None:
    """The data contract a port names by id under ``key``, if it names one."""
    found = port.get(key)
    if found is None or not (contract_id := as_text(found.value)):
        return None
    return Contract(id=contract_id, pointer=found.pointer, sources={"id": found.pointer})


def patterns_of(specs: Iterable[Spec]) -> tuple[str, ...]:
    """Every spec's file-name patterns, once each, in registry order."""
    return tuple(dict.fromkeys(pattern for spec in specs for pattern in spec.patterns))


def policy_data(specs: Iterable[Spec]) -> dict[str, Any]:
    """What policies read about each spec, as ``data.meshgate.specs`` (``policies/specs.json``)."""
    return {
        "meshgate": {
            "specs": {
                spec.name: {
                    "kind": spec.kind,
                    "capabilities": sorted(spec.capabilities),
                    "statuses": list(spec.statuses),
                    "owner_pattern": spec.owner_pattern,
                }
                for spec in sorted(specs, key=lambda spec: spec.name)
            }
        }
    }


def _registry() -> tuple[Spec, ...]:
    """Every module of this package that defines ``SPEC``, by name."""
    found: list[Spec] = []
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda info: info.name):
        if module.name.startswith("_") or module.ispkg:
            continue
        spec = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SPEC", None)
        if spec is not None:
            found.append(spec)
    return tuple(found)


SPECS: tuple[Spec, ...] = _registry()
BY_NAME: dict[str, Spec] = {spec.name: spec for spec in SPECS}


def register(spec: Spec) -> None:
    """Add (or replace) a plugin defined outside this package."""
    global SPECS
    SPECS = (*(known for known in SPECS if known.name != spec.name), spec)
    BY_NAME[spec.name] = spec


def unregister(name: str) -> None:
    global SPECS
    SPECS = tuple(known for known in SPECS if known.name != name)
    BY_NAME.pop(name, None)
