"""The run: discover, load, detect, schema, normalize, policies, report.

Contracts are checked first so that product ports can join the contracts
they point at; each file is then checked in one go, in parallel worker
processes when there are enough files to pay for them.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from meshgate._version import __version__
from meshgate.discover import Target, discover
from meshgate.evaluate.engines.regorus import PolicyEngine, RegorusEngine
from meshgate.evaluate.join import ContractExport, join_contracts
from meshgate.evaluate.policies import Policy, PolicySet, load_policies, rules_for
from meshgate.evaluate.verdicts import Subject, to_findings
from meshgate.govern.baseline import fingerprint
from meshgate.load.document import Document
from meshgate.load.files import load_file
from meshgate.model import pointer as jp
from meshgate.model.finding import UNKNOWN_SPAN, Finding, Span
from meshgate.model.product import Product, to_data
from meshgate.model.report import DocumentResult, Report
from meshgate.options import Options
from meshgate.schema.validate import SchemaSet
from meshgate.specs.classification import Scale
from meshgate.specs.detect import Detection, detect
from meshgate.specs.fields import Raw

T = TypeVar("T")
# Below this many files a worker pool costs more than it saves.
_PARALLEL_FROM_FILES = 48
_CONTRACT_MARKER = b"datacontract"
_WORKER_GC_THRESHOLD = 20_000
_SNIFF_BYTES = 64 * 1024


@dataclass(slots=True)
class FileOutcome:
    findings: list[Finding] = field(default_factory=list)
    documents: list[DocumentResult] = field(default_factory=list)
    contracts: list[ContractExport] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Checked:
    """One document taken as far as the policy input."""

    document: Document
    detection: Detection
    product: Product
    policy_input: dict[str, Any]


class Preparer:
    """Takes documents as far as the policy input: detect, schema, normalize, join."""

    def __init__(self, options: Options, *, validate_schemas: bool = True, scale: Scale | None = None) -> None:
        self.options = options
        self.scale = scale or Scale.builtin()
        self.schemas = SchemaSet()
        self.validate_schemas = validate_schemas
        self.contracts: dict[str, ContractExport] = {}
        self._contract_files: dict[str, ContractExport] = {}

    def use_contracts(self, contracts: Mapping[str, ContractExport]) -> None:
        """Contracts that product ports may join, by contract id."""
        self.contracts = dict(contracts)
        self._contract_files = {export.file: export for export in self.contracts.values()}

    def prepare(self, document: Document, findings: list[Finding]) -> Checked | None:
        """One document's policy input; None when its spec cannot be told."""
        override = self.options.override_for(document.path)
        detection, detected = detect(document, (override.spec, override.version) if override else None)
        findings.extend(detected)
        if detection is None:
            return None
        if self.validate_schemas:
            findings.extend(self.schemas.validate(document, detection))
        descriptor = jp.resolve(document.data, detection.root)
        version = detection.version or str(detection.spec.declared_version(descriptor).value or "unknown")
        product = detection.spec.normalize(Raw(descriptor, detection.root), version, self.scale)
        product = join_contracts(product, self.contracts, document.path)
        policy_input = {
            "descriptor": descriptor,
            "product": to_data(product, provenance=False),
            "spec": {
                "name": detection.spec.name,
                "version": version,
                "title": detection.spec.title,
                "kind": detection.spec.kind,
                "capabilities": sorted(detection.spec.capabilities),
            },
            "context": {
                "file": document.path,
                "document": document.index,
                "environment": self.options.environment,
                "today": self.options.today.isoformat(),
            },
        }
        return Checked(document, detection, product, policy_input)

    def prepare_file(self, target: Target) -> tuple[list[Checked], FileOutcome]:
        loaded = load_file(target.path, target.display, self.options.limits)
        outcome = FileOutcome(findings=list(loaded.findings))
        prepared = []
        for document in loaded.documents:
            checked = self.prepare(document, outcome.findings)
            if checked is None:
                outcome.documents.append(DocumentResult(document.path, document.index))
                continue
            prepared.append(checked)
            outcome.documents.append(_summary(checked))
            if checked.product.kind == "contract" and checked.product.id and checked.product.ports:
                outcome.contracts.append(_export(checked))
        return prepared, outcome

    def locator(self, document: Document) -> Callable[[str | None, str], tuple[Span, int]]:
        by_file = self._contract_files

        def locate(file: str | None, pointer: str) -> tuple[Span, int]:
            if file is None or file == document.path:
                return document.locate(pointer), document.index
            export = by_file.get(file)
            if export is None:
                return UNKNOWN_SPAN, 1
            return _nearest(export.spans, pointer), export.document

        return locate


