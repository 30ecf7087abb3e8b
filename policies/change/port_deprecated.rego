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

import data.meshgate.lib.change
import rego.v1

warn contains {"msg": msg, "field": sprintf("/ports/%d", [pair.current])} if {
	change.current.kind == "product"
	some pair in change.port_pairs
	new := change.current.ports[pair.current]
	change.deprecated(new)
	not change.deprecated(change.previous.ports[pair.previous])
	missing := _missing(new)
	count(missing) > 0
	msg := sprintf("output port '%s' was deprecated without %s", [change.label(new), concat(" and ", missing)])
}

warn contains {"msg": msg, "field": "/status"} if {
	change.deprecated(change.current)
	not change.deprecated(change.previous)
	missing := _missing(change.current)
	count(missing) > 0
	msg := sprintf("the %s was deprecated without %s", [change.current.kind, concat(" and ", missing)])
}

_missing(x) := [what |
	some key, what in {"end_of_life": "an end-of-life date", "successor": "a successor"}
	x[key] == null
]
