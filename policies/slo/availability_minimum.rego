# METADATA
# title: Availability meets the mesh minimum
# description: >-
#   A declared availability is at least the minimum the governance board sets
#   (data.meshgate.lib.facts.config.availability_minimum_percent, 99.0 by default).
# custom:
#   severity: error
#   remediation: >-
#     Raise the port's availability promise to the minimum, or agree an
#     exception with the governance board.
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
#             percentage: 95%
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
package meshgate.slo.availability_minimum

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/slo/availability", [i])} if {
	some i, port in input.product.ports
	port.slo.availability != null
	promised := values.percent(port.slo.availability)
	minimum := data.meshgate.lib.facts.config.availability_minimum_percent
	promised < minimum
	msg := sprintf("output port '%s' promises %v%% availability, below the minimum of %v%%", [ports.label(port), promised, minimum])
}
