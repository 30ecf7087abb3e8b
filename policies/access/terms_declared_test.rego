package meshgate.access.terms_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.terms_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"access": {"terms": null}})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"terms": null}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"terms": null}})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"access": {"terms": null}})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"access": {"terms": null}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"access": {"terms": null}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"access": {"terms": null}})
}

test_missing_message if {
	policy.deny == {{
		"msg": "output port 'orders' states no terms of use (purpose, usage, limitations)",
		"field": "/ports/0/access/terms",
	}} with input as fx.with_port("witboost-dps", {"access": {"terms": null}})
}

test_empty_block_message if {
	policy.deny == {{
		"msg": "output port 'orders' has terms of use declared but empty",
		"field": "/ports/0/access/terms",
	}} with input as fx.with_port("witboost-dps", {"access": {"terms": {"purpose": null, "usage": null, "limitations": null, "billing": "5$ a scan"}}})
}

test_one_term_is_enough if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {"access": {"terms": {"purpose": null, "usage": null, "limitations": null, "terms_and_conditions": "Internal use only."}}})
}

test_dmm_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", object.union(fx.contract_outside, {"access": {"terms": null}}))
}

test_dmm_joined_contract_without_terms_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", object.union(fx.contract_joined, {"access": {"terms": null}}))
}
