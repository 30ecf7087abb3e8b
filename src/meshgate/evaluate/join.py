"""Joining contracts into the ports that point at them (ODPS contractId -> ODCS id).

The contract index is built from each document's detected kind, after every
file of the run is prepared, so which files are contracts is never guessed.
A contract checked in the same run exports its single port; a product port
whose contract id matches takes the contract's roles, classification, terms
and service levels, with the port's own declarations laid over them. The
joined blocks live in the contract file (``file`` on the object), so a finding
about a value the contract holds, or lacks, lands in the contract; values the
port declares itself keep pointing into the product (``file#pointer`` in
``sources``).
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterable, Mapping
from dataclasses import field, replace
from typing import Any

from meshgate.model import rules
from meshgate.model.finding import Finding, Place, Severity, Span, places_of, spans_at
from meshgate.model.product import Access, Contract, Node, Port, Product, Slo, value_fields
from meshgate.records import record

_SEPARATOR = "#"


@record
class ContractPlace:
    """Where a contract document's values sit: what placing a finding about a joined value needs.

    The spans are kept pickled, a fifth of their size as objects: a run holds every contract's place to its
    end (the parent of a large run, a hundred MB at 100,000 descriptors) and reads a few, for the findings
    that land in a contract.
    """

    file: str
    document: int
    packed_spans: bytes

    @classmethod
    def at(cls, file: str, document: int, places: Mapping[str, Place]) -> ContractPlace:
        return cls(file, document, _packed(dict(places)))

    @property
    def spans(self) -> dict[str, Span]:
        return spans_at(pickle.loads(self.packed_spans))  # noqa: S301 - pickled by this run

    def place(self) -> ContractPlace:
        """Only where the values sit (sharing the packed spans)."""
        return ContractPlace(self.file, self.document, self.packed_spans)


@record
class ContractExport(ContractPlace):
    """What a contract document offers the ports that name it, and where its values sit.

    Its port is kept pickled too: every worker holds the contracts its ports name, and the parent all of
    them while it builds the index.
    """

    id: str
    packed_port: bytes
    id_pointer: str = ""

    @classmethod
    def of(
        cls, file: str, document: int, spans: Mapping[str, Span], contract_id: str, port: Port, id_pointer: str
    ) -> ContractExport:
        place = ContractPlace.at(file, document, places_of(spans))
        return cls(file, document, place.packed_spans, contract_id, _packed(port), id_pointer)

    @property
    def port(self) -> Port:
        port: Port = pickle.loads(self.packed_port)  # noqa: S301 - pickled by this run
        return port


def _packed(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


@record
class ContractIndex:
    """The run's contracts by id; an id two contracts declare joins neither."""

    exports: Mapping[str, ContractExport] = field(default_factory=dict)
    ambiguous: frozenset[str] = frozenset()

    def by_file(self) -> dict[str, ContractExport]:
        return {export.file: export for export in self.exports.values()}

    def only(self, ids: Iterable[str]) -> ContractIndex:
        """The index cut to the contracts ``ids`` name: what joining the ports that name them needs."""
        wanted = set(ids)
        return ContractIndex(
            {contract_id: self.exports[contract_id] for contract_id in sorted(wanted & self.exports.keys())},
            self.ambiguous & wanted,
        )


def named_contracts(product: Product) -> set[str]:
    """The contract ids a product's ports name."""
    if product.kind != "product":
        return set()
    return {port.contract.id for port in product.ports if port.contract is not None and port.contract.id}


def nearest_span(spans: Mapping[str, Span], pointer: str) -> Span:
    """The span of pointer, or of its nearest ancestor that has one."""
    while True:
        if pointer in spans:
            return spans[pointer]
        if not pointer:
            return Span(1, 1, 1, 1)
        pointer = pointer[: pointer.rfind("/")]


