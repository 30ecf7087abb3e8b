package meshgate.ownership.owner_format_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.owner_format as policy
import rego.v1

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "[checkout]"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"owner": "[checkout]"})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.doc("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.doc("dmm-dps", {"owner": "[checkout]"})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"owner": "[checkout]"})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"owner": "[checkout]"})
}
test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {"owner": "group:checkout-owners"})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"owner": "maria.rossi_acme.example"})
}
test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {"owner": "maria.rossi@acme.example"})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"owner": "Maria Rossi"})
}

test_message_names_the_pattern if {
	policy.deny == {{
		"msg": "owner 'jane' does not have the form of an owner identifier (pattern ^(user|group):[^\\s:]+$)",
		"field": "/owner",
	}} with input as fx.doc("witboost-dps", {"owner": "jane"})
}

test_default_pattern_takes_team_names if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {"owner": "Équipe données (Paris)"})
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {"owner": "Acme Oy"})
}

test_pattern_comes_from_data if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "checkout-team"})
		with data.meshgate.config.owner_patterns as {"default": "^team:"}
}

test_known_owners_pass if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
		with data.meshgate.config.known_owners as ["checkout-team", "finance-team"]
}

test_unknown_owner_is_an_error if {
	policy.deny == {{
		"msg": "owner 'checkout-team' is not one of the known owners and groups",
		"field": "/owner",
		"severity": "error",
	}} with input as fx.doc("bitol-odps", {}) with data.meshgate.config.known_owners as ["finance-team"]
}

test_missing_owner_is_left_to_owner_required if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"owner": null})
		with data.meshgate.config.known_owners as ["finance-team"]
}

test_placeholder_is_left_to_no_placeholders if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"owner": "{{TEAM}}"})
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"owner": "${TEAM}"})
}
