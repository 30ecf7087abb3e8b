# METADATA
# title: Personal data is classified confidential or stricter
# description: >-
#   A port that exposes personal data (PII) is classified at least at
#   data.meshgate.lib.facts.config.pii_minimum_classification (confidential by default)
#   on the ordered scale of classification_levels; aliases
#   (classification_aliases: sensitive, private, ...) count as the level they
#   name. A classification outside the scale is not judged here. A field
#   marked as personal data (a pii tag or flag; see meshgate.specs.personal)
#   that carries its own classification is judged by it, so a personal column
#   classified public fails even when another column makes the port stricter.
# custom:
#   severity: error
#   remediation: >-
#     Raise the port's classification to confidential or stricter, or, if the
#     data is not personal, say so (GDPR: No in Witboost, pii: false on the
#     fields in DCS, containsPii: false).
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps, bitol-odps, bitol-odcs, datacontract-dcs, dmm-dps]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:marketing:leads:2
#         kind: dataproduct
#         name: leads
#         domain: marketing
#         version: 2.1.0
#         dataProductOwner: user:jane.doe_acme.com
#         securityInfo:
#           visibility: Department
#           confidentiality: Internal
#           GDPR: "Yes"
#         components:
#           - id: urn:dmb:cmp:marketing:leads:2:leads-table
#             kind: outputport
#             name: leads-table
#             version: 2.0.0
#       passing: |
#         id: urn:dmb:dp:marketing:leads:2
#         kind: dataproduct
#         name: leads
#         domain: marketing
#         version: 2.1.0
#         dataProductOwner: user:jane.doe_acme.com
#         securityInfo:
#           visibility: Department
#           confidentiality: Confidential
#           GDPR: "Yes"
#         components:
#           - id: urn:dmb:cmp:marketing:leads:2:leads-table
#             kind: outputport
#             name: leads-table
#             version: 2.0.0
#     - spec: datacontract-dcs
#       failing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         models:
#           payments:
#             fields:
#               card_holder:
#                 type: string
#                 pii: true
#                 classification: internal
#       passing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#         models:
#           payments:
#             fields:
#               card_holder:
#                 type: string
#                 pii: true
#                 classification: confidential
package meshgate.access.pii_classification

import data.meshgate.lib.ports
import rego.v1

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/classification", [i])} if {
	some i, port in input.product.ports
	port.access.pii == true
	not _fields_classified(port)
	minimum := data.meshgate.lib.facts.config.pii_minimum_classification
	data.meshgate.lib.facts.classification_rank[i] < data.meshgate.lib.facts.levels[minimum]
	msg := sprintf("output port '%s' exposes personal data but is classified '%s'; personal data is %s or stricter", [ports.label(port), port.access.classification, minimum])
}

deny contains {"msg": msg, "field": sprintf("/ports/%d/access/personal_fields/%d/classification", [i, j])} if {
	levels := data.meshgate.lib.facts.levels
	minimum := data.meshgate.lib.facts.config.pii_minimum_classification
	some i, port in input.product.ports
	some j, personal in port.access.personal_fields
	is_string(personal.classification)
	levels[lower(personal.classification)] < levels[minimum]
	msg := sprintf("field '%v' of output port '%s' is personal data but is classified '%s'; personal data is %s or stricter", [personal.name, ports.label(port), personal.classification, minimum])
}

# Whether the port's personal fields carry classifications of their own (then they are judged one by one).
_fields_classified(port) if {
	some personal in port.access.personal_fields
	is_string(personal.classification)
}
