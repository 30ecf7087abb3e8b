# METADATA
# title: Output ports declare availability
# description: >-
#   Every output port promises an availability (uptime) its consumers can plan
#   around, written as a percentage ("99.9%") or a fraction (0.999).
# custom:
#   severity: error
#   remediation: >-
#     Declare availability: dataContract.SLA.upTime (Witboost), a slaProperties
#     entry with property availability in the port's ODCS contract (ODPS,
#     ODCS), servicelevels.availability.percentage (DCS), an availability key
#     in promises.slo.definition (DPDS), an uptime SLA dimension (LF ODPS).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, dmm-dps, lf-odps]
package meshgate.slo.availability_declared

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [i])} if {
	some i, port in input.product.ports
	ports.slo_checkable(port)
	values.blank(port.slo.availability)
	msg := sprintf("output port '%s' declares no availability", [ports.label(port)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [i])} if {
	some i, port in input.product.ports
	values.present(port.slo.availability)
	not values.percent(port.slo.availability)
	msg := sprintf("availability '%v' of output port '%s' is not a percentage such as 99.9%% or 0.999", [port.slo.availability, ports.label(port)])
}
