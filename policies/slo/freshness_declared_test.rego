package meshgate.slo.freshness_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.freshness_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"slo": {"freshness": null, "latency": null, "frequency": null}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"freshness": null, "latency": null, "frequency": null}})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.with_port("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.with_port("odm-dpds", {"slo": {"freshness": null, "latency": null, "frequency": null}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"slo": {"freshness": null, "latency": null, "frequency": null}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"slo": {"freshness": null, "latency": null, "frequency": null}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", fx.contract_joined)
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", object.union(fx.contract_joined, {"slo": {"freshness": null, "latency": null, "frequency": null}}))
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", fx.contract_joined)
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", object.union(fx.contract_joined, {"slo": {"freshness": null, "latency": null, "frequency": null}}))
}

test_missing_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no freshness, latency or update frequency",
		"field": "/ports/0/slo/freshness",
	}} with input as fx.with_port("witboost-dps", {"slo": {"freshness": null, "retention": null}})
}

test_empty_block_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no freshness, latency or update frequency: its service-level block is declared but empty",
		"field": "/ports/0/slo/freshness",
	}} with input as fx.with_port("witboost-dps", {"slo": {"declared": true, "availability": null, "freshness": null, "retention": null}})
}

test_latency_or_frequency_is_enough if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"slo": {"freshness": null, "latency": "4 d"}})
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {"slo": {"freshness": null, "frequency": "batch"}})
}

test_unreadable_freshness_fails if {
	policy.deny == {{
		"msg": "freshness 'daily' of output port 'orders' is not a duration such as 5m, 25h, 1 day or PT24H",
		"field": "/ports/0/slo/freshness",
	}} with input as fx.with_port("witboost-dps", {"slo": {"freshness": "daily"}})
}

test_unreadable_latency_fails if {
	policy.deny == {{
		"msg": "latency 'soon' of output port 'orders' is not a duration such as 5m, 25h, 1 day or PT24H",
		"field": "/ports/0/slo/latency",
	}} with input as fx.with_port("datacontract-dcs", {"slo": {"latency": "soon"}})
}

test_latency_that_is_the_freshness_is_reported_once if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"slo": {"freshness": "4", "latency": "4"}})
}

test_every_duration_form_passes if {
	every value in ["5m", "25h", "1 hours", "2 d", "1 day", "6 hours", "PT24H", "P1D", "200ms"] {
		count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {"slo": {"freshness": value, "latency": value}})
	}
}

test_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", object.union(fx.contract_outside, {"slo": {"freshness": null}}))
}
