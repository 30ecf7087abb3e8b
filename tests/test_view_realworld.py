"""What real descriptors write that the normalized view now reads.

Dependencies (input ports, Witboost dependsOn) with their source pointers,
personal data wherever a spec marks it (meshgate.specs.personal), the ODCS
owner custom property, team members' dates, timeOfAvailability as a time of
day, and the Witboost and DPDS governance fields.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO
from helpers import document
from meshgate.model import pointer as jp
from meshgate.model.product import Product, product_adapter, to_data
from meshgate.specs.classification import Scale
from meshgate.specs.detect import detect
from meshgate.specs.fields import Raw

LIBRARY = REPO / "tests" / "fixtures" / "library"


def normalize(text: str, path: str = "d.yaml") -> Product:
    doc = document(text, path)
    detection, _ = detect(doc)
    assert detection is not None
    assert detection.version is not None
    raw = Raw(jp.resolve(doc.data, detection.root), detection.root)
    product = detection.spec.normalize(raw, detection.version, Scale.builtin())
    assert product_adapter().validate_python(to_data(product)) == product
    return product


def read(path: Path) -> Product:
    return normalize(path.read_text("utf-8"), path.name)


def deps(product: Product) -> list[tuple[str | None, ...]]:
    return [(d.via, d.product, d.port, d.contract, d.system, d.pointer) for d in product.dependencies]


def test_dps_input_port_names_the_output_port_and_system_it_reads() -> None:
    assert deps(read(LIBRARY / "dmm-dps" / "shop.yaml")) == [
        ("inputPort", None, "checkout-events-v2", None, "checkout-service", "/inputPorts/0")
    ]


def test_odps_input_port_names_its_contract() -> None:
    assert deps(read(LIBRARY / "bitol-odps" / "handoff.yaml")) == [
        ("inputPort", None, None, "sales-deals-v2", None, "/inputPorts/0")
    ]


def test_dpds_input_port_names_the_port() -> None:
    port = "urn:org.opendatamesh:dataproducts:trips:1.0.0:outputports:trip-events"
    assert deps(read(LIBRARY / "odm-dpds" / "template.json")) == [
        ("inputPort", None, port, None, None, "/interfaceComponents/inputPorts/0")
    ]


WITBOOST = """\
id: urn:dmb:dp:finance:ledger:0
kind: dataproduct
domain: finance
version: 0.3.0
maturity: Strategic
informationSLA: 2BD
dependsOn: [urn:dmb:dp:finance:accounts:1]
components:
  - kind: outputport
    id: urn:dmb:cmp:finance:ledger:0:entries
    version: 0.3.0
    dependsOn:
      - urn:dmb:cmp:finance:ledger:0:load
      - urn:dmb:cmp:finance:accounts:1:balances
    dataContract:
      schema:
        - name: iban
          dataType: STRING
          tags: [{tagFQN: PII.Sensitive, source: Tag, labelType: Manual, state: Confirmed}]
  - kind: workload
    id: urn:dmb:cmp:finance:ledger:0:load
"""


def test_witboost_depends_on_other_products_and_their_components() -> None:
    product = normalize(WITBOOST)
    assert deps(product) == [
        ("dependsOn", "urn:dmb:dp:finance:accounts:1", None, None, None, "/dependsOn/0"),
        (
            "dependsOn",
            "urn:dmb:dp:finance:accounts:1",
            "urn:dmb:cmp:finance:accounts:1:balances",
            None,
            None,
            "/components/0/dependsOn/1",
        ),
    ]
    assert product.maturity == "Strategic"
    assert product.support is not None
    assert product.support.information == "2BD"
    (port,) = product.ports
    assert port.access.pii is True
    assert [(f.name, f.pointer) for f in port.access.personal_fields] == [
        ("iban", "/components/0/dataContract/schema/0")
    ]


def test_odcs_personal_data_owner_and_time_of_availability() -> None:
    product = read(LIBRARY / "bitol-odcs" / "customers.yaml")
    assert (product.owner, product.sources["owner"]) == ("crm-team", "/customProperties/0/value")
    (port,) = product.ports
    assert port.access.pii is True
    assert port.access.sources["pii"] == "/tags/0"  # the contract's own tag
    assert [(f.name, f.classification) for f in port.access.personal_fields] == [
        ("customers", None),  # the schema object is tagged gdpr
        ("email", "public"),  # tags: [pii]
        ("phone", "confidential"),  # customProperties pii: true
    ]
    assert (port.slo.time_of_availability, port.slo.frequency, port.slo.freshness) == ("08:00+01:00", "1 d", None)
    assert [(m.id, m.date_in, m.date_out) for m in product.team.members] == [  # type: ignore[union-attr]
        ("ana.lima@acme.example", "2022-03-01", None)
    ]


def test_dcs_personal_fields_and_notice_period() -> None:
    product = read(LIBRARY / "datacontract-dcs" / "members.yaml")
    (port,) = product.ports
    assert [(f.name, f.classification) for f in port.access.personal_fields] == [("nickname", "public")]
    assert port.access.terms is not None
    assert port.access.terms.notice_period == "P3M"


def test_dpds_deprecation_policy_and_owner_contact() -> None:
    text = (
        (LIBRARY / "odm-dpds" / "owner-email.json")
        .read_text("utf-8")
        .replace(
            '"outputPorts": []',
            '"outputPorts": [{"fullyQualifiedName": "urn:x:trips:op", "name": "op", "version": "1.0.0",'
            ' "promises": {"deprecationPolicy": {"description": "6 months notice"}}}]',
        )
    )
    product = normalize(text, "d.json")
    assert [(c.kind, c.value, c.purpose) for c in product.contacts] == [("email", "trips-team@acme.example", "owner")]
    (port,) = product.ports
    assert port.deprecation_policy is not None
    assert "6 months notice" in port.deprecation_policy
