# METADATA
# title: Output ports state terms of use
# description: >-
#   Every output port comes with a data sharing agreement: at least one of its
#   purpose, usage, limitations or terms and conditions. A block that is
#   written but holds only empty values counts as missing.
# custom:
#   severity: error
#   remediation: >-
#     Write the terms: dataSharingAgreement (Witboost), description.purpose,
#     usage and limitations (ODPS, ODCS), terms.usage and limitations (DCS),
#     expectations.usage or obligations.termsAndConditions (DPDS),
#     product.license (LF ODPS), or link the port to a contract that has them
#     (DPS).
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
#             dataSharingAgreement:
#               purpose: Sales pipeline reporting.
#               limitations: No export outside Acme.
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         outputPorts:
#           - name: deals
#             version: 1.0.0
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         description:
#           purpose: Deals won and lost, per account.
#           usage: Pipeline and win-rate reporting.
#         outputPorts:
#           - name: deals
#             version: 1.0.0
package meshgate.access.terms_declared

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/terms", [i])} if {
	some i, port in input.product.ports
	port.access.terms == null
	i in data.meshgate.lib.facts.terms_ports
	msg := sprintf("output port '%s' states no terms of use (purpose, usage, limitations)", [ports.label(port)])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/terms", [i])} if {
	some i, port in input.product.ports
	terms := port.access.terms
	terms != null
	terms.purpose == null
	terms.usage == null
	terms.limitations == null
	terms.terms_and_conditions == null
	i in data.meshgate.lib.facts.terms_ports
	msg := sprintf("output port '%s' has terms of use declared but empty", [ports.label(port)])
}
