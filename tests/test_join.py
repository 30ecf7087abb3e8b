from __future__ import annotations

import datetime
from pathlib import Path

from conftest import EXAMPLES, TODAY
from meshgate.discover import Target
from meshgate.evaluate.evaluation import export_of
from meshgate.evaluate.join import ContractIndex, ContractPlace, build_index, join_contracts, named_contracts
from meshgate.evaluate.verdicts import resolve_field
from meshgate.model.finding import Finding, places_of
from meshgate.model.product import Product
from meshgate.options import Options
from meshgate.prepare import Preparer

PREPARER = Preparer(Options(today=datetime.date.fromisoformat(TODAY)), validate_schemas=False)


def index_of(*files: Path) -> tuple[ContractIndex, list[Finding]]:
    exports = [
        export
        for file in files
        for prepared in PREPARER.prepare_file(Target(file.name, file)).prepared
        if (export := export_of(prepared)) is not None
    ]
    return build_index(exports)


def joined(file: Path, index: ContractIndex) -> tuple[Product, list[Finding]]:
    (prepared,) = PREPARER.prepare_file(Target(file.name, file)).prepared
    return join_contracts(prepared.product, index, prepared.file, prepared.document.locate)


def test_odps_port_takes_the_contracts_access_and_slo() -> None:
    index, duplicates = index_of(EXAMPLES / "checkout" / "orders-v1.odcs.yaml")
    assert duplicates == []
    product, unjoined = joined(EXAMPLES / "checkout" / "orders.odps.yaml", index)
    assert unjoined == []
    (port,) = product.ports
    assert port.contract is not None
    assert port.contract.found
    assert port.access.classification == "internal"
    assert [role.access for role in port.access.roles] == ["read"]
    assert (port.slo.availability, port.slo.latency, port.slo.retention) == ("99.9%", "1 d", "3 y")
    # The port has no service-level block of its own; the contract's still counts as declared.
    assert port.slo.declared
    # Values the contract holds point into the contract ...
    assert resolve_field(product, "/ports/0/access/classification") == (
        "orders-v1.odcs.yaml",
        "/schema/0/properties/0/classification",
    )
    assert resolve_field(product, "/ports/0/slo/availability") == ("orders-v1.odcs.yaml", "/slaProperties/0")
    assert resolve_field(product, "/ports/0/access/roles/0/access") == ("orders-v1.odcs.yaml", "/roles/0/access")
    # ... what the port declares itself stays in the product file ...
    assert resolve_field(product, "/ports/0/access/terms/usage") == ("orders.odps.yaml", "/description/usage")
    # ... and a value nobody declares lands on the port that joins the contract,
    # not on line 1 of the contract with an empty pointer.
    assert resolve_field(product, "/ports/0/access/visibility") == (None, "/outputPorts/0")


def test_a_contract_outside_the_run_is_not_joined_and_says_so() -> None:
    product, unjoined = joined(EXAMPLES / "checkout" / "orders.odps.yaml", ContractIndex())
    (port,) = product.ports
    assert port.contract is not None
    assert not port.contract.found
    assert port.access.classification is None
    assert resolve_field(product, "/ports/0/access/classification") == (None, "/outputPorts/0")
    (finding,) = unjoined
    assert (finding.rule_id, finding.severity.value, finding.pointer) == (
        "join/contract-not-found",
        "warning",
        "/outputPorts/0/contractId",
    )
    assert finding.line == 44
    assert "checkout-orders-v1" in finding.message


def test_two_contracts_with_one_id_are_an_error_at_both_and_join_neither(tmp_path: Path) -> None:
    contract = (EXAMPLES / "checkout" / "orders-v1.odcs.yaml").read_text(encoding="utf-8")
    first, second = tmp_path / "a.odcs.yaml", tmp_path / "b.odcs.yaml"
    first.write_text(contract, encoding="utf-8")
    second.write_text(contract, encoding="utf-8")
    index, duplicates = index_of(first, second)
    assert sorted((f.rule_id, f.file, f.pointer, f.line) for f in duplicates) == [
        ("join/duplicate-contract", "a.odcs.yaml", "/id", 4),
        ("join/duplicate-contract", "b.odcs.yaml", "/id", 4),
    ]
    product, unjoined = joined(EXAMPLES / "checkout" / "orders.odps.yaml", index)
    assert not product.ports[0].access.roles
    (finding,) = unjoined
    assert "more than one contract" in finding.message
    # The places are named in the same order whichever worker read which file first.
    _, reversed_duplicates = index_of(second, first)
    assert [f.message for f in reversed_duplicates] == [f.message for f in duplicates]
    assert "(a.odcs.yaml, b.odcs.yaml)" in duplicates[0].message


def test_a_share_is_sent_only_the_contracts_its_ports_name_and_joins_as_with_the_whole_index(tmp_path: Path) -> None:
    """A worker gets the part of the index its products' ports name: the same joins, a fraction of the memory."""
    contract = (EXAMPLES / "checkout" / "orders-v1.odcs.yaml").read_text(encoding="utf-8")
    (tmp_path / "twice.odcs.yaml").write_text(contract.replace("checkout-orders-v1", "twice"), encoding="utf-8")
    (tmp_path / "again.odcs.yaml").write_text(contract.replace("checkout-orders-v1", "twice"), encoding="utf-8")
    (tmp_path / "other.odcs.yaml").write_text(contract.replace("checkout-orders-v1", "other"), encoding="utf-8")
    files = [EXAMPLES / "checkout" / "orders-v1.odcs.yaml", *sorted(tmp_path.iterdir())]
    index, _ = index_of(*files)
    assert sorted(index.exports) == ["checkout-orders-v1", "other"]
    assert index.ambiguous == {"twice"}
    product_file = EXAMPLES / "checkout" / "orders.odps.yaml"
    (prepared,) = PREPARER.prepare_file(Target(product_file.name, product_file)).prepared
    named = named_contracts(prepared.product)
    assert named == {"checkout-orders-v1"}
    part = index.only(named | {"twice", "missing"})
    assert sorted(part.exports) == ["checkout-orders-v1"]
    assert part.ambiguous == {"twice"}
    assert joined(product_file, part) == joined(product_file, index)
    assert index.only(set()) == ContractIndex()


def test_a_contract_export_keeps_its_port_and_spans_packed_and_gives_them_back() -> None:
    """A run holds every contract's place to its end: packed, and opened only where a finding needs it."""
    (prepared,) = PREPARER.prepare_file(
        Target("orders-v1.odcs.yaml", EXAMPLES / "checkout" / "orders-v1.odcs.yaml")
    ).prepared
    export = export_of(prepared)
    assert export is not None
    assert isinstance(export.packed_port, bytes)
    assert isinstance(export.packed_spans, bytes)
    assert export.port == prepared.product.ports[0]
    assert export.spans[export.id_pointer] == prepared.document.locate(export.id_pointer)
    place = export.place()
    assert (place.file, place.document, place.spans) == (export.file, export.document, export.spans)
    assert place.packed_spans is export.packed_spans  # shared, not copied
    assert ContractPlace.at(place.file, place.document, places_of(place.spans)) == place
