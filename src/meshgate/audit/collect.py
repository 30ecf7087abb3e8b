"""The map phase: fetch repositories, pick this shard's units, check them, and record the inputs.

A *unit* is what ``--shard`` splits: a repository of the repositories file,
or a first-level entry of a directory given on the command line (a checkout
in a folder of checkouts, a domain in a monorepo). A unit goes to shard
``1 + sha256(unit) mod n``, so adding a repository moves no other.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

import yaml

from meshgate._version import __version__
from meshgate.audit import deferred as deferring
from meshgate.audit import scoring
from meshgate.audit.findings import UNUSED_WAIVER, audit_finding, finding_key
from meshgate.audit.history import Descriptor, git, histories, live_statuses
from meshgate.audit.model import (
    Audit,
    AuditFinding,
    Dependency,
    History,
    Inputs,
    PolicyInfo,
    ProductInput,
    Repository,
    Unscored,
)
from meshgate.audit.model import DeferredMesh as DeferredMeshInput
from meshgate.discover import Target, discover
from meshgate.errors import UsageError
from meshgate.evaluate.evaluation import DeferredMesh, Evaluation
from meshgate.evaluate.runtime import EntryPoint, entry_point_of
from meshgate.govern import Governance
from meshgate.model.report import Report
from meshgate.options import Options
from meshgate.pipeline import check
from meshgate.prepare import Preparer
from meshgate.records import record
from meshgate.specs import BY_NAME
from meshgate.specs.classification import Scale


@record
class RepositoryEntry:
    name: str
    url: str
    ref: str | None
    path: str | None
    history: bool = False  # fetched whole, for time to market; shallow otherwise


def read_repositories(path: Path) -> list[RepositoryEntry]:
    """The repositories file: ``repositories: [{url, ref?, path?, name?}]`` (a plain list, or URL strings, too)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise UsageError(f"--repos {path}: cannot be read: {error}") from error
    items = data.get("repositories") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise UsageError(f"--repos {path}: expected a list under 'repositories'")
    entries: list[RepositoryEntry] = []
    for index, item in enumerate(items):
        if isinstance(item, str):
            item = {"url": item}
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise UsageError(f"--repos {path}: /repositories/{index}: expected a URL or a mapping with 'url'")
        unknown = sorted(set(item) - {"url", "ref", "path", "name", "history"})
        if unknown:
            raise UsageError(
                f"--repos {path}: /repositories/{index}: unknown key '{unknown[0]}'",
                hint="Use url, ref, path, name and history.",
            )
        if not isinstance(item.get("history", False), bool):
            raise UsageError(
                f"--repos {path}: /repositories/{index}/history: expected true or false",
                hint="history: true fetches the repository whole, for time to market.",
            )
        url = item["url"]
        default = re.sub(r"\.git$", "", url.rstrip("/").rsplit("/", 1)[-1]) or "repository"
        name = str(item.get("name") or default)
        entries.append(RepositoryEntry(name, url, item.get("ref"), item.get("path"), bool(item.get("history"))))
    names = [entry.name for entry in entries]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise UsageError(
            f"--repos {path}: two repositories are named '{duplicates[0]}'", hint="Give one of them a 'name'."
        )
    return entries


def fetch(entry: RepositoryEntry, cache: Path) -> tuple[Path, str]:
    """Clone or update the repository at its ref (shallow, unless its history is wanted); its checkout and commit."""
    digest = hashlib.sha256(entry.url.encode()).hexdigest()[:12]
    checkout = cache / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', entry.name)}-{digest}"
    if not (checkout / ".git").is_dir():
        checkout.mkdir(parents=True, exist_ok=True)
        git("init", "-q", str(checkout))
        git("remote", "add", "origin", entry.url, cwd=checkout)
    if not entry.history:
        git("fetch", "-q", "--depth", "1", "origin", entry.ref or "HEAD", cwd=checkout)
    elif git("rev-parse", "--is-shallow-repository", cwd=checkout) == "true":
        git("fetch", "-q", "--unshallow", "origin", entry.ref or "HEAD", cwd=checkout)
    else:
        git("fetch", "-q", "origin", entry.ref or "HEAD", cwd=checkout)
    git("checkout", "-q", "--force", "--detach", "FETCH_HEAD", cwd=checkout)
    return checkout, git("rev-parse", "HEAD", cwd=checkout)


def shard_of(unit: str, count: int) -> int:
    return 1 + int(hashlib.sha256(unit.encode()).hexdigest()[:12], 16) % count


def parse_shard(text: str | None) -> tuple[int, int] | None:
    if text is None:
        return None
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise UsageError(f"--shard {text!r}: expected i/n with 1 <= i <= n", hint="For example --shard 3/8.")
    return int(match[1]), int(match[2])


def _unit_of(target: Target, roots: Sequence[tuple[Path, str]]) -> str:
    resolved = target.path.resolve()
    for root, name in roots:
        try:
            relative = resolved.relative_to(root)
        except ValueError:
            continue
        first = relative.parts[0] if relative.parts else ""
        return f"{name}/{first}" if root.is_dir() and first else name
    return target.display


