"""A check, end to end: prepare → evaluate → govern, returning the report.

prepare   (workers)  load → detect → schema → normalize, per file
evaluate  (workers, then the parent)
                     the contract index from every document's detected kind;
                     each document joined and evaluated (``document`` entry point)
                     in the worker that prepared it; then ``mesh`` over every product
govern    (parent)   policy lifecycles (draft, grace), the baseline, waivers;
                     which policies run, and their severity and scope, are
                     settled from the same Governance before evaluate

Why documents are evaluated in the workers rather than the parent: policy
evaluation is a third of the time spent on a document, so one parent
evaluating every document would cap a run at what one core can evaluate,
below the bulk target; keeping each prepared document in the worker that
made it also spares shipping descriptors between processes twice. The parent
still sees the whole run before any document is evaluated, which is what the
join needs.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from meshgate._version import __version__
from meshgate.discover import Target
from meshgate.evaluate.evaluation import (
    BATCH,
    DeferredMesh,
    Evaluated,
    Evaluation,
    Later,
    MeshEntry,
    Placement,
    Spool,
    Spooled,
    export_of,
)
from meshgate.evaluate.join import ContractExport, ContractIndex, ContractPlace, build_index, named_contracts
from meshgate.evaluate.policies import PolicySet, load_policies, rules_for
from meshgate.govern import Governance, govern
from meshgate.govern.controls import configure
from meshgate.govern.waivers import InlineComment
from meshgate.load.document import Locator
from meshgate.load.files import load_bytes
from meshgate.model import rules
from meshgate.model.finding import Finding, Severity, Span, Status, fingerprint
from meshgate.model.report import DocumentResult, Report
from meshgate.model.rules import Rule
from meshgate.options import Options
from meshgate.prepare import Prepared, Preparer, pack, unpack
from meshgate.records import record
from meshgate.specs.classification import Scale
from meshgate.workers import collecting_rarely, give_back_memory, jobs_for, run_shares

if TYPE_CHECKING:
    from meshgate.history import Revision  # git is read only by a run --against a revision

Results = tuple[list[Finding], list[DocumentResult]]
T = TypeVar("T")


@dataclass(slots=True)
class Prepared1:
    """What the first phase tells the parent about a share of the files.

    The contracts, for the index, and the contract ids the share's ports name (its part of the index);
    the findings and document results, needed only at the end, in chunks.
    """

    results: list[Later[Results]] = field(default_factory=list)
    contracts: list[ContractExport] = field(default_factory=list)
    named: set[str] = field(default_factory=set)


# A worker sends its findings in parts of about this many documents, as it goes.
PART_DOCUMENTS = 512
# A share of more files than this keeps what it prepared packed in a temporary file between the phases
# (its memory stays flat, a little more time).
KEEP_UNPACKED_UP_TO = 1_000


@dataclass(slots=True)
class Checked:
    """What the second phase tells the parent: the findings, the mesh entries, the versions a comparison needs.

    The findings are needed only at the end of the run; the mesh entries before, by the mesh entry point.
    """

    evaluated: Later[list[Evaluated]]
    entries: list[MeshEntry]
    versions: list[Placement]  # current versions the share could not pair itself
    previous: list[tuple[str | None, Placement]] = field(default_factory=list)  # earlier ones, likewise
    changes: list[Finding] = field(default_factory=list)  # the pairs the share could make, compared
    read: set[str] = field(default_factory=set)  # repository paths whose earlier versions the share read


class CheckShare:
    """One process's share of a check: prepare its files, keep them, then evaluate them."""

    def __init__(
        self, options: Options, evaluation: Evaluation, plan: Comparison | None = None, *, large: bool = False
    ) -> None:
        self.preparer = Preparer(options, scale=Scale.from_data(evaluation.policy_set.data))
        # A large run's findings travel pickled and wait on disk in the parent (see Later).
        self.large = large
        self.evaluation = evaluation
        # Kept between the phases: the documents themselves for a small share; for a large one, packed into
        # a temporary file, so a worker's memory does not grow with its share.
        self.kept: list[Prepared | Spooled] = []
        self.spool: Spool | None = None
        self.plan = plan  # what a comparison needs: the versions of the changed files, then and now
        self.previous: list[tuple[str | None, Placement]] = []

    def first(self, targets: Sequence[Target]) -> Prepared1:
        summary = Prepared1()
        if len(targets) > KEEP_UNPACKED_UP_TO:
            self.spool = Spool()  # closed by second(), or with the worker
        findings: list[Finding] = []
        documents: list[DocumentResult] = []
        for target in targets:
            outcome = self.preparer.prepare_file(target)
            findings += outcome.findings
            documents += outcome.results
            if self.large and len(documents) >= PART_DOCUMENTS:
                summary.results.append(self._held((findings, documents)))
                findings, documents = [], []
            summary.contracts += [export for item in outcome.prepared if (export := export_of(item)) is not None]
            for item in outcome.prepared:
                summary.named |= named_contracts(item.product)
            if self.spool is None:
                self.kept += outcome.prepared
            else:
                self.kept += [self.spool.keep(pack(item)) for item in outcome.prepared]
            if self.plan is not None:
                self.previous += self.plan.previous_of(target)
        if findings or documents:
            summary.results.append(self._held((findings, documents)))
        return summary

    def _held(self, value: T) -> Later[T]:
        """What the parent needs only at the end: pickled here in a large run, as it is otherwise."""
        return Later.pickled(value) if self.large else Later(value)

    def _checked(self, evaluated: list[Evaluated]) -> Checked:
        entries = [item.mesh for item in evaluated if item.mesh is not None]
        # The mesh entries travel on their own: the findings are opened only after the mesh's evaluation.
        findings = [replace(item, mesh=None) if item.mesh else item for item in evaluated] if self.large else evaluated
        return Checked(self._held(findings), entries, [])

    def second(self, index: ContractIndex) -> Iterator[Checked]:
        """The share's findings, a part every PART_DOCUMENTS documents; the last part holds the comparison."""
        kept, self.kept = self.kept, []
        spool, self.spool = self.spool, None
        evaluated: list[Evaluated] = []
        versions: list[Placement] = []
        changed = self.plan.changed if self.plan is not None else frozenset()
        try:
            for start in range(0, len(kept), BATCH):
                batch = [
                    item if isinstance(item, Prepared) else unpack(item.read()) for item in kept[start : start + BATCH]
                ]
                evaluated += self.evaluation.documents(batch, index)
                versions += [version_of(item) for item in batch if item.file in changed]
                if len(evaluated) >= PART_DOCUMENTS:
                    yield self._checked(evaluated)
                    evaluated = []
        finally:
            if spool is not None:
                spool.close()
        checked = self._checked(evaluated)
        checked.versions = versions
        if self.plan is not None:
            # Compare here what pairs by identity within a file; the rest (moves, removals, id changes) in the parent.
            current = [(self.plan.paths.get(version.file), version) for version in checked.versions]
            pairs, checked.previous, left = pair_versions(self.previous, current, by_place=False)
            checked.versions = [version for _, version in left]
            checked.changes = finish(self.evaluation.changes(pairs, ContractIndex()), pairs, self.evaluation)
            checked.read = {path for path, _ in self.previous if path is not None}
        yield checked


