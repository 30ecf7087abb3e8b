# METADATA
# title: Output ports declare availability
# description: >-
#   Every output port promises an availability (uptime) its consumers can plan
#   around, written as a percentage ("99.9%") or a fraction (0.999). A
#   service-level block that is written but holds only empty values counts as
#   missing.
# custom:
#   severity: error
#   remediation: >-
#     Declare availability: dataContract.SLA.upTime (Witboost), a slaProperties
#     entry with property availability in the port's ODCS contract (ODPS,
#     ODCS), servicelevels.availability.percentage (DCS), an availability key
#     in promises.slo.definition (DPDS), an uptime SLA dimension (LF ODPS).
#   remediation_by_spec:
#     witboost-dps: 'Declare availability: dataContract.SLA.upTime on the output port.'
#     bitol-odps: 'Declare availability: a slaProperties entry with property availability in the port''s ODCS contract.'
#     bitol-odcs: 'Declare availability: a slaProperties entry with property availability.'
#     datacontract-dcs: 'Declare availability: servicelevels.availability.percentage.'
#     odm-dpds: 'Declare availability: an availability key in the port''s promises.slo.definition.'
#     lf-odps: 'Declare availability: an uptime SLA dimension.'
#   since: 0.1.0
#   examples:
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
#                 timeliness: 2 hours
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
#                 timeliness: 2 hours
#                 upTime: 99.9%
#     - spec: bitol-odcs
#       failing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         slaProperties:
#           - property: latency
#             value: 1
#             unit: d
#       passing: |
#         apiVersion: v3.1.0
#         kind: DataContract
#         id: checkout-orders
#         name: orders
#         version: 1.0.0
#         status: active
#         slaProperties:
#           - property: latency
#             value: 1
#             unit: d
#           - property: availability
#             value: 99.9
#             unit: percent
package meshgate.slo.availability_declared

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [i])} if {
	some i, port in input.product.ports
	port.slo.availability == null
	i in data.meshgate.lib.facts.slo_ports
	msg := sprintf("output port '%s' declares no availability%s", [ports.label(port), _empty(port.slo)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [i])} if {
	some i, port in input.product.ports
	port.slo.availability != null
	not values.percent(port.slo.availability)
	msg := sprintf("availability '%v' of output port '%s' is not a percentage such as 99.9%% or 0.999", [port.slo.availability, ports.label(port)])
}

_empty(slo) := ": its service-level block is declared but empty" if {
	slo.declared == true
	slo.freshness == null
	slo.latency == null
	slo.frequency == null
	slo.retention == null
}

default _empty(_) := ""