def collect(
    paths: Sequence[Path],
    repositories: Sequence[RepositoryEntry],
    cache: Path,
    options: Options,
    governance: Governance,
    shard: tuple[int, int] | None,
    *,
    history: bool = True,
) -> Inputs:
    unscored: list[Unscored] = []
    repos: list[Repository] = []
    roots: list[tuple[Path, str]] = []  # (resolved root, unit prefix)
    sources: list[tuple[Path, str, str | None]] = []  # (path to discover, display prefix, repository)
    for path in paths:
        shown = path.as_posix().rstrip("/") or "."
        roots.append((path.resolve(), shown))
        sources.append((path, "", None))
    for entry in repositories:
        if shard is not None and shard_of(entry.name, shard[1]) != shard[0]:
            continue
        try:
            checkout, commit = fetch(entry, cache)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            unscored.append(Unscored(source=entry.url, reason=f"cannot be fetched: {error}"))
            repos.append(Repository(name=entry.name, url=entry.url, ref=entry.ref, path=entry.path, commit=None))
            continue
        root = checkout / entry.path if entry.path else checkout
        repos.append(Repository(name=entry.name, url=entry.url, ref=entry.ref, path=entry.path, commit=commit))
        if not root.is_dir():
            unscored.append(Unscored(source=entry.url, reason=f"has no directory '{entry.path}' at {commit[:12]}"))
            continue
        roots.append((root.resolve(), entry.name))
        sources.append((root, entry.name, entry.name))
    targets: list[Target] = []
    repository_of: dict[str, str | None] = {}
    units: set[str] = set()
    for source, prefix, repository in sources:
        found: list[Target] = []
        if source.exists():
            found = discover([source], options.patterns, options.excludes, content=options.discover_content)
        for target in found:
            if prefix:
                relative = target.path.resolve().relative_to(source.resolve()).as_posix()
                target = Target(f"{prefix}/{relative}", target.path)
            unit = repository or _unit_of(target, roots)
            if shard is not None and repository is None and shard_of(unit, shard[1]) != shard[0]:
                continue
            units.add(unit)
            repository_of[target.display] = repository
            targets.append(target)
    units |= {repo.name for repo in repos}
    evaluation = deferring.evaluation_for(options, governance)
    policy_set = evaluation.policy_set
    # A shard's products wait for every other shard's: audit merge runs the mesh policies over all of them.
    kept = DeferredMesh() if shard is not None else None
    report = (
        check(
            sorted(targets, key=lambda target: target.display),
            options,
            governance,
            evaluation=evaluation,
            defer_mesh=kept,
        )
        if targets
        else None
    )
    policies = [
        PolicyInfo(
            id=policy.id,
            title=policy.title,
            severity=policy.severity.value,
            area=scoring.area_of(policy.id),
            lifecycle=policy.lifecycle.value,
            enforce_after=policy.enforce_after,
            specs=sorted(policy.specs),
            capabilities=sorted(policy.capabilities),
            domains=sorted(policy.domains),
            products=sorted(policy.products),
            remediation=policy.remediation,
            mesh=entry_point_of(policy.package) is EntryPoint.MESH,
        )
        for policy in sorted(evaluation.policies.values(), key=lambda policy: policy.id)
        # An audit compares no two versions: a change policy never runs, so it neither passes nor fails.
        if policy.evaluated and entry_point_of(policy.package) is not EntryPoint.CHANGE
    ]
    products: list[ProductInput] = []
    governance_findings: list[AuditFinding] = []
    dated = _histories(report, targets, evaluation) if history and report is not None else {}
    if report is not None:
        by_document: dict[tuple[str, int], list[AuditFinding]] = defaultdict(list)
        for finding in report.findings:
            by_document[(finding.file, finding.document)].append(audit_finding(finding))
        for document in report.documents:
            held = by_document.get((document.file, document.document), [])
            if document.kind is None:
                reasons = [f"{item.rule_id}: {item.message}" for item in held if item.severity == "error"]
                unscored.append(
                    Unscored(
                        source=f"{document.file}#{document.document}",
                        reason="; ".join(reasons) or "not recognized as a descriptor",
                    )
                )
                continue
            spec = BY_NAME.get(document.spec or "")
            products.append(
                ProductInput(
                    key=f"{document.file}#{document.document}",
                    file=document.file,
                    document=document.document,
                    repository=repository_of.get(document.file),
                    id=document.product_id,
                    name=document.name,
                    domain=document.domain,
                    owner=document.owner,
                    spec=document.spec,
                    spec_version=document.spec_version,
                    kind=document.kind,
                    capabilities=sorted(spec.capabilities) if spec is not None else [],
                    ports=list(document.ports),
                    findings=held,
                    port_names=list(document.port_names),
                    port_contracts=list(document.port_contracts),
                    dependencies=[
                        Dependency(product=product, port=port, contract=contract)
                        for product, port, contract in document.dependencies
                    ],
                    history=dated.get(f"{document.file}#{document.document}"),
                )
            )
        documented = {(document.file, document.document) for document in report.documents}
        for (file, number), held in sorted(by_document.items()):
            if (file, number) in documented:
                continue
            if file in repository_of:  # a descriptor file that could not be read: unscored, with the reason
                unscored.append(
                    Unscored(
                        source=f"{file}#{number}", reason="; ".join(f"{item.rule_id}: {item.message}" for item in held)
                    )
                )
            else:  # a governance file (waivers)
                governance_findings += held
    return Inputs(
        tool_version=__version__,
        policy_digest=policy_set.digest,
        engine=evaluation.evaluator.description,
        today=options.today.isoformat(),
        environment=options.environment,
        units=sorted(units),
        repositories=sorted(repos, key=lambda repo: repo.name),
        policies=policies,
        products=sorted(products, key=lambda product: product.key),
        unscored=sorted(unscored, key=lambda item: (item.source, item.reason)),
        governance=governance_findings,
        deferred_mesh=deferring.kept(kept, report.files if report else (), governance) if kept is not None else None,
    )


