"""evaluate: the compiled policy set, answering the three entry points for prepared documents.

``document`` runs once per document (one input each, in batches), after its
ports are joined to the run's contracts; ``mesh`` runs once over every product
of the run (``input.products``); ``change`` runs once per pair of versions of a
product (``input.previous``/``input.current``). Findings come back placed on
the lines of the original files.
"""

from __future__ import annotations

import json
import pickle
import weakref
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, TypeVar, cast

from meshgate.errors import temporary_space
from meshgate.evaluate import engines
from meshgate.evaluate.engines import EngineFailure, Evaluator
from meshgate.evaluate.join import ContractExport, ContractIndex, ContractPlace, join_contracts, nearest_span
from meshgate.evaluate.meshview import mesh_view, slim_applies
from meshgate.evaluate.policies import Policy, PolicySet
from meshgate.evaluate.runtime import EntryPoint, entry_point_of
from meshgate.evaluate.verdicts import BadResult, Subject, resolve_field, to_findings
from meshgate.model import pointer as jp
from meshgate.model.finding import Finding, Span, fingerprint, places_of, spans_at
from meshgate.model.product import Node, Product, to_data, value_names
from meshgate.options import Options
from meshgate.prepare import Prepared
from meshgate.records import record

BATCH = 64
T = TypeVar("T")


@record
class Placement:
    """A product as the mesh and change entry points see it, with the spans its findings may need."""

    file: str
    document: int
    root: str
    spec: Mapping[str, Any]
    product: Product
    spans: Mapping[str, Span]
    descriptor: Any = None  # kept only where a change rule may read it


class Spool:
    """A temporary file that keeps packed data out of memory: a worker's prepared documents between the
    phases, the parent's placements (read back only for products with a mesh finding).

    The file is unlinked from the start and closes when ``close()`` is called or with the last reference
    to it, so nothing is left behind however the run ends.
    """

    def __init__(self) -> None:
        import tempfile

        try:
            self._file = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the entries that read it
        except OSError as error:
            raise temporary_space(error) from error
        self._end = 0
        self.close = weakref.finalize(self, self._file.close)  # closed, not left to the file's own collection

    def keep(self, data: bytes) -> Spooled:
        try:
            self._file.seek(self._end)
            self._file.write(data)
        except OSError as error:
            raise temporary_space(error) from error
        kept = Spooled(self, self._end, len(data))
        self._end += len(data)
        return kept

    def read(self, offset: int, length: int) -> bytes:
        try:
            self._file.seek(offset)
            return self._file.read(length)
        except OSError as error:
            raise temporary_space(error) from error


@record
class Spooled:
    """Where a packed placement lies in a spool."""

    spool: Spool
    offset: int
    length: int

    def read(self) -> bytes:
        return self.spool.read(self.offset, self.length)


