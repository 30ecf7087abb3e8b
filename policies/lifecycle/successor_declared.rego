# METADATA
# title: Deprecated products and ports name their successor
# description: >-
#   A product or output port that is deprecated (flagged so, or in one of
#   data.meshgate.lib.facts.config.deprecated_statuses) names what replaces it, so its
#   consumers know where to move. A warning: a product can be retired with
#   nothing to replace it, and then says so.
# custom:
#   severity: warning
#   remediation: >-
#     Name the successor in a customProperties entry successor (or replacedBy)
#     on the product or port, or write "none" there when nothing replaces it.
#   since: 0.1.0
#   scope:
#     specs: [bitol-odps, bitol-odcs]
#   examples:
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals-v1
#             version: 1.4.0
#             deprecated: true
#             customProperties:
#               - property: endOfLife
#                 value: 2027-06-30
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals-v1
#             version: 1.4.0
#             deprecated: true
#             customProperties:
#               - property: endOfLife
#                 value: 2027-06-30
#               - property: successor
#                 value: deals-v2
package meshgate.lifecycle.successor_declared

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": "/successor"} if {
	input.product.successor == null
	data.meshgate.lib.facts.product_deprecated
	msg := sprintf("the %s is deprecated but names no successor", [input.product.kind])
}

# A contract's single port is the contract itself: it is reported once, above.
deny contains {"msg": msg, "field": sprintf("/ports/%d/successor", [i])} if {
	input.product.kind == "product"
	some i in data.meshgate.lib.facts.deprecated_ports
	port := input.product.ports[i]
	port.successor == null
	msg := sprintf("output port '%s' is deprecated but names no successor", [ports.label(port)])
}
