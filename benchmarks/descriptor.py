"""The benchmark descriptor: a realistic 3 KB Bitol ODPS v1.0.0 data product."""

from __future__ import annotations

TEMPLATE = """\
apiVersion: v1.0.0
kind: DataProduct
id: {id}
name: Customer orders {index}
version: 2.{index_mod}.0
status: active
domain: {domain}
tenant: acme
description:
  purpose: Every order placed in the web shop, one record per order line, with its payment state.
  usage: Revenue reporting, basket analysis, demand forecasting and customer lifetime value.
  limitations: Orders older than three years are archived; cancelled orders keep their last state.
tags: [orders, checkout, source-aligned, gold]
team:
  name: {domain}-team
  description: Owns the order service and the data it publishes.
  members:
    - username: maria.rossi@acme.example
      name: Maria Rossi
      role: owner
      dateIn: "2023-01-15"
    - username: tom.weber@acme.example
      name: Tom Weber
      role: data steward
      dateIn: "2023-02-01"
    - username: ana.silva@acme.example
      name: Ana Silva
      role: engineer
      dateIn: "2024-06-10"
support:
  - channel: "#{domain}-data"
    url: https://acme.slack.example/channels/{domain}-data
    tool: slack
    scope: interactive
    description: Questions about the data and how to use it.
  - channel: {domain}-data@acme.example
    url: mailto:{domain}-data@acme.example
    tool: email
    scope: issues
inputPorts:
  - name: order-events
    version: 1.0.0
    contractId: {domain}-order-events-v1
  - name: payments
    version: 2.0.0
    contractId: finance-payments-v2
outputPorts:
  - name: orders-v2
    description: Order lines as a Snowflake table, refreshed hourly.
    type: tables
    version: 2.0.0
    contractId: {id}-v2
    tags: [snowflake]
    customProperties:
      - property: containsPii
        value: false
      - property: autoApprove
        value: false
  - name: orders-stream
    description: Order events as they happen, on Kafka, keyed by order id, kept for seven days.
    type: topic
    version: 1.3.0
    contractId: {id}-stream-v1
    authoritativeDefinitions:
      - type: businessDefinition
        url: https://catalog.acme.example/glossary/order-event
      - type: implementation
        url: https://git.acme.example/{domain}/order-service
    customProperties:
      - property: containsPii
        value: false
      - property: platformRole
        value: {domain}_orders_stream_reader
  - name: daily-revenue
    description: Revenue per day, market and product line, reconciled with finance after each monthly close.
    type: tables
    version: 1.0.0
    contractId: {id}-revenue-v1
authoritativeDefinitions:
  - type: businessDefinition
    url: https://catalog.acme.example/products/{id}
customProperties:
  - property: visibility
    value: organisation
  - property: dataResidency
    value: EU
  - property: riskAssessment
    value: low risk, reviewed by the {domain} data steward in the last quarterly review
managementPorts:
  - name: dictionary
    content: dictionary
    type: rest
    url: https://catalog.acme.example/products/{id}
productCreatedTs: "2024-03-04T09:00:00Z"
"""

DOMAINS = ("checkout", "marketing", "finance", "logistics", "sales")


def descriptor(index: int) -> str:
    domain = DOMAINS[index % len(DOMAINS)]
    return TEMPLATE.format(id=f"{domain}-orders-{index}", index=index, index_mod=index % 10, domain=domain)


def broken_descriptor(index: int) -> str:
    """The same descriptor as real files get it wrong: several schema errors and policy findings each."""
    text = descriptor(index)
    for old, new in (
        ("\nteam:\n", "\nteams:\n"),  # a misspelt key: schema, and no owner or steward for the policies
        (f"version: 2.{index % 10}.0\n", f"version: 2.{index % 10}\n"),  # a number, not a semantic version
        ("status: active\n", "status: actived\n"),
        ("    type: tables\n", "    type: 42\n"),
        ("  - name: orders-stream\n", "  - nmae: orders-stream\n"),
    ):
        text = text.replace(old, new, 1)
    return text
