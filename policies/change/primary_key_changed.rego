# METADATA
# title: A primary key changed
# description: >-
#   The primary key of a schema object (its primaryKey columns, followed
#   through renames) is not the same set of columns any more. Joins and
#   deduplication built on it break.
# custom:
#   severity: error
#   remediation: >-
#     Keep the primary key, or publish the change as a new major version.
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
#                 required: true
#                 primaryKey: true
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
package meshgate.change.primary_key_changed

import rego.v1

deny contains {"msg": msg, "path": new.path} if {
	some pair in data.meshgate.lib.change.table_pairs
	old := data.meshgate.lib.change.previous_tables[pair.previous]
	new := data.meshgate.lib.change.current_tables[pair.current]
	before := {c.name | some c in old.columns; c.pk}
	count(before) > 0
	kept := {new.columns[j].name | some c in old.columns; c.pk; j := data.meshgate.lib.change.twin(c, new.columns)}
	after := {c.name | some c in new.columns; c.pk}
	kept != after
	msg := sprintf("the primary key of '%s' changed from (%s) to (%s)", [data.meshgate.lib.change.label(new), concat(", ", sort(before)), concat(", ", sort(after))])
}