def load(options: Options) -> PolicySet:
    return load_policies(options.policy_dirs, options.data_files, builtin=options.builtin_policies)


def check(
    targets: Sequence[Target],
    options: Options,
    governance: Governance | None = None,
    *,
    evaluation: Evaluation | None = None,
    against: Revision | None = None,
    scope: Sequence[Path] = (),
    defer_mesh: DeferredMesh | None = None,
) -> Report:
    """Check every target and return the governed report.

    With ``against``, each descriptor is also compared with its version at that
    revision (the ``change`` entry point); ``scope`` (the paths asked for) says
    which descriptors of the revision were meant, so one deleted since is found.
    With ``defer_mesh``, the mesh entry point does not run: what it needs is
    kept there instead, for a run over more products than these (``audit merge``).
    """
    with collecting_rarely():
        return _check(targets, options, governance or Governance(), evaluation, against, scope, defer_mesh)


def _check(
    targets: Sequence[Target],
    options: Options,
    governance: Governance,
    evaluation: Evaluation | None,
    against: Revision | None,
    scope: Sequence[Path],
    defer_mesh: DeferredMesh | None,
) -> Report:
    evaluation = evaluation or Evaluation(
        configure(load(options), governance.controls), options, changes=against is not None
    )
    scale = Scale.from_data(evaluation.policy_set.data)
    plan = Comparison.plan(against, targets, scope, options, scale) if against is not None else None
    joined: list[Finding] = []
    places: dict[str, ContractPlace] = {}

    # A large run keeps on disk what it needs only later: the findings and document results until the mesh
    # has been evaluated, what placing a mesh finding needs (most products have none). A small one (a
    # pre-commit hook's) keeps them in memory.
    large = len(targets) > KEEP_UNPACKED_UP_TO
    spool = Spool() if large else None
    specs: dict[str, Mapping[str, Any]] = {}  # each entry's spec, one copy per distinct one

    def index_of(summaries: list[Prepared1]) -> list[ContractIndex]:
        """The run's contract index; each share is sent the part its ports name (at 100,000 descriptors, the
        whole index is a few hundred MB in each worker)."""
        index, duplicates = build_index(export for summary in summaries for export in summary.contracts)
        joined.extend(duplicates)
        # The parent keeps only where each contract's values sit, for placing a mesh finding about one.
        places.update((file, export.place()) for file, export in index.by_file().items())
        parts = [index.only(summary.named) for summary in summaries]
        for summary in summaries:
            summary.results = [results.spooled(spool) for results in summary.results]
            summary.contracts, summary.named = [], set()
        if spool is not None:
            give_back_memory()
        return parts

    def received(part: Checked) -> Checked:
        if spool is not None:
            part.evaluated = part.evaluated.spooled(spool)
            part.entries = [entry.spooled(spool, specs) for entry in part.entries]
        return part

    summaries, parts = run_shares(
        lambda: CheckShare(options, evaluation, plan, large=large),
        targets,
        jobs_for(len(targets), options.jobs),
        index_of,
        received,
    )
    evaluated_shares = [part for share in parts for part in share]
    entries = [entry for share in evaluated_shares for entry in share.entries]
    entries.sort(key=lambda entry: (entry.file, entry.document))
    mesh_findings: list[Finding] = []
    if defer_mesh is None:
        if spool is not None:
            give_back_memory()
        mesh_findings = evaluation.mesh(entries, places)
    else:  # a shard's: its products wait for every other shard's
        defer_mesh.entries += entries
        defer_mesh.contracts.update(places)
    del entries
    # Only now, with the mesh's process gone, the findings and document results are read back.
    results = [held.open() for summary in summaries for held in summary.results]
    findings = [finding for found, _ in results for finding in found] + joined
    findings += _without_repeats([item for share in evaluated_shares for item in share.evaluated.open()])
    findings += mesh_findings
    if plan is not None:
        findings += [finding for share in evaluated_shares for finding in share.changes]
        findings += plan.compare(
            [version for share in evaluated_shares for version in share.versions],
            evaluation,
            [version for share in evaluated_shares for version in share.previous],
            {path for share in evaluated_shares for path in share.read},
        )
    findings = _one_per_problem(findings)
    findings.sort(key=Finding.sort_key)
    documents = sorted((d for _, found in results for d in found), key=lambda d: (d.file, d.document))
    used = {finding.rule_id for finding in findings}
    report = Report(
        tool_version=__version__,
        evaluated_on=options.today.isoformat(),
        environment=options.environment,
        fail_on=options.fail_on,
        policy_count=_policy_count(evaluation, changes=plan is not None),
        policy_digest=evaluation.policy_set.digest,
        files=tuple(sorted(target.display for target in targets)),
        documents=tuple(documents),
        findings=tuple(findings),
        rules=_rules(evaluation, used, changes=plan is not None),
        engine=evaluation.evaluator.description,
    )
    return govern(report, governance)


