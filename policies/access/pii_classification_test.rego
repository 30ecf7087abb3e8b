package meshgate.access.pii_classification_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.pii_classification as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {"access": {"pii": true, "classification": "Confidential"}})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"access": {"pii": true, "classification": "Internal"}})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"access": {"pii": true, "classification": "Confidential"}})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"pii": true, "classification": "Internal"}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"pii": true, "classification": "Confidential"}})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"pii": true, "classification": "Internal"}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {"access": {"pii": true, "classification": "Confidential"}})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"access": {"pii": true, "classification": "Internal"}})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {"access": {"pii": true, "classification": "Confidential"}})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"access": {"pii": true, "classification": "Internal"}})
}

test_message if {
	policy.deny == {{
		"msg": "output port 'orders' exposes personal data but is classified 'Internal'; personal data is confidential or stricter",
		"field": "/ports/0/access/classification",
	}} with input as fx.with_port("witboost-dps", {"access": {"pii": true, "classification": "Internal"}})
}

test_aliases_count_as_their_level if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {"access": {"pii": true, "classification": "sensitive"}})
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"access": {"pii": true, "classification": "open"}})
}

test_unknown_level_is_not_judged if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"pii": true, "classification": "tier-2"}})
}

test_data_without_pii_is_not_judged if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"pii": null, "classification": "public"}})
}

test_minimum_comes_from_data if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"access": {"pii": true, "classification": "Confidential"}})
		with data.meshgate.config.pii_minimum_classification as "restricted"
}

test_personal_field_classified_public_fails_even_when_the_port_is_stricter if {
	access := {"pii": true, "classification": "Restricted", "personal_fields": [
		{"name": "email", "classification": "public"},
		{"name": "phone", "classification": "restricted"},
	]}
	policy.deny == {{
		"msg": "field 'email' of output port 'orders' is personal data but is classified 'public'; personal data is confidential or stricter",
		"field": "/ports/0/access/personal_fields/0/classification",
	}} with input as fx.with_port("bitol-odcs", {"name": "orders", "access": access})
}

test_personal_fields_without_classification_leave_the_port_judged if {
	access := {"pii": true, "classification": "Internal", "personal_fields": [{"name": "email", "classification": null}]}
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": access})
}

test_personal_field_with_unknown_classification_is_not_judged if {
	access := {"pii": true, "classification": "Confidential", "personal_fields": [{"name": "email", "classification": "amber"}]}
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": access})
}
