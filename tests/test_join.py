from __future__ import annotations

import datetime
from pathlib import Path

from conftest import EXAMPLES, TODAY
from meshgate.discover import Target
from meshgate.evaluate.verdicts import resolve_field
from meshgate.options import Options
from meshgate.pipeline import Preparer


def prepare(*files: Path) -> Preparer:
    preparer = Preparer(Options(today=datetime.date.fromisoformat(TODAY)), validate_schemas=False)
    exports = {}
    for file in files:
        for export in preparer.prepare_file(Target(file.name, file))[1].contracts:
            exports[export.id] = export
    preparer.use_contracts(exports)
    return preparer


def test_odps_port_takes_the_contracts_access_and_slo() -> None:
    contract = EXAMPLES / "checkout" / "orders-v1.odcs.yaml"
    product_file = EXAMPLES / "checkout" / "orders.odps.yaml"
    preparer = prepare(contract)
    (checked,), _ = preparer.prepare_file(Target("orders.odps.yaml", product_file))
    (port,) = checked.product.ports
    assert port.contract is not None
    assert port.contract.found
    assert port.access.classification == "internal"
    assert [role.access for role in port.access.roles] == ["read"]
    assert (port.slo.availability, port.slo.latency, port.slo.retention) == ("99.9%", "1 d", "3 y")
    # The port has no service-level block of its own; the contract's still counts as declared.
    assert port.slo.declared
    product = checked.product
    # Values the contract holds point into the contract ...
    assert resolve_field(product, "/ports/0/access/classification") == (
        "orders-v1.odcs.yaml",
        "/schema/0/properties/0/classification",
    )
    assert resolve_field(product, "/ports/0/slo/availability") == ("orders-v1.odcs.yaml", "/slaProperties/0")
    assert resolve_field(product, "/ports/0/access/roles/0/access") == ("orders-v1.odcs.yaml", "/roles/0/access")
    # ... what the port declares itself stays in the product file ...
    assert resolve_field(product, "/ports/0/access/terms/usage") == ("orders.odps.yaml", "/description/usage")
    # ... and a value nobody declares belongs in the contract.
    assert resolve_field(product, "/ports/0/access/visibility") == ("orders-v1.odcs.yaml", "")


def test_a_contract_outside_the_run_is_not_joined() -> None:
    preparer = prepare()
    (checked,), _ = preparer.prepare_file(Target("orders.odps.yaml", EXAMPLES / "checkout" / "orders.odps.yaml"))
    (port,) = checked.product.ports
    assert port.contract is not None
    assert not port.contract.found
    assert port.access.classification is None
    assert resolve_field(checked.product, "/ports/0/access/classification") == (None, "/outputPorts/0")
