"""Normalization: each spec's fields land in the one Product view, with their pointers."""

from __future__ import annotations

import copy
import json
import random
from typing import Any

import pytest

from helpers import document
from meshgate.evaluate.verdicts import resolve_field
from meshgate.model import pointer as jp
from meshgate.model.product import Product, product_adapter, to_data
from meshgate.specs import SPECS
from meshgate.specs.classification import Scale
from meshgate.specs.detect import detect
from meshgate.specs.fields import Raw

WITBOOST = """\
id: urn:dmb:dp:finance:invoices:3
name: invoices
kind: dataproduct
domain: finance
version: 3.0.1
dataProductOwner: user:olof_acme.example
dataProductOwnerDisplayName: Olof Strand
email: finance@acme.example
ownerGroup: group:finance-owners
supportSLA: {supportHours: 8x5, responseTime: 1d}
securityInfo: {confidentiality: Confidential, visibility: Department, GDPR: 'No'}
contacts: {ownerContact: olof@acme.example, suportContact: help@acme.example}
components:
  - id: urn:dmb:cmp:finance:invoices:3:table
    kind: outputport
    name: table
    version: 3.1.0
    outputPortType: SQL
    retentionTime: 10y
    dataContract:
      schema:
        - {name: customer, dataType: STRING, tags: [{tagFQN: PII}]}
      SLA: {intervalOfChange: 1 hour, timeliness: 2 hours, upTime: 99.5%}
      dataSharingAgreement: {purpose: Controlling, intendedUsage: Reporting}
  - id: urn:dmb:cmp:finance:invoices:3:obs
    kind: observability
    name: checks
    dependsOn: [urn:dmb:cmp:finance:invoices:3:table]
    dataQuality: {rules: 3}
"""

ODPS = """\
apiVersion: v1.0.0
kind: DataProduct
id: orders
status: active
domain: checkout
description: {purpose: Orders, usage: Reporting, limitations: None known}
team:
  members:
    - {username: maria@acme.example, name: Maria, role: Product Owner}
support:
  - {channel: '#orders', url: 'https://slack.example/orders', tool: slack}
outputPorts:
  - name: orders-v1
    version: 1.0.0
    contractId: orders-v1
    customProperties:
      - {property: containsPii, value: false}
      - {property: autoApprove, value: 'true'}
"""

ODCS = """\
apiVersion: v3.1.0
kind: DataContract
id: orders-v1
version: 1.0.0
status: active
team: {name: checkout-team}
schema:
  - name: orders
    properties:
      - name: id
        classification: internal
        quality: [{name: unique ids, metric: duplicateValues, mustBe: 0, dimension: uniqueness}]
      - name: email
        classification: restricted
      - name: address
        logicalType: object
        properties:
          - {name: street, classification: PII}
roles:
  - {role: reader, access: read, firstLevelApprovers: owner-team, secondLevelApprovers: [ciso]}
slaProperties:
  - {property: availability, value: 99.9, unit: percent}
  - {property: latency, value: 4, unit: d}
  - {property: rt, value: 3, unit: y}
"""

DPDS = json.dumps(
    {
        "dataProductDescriptor": "1.0.0",
        "info": {
            "fullyQualifiedName": "urn:dpds:acme:dataproducts:trips:1",
            "name": "trips",
            "version": "1.0.0",
            "domain": "transport",
            "owner": {"id": "john@acme.example", "name": "John"},
            "contactPoints": [{"name": "team", "channel": "email", "address": "trips@acme.example"}],
        },
        "interfaceComponents": {
            "outputPorts": [
                {
                    "fullyQualifiedName": "urn:dpds:acme:dataproducts:trips:1:outputports:events",
                    "name": "events",
                    "version": "1.0.0",
                    "promises": {
                        "slo": {
                            "specification": "custom",
                            "definition": {
                                "x-operationalSlo": {"availability": "0.999"},
                                "x-qualitySlo": {"freshness": "5m"},
                            },
                        }
                    },
                    "obligations": {
                        "termsAndConditions": {"specification": "custom", "definition": "Internal use only."}
                    },
                }
            ]
        },
    },
    indent=1,
)

DMM = """\
dataProductSpecification: 0.0.1
id: customers
info: {title: Customers, owner: checkout, domain: checkout}
outputPorts:
  - {id: snowflake, name: Snowflake, containsPii: true, autoApprove: false, dataContractId: customers-v1}
"""