class Pipeline(Preparer):
    """A preparer plus the compiled policies; ``check`` handles one file."""

    def __init__(self, options: Options, engine: PolicyEngine | None = None) -> None:
        policy_set = load_policies(options.policy_dirs, options.data_files, builtin=options.builtin_policies)
        super().__init__(options, scale=Scale.from_data(policy_set.data))
        self.policy_set: PolicySet = policy_set
        self.policies: dict[str, Policy] = self.policy_set.by_id()
        self.engine: PolicyEngine = engine or RegorusEngine(self.policy_set)

    def check(self, target: Target) -> FileOutcome:
        prepared, outcome = self.prepare_file(target)
        for checked in prepared:
            outcome.findings.extend(self.evaluate(checked))
        documents = {checked.document.index: checked.document for checked in prepared}
        outcome.findings = [_with_fingerprint(finding, documents, target.display) for finding in outcome.findings]
        return outcome

    def evaluate(self, checked: Checked) -> list[Finding]:
        results = self.engine.evaluate(json.dumps(checked.policy_input, separators=(",", ":")))
        if not any(items for rules in results.values() for items in rules.values()):
            return []
        subject = Subject(
            file=checked.document.path,
            document=checked.document.index,
            root=checked.detection.root,
            product=checked.product,
            locate=self.locator(checked.document),
        )
        return to_findings(results, self.policies, subject)


def _nearest(spans: Mapping[str, Span], pointer: str) -> Span:
    while True:
        if pointer in spans:
            return spans[pointer]
        if not pointer:
            return UNKNOWN_SPAN
        pointer = pointer[: pointer.rfind("/")]


def _with_fingerprint(finding: Finding, documents: Mapping[int, Document], file: str) -> Finding:
    document = documents.get(finding.document) if finding.file == file else None
    value = None
    if document is not None:
        try:
            value = jp.resolve(document.data, finding.pointer)
        except (KeyError, IndexError, TypeError, ValueError):
            value = None
    return replace(finding, fingerprint=fingerprint(finding, value))


def _summary(checked: Checked) -> DocumentResult:
    product = checked.product
    return DocumentResult(
        file=checked.document.path,
        document=checked.document.index,
        spec=product.spec,
        spec_version=product.spec_version,
        kind=product.kind,
        product_id=product.id,
        name=product.name,
        domain=product.domain,
    )


def _export(checked: Checked) -> ContractExport:
    port = checked.product.ports[0]
    pointers: set[str] = set()
    _collect_pointers(to_data(port), pointers)
    spans = {pointer: checked.document.locate(pointer) for pointer in pointers}
    assert checked.product.id is not None
    return ContractExport(checked.product.id, checked.document.path, checked.document.index, port, spans)


def _collect_pointers(node: Any, into: set[str]) -> None:
    if isinstance(node, dict):
        if isinstance(node.get("pointer"), str):
            into.add(node["pointer"])
        into.update(value for value in (node.get("sources") or {}).values() if isinstance(value, str))
        for value in node.values():
            _collect_pointers(value, into)
    elif isinstance(node, list):
        for value in node:
            _collect_pointers(value, into)


def _may_be_contract(target: Target) -> bool:
    """Whether the file mentions a data contract; its own check tells for sure."""
    try:
        with target.path.open("rb") as stream:
            return _CONTRACT_MARKER in stream.read(_SNIFF_BYTES).lower()
    except OSError:
        return False


# Worker processes inherit the compiled pipeline when forked; elsewhere they
# build their own from the options. A serial run uses the same functions.
_WORKER: Pipeline | None = None