def _without_repeats(evaluated: Sequence[Evaluated]) -> list[Finding]:
    """Every document's findings, less a product's finding about a joined contract value the contract reports itself.

    A contract is checked on its own too: when a product port joins it, a
    finding about a value the contract holds (or lacks) lands in the
    contract, where the contract's own check may already report it.
    """
    own = {
        (finding.rule_id, finding.file, finding.document, finding.pointer)
        for item in evaluated
        for finding in item.findings
        if (finding.file, finding.document) == item.subject
    }
    kept = []
    for item in evaluated:
        for finding in item.findings:
            place = (finding.rule_id, finding.file, finding.document, finding.pointer)
            if (finding.file, finding.document) != item.subject and place in own:
                continue
            kept.append(finding)
    return kept


# Load findings that name the cause of what other checks then see at the same place:
# version: 1.0 read as a number, Yes read as a boolean, a key written twice, {{...}}.
_CAUSES = frozenset(
    {rules.NUMERIC_VERSION.id, rules.YAML11_BOOLEAN.id, rules.DUPLICATE_KEY.id, rules.TEMPLATE_PLACEHOLDER.id}
)


def _precedence(finding: Finding) -> tuple[int, int]:
    """Which finding of a group speaks for it: the most severe; then a schema error, a load finding, a policy's."""
    stage = 0 if finding.rule_id.startswith("schema/") else 1 if finding.rule_id in _CAUSES else 2
    return (-finding.severity.rank, stage)


