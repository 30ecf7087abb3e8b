"""A generated realistic mesh for the audit benchmark: products and contracts over 40 domains.

Three descriptors in four are Bitol ODPS products (the 3 KB benchmark
descriptor, in one of 40 domains), one in four an ODCS contract behind the
first output port of a product. The products come in three tiers, as a mesh
grows: source-aligned ones (two in five) read no product, aggregates read two
source-aligned products, consumer-aligned ones read an aggregate and a
source-aligned product, through their ports' contract ids and mostly across
domains; one pair of aggregates in 500 read each other (a cycle). So the mesh
policies, the consumer counts and the domain matrix have real work; ports whose
contract is not among the descriptors are what a real mesh has too.
"""

from __future__ import annotations

from collections.abc import Iterator

from descriptor import TEMPLATE

DOMAINS = tuple(f"domain-{number:02d}" for number in range(40))

CONTRACT = """\
apiVersion: v3.1.0
kind: DataContract
id: {id}-v2
name: orders
version: 2.0.0
status: active
domain: {domain}
description:
  purpose: Order lines of the web shop.
  usage: Analytics and reporting; join on order_id.
team:
  name: {domain}-team
  members:
    - username: maria.rossi@acme.example
      role: owner
support:
  - channel: "#{domain}-data"
    url: https://acme.slack.example/channels/{domain}-data
schema:
  - name: orders
    physicalName: {domain}.orders_v2
    logicalType: object
    properties:
      - name: order_id
        logicalType: string
        primaryKey: true
        classification: internal
      - name: amount
        logicalType: number
        classification: internal
    quality:
      - name: order_id is unique
        dimension: uniqueness
        metric: duplicateValues
        mustBe: 0
roles:
  - role: {domain}_orders_reader
    access: read
    firstLevelApprovers: {domain}-team
slaProperties:
  - property: availability
    value: 99.9
    unit: percent
  - property: retention
    value: 3
    unit: y
"""


def _product_id(index: int) -> tuple[str, str]:
    domain = DOMAINS[index % len(DOMAINS)]
    return f"{domain}-product-{index}", domain


def _reads(index: int, products: int) -> tuple[int, int] | None:
    """The two products the product ``index`` reads from, or None for a source-aligned one."""
    sources, aggregates = max(1, products * 2 // 5), max(1, products * 7 // 20)
    if index < sources:
        return None
    if index < sources + aggregates:
        aggregate = index - sources
        if aggregate % 500 == 0 and aggregate + 1 < aggregates:
            return (aggregate * 7 + 1) % sources, index + 1
        if aggregate % 500 == 1:
            return (aggregate * 7 + 1) % sources, index - 1
        return (aggregate * 7 + 1) % sources, (aggregate * 31 + 11) % sources
    return sources + (index * 13 + 5) % aggregates, (index * 17 + 3) % sources


def mesh(count: int) -> Iterator[tuple[str, str]]:
    """(file name, text) of each descriptor of a mesh of ``count`` descriptors."""
    products = max(1, count * 3 // 4)
    for index in range(products):
        product_id, domain = _product_id(index)
        text = TEMPLATE.format(id=product_id, index=index, index_mod=index % 10, domain=domain)
        reads = _reads(index, products)
        if reads is None:
            start, end = text.index("inputPorts:"), text.index("outputPorts:")
            text = text[:start] + text[end:]
        else:
            first, _ = _product_id(reads[0])
            second, _ = _product_id(reads[1])
            text = text.replace(f"contractId: {domain}-order-events-v1", f"contractId: {first}-v2", 1)
            text = text.replace("contractId: finance-payments-v2", f"contractId: {second}-stream-v1", 1)
        yield f"{domain}/{product_id}.odps.yaml", text
    for index in range(count - products):
        product_id, domain = _product_id(index)
        yield f"{domain}/{product_id}-v2.odcs.yaml", CONTRACT.format(id=product_id, domain=domain)