def _init_worker(options: Options, contracts: dict[str, ContractExport]) -> None:
    global _WORKER
    # Workers allocate many short-lived objects and keep few: collect rarely.
    gc.set_threshold(_WORKER_GC_THRESHOLD, 50, 100)
    if _WORKER is None:
        _WORKER = Pipeline(options)
    _WORKER.use_contracts(contracts)


def _check_in_worker(target: Target) -> FileOutcome:
    assert _WORKER is not None
    return _WORKER.check(target)


class _Workers:
    """The current pipeline in this process, or a pool of worker processes for runs big enough to pay for one."""

    def __init__(self, pipeline: Pipeline, size: int) -> None:
        self.pipeline = pipeline
        self.jobs = min(pipeline.options.jobs, max(1, size // 16)) if size >= _PARALLEL_FROM_FILES else 1
        self._pool: Any = None

    def __enter__(self) -> _Workers:
        global _WORKER
        if self.jobs > 1:
            import multiprocessing  # only runs big enough to share pay for it

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            _WORKER = self.pipeline if method == "fork" else None
            context = multiprocessing.get_context(method)
            # Frozen objects are not scanned by the collector, so forked workers do
            # not copy the parent's pages just by collecting.
            gc.collect()
            gc.freeze()
            try:
                self._pool = context.Pool(self.jobs, _init_worker, (self.pipeline.options, self.pipeline.contracts))
            finally:
                gc.unfreeze()
        _WORKER = self.pipeline
        return self

    def map(self, function: Callable[[Target], T], targets: Sequence[Target]) -> Iterator[T]:
        if self._pool is None:
            return map(function, targets)
        # Small chunks: the last one to finish decides when the run ends.
        chunk = max(1, min(16, len(targets) // (self.jobs * 16)))
        iterator: Iterator[T] = self._pool.imap(function, targets, chunksize=chunk)
        return iterator

    def __exit__(self, *exc: object) -> None:
        global _WORKER
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
        _WORKER = None


def _place(finding: Finding) -> tuple[str, str, int, str]:
    return (finding.rule_id, finding.file, finding.document, finding.pointer)


def run(
    paths: Iterable[Path],
    options: Options,
    *,
    pipeline: Pipeline | None = None,
    targets: Sequence[Target] | None = None,
) -> Report:
    """Check every descriptor under paths (or the targets already discovered) and return the report."""
    targets = discover(paths, options.patterns, options.excludes) if targets is None else targets
    pipeline = pipeline or Pipeline(options)
    # Contracts first, so product ports can join the contracts they point at.
    sniffed = [_may_be_contract(target) for target in targets]
    contract_targets = [target for target, contract in zip(targets, sniffed, strict=True) if contract]
    with _Workers(pipeline, len(contract_targets)) as workers:
        contract_outcomes = list(workers.map(_check_in_worker, contract_targets))
    contracts: dict[str, ContractExport] = {}
    for outcome in contract_outcomes:
        for export in outcome.contracts:
            contracts.setdefault(export.id, export)
    pipeline.use_contracts(contracts)
    other_targets = [target for target, contract in zip(targets, sniffed, strict=True) if not contract]
    with _Workers(pipeline, len(other_targets)) as workers:
        product_outcomes = list(workers.map(_check_in_worker, other_targets))
    outcomes = contract_outcomes + product_outcomes
    # A contract is checked on its own too: a product finding about a joined
    # value is dropped when the contract's own check reported the same place.
    reported = {_place(f) for outcome in contract_outcomes for f in outcome.findings}
    findings = [f for outcome in contract_outcomes for f in outcome.findings]
    findings += [f for outcome in product_outcomes for f in outcome.findings if _place(f) not in reported]
    findings.sort(key=Finding.sort_key)
    documents = sorted((d for outcome in outcomes for d in outcome.documents), key=lambda d: (d.file, d.document))
    return Report(
        tool_version=__version__,
        evaluated_on=options.today.isoformat(),
        environment=options.environment,
        fail_on=options.fail_on,
        policy_count=len(pipeline.policies),
        policy_digest=pipeline.policy_set.digest,
        files=tuple(sorted(t.display for t in targets)),
        documents=tuple(documents),
        findings=tuple(findings),
        rules=rules_for(pipeline.policies.values(), {finding.rule_id for finding in findings}),
    )
