# METADATA
# title: Data product names an owner
# description: >-
#   Every data product and contract names its accountable owner (a person, a
#   group or a team), so consumers and the governance board know who answers
#   for it. An owner who is a team member with a dateOut before the run's
#   date (input.context.today) has left and does not count.
# custom:
#   severity: error
#   remediation: >-
#     Name the owner: dataProductOwner (Witboost), team.name or a team member
#     whose role is owner (ODPS, ODCS), info.owner.id (DPDS), info.owner (DPS,
#     DCS), product.dataHolder (LF ODPS), or a customProperties entry owner
#     (ODCS); replace an owner who has left the team.
#   remediation_by_spec:
#     witboost-dps: 'Name the owner in dataProductOwner (e.g. user:jane.doe_acme.com).'
#     bitol-odps: 'Name the owning team in team.name, or add a team member whose role is owner.'
#     bitol-odcs: 'Name the owning team in team.name, or add a team member whose role is owner.'
#     odm-dpds: 'Name the owner in info.owner.id.'
#     dmm-dps: 'Name the owner in info.owner.'
#     datacontract-dcs: 'Name the owner in info.owner.'
#     lf-odps: 'Name the owner in product.dataHolder.'
#   field_by_spec:
#     witboost-dps: /dataProductOwner
#     bitol-odps: /team/name
#     bitol-odcs: /team/name
#     odm-dpds: /info/owner/id
#     dmm-dps: /info/owner
#     datacontract-dcs: /info/owner
#     lf-odps: /product/dataHolder
#   since: 0.1.0
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
#           members:
#             - username: ana.silva@acme.example
#               role: data steward
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
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwnerDisplayName: Jane Doe
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         dataProductOwnerDisplayName: Jane Doe
package meshgate.ownership.owner_required

import data.meshgate.lib.facts
import rego.v1

deny contains {"msg": msg, "field": "/owner"} if {
	not _named
	msg := sprintf("the %s names no owner", [input.product.kind])
}

# An owner who is a team member with a past dateOut has left the team.
deny contains {"msg": msg, "field": sprintf("/team/members/%d/date_out", [i])} if {
	_named
	some i, member in input.product.team.members
	member.id == input.product.owner
	facts.left(member)
	msg := sprintf("the %s's owner '%s' left the team on %s", [input.product.kind, member.id, member.date_out])
}

_named if {
	is_string(input.product.owner)
	trim_space(input.product.owner) != ""
}
