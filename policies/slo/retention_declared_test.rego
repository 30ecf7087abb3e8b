package meshgate.slo.retention_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.retention_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"slo": {"retention": null}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"retention": null}})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"slo": {"retention": null}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"slo": {"retention": null}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", fx.contract_joined)
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", object.union(fx.contract_joined, {"slo": {"retention": null}}))
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", fx.contract_joined)
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", object.union(fx.contract_joined, {"slo": {"retention": null}}))
}

test_missing_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no retention",
		"field": "/ports/0/slo/retention",
	}} with input as fx.with_port("witboost-dps", {"slo": {"retention": null}})
}

test_empty_block_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no retention: its service-level block is declared but empty",
		"field": "/ports/0/slo/retention",
	}} with input as fx.with_port("odm-dpds", {"slo": {"declared": true, "availability": null, "freshness": null, "retention": null}})
}

test_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", object.union(fx.contract_outside, {"slo": {"retention": null}}))
}
