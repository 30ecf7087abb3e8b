# METADATA
# title: A column's type changed
# description: >-
#   A column kept in both versions has another logical or physical type
#   (compared in lower case). Consumers read it with the old type. Changes
#   listed in data.meshgate.lib.facts.config.compatible_type_changes ([from, to]
#   pairs) are accepted.
# custom:
#   severity: error
#   remediation: >-
#     Keep the type; add a column with the new type instead, or publish
#     the change as a new major version.
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
#                 logicalType: string
#                 required: true
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
#                 logicalType: Number
#                 required: true
package meshgate.change.column_type_changed

import rego.v1

_compatible contains [lower(pair[0]), lower(pair[1])] if {
	some pair in data.meshgate.lib.facts.config.compatible_type_changes
}

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.column_pairs
	[a, b] := pair.column
	some key in ["type", "physical"]
	is_string(a[key])
	is_string(b[key])
	a[key] != b[key]
	not [a[key], b[key]] in _compatible
	msg := sprintf("column '%s' of '%s' changed %s from %s to %s", [data.meshgate.lib.change.label(b), data.meshgate.lib.change.label(pair.table[1]), _what[key], a[key], b[key]])
}

_what := {"type": "type", "physical": "physical type"}