DCS = """\
dataContractSpecification: 1.2.1
id: orders
info: {title: Orders, version: 2.0.0, owner: Checkout Team, contact: {name: John, email: john@acme.example}}
servers:
  production: {type: s3, roles: [{name: analyst, description: read access}]}
terms: {usage: Reports, limitations: No PII joins}
models:
  orders:
    fields:
      order_id: {type: string, classification: internal}
      email: {type: string, classification: sensitive, pii: true}
servicelevels:
  availability: {percentage: 99.9%}
  freshness: {threshold: 25h}
  retention: {period: P1Y}
  support: {time: 9am to 5pm, responseTime: 1h}
"""

LF_ODPS = """\
schema: https://opendataproducts.org/v4.1/schema/odps.json
version: '4.1'
product:
  details:
    en: {name: Events, productID: events-1, visibility: organisation, status: production, type: dataset}
  dataHolder: {legalName: City Ltd, email: data@city.example}
  dataAccess:
    default: {outputPortType: API, authenticationMethod: OAuth}
  SLA:
    declarative:
      - dimensions:
          - {dimension: uptime, objective: 99.5, unit: percent}
          - {dimension: updateFrequency, objective: 1, unit: day}
"""


def normalize(text: str, path: str = "d.yaml") -> Product:
    doc = document(text, path)
    detection, _ = detect(doc)
    assert detection is not None
    assert detection.version is not None
    product = detection.spec.normalize(
        Raw(jp.resolve(doc.data, detection.root), detection.root), detection.version, Scale.builtin()
    )
    # The view is what pydantic says it is: it validates, and round-trips.
    assert product_adapter().validate_python(to_data(product)) == product
    return product


def source(product: Product, field: str) -> tuple[str | None, str]:
    return resolve_field(product, field)


def test_witboost() -> None:
    product = normalize(WITBOOST)
    assert (product.id, product.domain, product.owner, product.owner_name) == (
        "urn:dmb:dp:finance:invoices:3",
        "finance",
        "user:olof_acme.example",
        "Olof Strand",
    )
    assert product.team is not None
    assert product.team.name == "group:finance-owners"
    assert [(c.purpose, c.value) for c in product.contacts] == [
        ("product", "finance@acme.example"),
        ("owner", "olof@acme.example"),
        ("support", "help@acme.example"),
    ]
    assert product.support is not None
    assert product.support.hours == "8x5"
    (port,) = product.ports
    assert (port.access.classification, port.access.visibility, port.access.pii) == (
        "Confidential",
        "Department",
        False,
    )
    assert port.access.terms is not None
    assert port.access.terms.usage == "Reporting"
    assert (port.slo.availability, port.slo.freshness, port.slo.frequency, port.slo.retention) == (
        "99.5%",
        "2 hours",
        "1 hour",
        "10y",
    )
    assert [(q.type, q.dimension) for q in port.slo.quality] == [("observability", "dataQuality")]
    assert source(product, "/owner") == (None, "/dataProductOwner")
    assert source(product, "/ports/0/access/classification") == (None, "/securityInfo/confidentiality")
    assert source(product, "/ports/0/slo/availability") == (None, "/components/0/dataContract/SLA/upTime")


def test_witboost_pii_from_column_tags_when_gdpr_is_not_said() -> None:
    product = normalize(WITBOOST.replace("GDPR: 'No'", "other: x"))
    assert product.ports[0].access.pii is True
    assert source(product, "/ports/0/access/pii") == (None, "/components/0/dataContract/schema/0/tags/0")


def test_odps() -> None:
    product = normalize(ODPS)
    assert (product.owner, product.owner_name) == ("maria@acme.example", "Maria")
    assert [(c.kind, c.value, c.name) for c in product.contacts] == [
        ("slack", "https://slack.example/orders", "#orders")
    ]
    (port,) = product.ports
    assert port.contract is not None
    assert (port.contract.id, port.contract.found) == ("orders-v1", False)
    assert (port.access.pii, port.access.auto_approve) == (False, True)
    assert port.access.terms is not None
    assert port.access.terms.limitations == "None known"
    assert source(product, "/ports/0/access/auto_approve") == (None, "/outputPorts/0/customProperties/1/value")


def test_odcs() -> None:
    product = normalize(ODCS)
    assert (product.kind, product.owner) == ("contract", "checkout-team")
    (port,) = product.ports
    assert (port.id, port.access.classification, port.access.pii) == ("orders-v1", "restricted", True)
    (role,) = port.access.roles
    assert (role.name, role.access, role.approvers) == ("reader", "read", ("owner-team", "ciso"))
    assert (port.slo.availability, port.slo.latency, port.slo.freshness, port.slo.retention) == (
        "99.9%",
        "4 d",
        "4 d",
        "3 y",
    )
    assert [q.name for q in port.slo.quality] == ["unique ids"]
    assert source(product, "/ports/0/access/classification") == (None, "/schema/0/properties/1/classification")
    assert source(product, "/ports/0/access/pii") == (None, "/schema/0/properties/2/properties/0/classification")
    assert source(product, "/ports/0/slo/retention") == (None, "/slaProperties/2")


