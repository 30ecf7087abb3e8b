package meshgate.slo.quality_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.quality_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"slo": {"quality": []}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"quality": []}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"slo": {"quality": []}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"slo": {"quality": []}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", fx.contract_joined)
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", object.union(fx.contract_joined, {"slo": {"quality": []}}))
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", fx.contract_joined)
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", object.union(fx.contract_joined, {"slo": {"quality": []}}))
}

test_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no data quality rule",
		"field": "/ports/0/slo/quality",
	}} with input as fx.with_port("bitol-odcs", {"slo": {"quality": []}})
}

test_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", object.union(fx.contract_outside, {"slo": {"quality": []}}))
}
