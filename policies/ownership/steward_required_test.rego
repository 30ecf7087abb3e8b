package meshgate.ownership.steward_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.steward_required as policy
import rego.v1

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"team": {"name": "checkout-team", "members": [{"id": "ana@acme.example", "name": null, "role": "engineer"}]}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"team": {"name": "checkout-team", "members": [{"id": "ana@acme.example", "name": null, "role": "engineer"}]}})
}

test_message_names_the_kind if {
	policy.deny == {{"msg": "no member of the product's team has an owner or steward role", "field": "/team/members"}} with input as fx.doc("bitol-odps", {"team": {"name": "t", "members": []}})
}

test_role_words_match_in_any_case if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"team": {"name": null, "members": [{"id": "dpo", "name": null, "role": "Data Product Owner"}]}})
}

test_no_team_is_left_to_owner_required if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"team": null})
}

test_roles_come_from_data if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"team": {"name": "t", "members": [{"id": "a", "name": null, "role": "custodian"}]}})
		with data.meshgate.config.steward_roles as ["custodian"]
}

test_a_steward_who_left_does_not_count if {
	team := {"name": "checkout-team", "members": [{"id": "ana@acme.example", "name": null, "role": "steward", "date_in": null, "date_out": "2025-03-31"}]}
	count(policy.deny) == 1 with input as object.union(fx.doc("bitol-odps", {"team": team}), {"context": {"today": "2026-11-24"}})
	count(policy.deny) == 0 with input as object.union(fx.doc("bitol-odps", {"team": team}), {"context": {"today": "2025-03-01"}})
}