def test_dpds() -> None:
    product = normalize(DPDS, "d.json")
    assert (product.id, product.owner, product.domain) == (
        "urn:dpds:acme:dataproducts:trips:1",
        "john@acme.example",
        "transport",
    )
    # The owner id is an e-mail address: it is a contact too, after the written contact points.
    assert [(c.kind, c.value, c.purpose) for c in product.contacts][1:] == [("email", "john@acme.example", "owner")]
    assert (product.contacts[0].kind, product.contacts[0].value) == ("email", "trips@acme.example")
    (port,) = product.ports
    assert (port.slo.availability, port.slo.freshness) == ("0.999", "5m")
    assert port.access.terms is not None
    assert port.access.terms.terms_and_conditions == "Internal use only."
    assert source(product, "/ports/0/slo/availability") == (
        None,
        "/interfaceComponents/outputPorts/0/promises/slo/definition/x-operationalSlo/availability",
    )


def test_dmm() -> None:
    product = normalize(DMM)
    assert (product.name, product.owner) == ("Customers", "checkout")
    (port,) = product.ports
    assert (port.access.pii, port.access.auto_approve) == (True, False)
    assert port.contract is not None
    assert port.contract.id == "customers-v1"


def test_dcs() -> None:
    product = normalize(DCS)
    assert (product.kind, product.owner) == ("contract", "Checkout Team")
    assert [(c.kind, c.value) for c in product.contacts] == [("email", "john@acme.example")]
    assert product.support is not None
    assert product.support.response_time == "1h"
    (port,) = product.ports
    assert (port.access.classification, port.access.pii) == ("sensitive", True)
    assert [r.name for r in port.access.roles] == ["analyst"]
    assert (port.slo.availability, port.slo.freshness, port.slo.retention) == ("99.9%", "25h", "P1Y")


def test_lf_odps() -> None:
    product = normalize(LF_ODPS)
    assert (product.id, product.owner) == ("events-1", "City Ltd")
    (port,) = product.ports
    assert (port.type, port.access.visibility, port.slo.availability, port.slo.frequency) == (
        "API",
        "organisation",
        "99.5%",
        "1 day",
    )


SAMPLES = {
    "witboost-dps": WITBOOST,
    "bitol-odps": ODPS,
    "bitol-odcs": ODCS,
    "odm-dpds": DPDS,
    "dmm-dps": DMM,
    "datacontract-dcs": DCS,
    "lf-odps": LF_ODPS,
}
ODD_VALUES: list[Any] = [None, 0, -1.5, True, "", "text", [], {}, [None, 1, "x", {}], {"a": None, "b": [1]}]


def _mutations(data: Any, rng: random.Random) -> Any:
    """data with one random value anywhere replaced by something of another shape."""
    mutated = copy.deepcopy(data)
    paths: list[list[str | int]] = []

    def walk(value: Any, path: list[str | int]) -> None:
        paths.append(path)
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, [*path, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, [*path, index])

    walk(mutated, [])
    path = rng.choice(paths[1:])
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
    return mutated


@pytest.mark.parametrize("spec_name", sorted(SAMPLES))
def test_normalizers_never_crash_on_odd_shapes(spec_name: str) -> None:
    spec = next(spec for spec in SPECS if spec.name == spec_name)
    sample = document(SAMPLES[spec_name], "d.json" if spec_name == "odm-dpds" else "d.yaml").data
    rng = random.Random(spec_name)
    for _ in range(300):
        mutated = _mutations(sample, rng)
        product = spec.normalize(Raw(mutated, ""), spec.versions[0], Scale.builtin())
        data = to_data(product)
        json.dumps(data)
        assert product_adapter().validate_python(data) == product


def test_product_view_schema_is_current() -> None:
    """schemas/meshgate/product-v1.schema.json is generated from the view; UPDATE_GOLDEN=1 rewrites it."""
    import os

    from meshgate.model.product import view_json_schema
    from meshgate.resources import schemas_dir

    path = schemas_dir() / "meshgate" / "product-v1.schema.json"
    text = json.dumps(view_json_schema(), indent=2, sort_keys=True) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, "run the tests with UPDATE_GOLDEN=1 to regenerate it"


def test_policy_input_product_matches_its_schema() -> None:
    from jsonschema import Draft202012Validator

    from meshgate.model.product import view_json_schema

    validator = Draft202012Validator(view_json_schema())
    for text in SAMPLES.values():
        product = normalize(text, "d.json" if text is DPDS else "d.yaml")
        assert list(validator.iter_errors(to_data(product, provenance=False))) == []
