# METADATA
# title: Ownership fields hold real values
# description: >-
#   Owner, owner name, team name, team member ids and contact values are not
#   template placeholders ({{...}}, ${...}, <...>) or dummy values (TODO, TBD,
#   string, xxx, changeme, n/a, ...) left over from a template or an example. A
#   value is one when it matches one of data.meshgate.lib.facts.config.placeholder_patterns:
#   regular expressions, written in lower case and matched against the value in
#   lower case, where ^ and $ are the start and end of the value.
# custom:
#   severity: error
#   remediation: >-
#     Replace the placeholder with the real owner, team, member or contact, or
#     render the template before checking it.
#   since: 0.1.0
#   examples:
#     - spec: datacontract-dcs
#       failing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: TBD
#           contact:
#             email: payments-data@acme.example
#       passing: |
#         dataContractSpecification: 1.1.0
#         id: payments-v1
#         info:
#           title: Payments
#           version: 1.0.0
#           owner: payments-team
#           contact:
#             email: payments-data@acme.example
package meshgate.ownership.no_placeholders

import rego.v1

# Every pattern as one, multi-line so that ^ and $ match at the start and end
# of each value when the values are tested together. Values are lower-cased
# rather than the pattern made case-insensitive: that matches twice as fast.
pattern := concat("", ["(?m)(?:", concat("|", data.meshgate.lib.facts.config.placeholder_patterns), ")"])

# All values are tested at once; the fields they are in are only looked up
# when one of them is a placeholder.
deny contains {"msg": msg, "field": entry.field} if {
	expression := pattern
	regex.match(expression, lower(concat("\n", _values)))
	some entry in _entries
	regex.match(expression, lower(entry.value))
	msg := sprintf("%s '%s' is a placeholder, not a real value", [entry.what, entry.value])
}

_values contains input.product.owner if is_string(input.product.owner)

_values contains input.product.domain if is_string(input.product.domain)

_values contains input.product.id if is_string(input.product.id)

_values contains input.product.owner_name if is_string(input.product.owner_name)

_values contains input.product.team.name if is_string(input.product.team.name)

_values contains member.id if {
	some member in input.product.team.members
	is_string(member.id)
}

_values contains contact.value if {
	some contact in input.product.contacts
	is_string(contact.value)
}

# Each ownership value with the field it is in. A team name or member id that
# is the owner itself (ODPS and ODCS take the owner from the team) is reported
# once, as the owner.
_entries contains {"field": "/owner", "what": "owner", "value": input.product.owner} if is_string(input.product.owner)

_entries contains {"field": "/domain", "what": "domain", "value": input.product.domain} if is_string(input.product.domain)

_entries contains {"field": "/id", "what": sprintf("%s id", [input.product.kind]), "value": input.product.id} if is_string(input.product.id)

_entries contains {"field": "/owner_name", "what": "owner name", "value": input.product.owner_name} if is_string(input.product.owner_name)

_entries contains {"field": "/team/name", "what": "team name", "value": input.product.team.name} if {
	is_string(input.product.team.name)
	input.product.team.name != input.product.owner
}

_entries contains {"field": sprintf("/team/members/%d/id", [i]), "what": "team member", "value": member.id} if {
	some i, member in input.product.team.members
	is_string(member.id)
	member.id != input.product.owner
}

_entries contains {"field": sprintf("/contacts/%d/value", [i]), "what": "contact", "value": contact.value} if {
	some i, contact in input.product.contacts
	is_string(contact.value)
}