def _one_per_problem(findings: list[Finding]) -> list[Finding]:
    """One finding per problem: what a load finding explains is not reported again at the same place.

    ``version: 1.0`` was three findings (read as a number; not of type string;
    not a semantic version) and a duplicate key two. Findings at the very
    place (file, document, pointer) of a load finding that names the cause
    become one: the most severe speaks (a schema error before a load or policy
    finding, so schema verdicts and rule ids stay), at the load finding's
    position (the value itself), its message naming the others with their rule
    ids, its fix adding theirs.
    """
    causes = {
        (finding.file, finding.document, finding.pointer): finding
        for finding in findings
        if finding.rule_id in _CAUSES and finding.pointer and finding.status is Status.FAIL
    }
    if not causes:
        return findings
    groups: dict[tuple[str, int, str], list[Finding]] = {}
    kept: list[Finding] = []
    for finding in findings:
        place = (finding.file, finding.document, finding.pointer)
        if place in causes and finding.status is Status.FAIL:
            groups.setdefault(place, []).append(finding)
        else:
            kept.append(finding)
    for place, group in groups.items():
        if len(group) == 1:
            kept.extend(group)
            continue
        group.sort(key=_precedence)
        speaker = group[0]
        others = sorted(group[1:], key=lambda item: _precedence(item)[1])  # the cause first
        also = "; ".join(f"{other.message} [{other.rule_id}]" for other in others)
        fixes: list[str] = []
        for item in group:
            if item.remediation and item.remediation not in fixes:
                fixes.append(item.remediation)
        kept.append(
            replace(
                speaker,
                span=causes[place].span,
                message=f"{speaker.message}; {also}",
                remediation=" ".join(fix if fix.endswith(".") else fix + "." for fix in fixes),
            )
        )
    return kept


_WITBOOST_MAJOR = re.compile(r"^(urn:dmb:[a-z]+:.*):([0-9]+)$", re.IGNORECASE)
_MAJOR = re.compile(r"^[vV]?([0-9]+)(?:\.([0-9]+))?(?:\.([0-9]+))?")
Located = tuple[str | None, Placement]  # (repository path or None, version)


