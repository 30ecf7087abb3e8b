# METADATA
# title: A schema object or column was removed
# description: >-
#   A schema object (table) or a column of the previous version's contract
#   (matched by id, then by name) is gone. Read from the raw descriptors:
#   ODCS schema[].properties[], DCS models.*.fields, Witboost
#   components[].dataContract.schema[]. Queries that read it break.
# custom:
#   severity: error
#   remediation: >-
#     Keep the column (deprecate it in its description first), or publish
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
#               - name: currency
#                 logicalType: string
package meshgate.change.schema_removed

import rego.v1

deny contains {"msg": msg, "path": _parent(table.path), "was_path": table.path} if {
	some i in data.meshgate.lib.change.removed_tables
	table := data.meshgate.lib.change.previous_tables[i]
	msg := sprintf("schema object '%s' was removed", [data.meshgate.lib.change.label(table)])
}

deny contains {"msg": msg, "path": new.columns_path, "was_path": column.path} if {
	some pair in data.meshgate.lib.change.table_pairs
	old := data.meshgate.lib.change.previous_tables[pair.previous]
	new := data.meshgate.lib.change.current_tables[pair.current]
	some column in old.columns
	not data.meshgate.lib.change.twin(column, new.columns)
	msg := sprintf("column '%s' of '%s' was removed", [data.meshgate.lib.change.label(column), data.meshgate.lib.change.label(new)])
}

_parent(path) := concat("/", array.slice(parts, 0, count(parts) - 1)) if parts := split(path, "/")
