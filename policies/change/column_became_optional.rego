# METADATA
# title: A required column became optional
# description: >-
#   A column that was required (ODCS/DCS required: true; Witboost constraint
#   NOT_NULL or PRIMARY_KEY) is no longer: consumers will see nulls where
#   they could not before.
# custom:
#   severity: error
#   remediation: >-
#     Keep the column required, or publish the change as a new major
#     version.
#   since: 0.1.0
#   change: breaking
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
#                 required: false
#       passing: |
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
#               - name: note
#                 logicalType: string
package meshgate.change.column_became_optional

import rego.v1

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.column_pairs
	[a, b] := pair.column
	a.required
	not b.required
	msg := sprintf("column '%s' of '%s' is no longer required: consumers will see nulls", [data.meshgate.lib.change.label(b), data.meshgate.lib.change.label(pair.table[1])])
}