@record
class Later(Generic[T]):
    """What a run needs only at its end (findings, document results): in a large run, pickled where it is
    made (a worker) and kept in the parent's spool until then.

    So that, while the workers and then the mesh's own process run, the parent holds bytes on disk rather
    than millions of objects: the processes of a run are in memory at the same time.
    """

    value: T | None = None
    packed: bytes | Spooled | None = None

    @classmethod
    def pickled(cls, value: T) -> Later[T]:
        return cls(packed=pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def spooled(self, spool: Spool | None) -> Later[T]:
        return replace(self, packed=spool.keep(self.packed)) if spool and isinstance(self.packed, bytes) else self

    def open(self) -> T:
        if self.packed is None:
            return cast(T, self.value)
        data = self.packed.read() if isinstance(self.packed, Spooled) else self.packed
        return cast(T, pickle.loads(data))  # noqa: S301 - pickled by this run


@record
class MeshEntry:
    """A product as the worker that evaluated it sends it to the mesh entry point: small and cheap to send.

    ``product`` is the product's view as JSON text (written once, for its document input), kept in the
    spool in a large run and read back as it is sent to the engine; ``packed`` holds what placing a
    finding about it needs, unpacked only for products that have one.
    """

    file: str
    document: int
    spec: Mapping[str, Any]
    product: str | Spooled | None  # None: a value JSON cannot hold
    packed: bytes | Spooled

    @classmethod
    def of(cls, prepared: Prepared, product: Product, product_text: str | None) -> MeshEntry:
        packed = _pack(prepared.root, product, spans_of(prepared, product))
        return cls(prepared.file, prepared.document.index, prepared.spec_input(), product_text, packed)

    @classmethod
    def placed(cls, placement: Placement, *, json_safe: bool = True, slim: bool = False) -> MeshEntry:
        """An entry for a product placed by another run (a shard's, read back by ``audit merge``).

        ``json_safe`` False: the product held a value JSON cannot hold, as the mesh entry point is told;
        ``slim``: the mesh entry point sees the product's mesh view.
        """
        packed = _pack(placement.root, placement.product, placement.spans)
        view = to_data(placement.product, provenance=False)
        text = _dumps(mesh_view(view) if slim else view) if json_safe else None
        return cls(placement.file, placement.document, placement.spec, text, packed)

    def spooled(self, spool: Spool, specs: dict[str, Mapping[str, Any]]) -> MeshEntry:
        """The entry with its view and packed placement moved into ``spool``, its spec shared through ``specs``."""
        product = self.product
        if isinstance(product, str):
            product = spool.keep(product.encode("utf-8", "surrogatepass"))
        packed = spool.keep(self.packed) if isinstance(self.packed, bytes) else self.packed
        spec = specs.setdefault(json.dumps(self.spec, sort_keys=True, default=str), self.spec)
        return replace(self, product=product, packed=packed, spec=spec)

    @property
    def json_safe(self) -> bool:
        return self.product is not None

    def text(self) -> str:
        """The product's view as JSON text (the entry is ``json_safe``)."""
        product = self.product
        if isinstance(product, Spooled):
            return product.read().decode("utf-8", "surrogatepass")
        assert product is not None, "an entry whose view JSON cannot hold has no text"
        return product

    @property
    def size(self) -> int:
        """The view's length: in characters, or in UTF-8 bytes (at least as many) once spooled."""
        product = self.product
        return product.length if isinstance(product, Spooled) else len(product or "")

    def placement(self) -> Placement:
        packed = self.packed.read() if isinstance(self.packed, Spooled) else self.packed
        root, product, places = pickle.loads(packed)  # noqa: S301 - made by _pack in this run
        return Placement(self.file, self.document, root, self.spec, product, spans_at(places))


def _pack(root: str, product: Product, spans: Mapping[str, Span]) -> bytes:
    return pickle.dumps((root, product, places_of(spans)), protocol=pickle.HIGHEST_PROTOCOL)


@dataclass(slots=True)
class DeferredMesh:
    """A run's products and contract places, kept for the mesh entry point to run elsewhere (``audit merge``)."""

    entries: list[MeshEntry] = field(default_factory=list)
    contracts: dict[str, ContractPlace] = field(default_factory=dict)


@record
class Evaluated:
    """One document's policy findings; ``subject`` is (file, document) of the document evaluated."""

    subject: tuple[str, int]
    findings: list[Finding]
    mesh: MeshEntry | None = None


def _provenance(node: Any, into: set[str]) -> None:
    """Every pointer a view object records: its own, its fields' sources, and theirs below."""
    if isinstance(node, Node):
        if node.pointer is not None:
            into.add(node.pointer)
        into.update(node.sources.values())
        for name in value_names(node):
            child = getattr(node, name)
            if isinstance(child, Node | tuple):
                _provenance(child, into)
    elif isinstance(node, tuple):
        for child in node:
            if isinstance(child, Node | tuple):
                _provenance(child, into)


def _every_pointer(value: Any, pointer: str, into: set[str]) -> None:
    into.add(pointer)
    if isinstance(value, dict):
        for key, item in value.items():
            _every_pointer(item, jp.join(pointer, key), into)
    elif isinstance(value, list):
        for position, item in enumerate(value):
            _every_pointer(item, f"{pointer}/{position}", into)


def spans_of(prepared: Prepared, node: Any, *, whole_descriptor: bool = False) -> dict[str, Span]:
    """The span of every pointer the view object records, or of every value of the descriptor."""
    pointers: set[str] = {prepared.root}
    _provenance(node, pointers)
    if whole_descriptor:
        _every_pointer(prepared.descriptor, prepared.root, pointers)
    locate = prepared.document.locate
    # Sources of joined values read 'file#pointer': those are placed through the contract's own spans.
    return {pointer: locate(pointer) for pointer in pointers if pointer == "" or pointer.startswith("/")}


def export_of(prepared: Prepared) -> ContractExport | None:
    """What a contract document offers the ports that name it."""
    product = prepared.product
    if product.kind != "contract" or not product.id or not product.ports:
        return None
    port = product.ports[0]
    id_pointer = product.sources.get("id", prepared.root)
    spans = spans_of(prepared, port)
    spans[id_pointer] = prepared.document.locate(id_pointer)
    return ContractExport.of(prepared.file, prepared.document.index, spans, product.id, port, id_pointer)


def _dumps(value: Any) -> str | None:
    try:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    except (ValueError, TypeError):
        return None


class Evaluation:
    """A policy set compiled by one engine, and the run's settings policies see."""

    def __init__(
        self, policy_set: PolicySet, options: Options, evaluator: Evaluator | None = None, *, changes: bool = True
    ) -> None:
        """``changes``: whether the run compares versions; a run that does not, need not compile the change
        policies (a third of the policies' text). Every policy is still checked for calls meshgate refuses."""
        self.policy_set = policy_set
        self.options = options
        self.policies: dict[str, Policy] = policy_set.by_id()
        self.compares = changes
        engine = engines.engine(options.engine, options)
        self.evaluator = evaluator or engine.compile(policy_set if changes else _without(policy_set, EntryPoint.CHANGE))
        # After compiling, so a policy that does not compile is told so first. The built-in library is
        # checked by its own tests; only the organisation's policies are parsed again here.
        organisations = [module for module in policy_set.modules if not module.builtin]
        if organisations:
            from meshgate.evaluate.compat import refuse_foreign

            refuse_foreign(organisations, engine)
        self.entries = frozenset(entry_point_of(policy.package) for policy in policy_set.policies)
        # Only the shipped mesh policies: they see each product's mesh view, a quarter of the full views' size.
        self.slim_mesh = slim_applies(policy_set.modules)

    @property
    def wants_mesh(self) -> bool:
        return EntryPoint.MESH in self.entries

    def _context(self, file: str | None = None, document: int | None = None) -> dict[str, Any]:
        return context_input(self.options, file, document)

    def document_input(self, prepared: Prepared, product: Product) -> dict[str, Any]:
        return document_input(prepared, product, self.options)

    def documents(self, prepared: Sequence[Prepared], index: ContractIndex) -> Iterator[Evaluated]:
        """Join each document to the run's contracts, evaluate the document entry point, place the findings."""
        by_file = index.by_file()
        for start in range(0, len(prepared), BATCH):
            batch = prepared[start : start + BATCH]
            subjects, inputs, mesh_texts, early = [], [], [], []
            for item in batch:
                document = item.document
                product, joined = join_contracts(
                    item.product, index, item.file, document.locate, document.index, whole_mesh=self.options.whole_mesh
                )
                subjects.append(_document_subject(item, product, by_file))
                # The view is written once: into the document's input, and (unless cut) for the mesh.
                view = to_data(product, provenance=False)
                product_text = _dumps(view)
                mesh_texts.append(_dumps(mesh_view(view)) if self.slim_mesh and product_text else product_text)
                inputs.append(_document_text(item, product_text, self.options))
                early.append(joined)
            ready = [text for text in inputs if text is not None]
            answers = iter(self.evaluator.evaluate(EntryPoint.DOCUMENT, ready) if ready else [])
            for item, subject, text, mesh_text, joined in zip(batch, subjects, inputs, mesh_texts, early, strict=True):
                if text is None:
                    answer: engines.Answer = EngineFailure(
                        "the descriptor holds a value the policy engine cannot take (a number JSON cannot hold)"
                    )
                else:
                    answer = next(answers)
                found = joined + to_findings(answer, self.policies, subject)
                entry = MeshEntry.of(item, subject.product, mesh_text) if self.wants_mesh else None
                yield Evaluated((item.file, item.document.index), with_fingerprints(found, item), entry)

    def mesh(self, entries: Sequence[MeshEntry], contracts: Mapping[str, ContractPlace]) -> list[Finding]:
        """The mesh entry point over every product of the run; ``contracts`` places what was joined, by file."""
        if not self.wants_mesh or not entries:
            return []
        answer: engines.Answer
        if not all(entry.json_safe for entry in entries):
            answer = EngineFailure("the mesh holds a value the policy engine cannot take")
        else:
            documents: list[dict[str, Any]] = [{"file": entry.file, "document": entry.document} for entry in entries]
            if not self.slim_mesh:  # no shipped mesh policy reads a document's spec
                for document, entry in zip(documents, entries, strict=True):
                    document["spec"] = entry.spec
            end = f'],"documents":{_dumps(documents)},"context":{_dumps(self._context())}}}'

            # The views as the workers wrote them, in pieces read as they are sent: the mesh is the largest
            # input of a run, and an engine that evaluates it in a process of its own is sent them without
            # the parent ever holding them all, or a joined copy.
            def pieces() -> Iterator[str]:
                yield '{"products":['
                for number, entry in enumerate(entries):
                    if number:
                        yield ","
                    yield entry.text()
                yield end

            size = 14 + len(entries) + sum(entry.size for entry in entries) + len(end)
            (answer,) = self.evaluator.evaluate(EntryPoint.MESH, [engines.Pieces(pieces, size)])

        def first() -> Subject:  # where a problem with the answer itself is reported
            return _placed_subject(entries[0].placement(), contracts)

        if isinstance(answer, EngineFailure):
            return _fingerprinted(to_findings(answer, self.policies, first()))
        # Placed one product at a time: a product's placement (its tree, view and spans) is opened for its
        # findings and let go before the next, so a mesh where every product has one holds one at a time.
        by_product, malformed = _by_product(answer, len(entries))
        findings: list[Finding] = []
        if malformed:

            def names_no_product(item: Any) -> Subject:
                raise BadResult(f"a mesh finding must name 'product', an index into input.products: {item!r:.120}")

            findings += to_findings(malformed, self.policies, first(), names_no_product)
        for number, own in sorted(by_product.items()):
            findings += to_findings(own, self.policies, _placed_subject(entries[number].placement(), contracts))
        return _fingerprinted(findings)

    def changes(self, pairs: Sequence[tuple[Placement, Placement]], index: ContractIndex) -> list[Finding]:
        """The change entry point for each (previous, current) pair of versions of a product."""
        if EntryPoint.CHANGE not in self.entries or not pairs:
            return []
        if not self.compares:  # the change policies were not compiled: answering nothing would pass them all
            raise RuntimeError("this evaluation was made with changes=False and cannot compare versions")
        by_file = index.by_file()
        texts: list[str | None] = []
        for previous, current in pairs:
            texts.append(
                _dumps(
                    {
                        "previous": _version_input(previous),
                        "current": _version_input(current),
                        "context": self._context(current.file, current.document),
                    }
                )
            )
        ready = [text for text in texts if text is not None]
        answers = iter(self.evaluator.evaluate(EntryPoint.CHANGE, ready) if ready else [])
        findings: list[Finding] = []
        for (previous, current), text in zip(pairs, texts, strict=True):
            answer = (
                next(answers) if text is not None else EngineFailure("a version holds a value the engine cannot take")
            )
            if not isinstance(answer, EngineFailure):
                answer = _with_previous_lines(answer, previous)
            findings += to_findings(answer, self.policies, _placed_subject(current, by_file))
        return _fingerprinted(findings)


def _without(policy_set: PolicySet, entry: EntryPoint) -> PolicySet:
    """The policy set less the policies (and their modules) that answer ``entry``; libraries are kept."""
    dropped = {policy.package for policy in policy_set.policies if entry_point_of(policy.package) is entry}
    return replace(
        policy_set,
        policies=tuple(policy for policy in policy_set.policies if policy.package not in dropped),
        modules=tuple(module for module in policy_set.modules if module.package not in dropped),
    )


def _fingerprinted(findings: list[Finding]) -> list[Finding]:
    """Mesh and change findings with their fingerprints, which take no value from a document."""
    return [replace(finding, fingerprint=fingerprint(finding)) for finding in findings]


_Values = dict[str, dict[str, Any]]


def _by_product(answer: engines.RuleValues, products: int) -> tuple[dict[int, _Values], _Values]:
    """A mesh answer split by the product each item names; what names none (a malformed answer) stays apart."""
    by_product: dict[int, _Values] = {}
    rest: _Values = {}
    for policy, values in answer.items():
        for rule, value in values.items():
            if not isinstance(value, list):
                rest.setdefault(policy, {})[rule] = value
                continue
            for item in value:
                number = item.get("product") if isinstance(item, Mapping) else None
                if type(number) is int and 0 <= number < products:
                    by_product.setdefault(number, {}).setdefault(policy, {}).setdefault(rule, []).append(item)
                else:
                    rest.setdefault(policy, {}).setdefault(rule, []).append(item)
    return by_product, rest


def _was_at(item: Any, previous: Placement) -> Any:
    """A change finding about something removed, its message saying where it was: ``(was at FILE:LINE)``.

    ``was_path`` is a pointer into the previous version's descriptor, ``was_field`` one into its
    normalized product; the previous version's ``file`` names it as the comparison does (``REF:path``).
    """
    if not isinstance(item, Mapping) or not isinstance(item.get("msg"), str):
        return item
    path, field = item.get("was_path"), item.get("was_field")
    pointer = None
    if isinstance(path, str) and (normal := jp.normalize(path)) is not None:
        pointer = previous.root + normal
    elif isinstance(field, str) and (normal := jp.normalize(field)) is not None:
        _, pointer = resolve_field(previous.product, normal)
    if pointer is None:
        return item
    line = nearest_span(previous.spans, pointer).line
    return {**item, "msg": f"{item['msg']} (was at {previous.file}:{line})"}


def _with_previous_lines(answer: engines.RuleValues, previous: Placement) -> engines.RuleValues:
    return {
        policy: {
            rule: [_was_at(item, previous) for item in value] if isinstance(value, list) else value
            for rule, value in values.items()
        }
        for policy, values in answer.items()
    }


def context_input(options: Options, file: str | None = None, document: int | None = None) -> dict[str, Any]:
    """``input.context``: what policies know of the run."""
    context: dict[str, Any] = {
        "environment": options.environment,
        "today": options.today.isoformat(),
        "whole_mesh": options.whole_mesh,
    }
    if file is not None:
        context.update(file=file, document=document)
    return context


def document_input(prepared: Prepared, product: Product, options: Options) -> dict[str, Any]:
    """``input`` of the document entry point, exactly as ``meshgate parse`` prints it."""
    return {
        "descriptor": prepared.descriptor,
        "product": to_data(product, provenance=False),
        "spec": prepared.spec_input(),
        "context": context_input(options, prepared.file, prepared.document.index),
    }


def _document_text(prepared: Prepared, product_text: str | None, options: Options) -> str | None:
    """``document_input`` as JSON text, around the product's view already written."""
    descriptor = _dumps(prepared.descriptor)
    if descriptor is None or product_text is None:
        return None
    spec = _dumps(prepared.spec_input())
    context = _dumps(context_input(options, prepared.file, prepared.document.index))
    return f'{{"descriptor":{descriptor},"product":{product_text},"spec":{spec},"context":{context}}}'


def _version_input(placement: Placement) -> dict[str, Any]:
    return {
        "product": to_data(placement.product, provenance=False),
        "spec": dict(placement.spec),
        "file": placement.file,
        "document": placement.document,
        "descriptor": placement.descriptor,
    }


def _contract_locate(by_file: Mapping[str, ContractPlace], file: str, pointer: str) -> tuple[Span, int]:
    export = by_file.get(file)
    if export is None:
        return Span(1, 1, 1, 1), 1
    return nearest_span(export.spans, pointer), export.document


def _document_subject(prepared: Prepared, product: Product, by_file: Mapping[str, ContractPlace]) -> Subject:
    document = prepared.document

    def locate(file: str | None, pointer: str) -> tuple[Span, int]:
        if file is None or file == document.path:
            return document.locate(pointer), document.index
        return _contract_locate(by_file, file, pointer)

    return Subject(document.path, document.index, prepared.root, product, locate)


def _placed_subject(placement: Placement, by_file: Mapping[str, ContractPlace]) -> Subject:
    def locate(file: str | None, pointer: str) -> tuple[Span, int]:
        if file is None or file == placement.file:
            return nearest_span(placement.spans, pointer), placement.document
        return _contract_locate(by_file, file, pointer)

    return Subject(placement.file, placement.document, placement.root, placement.product, locate)


def with_fingerprints(findings: Iterable[Finding], prepared: Prepared | None) -> list[Finding]:
    """The findings with their fingerprints, reading the offending value from the prepared document."""
    data = prepared.document.data if prepared is not None else None
    marked = []
    for finding in findings:
        value = None
        if prepared is not None and finding.file == prepared.file and finding.document == prepared.document.index:
            try:
                value = jp.resolve(data, finding.pointer)
            except (KeyError, IndexError, TypeError, ValueError):
                value = None
        marked.append(replace(finding, fingerprint=fingerprint(finding, value)))
    return marked