def build_index(exports: Iterable[ContractExport]) -> tuple[ContractIndex, list[Finding]]:
    """The index of the run's contracts, and an error at every place where two declare the same id."""
    by_id: dict[str, list[ContractExport]] = {}
    for export in exports:
        by_id.setdefault(export.id, []).append(export)
    findings = []
    for contract_id, group in by_id.items():
        if len(group) < 2:
            continue
        group.sort(key=lambda export: (export.file, export.document))  # however the run's files were shared out
        places = ", ".join(
            f"{export.file}" + (f" (document {export.document})" if export.document > 1 else "") for export in group
        )
        for export in group:
            findings.append(
                rules.DUPLICATE_CONTRACT.finding(
                    export.file,
                    f"contract id '{contract_id}' is declared by {len(group)} contracts ({places}); "
                    "ports that name it are joined to none of them",
                    pointer=export.id_pointer,
                    span=nearest_span(export.spans, export.id_pointer),
                    document=export.document,
                    product_id=contract_id,
                )
            )
    unique = {contract_id: group[0] for contract_id, group in by_id.items() if len(group) == 1}
    ambiguous = frozenset(contract_id for contract_id, group in by_id.items() if len(group) > 1)
    return ContractIndex(unique, ambiguous), findings


def qualified(file: str, pointer: str) -> str:
    return f"{file}{_SEPARATOR}{pointer}"


def split_source(source: str) -> tuple[str | None, str]:
    """A source is a pointer in the object's own file, or file#pointer."""
    if source == "" or source.startswith("/"):
        return None, source
    file, _, pointer = source.rpartition(_SEPARATOR)
    return (file, pointer) if file else (None, source)


def _merge(own: Access | Slo, joined: Access | Slo, contract_file: str, product_file: str) -> Any:
    """The contract's block, with the port's own values laid over it.

    The result lives in the contract (where a missing value should be added);
    values the port declares itself keep pointing into the product's file.
    """
    update: dict[str, Any] = {"file": joined.file or contract_file}
    sources = dict(joined.sources)
    for name, value in value_fields(own).items():
        if value is None or value == () or (name == "declared" and value is False):
            continue  # nothing declared here; a block only the contract has stays declared
        update[name] = _owned(value, product_file)
        if name in own.sources:
            sources[name] = qualified(product_file, own.sources[name])
    update["sources"] = sources
    return replace(joined, **update)


def _owned(value: Any, file: str) -> Any:
    if isinstance(value, Node):
        return replace(value, file=value.file or file)
    if isinstance(value, tuple):
        return tuple(_owned(item, file) for item in value)
    return value


# (pointer) -> span in the product's own document
Locate = Callable[[str], Span]


def join_contracts(
    product: Product,
    index: ContractIndex,
    product_file: str,
    locate: Locate,
    document: int = 1,
    *,
    whole_mesh: bool = False,
) -> tuple[Product, list[Finding]]:
    """The product with every port that names a contract of the run joined to it, and the ports that could not be.

    A contract the run lacks is a warning, or an error when the run is the whole mesh (``Options.whole_mesh``).
    """
    if product.kind != "product":
        return product, []
    ports = []
    findings = []
    changed = False
    for port in product.ports:
        contract_id = port.contract.id if port.contract else None
        export = index.exports.get(contract_id) if contract_id else None
        if export is None or port.contract is None:
            ports.append(port)
            if contract_id is not None and port.contract is not None:
                severity = Severity.ERROR if whole_mesh else None
                findings.append(_unjoined(product, port, contract_id, index, product_file, locate, document, severity))
            continue
        changed = True
        offered = export.port
        contract = Contract(
            id=port.contract.id, found=True, pointer=port.contract.pointer, sources=port.contract.sources
        )
        ports.append(
            replace(
                port,
                contract=contract,
                access=_merge(port.access, offered.access, export.file, product_file),
                slo=_merge(port.slo, offered.slo, export.file, product_file),
            )
        )
    return (replace(product, ports=tuple(ports)) if changed else product), findings


def _unjoined(
    product: Product,
    port: Port,
    contract_id: str,
    index: ContractIndex,
    file: str,
    locate: Locate,
    document: int,
    severity: Severity | None,
) -> Finding:
    assert port.contract is not None
    pointer = port.contract.pointer or port.pointer or ""
    label = port.name or port.id or "(unnamed)"
    if contract_id in index.ambiguous:
        reason = "which more than one contract of this run declares"
    else:
        reason = "which no contract of this run declares"
    return rules.CONTRACT_NOT_FOUND.finding(
        file,
        f"output port '{label}' names contract '{contract_id}', {reason}; "
        "its access and service-level checks that read the contract were not applied",
        pointer=pointer,
        span=locate(pointer),
        document=document,
        severity=severity,
        product_id=product.id,
        port_id=port.id,
    )
