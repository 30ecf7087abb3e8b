# METADATA
# title: A product or port id changed
# description: >-
#   The product's id (the product matched at the same path) or an output
#   port's id (the port matched by name) is not the same. Every reference to
#   the old id (port contracts, lineage, access grants) breaks. A Witboost
#   URN whose only change is its major version is not an id data.meshgate.lib.change.
# custom:
#   severity: error
#   remediation: >-
#     Keep the id; to replace the product, publish a new one beside it and
#     deprecate the old one.
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
#         id: order-lines
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
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: orders
#         version: 1.1.0
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
package meshgate.change.id_changed

import rego.v1

deny contains {"msg": msg, "field": "/id"} if {
	old := input.previous.product.id
	new := input.current.product.id
	is_string(old)
	is_string(new)
	_key(old) != _key(new)
	msg := sprintf("the %s id changed from '%s' to '%s'", [input.current.product.kind, old, new])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/id", [pair.current])} if {
	input.current.product.kind == "product"
	some pair in data.meshgate.lib.change.port_pairs
	old := input.previous.product.ports[pair.previous]
	new := input.current.product.ports[pair.current]
	is_string(old.id)
	is_string(new.id)
	_key(old.id) != _key(new.id)
	msg := sprintf("output port '%s' changed its id from '%s' to '%s'", [data.meshgate.lib.change.label(new), old.id, new.id])
}

# An id without a Witboost major version (urn:dmb:dp:domain:name:MAJOR, urn:dmb:cmp:domain:name:MAJOR:component).
_key(id) := concat(":", array.concat(array.slice(parts, 0, 5), array.slice(parts, 6, count(parts)))) if {
	startswith(lower(id), "urn:dmb:")
	parts := split(id, ":")
	count(parts) > 5
} else := id
