# METADATA
# title: Sensitive ports are never approved automatically
# description: >-
#   Automatic approval of access requests is for ports whose data anyone in the
#   organisation may read. A port that exposes personal data, or is classified
#   above data.meshgate.lib.facts.config.auto_approve_maximum_classification (internal by
#   default, on the scale of classification_levels), has every request approved
#   by a person.
# custom:
#   severity: error
#   remediation: >-
#     Turn automatic approval off (autoApprove: false) and name who approves
#     access requests.
#   since: 0.1.0
#   scope:
#     specs: [bitol-odps, dmm-dps]
#   examples:
#     - spec: dmm-dps
#       failing: |
#         dataProductSpecification: 0.0.1
#         id: customers
#         info:
#           title: Customers
#           owner: crm-team
#           domain: crm
#         outputPorts:
#           - id: customers
#             name: customers
#             containsPii: true
#             autoApprove: true
#       passing: |
#         dataProductSpecification: 0.0.1
#         id: customers
#         info:
#           title: Customers
#           owner: crm-team
#           domain: crm
#         outputPorts:
#           - id: customers
#             name: customers
#             containsPii: true
#             autoApprove: false
package meshgate.access.sensitive_auto_approval

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/auto_approve", [i])} if {
	some i, port in input.product.ports
	port.access.auto_approve == true
	port.access.pii == true
	msg := sprintf("output port '%s' approves access requests automatically although it exposes personal data", [ports.label(port)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/auto_approve", [i])} if {
	some i, port in input.product.ports
	port.access.auto_approve == true
	port.access.pii != true
	maximum := data.meshgate.lib.facts.config.auto_approve_maximum_classification
	data.meshgate.lib.facts.classification_rank[i] > data.meshgate.lib.facts.levels[maximum]
	msg := sprintf("output port '%s' approves access requests automatically although it is classified '%s'", [ports.label(port), port.access.classification])
}
