# METADATA
# title: A port, schema object or column was renamed
# description: >-
#   Something matched by its id in both versions has another name: an output
#   port, a schema object or a column. Consumers that address it by name
#   break. (Without an id, a rename reads as a removal and an addition.)
# custom:
#   severity: error
#   remediation: >-
#     Keep the name (change the description or the physical name instead),
#     or publish the change as a new major version.
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
#                 id: amount_col
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
#               - name: total
#                 id: amount_col
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
#                 id: amount_col
#                 description: Gross amount.
#                 logicalType: number
#                 required: true
package meshgate.change.renamed

import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/name", [pair.current])} if {
	some pair in data.meshgate.lib.change.port_pairs
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[pair.current]
	_renamed(old, new)
	msg := sprintf("output port '%s' was renamed to '%s'", [old.name, new.name])
}

deny contains {"msg": msg, "path": new.path} if {
	some pair in data.meshgate.lib.change.table_pairs
	old := data.meshgate.lib.change.previous_tables[pair.previous]
	new := data.meshgate.lib.change.current_tables[pair.current]
	_renamed(old, new)
	msg := sprintf("schema object '%s' was renamed to '%s'", [old.name, new.name])
}

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.column_pairs
	[a, b] := pair.column
	_renamed(a, b)
	msg := sprintf("column '%s' of '%s' was renamed to '%s'", [a.name, data.meshgate.lib.change.label(pair.table[1]), b.name])
}

_renamed(old, new) if {
	is_string(old.id)
	old.id == new.id
	is_string(old.name)
	is_string(new.name)
	old.name != new.name
}