def _governance(shards: Sequence[Audit]) -> list[AuditFinding]:
    """The governance findings of every shard once; a waiver is unused only if no shard used it."""
    seen: dict[tuple[str, int, int, str, str], AuditFinding] = {}
    reported: dict[tuple[str, int, int, str, str], int] = defaultdict(int)
    for audit in shards:
        for finding in audit.inputs.governance:
            key = finding_key(finding)
            seen[key] = finding
            reported[key] += 1
    return [
        finding
        for key, finding in sorted(seen.items())
        if finding.rule_id != UNUSED_WAIVER or reported[key] == len(shards)
    ]


def _histories(report: Report, targets: Sequence[Target], evaluation: Evaluation) -> dict[str, History]:
    """Each product's life in git (time to market), by key."""
    paths = {target.display: target.path for target in targets}
    descriptors = [
        Descriptor(f"{document.file}#{document.document}", paths[document.file], document.document, document.product_id)
        for document in report.documents
        if document.kind is not None and document.file in paths
    ]
    data = evaluation.policy_set.data
    preparer = Preparer(evaluation.options, validate_schemas=False, scale=Scale.from_data(data))
    return histories(descriptors, preparer, live_statuses(data))


def deferred_meshes(shards: Sequence[tuple[str, Audit]]) -> list[tuple[str, DeferredMeshInput]] | None:
    """Each shard's products kept for the mesh policies, or None when no shard kept them (whole audits).

    Shards of one audit all keep them: some that do and some that do not are not one audit.
    """
    kept = [(name, audit.inputs.deferred_mesh) for name, audit in shards]
    found = [(name, deferred) for name, deferred in kept if deferred is not None]
    if not found:
        return None
    if len(found) != len(kept):
        whole = next(name for name, deferred in kept if deferred is None)
        raise UsageError(
            f"{whole} is a whole audit, not a shard (--shard i/n): its mesh findings cannot be merged with shards'",
            hint="Merge the shards of one audit, each written with --shard i/n.",
        )
    return found


def mesh_caveat(shards: Sequence[Audit]) -> str | None:
    """What merging whole audits cannot do: their mesh policies ran over each one's products, not over all."""
    names = sorted({policy.id for audit in shards for policy in audit.inputs.policies if policy.mesh})
    if len(shards) < 2 or not names or all(audit.inputs.deferred_mesh is not None for audit in shards):
        return None
    return (
        f"the mesh policies ({', '.join(names)}) ran over each shard's products only: "
        "what they would find across shards is not in the merged audit"
    )


def merge(shards: Sequence[Audit]) -> Inputs:
    """One audit's inputs from its shards' (the same policies, date and engine; disjoint units)."""
    first = shards[0].inputs
    for audit in shards[1:]:
        for field in ("policy_digest", "today", "environment", "tool_version"):
            if getattr(audit.inputs, field) != getattr(first, field):
                raise UsageError(
                    f"the shards disagree on {field} ({getattr(first, field)!r} and {getattr(audit.inputs, field)!r})",
                    hint="Merge shards of one audit: the same meshgate, policies, --environment and --today.",
                )
    keys = [product.key for audit in shards for product in audit.inputs.products]
    if len(keys) != len(set(keys)):
        repeated = sorted({key for key in keys if keys.count(key) > 1})[0]
        raise UsageError(f"the shards overlap: {repeated} is in more than one", hint="Merge each shard once.")
    return Inputs(
        tool_version=first.tool_version,
        policy_digest=first.policy_digest,
        engine=first.engine,
        today=first.today,
        environment=first.environment,
        units=sorted({unit for audit in shards for unit in audit.inputs.units}),
        repositories=sorted(
            {repo.name: repo for a in shards for repo in a.inputs.repositories}.values(), key=lambda repo: repo.name
        ),
        policies=first.policies,
        products=sorted((p for audit in shards for p in audit.inputs.products), key=lambda product: product.key),
        unscored=sorted(
            {(u.source, u.reason): u for a in shards for u in a.inputs.unscored}.values(),
            key=lambda item: (item.source, item.reason),
        ),
        governance=_governance(shards),
        deferred_mesh=None,
    )
