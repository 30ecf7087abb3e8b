# METADATA
# title: A classification was loosened
# description: >-
#   An output port's classification, or a column's, moved down the scale of
#   data.meshgate.lib.facts.config.classification_levels (restricted → confidential →
#   internal → public). Data is now handled under weaker rules than its
#   consumers and owners agreed.
# custom:
#   severity: error
#   remediation: >-
#     Keep the classification; loosening one needs the data owner's and
#     the governance team's sign-off (a waiver).
#   since: 0.1.0
#   change: governance
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
#                 classification: confidential
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
#                 classification: public
#                 logicalType: number
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
#                 classification: restricted
#                 logicalType: number
#                 required: true
package meshgate.change.classification_loosened

import rego.v1

# A port whose classification is not read from its columns (a contract's is).
deny contains {"msg": msg, "field": sprintf("/ports/%d/access/classification", [pair.current])} if {
	not _from_columns
	some pair in data.meshgate.lib.change.port_pairs
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[pair.current]
	data.meshgate.lib.change.rank(new.access.classification) < data.meshgate.lib.change.rank(old.access.classification)
	msg := sprintf("output port '%s': classification loosened from %s to %s", [data.meshgate.lib.change.label(new), old.access.classification, new.access.classification])
}

_from_columns if {
	some table in data.meshgate.lib.change.current_tables
	some column in table.columns
	column.classification != null
}

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.column_pairs
	[a, b] := pair.column
	data.meshgate.lib.change.rank(b.classification) < data.meshgate.lib.change.rank(a.classification)
	msg := sprintf("column '%s' of '%s': classification loosened from %s to %s", [data.meshgate.lib.change.label(b), data.meshgate.lib.change.label(pair.table[1]), a.classification, b.classification])
}