class LocatedSpans(Mapping[str, Span]):
    """The span of any pointer of a document, located when asked (the nearest recorded ancestor's if missing).

    Computing every value's span up front costs more than the comparison itself; a change finding needs
    one or two. Cheap to keep and to send between processes (the locator is compacted).
    """

    __slots__ = ("_locator",)

    def __init__(self, locator: Locator) -> None:
        self._locator = locator

    def __getitem__(self, pointer: str) -> Span:
        return self._locator.locate(pointer)

    def __contains__(self, pointer: object) -> bool:
        return isinstance(pointer, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0

    def __reduce__(self) -> tuple[Any, ...]:
        return (LocatedSpans, (self._locator.compact(),))


def version_of(prepared: Prepared, file: str | None = None) -> Placement:
    """A document as the change entry point sees it: the raw descriptor, and the span of any value."""
    return Placement(
        file or prepared.file,
        prepared.document.index,
        prepared.root,
        prepared.spec_input(),
        prepared.product,
        LocatedSpans(prepared.document.locator),
        prepared.descriptor,
    )


def prepare_blob(preparer: Preparer, raw: bytes, label: str, path: str) -> list[Placement]:
    """The versions of the documents of a file's content at a revision (findings about it are not reported)."""
    loaded = load_bytes(raw, label, preparer.options.limits, json_text=path.lower().endswith(".json"))
    findings: list[Finding] = []
    prepared = (preparer.prepare(document, findings) for document in loaded.documents)
    return [version_of(item) for item in prepared if item is not None]


def identity(placement: Placement) -> tuple[str, str] | None:
    """What makes two versions the same product: kind and id (a Witboost URN without its major version)."""
    product = placement.product
    if not product.id:
        return None
    text = product.id.strip().lower()
    if match := _WITBOOST_MAJOR.match(text):
        text = match.group(1)
    return product.kind, text


def pair_versions(
    previous: Sequence[Located], current: Sequence[Located], *, by_place: bool = True
) -> tuple[list[tuple[Placement, Placement]], list[Located], list[Located]]:
    """(pairs, previous versions without a pair, current ones without a pair): by identity, then by place."""
    by_key: dict[tuple[str, str], list[int]] = {}
    for number, (_, version) in enumerate(previous):
        if (key := identity(version)) is not None:
            by_key.setdefault(key, []).append(number)
    taken: set[int] = set()
    pairs: list[tuple[Placement, Placement]] = []
    rest: list[Located] = []
    for path, version in current:
        key = identity(version)
        free = [number for number in by_key.get(key, []) if number not in taken] if key else []
        free.sort(key=lambda number: (previous[number][0] != path, number))
        if free:
            taken.add(free[0])
            pairs.append((previous[free[0]][1], version))
        else:
            rest.append((path, version))
    left: list[Located] = []
    for path, version in rest if by_place else ():
        same = [
            number
            for number, (old_path, old) in enumerate(previous)
            if number not in taken and old_path == path and old.document == version.document
        ]
        if same:
            taken.add(same[0])
            pairs.append((previous[same[0]][1], version))
        else:
            left.append((path, version))
    if not by_place:
        left = list(rest)
    return pairs, [item for number, item in enumerate(previous) if number not in taken], left


def _within(path: str, prefix: str) -> bool:
    return prefix in ("", ".") or path == prefix or path.startswith(prefix.rstrip("/") + "/")


def _same_bytes(path: Path, old: bytes) -> bool:
    try:
        return path.stat().st_size == len(old) and path.read_bytes() == old
    except OSError:
        return False


@record
class Comparison:
    """What a run compares against a revision: its descriptors there, and which current files changed."""

    revision: Revision
    options: Options
    every: tuple[str, ...]  # every descriptor path at the revision
    scoped: tuple[str, ...]  # those under the paths asked for
    blobs: Mapping[str, bytes]  # content at the revision of the scoped and current paths
    paths: Mapping[str, str]  # current file (as displayed) -> repository path
    changed: frozenset[str]  # current files that differ from the revision (or are not there)
    unchanged: frozenset[str]  # repository paths identical at both
    _preparer: Preparer | None = None

    @classmethod
    def plan(
        cls,
        revision: Revision,
        targets: Sequence[Target],
        scope: Sequence[Path],
        options: Options,
        scale: Scale | None = None,
    ) -> Comparison:
        every = revision.descriptor_paths(options.patterns, options.excludes)
        prefixes = [relative for path in (scope or [Path()]) if (relative := revision.relative(path)) is not None]
        scoped = [path for path in every if any(_within(path, prefix) for prefix in prefixes)]
        paths = {target.display: relative for target in targets if (relative := revision.relative(target.path))}
        blobs = revision.read([*scoped, *paths.values()])
        changed, unchanged = set(), set()
        for target in targets:
            path = paths.get(target.display)
            old = blobs.get(path) if path is not None else None
            if path is not None and old is not None and _same_bytes(target.path, old):
                unchanged.add(path)
            else:
                changed.add(target.display)
        return cls(
            revision,
            options,
            tuple(every),
            tuple(scoped),
            blobs,
            paths,
            frozenset(changed),
            frozenset(unchanged),
            Preparer(options, validate_schemas=False, scale=scale),
        )

    def previous_of(self, target: Target) -> list[tuple[str | None, Placement]]:
        """The versions at the revision of a changed file still at its path (prepared where the file is)."""
        path = self.paths.get(target.display)
        if target.display not in self.changed or path is None or path not in self.blobs:
            return []
        preparer = self._preparer or Preparer(self.options, validate_schemas=False)  # pragma: no cover - plan() sets it
        return [
            (path, version) for version in prepare_blob(preparer, self.blobs[path], self.revision.label(path), path)
        ]

    def compare(
        self,
        current: Sequence[Placement],
        evaluation: Evaluation,
        previous: Sequence[tuple[str | None, Placement]] = (),
        read: Iterable[str] = (),
    ) -> list[Finding]:
        """Change findings for the current versions of the changed files, and the products removed since.

        ``previous`` holds versions at the revision already prepared and not yet paired (by the workers),
        ``read`` the paths they were read from; the others the comparison needs are prepared here.
        """
        preparer = Preparer(self.options, validate_schemas=False, scale=Scale.from_data(evaluation.policy_set.data))

        def versions_at(paths: Iterable[str], blobs: Mapping[str, bytes]) -> list[Located]:
            found: list[Located] = []
            for path in paths:
                if path not in self.unchanged and path in blobs:
                    found += [
                        (path, item) for item in prepare_blob(preparer, blobs[path], self.revision.label(path), path)
                    ]
            return found

        located: list[Located] = [(self.paths.get(version.file), version) for version in current]
        done = {path for path, _ in previous} | set(read)
        wanted = dict.fromkeys([*self.scoped, *(self.paths[f] for f in self.paths if f in self.changed)])
        earlier = [*previous, *versions_at((path for path in wanted if path not in done), self.blobs)]
        pairs, gone, new = pair_versions(earlier, located)
        others = [path for path in self.every if path not in wanted and path not in self.unchanged]
        if others and any(identity(version) is not None for _, version in new):
            # A product new here may have moved from a path outside the scope: look at every descriptor.
            moved, _, _ = pair_versions(versions_at(others, self.revision.read(others)), new)
            pairs += moved
        in_scope = set(self.scoped)
        removed = [
            _removed(version, self._display(path), self.revision.label(path))
            for path, version in gone
            if path is not None and path in in_scope
        ]
        return finish(evaluation.changes(pairs, ContractIndex()) + removed, pairs, evaluation)

    def _display(self, path: str) -> str:
        return os.path.relpath(self.revision.top / path).replace(os.sep, "/")


def _removed(version: Placement, display: str, label: str) -> Finding:
    product = version.product
    pointer = product.sources.get("id", version.root)
    span = version.spans.get(pointer) or version.spans.get(version.root) or Span(1, 1, 1, 1)
    name = product.id or product.name or "(unnamed)"
    finding = rules.PRODUCT_REMOVED.finding(
        display,
        f"{product.kind} '{name}' was removed (was at {label}:{span.line})",
        pointer=pointer,
        span=span,
        document=version.document,
        product_id=product.id,
    )
    return replace(finding, fingerprint=fingerprint(finding, product.id))


def _major(version: Any) -> tuple[int, int, int] | None:
    match = _MAJOR.match(str(version).strip()) if isinstance(version, str | int | float) else None
    if match is None:
        return None
    return (int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0))


