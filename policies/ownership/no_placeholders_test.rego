package meshgate.ownership.no_placeholders_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.no_placeholders as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"owner": "TODO"})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "TODO"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"owner": "TODO"})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"owner": "TODO"})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.doc("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.doc("dmm-dps", {"owner": "TODO"})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"owner": "TODO"})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"owner": "TODO"})
}

test_every_ownership_field_is_checked if {
	policy.deny == {
		{"msg": "owner 'TBD' is a placeholder, not a real value", "field": "/owner"},
		{"msg": "owner name 'string' is a placeholder, not a real value", "field": "/owner_name"},
		{"msg": "team name '{{TEAM_NAME}}' is a placeholder, not a real value", "field": "/team/name"},
		{"msg": "team member 'xxx' is a placeholder, not a real value", "field": "/team/members/1/id"},
		{"msg": "contact '<support e-mail>' is a placeholder, not a real value", "field": "/contacts/0/value"},
		{"msg": "contact 'mailto:${SUPPORT_EMAIL}' is a placeholder, not a real value", "field": "/contacts/1/value"},
	} with input as fx.doc("witboost-dps", {
		"owner": "TBD",
		"owner_name": "string",
		"team": {"name": "{{TEAM_NAME}}", "members": [
			{"id": "maria.rossi@acme.example", "name": null, "role": "owner"},
			{"id": "xxx", "name": null, "role": null},
		]},
		"contacts": [
			{"kind": null, "value": "<support e-mail>", "name": null, "purpose": null},
			{"kind": "email", "value": "mailto:${SUPPORT_EMAIL}", "name": null, "purpose": null},
		],
	})
}

test_team_name_that_is_the_owner_is_reported_once if {
	policy.deny == {{"msg": "owner 'changeme' is a placeholder, not a real value", "field": "/owner"}} with input as fx.doc("bitol-odps", {
		"owner": "changeme",
		"team": {"name": "changeme", "members": []},
	})
}

test_words_inside_real_values_pass if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"owner": "nathan-analytics", "owner_name": "Tester Group"})
}

test_todo_inside_a_value_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner_name": "TODO: fill in"})
}

test_patterns_come_from_data if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {}) with data.meshgate.config.placeholder_patterns as ["^checkout-team$"]
}

test_values_are_matched_in_lower_case if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "CHANGEME"})
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"owner": "Team {{Name}}"})
}

test_single_brace_templates_are_placeholders if {
	findings := policy.deny with input as fx.doc("odm-dpds", {"domain": "{info.domain}", "owner": "{info.owner.id}", "id": "urn:org:{info.domain}:{product-name}"})
	{f.field | some f in findings} == {"/domain", "/owner", "/id"}
}

test_angle_bracket_owner_is_a_placeholder if {
	findings := policy.deny with input as fx.doc("bitol-odps", {"owner": "<your-team>"})
	{f.field | some f in findings} == {"/owner"}
}

test_a_brace_inside_prose_is_not_a_placeholder if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"domain": "sales {emea}"})
}
