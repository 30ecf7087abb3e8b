# METADATA
# title: Output ports declare freshness
# description: >-
#   Every output port says how fresh its data is (freshness, latency or update
#   frequency), so consumers know how far behind the source it may lag. A
#   freshness or latency is a duration meshgate can read: a simple duration
#   ("5m", "25h", "1 day", "6 hours") or ISO 8601 ("PT24H", "P1D"). A
#   service-level block that is written but holds only empty values counts as
#   missing.
# custom:
#   severity: warning
#   remediation: >-
#     Declare freshness: dataContract.SLA.timeliness or intervalOfChange
#     (Witboost), a latency or frequency slaProperties entry in the ODCS contract
#     (ODPS, ODCS), servicelevels.freshness/latency/frequency (DCS), a freshness
#     key in promises.slo.definition (DPDS), a latency or updateFrequency SLA
#     dimension (LF ODPS). Write a duration as a number and a unit (25h, 1 day)
#     or in ISO 8601 (PT24H).
#   since: 0.1.0
#   examples:
#     - spec: datacontract-dcs
#       failing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         servicelevels:
#           availability:
#             percentage: 99.9%
#       passing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         servicelevels:
#           availability:
#             percentage: 99.9%
#           freshness:
#             threshold: 25h
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         components:
#           - id: urn:dmb:cmp:sales:deals:1:deals-table
#             kind: outputport
#             name: deals-table
#             version: 1.0.0
#             dataContract:
#               SLA:
#                 upTime: 99.9%
#                 timeliness: daily
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         components:
#           - id: urn:dmb:cmp:sales:deals:1:deals-table
#             kind: outputport
#             name: deals-table
#             version: 1.0.0
#             dataContract:
#               SLA:
#                 upTime: 99.9%
#                 timeliness: 1 day
package meshgate.slo.freshness_declared

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/freshness", [i])} if {
	some i, port in input.product.ports
	port.slo.freshness == null
	port.slo.latency == null
	port.slo.frequency == null
	i in data.meshgate.lib.facts.slo_ports
	msg := sprintf("output port '%s' declares no freshness, latency or update frequency%s", [ports.label(port), _empty(port.slo)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/freshness", [i])} if {
	some i, port in input.product.ports
	port.slo.freshness != null
	not values.duration_seconds(port.slo.freshness)
	msg := sprintf("freshness '%v' of output port '%s' is not a duration such as 5m, 25h, 1 day or PT24H", [port.slo.freshness, ports.label(port)])
}

# A latency that is the freshness too (ODCS reads one slaProperties entry as both) is reported once.
deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/latency", [i])} if {
	some i, port in input.product.ports
	port.slo.latency != null
	port.slo.latency != port.slo.freshness
	not values.duration_seconds(port.slo.latency)
	msg := sprintf("latency '%v' of output port '%s' is not a duration such as 5m, 25h, 1 day or PT24H", [port.slo.latency, ports.label(port)])
}

_empty(slo) := ": its service-level block is declared but empty" if {
	slo.declared == true
	slo.availability == null
	slo.retention == null
}

default _empty(_) := ""