def _id_majors(placement: Placement) -> list[int]:
    """The major versions written in a Witboost product's URN id and its components' ids."""
    ids = [placement.product.id]
    descriptor = placement.descriptor
    components = descriptor.get("components") if isinstance(descriptor, dict) else None
    if isinstance(components, list):
        ids += [item.get("id") for item in components if isinstance(item, dict)]
    majors = []
    for text in ids:
        parts = text.split(":") if isinstance(text, str) and text.lower().startswith("urn:dmb:") else []
        number = parts[5] if len(parts) > 5 else ""
        if number.isdigit():
            majors.append(int(number))
    return majors


def _version_findings(
    findings: Sequence[Finding], pairs: Sequence[tuple[Placement, Placement]], evaluation: Evaluation
) -> list[Finding]:
    """Version discipline: a breaking change bumps the major version; a major bump has a breaking change."""
    breaking_rules = {policy.id for policy in evaluation.policies.values() if policy.custom.get("change") == "breaking"}
    breaking: dict[tuple[str, int], list[str]] = {}
    for finding in findings:
        if finding.rule_id in breaking_rules and finding.severity is Severity.ERROR:
            breaking.setdefault((finding.file, finding.document), []).append(finding.rule_id)
    extra: list[Finding] = []
    for previous, current in pairs:
        old, new = _major(previous.product.version), _major(current.product.version)
        if old is None or new is None:
            continue
        pointer = current.product.sources.get("version", current.root)
        span = current.spans.get(pointer) or current.spans.get(current.root) or Span(1, 1, 1, 1)
        causes = sorted(set(breaking.get((current.file, current.document), [])))
        shown = f"{previous.product.version} → {current.product.version}"
        rule, message = None, ""
        if new < old:
            rule, message = rules.MAJOR_VERSION_NOT_BUMPED, f"the version went down ({shown})"
        elif causes and new[0] <= old[0]:
            rule = rules.MAJOR_VERSION_NOT_BUMPED
            message = f"breaking change ({', '.join(causes)}) but the major version stays {new[0]} ({shown})"
        elif causes and current.spec.get("name") == "witboost-dps":
            stale = [major for major in _id_majors(current) if major <= old[0]]
            if stale:
                rule = rules.MAJOR_VERSION_NOT_BUMPED
                message = (
                    f"breaking change ({', '.join(causes)}): the version's major went to {new[0]} "
                    f"but an id still says {stale[0]}; bump the major version in the product and component ids too"
                )
        elif not causes and new[0] > old[0]:
            rule = rules.MAJOR_VERSION_WITHOUT_BREAKING
            message = f"the major version went up ({shown}) but no breaking change was found"
        if rule is not None:
            finding = rule.finding(
                current.file,
                message,
                pointer=pointer,
                span=span,
                document=current.document,
                product_id=current.product.id,
            )
            extra.append(replace(finding, fingerprint=fingerprint(finding, current.product.version)))
    return extra


