package meshgate.ownership.owner_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.owner_required as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"owner": null})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": null})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"owner": null})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"owner": null})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.doc("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.doc("dmm-dps", {"owner": null})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"owner": null})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"owner": null})
}

test_message_names_the_kind if {
	policy.deny == {{"msg": "the contract names no owner", "field": "/owner"}} with input as fx.doc("bitol-odcs", {"owner": null})
}

test_blank_owner_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "  "})
}

test_owner_who_left_the_team_fails if {
	team := {"name": null, "members": [{"id": "ana@acme.example", "name": "Ana", "role": "owner", "date_in": "2023-01-01", "date_out": "2024-06-30"}]}
	findings := policy.deny with input as object.union(fx.doc("bitol-odcs", {"owner": "ana@acme.example", "team": team}), {"context": {"today": "2026-11-24"}})
	findings == {{"msg": "the contract's owner 'ana@acme.example' left the team on 2024-06-30", "field": "/team/members/0/date_out"}}
}

test_owner_leaving_later_passes if {
	team := {"name": null, "members": [{"id": "ana@acme.example", "name": "Ana", "role": "owner", "date_in": null, "date_out": "2030-01-01"}]}
	count(policy.deny) == 0 with input as object.union(fx.doc("bitol-odcs", {"owner": "ana@acme.example", "team": team}), {"context": {"today": "2026-11-24"}})
}

test_a_date_out_that_is_not_a_date_is_not_judged if {
	team := {"name": null, "members": [{"id": "ana@acme.example", "name": "Ana", "role": "owner", "date_in": null, "date_out": "soon"}]}
	count(policy.deny) == 0 with input as object.union(fx.doc("bitol-odcs", {"owner": "ana@acme.example", "team": team}), {"context": {"today": "2026-11-24"}})
}
