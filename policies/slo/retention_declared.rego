# METADATA
# title: Output ports declare retention
# description: >-
#   Every output port says how long its data is kept, so consumers know how far
#   back they can read and compliance knows when data is deleted. A
#   service-level block that is written but holds only empty values counts as
#   missing.
# custom:
#   severity: warning
#   remediation: >-
#     Declare retention: retentionTime on the output port component (Witboost),
#     a slaProperties entry with property retention in the ODCS contract (ODPS,
#     ODCS), servicelevels.retention.period (DCS), a retention key in
#     promises.slo.definition (DPDS), or link the port to a contract that has it
#     (DPS).
#   remediation_by_spec:
#     witboost-dps: 'Declare retention: retentionTime on the output port component.'
#     bitol-odps: 'Declare retention: a slaProperties entry with property retention in the port''s ODCS contract.'
#     bitol-odcs: 'Declare retention: a slaProperties entry with property retention.'
#     datacontract-dcs: 'Declare retention: servicelevels.retention.period.'
#     odm-dpds: 'Declare retention: a retention key in the port''s promises.slo.definition.'
#     dmm-dps: 'Link the port to a contract that declares retention.'
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, odm-dpds, datacontract-dcs, dmm-dps]
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
#             retentionTime: 2y
package meshgate.slo.retention_declared

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/retention", [i])} if {
	some i, port in input.product.ports
	port.slo.retention == null
	i in data.meshgate.lib.facts.slo_ports
	msg := sprintf("output port '%s' declares no retention%s", [ports.label(port), _empty(port.slo)])
}

_empty(slo) := ": its service-level block is declared but empty" if {
	slo.declared == true
	slo.availability == null
	slo.freshness == null
	slo.latency == null
	slo.frequency == null
}

default _empty(_) := ""