def _relevelled(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """Change findings at the severities the configuration's ``change-severity`` sets (``none`` drops them)."""
    levels = dict(options.change_severity)
    kept = []
    for finding in findings:
        named = levels.get(finding.rule_id)
        if named == "none":
            continue
        severity = Severity.parse(named)
        kept.append(replace(finding, severity=severity) if severity is not None else finding)
    return kept


def _raised_for_consumers(findings: Iterable[Finding], options: Options) -> list[Finding]:
    """A change to a port (else a product) that someone reads, one level more severe, naming its readers.

    The readers come from a batch audit (``--consumers``): a change nobody reads is the provider's
    business; one under a consumer's feet is theirs too.
    """
    if not options.consumers:
        return list(findings)
    readers = {(product, port): names for product, port, names in options.consumers}
    raised = []
    for finding in findings:
        # A port's readers (and the product's as a whole); the product's for a change to the product itself.
        names = readers.get((finding.product_id or "", finding.port_id or ""))
        if not names or not finding.rule_id.startswith("change/"):
            raised.append(finding)
            continue
        severity = Severity.ERROR if finding.severity is not Severity.INFO else Severity.WARNING
        what = f"port '{finding.port_id}'" if finding.port_id else f"'{finding.product_id}'"
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        message = f"{finding.message}; {what} is read by {len(names)} product{'s' * (len(names) != 1)}: {shown}"
        raised.append(replace(finding, severity=severity, message=message))
    return raised


def finish(
    findings: Sequence[Finding], pairs: Sequence[tuple[Placement, Placement]], evaluation: Evaluation
) -> list[Finding]:
    """The change findings re-levelled by configuration and by their readers, with version discipline judged on them."""
    options = evaluation.options
    levelled = _raised_for_consumers(_relevelled(findings, options), options)
    return levelled + _relevelled(_version_findings(levelled, pairs, evaluation), options)


def _policies_run(evaluation: Evaluation, *, changes: bool, documents: bool = True) -> list[Any]:
    from meshgate.evaluate.runtime import EntryPoint, entry_point_of

    return [
        policy
        for policy in evaluation.policies.values()
        if (changes if entry_point_of(policy.package) is EntryPoint.CHANGE else documents)
    ]


def _policy_count(evaluation: Evaluation, *, changes: bool) -> int:
    return sum(1 for policy in _policies_run(evaluation, changes=changes) if policy.evaluated)


def _rules(evaluation: Evaluation, used: set[str], *, changes: bool) -> tuple[Rule, ...]:
    """The rules a report describes: every policy run and built-in check; a change rule only if used or compared."""
    run = rules_for(_policies_run(evaluation, changes=changes), used)
    return tuple(rule for rule in run if changes or not rule.id.startswith("change/") or rule.id in used)


def _report(
    evaluation: Evaluation,
    options: Options,
    files: Iterable[str],
    documents: Iterable[DocumentResult],
    findings: list[Finding],
    governance: Governance | None,
) -> Report:
    findings.sort(key=Finding.sort_key)
    run = _policies_run(evaluation, changes=True, documents=False)
    return govern(
        Report(
            tool_version=__version__,
            evaluated_on=options.today.isoformat(),
            environment=options.environment,
            fail_on=options.fail_on,
            policy_count=len(run),
            policy_digest=evaluation.policy_set.digest,
            files=tuple(sorted(files)),
            documents=tuple(sorted(documents, key=lambda d: (d.file, d.document))),
            findings=tuple(findings),
            rules=tuple(
                rule
                for rule in rules_for(run, {finding.rule_id for finding in findings})
                if rule.id.startswith("change/") or rule.id in {finding.rule_id for finding in findings}
            ),
            engine=evaluation.evaluator.description,
        ),
        governance or Governance(),
    )


def mesh_report(
    evaluation: Evaluation,
    entries: Sequence[MeshEntry],
    contracts: Mapping[str, ContractPlace],
    governance: Governance,
    comments: Sequence[InlineComment],
) -> Report:
    """The mesh entry point over products other runs prepared (``audit merge``'s shards), governed.

    ``comments`` are the inline waivers those runs read in the products' files.
    """
    findings = evaluation.mesh(entries, contracts)
    findings.sort(key=Finding.sort_key)
    options = evaluation.options
    used = {finding.rule_id for finding in findings}
    return govern(
        Report(
            tool_version=__version__,
            evaluated_on=options.today.isoformat(),
            environment=options.environment,
            fail_on=options.fail_on,
            policy_count=_policy_count(evaluation, changes=False),
            policy_digest=evaluation.policy_set.digest,
            files=(),
            documents=(),
            findings=tuple(findings),
            rules=_rules(evaluation, used, changes=False),
            engine=evaluation.evaluator.description,
        ),
        governance,
        comments,
    )


def diff_files(
    old: Target,
    new: Target,
    options: Options,
    governance: Governance | None = None,
    *,
    evaluation: Evaluation | None = None,
) -> Report:
    """``meshgate diff OLD NEW``: the change policies on two files' versions of the same products."""
    evaluation = evaluation or Evaluation(load(options), options)
    preparer = Preparer(options, validate_schemas=False, scale=Scale.from_data(evaluation.policy_set.data))
    before, after = preparer.prepare_file(old), preparer.prepare_file(new)
    pairs, gone, _ = pair_versions(
        [(None, version_of(item)) for item in before.prepared], [(None, version_of(item)) for item in after.prepared]
    )
    removed = [_removed(version, old.display, old.display) for _, version in gone]
    findings = after.findings + finish(evaluation.changes(pairs, ContractIndex()) + removed, pairs, evaluation)
    findings += [finding for finding in before.findings if finding.rule_id.startswith(("load/", "detect/"))]
    return _report(evaluation, options, [old.display, new.display], after.results, findings, governance)


def diff_against(
    revision: Revision,
    targets: Sequence[Target],
    scope: Sequence[Path],
    options: Options,
    governance: Governance | None = None,
    *,
    evaluation: Evaluation | None = None,
) -> Report:
    """``meshgate diff --against REF``: only the comparison, no document or mesh policies."""
    evaluation = evaluation or Evaluation(load(options), options)
    scale = Scale.from_data(evaluation.policy_set.data)
    plan = Comparison.plan(revision, targets, scope, options, scale)
    preparer = Preparer(options, validate_schemas=False, scale=scale)
    findings: list[Finding] = []
    documents: list[DocumentResult] = []
    versions: list[Placement] = []
    for target in targets:
        if target.display not in plan.changed:
            continue
        outcome = preparer.prepare_file(target)
        findings += [finding for finding in outcome.findings if finding.rule_id.startswith(("load/", "detect/"))]
        documents += outcome.results
        versions += [version_of(item) for item in outcome.prepared]
    findings += plan.compare(versions, evaluation)
    return _report(evaluation, options, [target.display for target in targets], documents, findings, governance)
