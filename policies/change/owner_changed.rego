# METADATA
# title: The owner or team changed
# description: >-
#   The product's owner or owning team is not the same as before. Not
#   breaking, but an audit trail: access approvals and escalations go
#   elsewhere now.
# custom:
#   severity: info
#   remediation: >-
#     Nothing to fix if the handover is intended; tell the consumers who
#     the new owner is.
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
#         team:
#           name: checkout-team
#       failing: |
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
#         team:
#           name: payments-team
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.0.1
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
#         team:
#           name: checkout-team
package meshgate.change.owner_changed

import rego.v1

deny contains {"msg": msg, "field": "/owner"} if {
	is_string(input.previous.product.owner)
	input.previous.product.owner != input.current.product.owner
	msg := sprintf("the owner changed from '%s' to '%v'", [input.previous.product.owner, input.current.product.owner])
}

deny contains {"msg": msg, "field": "/team/name"} if {
	is_string(input.previous.product.team.name)
	input.previous.product.team.name != input.current.product.team.name
	input.previous.product.owner == input.current.product.owner
	msg := sprintf("the team changed from '%s' to '%v'", [input.previous.product.team.name, input.current.product.team.name])
}
