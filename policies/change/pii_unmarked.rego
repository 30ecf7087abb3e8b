# METADATA
# title: A personal-data marking was removed
# description: >-
#   A column still in the contract was marked as personal data (pii: true, a
#   PII tag, a pii custom property) and no longer is, or an output port that
#   was flagged as holding personal data no longer is. The data did not
#   change; its protection did.
# custom:
#   severity: error
#   remediation: >-
#     Keep the marking; if the column really holds no personal data any
#     more, record the decision (a waiver) with the data protection
#     officer.
#   since: 0.1.0
#   change: governance
#   examples:
#     - spec: datacontract-dcs
#       previous: |
#         dataContractSpecification: 1.1.0
#         id: payments
#         info:
#           title: Payments
#           version: 1.0.0
#         models:
#           payments:
#             fields:
#               card_holder:
#                 type: string
#                 pii: true
#       failing: |
#         dataContractSpecification: 1.1.0
#         id: payments
#         info:
#           title: Payments
#           version: 1.0.0
#         models:
#           payments:
#             fields:
#               card_holder:
#                 type: string
#       passing: |
#         dataContractSpecification: 1.1.0
#         id: payments
#         info:
#           title: Payments
#           version: 1.1.0
#         models:
#           payments:
#             fields:
#               card_holder:
#                 type: string
#                 pii: true
#                 description: Name on the card.
package meshgate.change.pii_unmarked

import rego.v1

deny contains {"msg": msg, "path": b.path} if {
	some pair in data.meshgate.lib.change.column_pairs
	[a, b] := pair.column
	a.pii
	not b.pii
	msg := sprintf("column '%s' of '%s' is no longer marked as personal data", [data.meshgate.lib.change.label(b), data.meshgate.lib.change.label(pair.table[1])])
}

# Where the spec writes no columns, the port's own flag.
deny contains {"msg": msg, "field": sprintf("/ports/%d/access/pii", [pair.current])} if {
	count(data.meshgate.lib.change.current_tables) == 0
	some pair in data.meshgate.lib.change.port_pairs
	input.previous.product.ports[pair.previous].access.pii == true
	new := input.current.product.ports[pair.current]
	new.access.pii != true
	msg := sprintf("output port '%s' is no longer marked as holding personal data", [data.meshgate.lib.change.label(new)])
}
