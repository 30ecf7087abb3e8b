package meshgate.slo.availability_minimum_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.availability_minimum as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"slo": {"availability": "95%"}})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"slo": {"availability": "95%"}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"availability": "95%"}})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"slo": {"availability": "95%"}})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"slo": {"availability": "95%"}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"slo": {"availability": "95%"}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"slo": {"availability": "95%"}})
}

test_message if {
	policy.deny == {{
		"msg": "output port 'orders' promises 95% availability, below the minimum of 99%",
		"field": "/ports/0/slo/availability",
	}} with input as fx.with_port("witboost-dps", {"slo": {"availability": "95%"}})
}

test_fraction_below_minimum_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"slo": {"availability": 0.9}})
}

test_minimum_comes_from_data if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"availability": "99.9%"}})
		with data.meshgate.config.availability_minimum_percent as 99.95
}

test_unreadable_or_missing_value_is_left_to_availability_declared if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {"slo": {"availability": "high"}})
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"slo": {"availability": null}})
}
