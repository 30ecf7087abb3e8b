# METADATA
# title: Deprecated products and ports declare an end-of-life date
# description: >-
#   A product or output port that is deprecated (flagged so, or in one of
#   data.meshgate.config.deprecated_statuses: deprecated, retired, sunset, ...)
#   tells its consumers when it stops being served, as an ISO 8601 date
#   (YYYY-MM-DD), so they can plan their migration.
# custom:
#   severity: error
#   remediation: >-
#     Declare the date: supportSLA.endOfSupport (Witboost), a customProperties
#     entry endOfLife on the product or port (ODPS, ODCS) or an endOfLife
#     slaProperties entry (ODCS), written as YYYY-MM-DD.
#   since: 0.2.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs]
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
