"""Which specification and version a document follows, read from its own fields."""

from __future__ import annotations

import re
from collections.abc import Mapping

from meshgate import specs as registry
from meshgate.load.document import Document
from meshgate.model import pointer as jp
from meshgate.model import rules
from meshgate.model.finding import Finding
from meshgate.records import record
from meshgate.specs import Spec


@record
class Detection:
    """Which spec (and version) a document is, and where its descriptor starts."""

    spec: Spec
    version: str | None  # None: the declared version is not one meshgate knows
    root: str  # pointer of the descriptor inside the document


def _finding(
    document: Document, rule: rules.Rule, message: str, remediation: str | None = None, pointer: str = ""
) -> Finding:
    return rule.finding(
        document.path,
        message,
        pointer=pointer,
        span=document.locate(pointer),
        document=document.index,
        remediation=remediation,
    )


def _near(declared: str, versions: tuple[str, ...]) -> str | None:
    wanted = declared.strip().lower().removeprefix("v")
    for version in versions:
        known = version.lower().removeprefix("v")
        if wanted in (known, known.removesuffix(".0"), known.removesuffix(".0.0")):
            return version
    return None


_SEMVER = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)$")


# Longer version strings are never a known version's patch (and their numbers
# may pass Python's limit on converting digits to an integer).
_LONGEST_VERSION = 64


def _later_patch(declared: str, versions: tuple[str, ...]) -> str | None:
    """The earliest known version with the same major.minor and a later patch."""
    wanted = _SEMVER.match(declared.strip())
    if wanted is None or len(declared) > _LONGEST_VERSION:
        return None
    major, minor, patch = map(int, wanted.groups())
    later = []
    for version in versions:
        known = _SEMVER.match(version)
        if known and tuple(map(int, known.groups()[:2])) == (major, minor) and int(known.group(3)) > patch:
            later.append((int(known.group(3)), version))
    return min(later)[1] if later else None


def _best(data: Mapping[str, object], filename: str) -> tuple[Spec | None, str]:
    """The spec that is surest data is its own, or None and why."""
    scored = sorted(
        ((score, spec) for spec in registry.SPECS if (score := spec.match(data, filename)) > 0),
        key=lambda pair: -pair[0],
    )
    if not scored:
        looked_for = "; ".join(f"{candidate.title}: {candidate.markers}" for candidate in registry.SPECS)
        return None, f"cannot tell which specification this document follows (looked for {looked_for})"
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        tied = [spec for score, spec in scored if score == scored[0][0]]
        names = " and ".join(f"{spec.title} ({spec.markers})" for spec in tied)
        return None, f"cannot tell which specification this document follows: it looks as much like {names}"
    return scored[0][1], ""


def detect(document: Document, forced: tuple[str, str] | None = None) -> tuple[Detection | None, list[Finding]]:
    """The spec and version of document; ``forced`` (spec, version) comes from the configuration."""
    data = document.data
    if not isinstance(data, Mapping):
        kind = "list" if isinstance(data, list) else type(data).__name__ if data is not None else "empty value"
        message = f"the document is a {kind}, not a mapping of fields"
        return None, [_finding(document, rules.NOT_A_MAPPING, message)]
    findings: list[Finding] = []
    root = ""
    wrapper = next((found for spec in registry.SPECS if (found := spec.unwrap(data)) is not None), None)
    if wrapper is not None:
        root, data = wrapper.pointer, wrapper.data
        where = jp.tokens(root)[-1] if root else ""
        message = f"{wrapper.what}: the descriptor under '{where}' is checked"
        findings.append(_finding(document, rules.WRAPPED, message, None, root))
    if forced is not None:
        # Not a finding: a file the configuration describes is not a problem, at any --fail-on.
        spec_name, version = forced
        return Detection(registry.BY_NAME[spec_name], version, root), findings
    filename = document.path.rsplit("/", 1)[-1].lower()
    spec, problem = _best(data, filename)
    if spec is None:
        remediation = "Declare the specification, e.g. 'apiVersion: v1.0.0' and 'kind: DataProduct' for Bitol ODPS."
        return None, [*findings, _finding(document, rules.UNKNOWN_SPEC, problem, remediation, root)]
    declared = spec.declared_version(data)
    version_pointer = root + declared.pointer if declared.pointer else root
    if declared.implicit:
        note = getattr(spec, "revision_note", None)
        if note is not None and declared.value is not None and (told := note(declared.value)) is not None:
            remediation = f"Bring the descriptor to the current revision of {spec.title}, or leave it as it is."
            findings.append(_finding(document, rules.VERSION_MISMATCH, told, remediation, version_pointer))
        if spec.version_field != "(none: the version is implicit)":
            message = f"no {spec.version_field} field; checked as {spec.title} {declared.value}, its only version"
            findings.append(
                _finding(
                    document, rules.IMPLIED_VERSION, message, f"Add '{spec.version_field}: {declared.value}'.", root
                )
            )
        return Detection(spec, declared.value, root), findings
    if declared.value is None:
        message = f"looks like {spec.title} but has no {spec.version_field}; meshgate picks the schema from it"
        remediation = f"Add '{spec.version_field}' with one of: {', '.join(spec.versions)}."
        findings.append(_finding(document, rules.MISSING_VERSION, message, remediation, root))
        return Detection(spec, None, root), findings
    if declared.value in spec.versions:
        return Detection(spec, declared.value, root), findings
    near = _near(declared.value, spec.versions)
    if near is not None:
        # Validate against that version: its schema reports the exact spelling it wants.
        return Detection(spec, near, root), findings
    patch = _later_patch(declared.value, spec.versions)
    if patch is not None:
        message = (
            f"meshgate has no schema for {spec.title} {declared.value}; "
            f"checked against {patch}, a later patch release of the same version"
        )
        findings.append(_finding(document, rules.SUBSTITUTE_VERSION, message, None, version_pointer))
        return Detection(spec, patch, root), findings
    known = ", ".join(spec.versions)
    supported = f"version {known}" if len(spec.versions) == 1 else f"versions {known}"
    message = (
        f"{spec.version_field} '{declared.value}' is not a version of {spec.title} meshgate has the schema of: "
        f"it supports {supported} only, so the document's structure was not checked"
    )
    remediation = (
        f"Set {spec.version_field} to the version the descriptor follows; to have its structure checked, "
        f"write it to {supported}."
    )
    findings.append(_finding(document, rules.UNKNOWN_VERSION, message, remediation, version_pointer))
    return Detection(spec, None, root), findings
