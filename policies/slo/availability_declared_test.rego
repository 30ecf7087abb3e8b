package meshgate.slo.availability_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.availability_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"slo": {"availability": null}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"availability": null}})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"slo": {"availability": null}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"slo": {"availability": null}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"slo": {"availability": null}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", fx.contract_joined)
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", object.union(fx.contract_joined, {"slo": {"availability": null}}))
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", fx.contract_joined)
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", object.union(fx.contract_joined, {"slo": {"availability": null}}))
}

test_missing_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no availability",
		"field": "/ports/0/slo/availability",
	}} with input as fx.with_port("witboost-dps", {"slo": {"availability": null}})
}

test_empty_block_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no availability: its service-level block is declared but empty",
		"field": "/ports/0/slo/availability",
	}} with input as fx.with_port("witboost-dps", {"slo": {"declared": true, "availability": null, "freshness": null, "retention": null}})
}

test_unreadable_value_fails if {
	policy.deny == {{
		"msg": "availability 'three nines' of output port 'orders' is not a percentage such as 99.9% or 0.999",
		"field": "/ports/0/slo/availability",
	}} with input as fx.with_port("datacontract-dcs", {"slo": {"availability": "three nines"}})
}

test_fractions_and_numbers_pass if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {"slo": {"availability": "0.99999"}})
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"slo": {"availability": 99.95}})
}

test_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", object.union(fx.contract_outside, {"slo": {"availability": null}}))
}

test_port_without_contract_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"slo": {"availability": null}})
}
