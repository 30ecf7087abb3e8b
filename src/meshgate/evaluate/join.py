"""Joining contracts into the ports that point at them (ODPS contractId -> ODCS id).

A contract checked in the same run exports its single port; a product port
whose contract id matches takes the contract's roles, classification, terms
and service levels, with the port's own declarations laid over them. The
joined blocks live in the contract file (``file`` on the object), so a finding
about a value the contract holds, or lacks, lands in the contract; values the
port declares itself keep pointing into the product (``file#pointer`` in
``sources``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from meshgate.model.finding import Span
from meshgate.model.product import Access, Contract, Node, Port, Product, Slo, value_fields

_SEPARATOR = "#"


@dataclass(frozen=True, slots=True)
class ContractExport:
    id: str
    file: str
    document: int
    port: Port
    spans: Mapping[str, Span]


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


def join_contracts(product: Product, contracts: Mapping[str, ContractExport], product_file: str) -> Product:
    if product.kind != "product" or not contracts:
        return product
    ports = []
    changed = False
    for port in product.ports:
        export = contracts.get(port.contract.id) if port.contract and port.contract.id else None
        if export is None or port.contract is None:
            ports.append(port)
            continue
        changed = True
        contract = Contract(
            id=port.contract.id, found=True, pointer=port.contract.pointer, sources=port.contract.sources
        )
        ports.append(
            replace(
                port,
                contract=contract,
                access=_merge(port.access, export.port.access, export.file, product_file),
                slo=_merge(port.slo, export.port.slo, export.file, product_file),
            )
        )
    return replace(product, ports=tuple(ports)) if changed else product
