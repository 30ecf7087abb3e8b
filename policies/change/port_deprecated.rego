# METADATA
# title: A port was deprecated without a plan
# description: >-
#   An output port (or the product) became deprecated in this change without
#   naming both an end-of-life date and a successor, so its consumers cannot
#   plan their migration.
# custom:
#   severity: warning
#   remediation: >-
#     Declare the end-of-life date and the successor in the same change
#     that deprecates the port.
#   since: 0.1.0
#   change: notable
#   examples:
#     - spec: bitol-odps
#       previous: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#       failing: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#             deprecated: true
#       passing: |
#         apiVersion: v1.0.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#             deprecated: true
#             customProperties:
#               - property: endOfLife
#                 value: 2027-06-30
#               - property: successor
#                 value: deals-v2
package meshgate.change.port_deprecated

import rego.v1

warn contains {"msg": msg, "field": sprintf("/ports/%d", [pair.current])} if {
	input.current.product.kind == "product"
	some pair in data.meshgate.lib.change.port_pairs
	new := input.current.product.ports[pair.current]
	data.meshgate.lib.change.deprecated(new)
	not data.meshgate.lib.change.deprecated(input.previous.product.ports[pair.previous])
	missing := _missing(new)
	count(missing) > 0
	msg := sprintf("output port '%s' was deprecated without %s", [data.meshgate.lib.change.label(new), concat(" and ", missing)])
}

warn contains {"msg": msg, "field": "/status"} if {
	data.meshgate.lib.change.deprecated(data.meshgate.lib.change.current)
	not data.meshgate.lib.change.deprecated(data.meshgate.lib.change.previous)
	missing := _missing(data.meshgate.lib.change.current)
	count(missing) > 0
	msg := sprintf("the %s was deprecated without %s", [input.current.product.kind, concat(" and ", missing)])
}

_missing(x) := [what |
	some key, what in {"end_of_life": "an end-of-life date", "successor": "a successor"}
	x[key] == null
]
