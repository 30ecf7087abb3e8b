# METADATA
# title: Deprecated products and ports declare an end-of-life date
# description: >-
#   A product or output port that is deprecated (flagged so, or in one of
#   data.meshgate.lib.facts.config.deprecated_statuses: deprecated, retired, sunset, ...)
#   tells its consumers when it stops being served, as an ISO 8601 date
#   (YYYY-MM-DD), so they can plan their migration.
# custom:
#   severity: error
#   remediation: >-
#     Declare the date: supportSLA.endOfSupport (Witboost), a customProperties
#     entry endOfLife on the product or port (ODPS, ODCS) or an endOfLife
#     slaProperties entry (ODCS), written as YYYY-MM-DD.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:quotes:3
#         kind: dataproduct
#         name: quotes
#         domain: sales
#         version: 3.2.0
#         dataProductOwner: group:sales-data-owners
#         status: Retired
#         supportSLA:
#           supportHours: 8x5
#           responseTime: 1d
#       passing: |
#         id: urn:dmb:dp:sales:quotes:3
#         kind: dataproduct
#         name: quotes
#         domain: sales
#         version: 3.2.0
#         dataProductOwner: group:sales-data-owners
#         status: Retired
#         supportSLA:
#           supportHours: 8x5
#           responseTime: 1d
#           endOfSupport: 2027-03-31
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
#               - property: successor
#                 value: deals-v2
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
#               - property: successor
#                 value: deals-v2
#               - property: endOfLife
#                 value: 2027-06-30
package meshgate.lifecycle.end_of_life_declared

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

product := input.product

deny contains {"msg": msg, "field": "/end_of_life"} if {
	product.end_of_life == null
	data.meshgate.lib.facts.product_deprecated
	msg := sprintf("the %s is deprecated but declares no end-of-life date", [product.kind])
}

deny contains {"msg": msg, "field": "/end_of_life"} if {
	product.end_of_life != null
	not values.date(product.end_of_life)
	data.meshgate.lib.facts.product_deprecated
	msg := sprintf("end-of-life date '%v' of the %s is not an ISO 8601 date (YYYY-MM-DD)", [product.end_of_life, product.kind])
}

# A contract's single port is the contract itself: it is reported once, above.
deny contains {"msg": msg, "field": sprintf("/ports/%d/end_of_life", [i])} if {
	product.kind == "product"
	some i in data.meshgate.lib.facts.deprecated_ports
	port := product.ports[i]
	port.end_of_life == null
	msg := sprintf("output port '%s' is deprecated but declares no end-of-life date", [ports.label(port)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/end_of_life", [i])} if {
	product.kind == "product"
	some i in data.meshgate.lib.facts.deprecated_ports
	port := product.ports[i]
	port.end_of_life != null
	not values.date(port.end_of_life)
	msg := sprintf("end-of-life date '%v' of output port '%s' is not an ISO 8601 date (YYYY-MM-DD)", [port.end_of_life, ports.label(port)])
}
