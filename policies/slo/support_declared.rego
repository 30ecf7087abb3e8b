# METADATA
# title: Support hours and response time are declared
# description: >-
#   Where the specification has a support SLA (Witboost supportSLA, DCS
#   servicelevels.support), it says when support is available and how quickly
#   it answers. A block that is written but holds only empty values counts as
#   missing.
# custom:
#   severity: warning
#   remediation: >-
#     Declare supportSLA.supportHours and responseTime (Witboost), or
#     servicelevels.support.time and responseTime (DCS).
#   remediation_by_spec:
#     witboost-dps: 'Declare supportSLA.supportHours and supportSLA.responseTime.'
#     datacontract-dcs: 'Declare servicelevels.support.time and servicelevels.support.responseTime.'
#   field_by_spec:
#     witboost-dps: /supportSLA
#     datacontract-dcs: /servicelevels/support
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, datacontract-dcs]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         supportSLA:
#           supportHours: 8x5
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         supportSLA:
#           supportHours: 8x5
#           responseTime: 4h
#     - spec: datacontract-dcs
#       failing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         servicelevels:
#           support:
#             time: business hours
#       passing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         servicelevels:
#           support:
#             time: business hours
#             responseTime: 1 business day
package meshgate.slo.support_declared

import rego.v1

support := input.product.support

deny contains {"msg": msg, "field": "/support"} if {
	support == null
	msg := sprintf("the %s declares no support hours or response time", [input.product.kind])
}

deny contains {"msg": msg, "field": "/support"} if {
	_all_null
	support.information == null
	msg := sprintf("the %s declares no support hours or response time: its support block is declared but empty", [input.product.kind])
}

# Witboost's January 2023 revision has an informationSLA and nothing else.
deny contains {"msg": msg, "field": "/support"} if {
	_all_null
	support.information != null
	msg := sprintf("the %s gives an information SLA ('%v') but no support hours or response time", [input.product.kind, support.information])
}

deny contains {"msg": msg, "field": "/support/hours"} if {
	support.hours == null
	not _all_null
	msg := sprintf("the %s's support block gives no support hours", [input.product.kind])
}

deny contains {"msg": msg, "field": "/support/response_time"} if {
	support.response_time == null
	not _all_null
	msg := sprintf("the %s's support block gives no response time", [input.product.kind])
}

_all_null if {
	support.hours == null
	support.response_time == null
	support.resolution_time == null
}
