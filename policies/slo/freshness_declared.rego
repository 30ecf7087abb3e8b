# METADATA
# title: Output ports declare freshness
# description: >-
#   Every output port says how fresh its data is (freshness, latency or update
#   frequency), so consumers know how far behind the source it may lag.
# custom:
#   severity: warning
#   remediation: >-
#     Declare freshness: dataContract.SLA.timeliness or intervalOfChange
#     (Witboost), a latency or frequency slaProperties entry in the ODCS contract
#     (ODPS, ODCS), servicelevels.freshness/latency/frequency (DCS), a freshness
#     key in promises.slo.definition (DPDS), a latency or updateFrequency SLA
#     dimension (LF ODPS).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, dmm-dps, lf-odps]
package meshgate.slo.freshness_declared

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/freshness", [i])} if {
	some i, port in input.product.ports
	ports.slo_checkable(port)
	not _timely(port.slo)
	msg := sprintf("output port '%s' declares no freshness, latency or update frequency", [ports.label(port)])
}

_timely(slo) if values.present(slo.freshness)

_timely(slo) if values.present(slo.latency)

_timely(slo) if values.present(slo.frequency)
