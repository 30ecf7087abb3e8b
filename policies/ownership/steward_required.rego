# METADATA
# title: A team member owns or stewards the product
# description: >-
#   Where the specification lists the team's members (Bitol ODPS and ODCS), one
#   of them has an owner or steward role, so a person, not only a team name,
#   answers for the data. A role counts when it contains, in lower case, one of
#   the words in data.meshgate.lib.facts.config.steward_roles ("owner", "steward"). A
#   product with no team at all is left to ownership/owner-required.
# custom:
#   severity: warning
#   remediation: >-
#     Add the accountable person to team.members with a role such as owner,
#     product owner or data steward.
#   since: 0.1.0
#   scope:
#     specs: [bitol-odps, bitol-odcs]
#   examples:
#     - spec: bitol-odps
#       failing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         team:
#           name: sales-team
#           members:
#             - username: ana.silva@acme.example
#               role: engineer
#       passing: |
#         apiVersion: v1.1.0
#         kind: DataProduct
#         id: sales-deals
#         name: Deals
#         domain: sales
#         status: active
#         team:
#           name: sales-team
#           members:
#             - username: ana.silva@acme.example
#               role: data steward
package meshgate.ownership.steward_required

import data.meshgate.lib.facts
import rego.v1

deny contains {"msg": msg, "field": "/team/members"} if {
	input.product.team != null
	not _steward
	msg := sprintf("no member of the %s's team has an owner or steward role", [input.product.kind])
}

_steward if {
	words := data.meshgate.lib.facts.config.steward_roles
	some member in input.product.team.members
	not facts.left(member)
	is_string(member.role)
	role := lower(member.role)
	some word in words
	contains(role, word)
}
