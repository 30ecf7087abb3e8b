# METADATA
# title: Status is a known value
# description: >-
#   The product's (or contract's) status, and each output port's, is one of the
#   values its specification lists: data.meshgate.lib.facts.specs[<spec>].statuses, in
#   lower case (the status is compared in lower case), so catalogues and
#   lifecycle rules can act on it. A spec that lists no statuses (DPDS) is not
#   judged; a missing status is left to the schema.
# custom:
#   severity: warning
#   remediation: >-
#     Use one of the listed statuses, or give your organisation's statuses
#     in a --data file (meshgate.specs.<spec>.statuses).
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
#         status: Live
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         status: Published
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: production
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
package meshgate.lifecycle.status_known

import data.meshgate.lib.ports
import data.meshgate.lib.values
import rego.v1

deny contains {"msg": msg, "field": "/status"} if {
	status := input.product.status
	is_string(status)
	listed := data.meshgate.lib.facts.specs[input.spec.name].statuses
	count(listed) > 0
	not lower(trim_space(status)) in listed
	not values.templated(status)
	msg := sprintf("status '%s' is not one of %s", [status, concat(", ", listed)])
}

# A contract's single port is the contract itself: its status is reported once, above.
deny contains {"msg": msg, "field": sprintf("/ports/%d/status", [i])} if {
	input.product.kind == "product"
	some i, port in input.product.ports
	is_string(port.status)
	listed := data.meshgate.lib.facts.specs[input.spec.name].statuses
	count(listed) > 0
	not lower(trim_space(port.status)) in listed
	not values.templated(port.status)
	msg := sprintf("status '%s' of output port '%s' is not one of %s", [port.status, ports.label(port), concat(", ", listed)])
}
