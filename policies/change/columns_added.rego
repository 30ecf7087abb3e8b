# METADATA
# title: Columns or schema objects were added
# description: >-
#   A column or schema object is new in this version. Safe for consumers;
#   listed so the changelog is complete.
# custom:
#   severity: info
#   remediation: >-
#     Nothing to fix; document the new column for consumers.
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
package meshgate.change.columns_added

import rego.v1

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.table_pairs
	old := data.meshgate.lib.change.previous_tables[pair.previous]
	new := data.meshgate.lib.change.current_tables[pair.current]
	some b in new.columns
	not data.meshgate.lib.change.twin(b, old.columns)
	msg := sprintf("column '%s' was added to '%s'", [data.meshgate.lib.change.label(b), data.meshgate.lib.change.label(new)])
}

deny contains {"msg": msg, "path": table.path} if {
	some table in data.meshgate.lib.change.current_tables
	not data.meshgate.lib.change.twin(table, data.meshgate.lib.change.previous_tables)
	msg := sprintf("schema object '%s' was added", [data.meshgate.lib.change.label(table)])
}
