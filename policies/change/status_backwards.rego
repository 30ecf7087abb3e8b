# METADATA
# title: The status moved backwards
# description: >-
#   The product's status went back in its lifecycle
#   (data.meshgate.lib.facts.config.status_order, e.g. active → draft): consumers of a
#   released product find it unreleased.
# custom:
#   severity: warning
#   remediation: >-
#     Keep the status; to withdraw a product, deprecate it with an end-of-
#     life date instead.
#   since: 0.1.0
#   change: notable
#   examples:
#     - spec: bitol-odcs
#       previous: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: active
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: draft
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.0
#         status: deprecated
#         schema:
#           - name: orders
#             properties:
#               - name: order_id
#                 logicalType: string
#                 required: true
#                 primaryKey: true
#               - name: amount
#                 logicalType: number
#                 required: true
package meshgate.change.status_backwards

import rego.v1

warn contains {"msg": msg, "field": "/status"} if {
	before := _rank(input.previous.product.status)
	after := _rank(input.current.product.status)
	after < before
	msg := sprintf("the status moved backwards from '%s' to '%s'", [input.previous.product.status, input.current.product.status])
}

_rank(status) := rank if {
	is_string(status)
	some rank, names in data.meshgate.lib.facts.config.status_order
	lower(status) in names
}
