# METADATA
# title: Data product names an owner
# description: >-
#   Every data product and contract names its accountable owner (a person, a
#   group or a team), so consumers and the governance board know who answers
#   for it.
# custom:
#   severity: error
#   remediation: >-
#     Name the owner: dataProductOwner (Witboost), team.name or a team member
#     whose role is owner (ODPS, ODCS), info.owner.id (DPDS), info.owner (DPS,
#     DCS), product.dataHolder (LF ODPS).
#   since: 0.1.0
package meshgate.ownership.owner_required

import rego.v1

deny contains {"msg": msg, "field": "/owner"} if {
	not _named
	msg := sprintf("the %s names no owner", [input.product.kind])
}

_named if {
	is_string(input.product.owner)
	trim_space(input.product.owner) != ""
}
