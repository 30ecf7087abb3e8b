package meshgate.slo.freshness_declared_test

import data.meshgate.slo.freshness_declared
import rego.v1

doc(spec, slo, contract) := {"spec": {"name": spec}, "product": {"ports": [{"id": "orders", "contract": contract, "slo": slo}]}}

test_witboost_timeliness_passes if {
	count(freshness_declared.deny) == 0 with input as doc("witboost-dps", {"freshness": "1 minutes"}, null)
}

test_witboost_missing_fails if {
	freshness_declared.deny == {{
		"msg": "output port 'orders' declares no freshness, latency or update frequency",
		"field": "/ports/0/slo/freshness",
	}} with input as doc("witboost-dps", {"freshness": null, "latency": null, "frequency": null}, null)
}

test_odcs_latency_passes if {
	count(freshness_declared.deny) == 0 with input as doc("bitol-odcs", {"latency": "4 d"}, null)
}

test_dcs_frequency_passes if {
	count(freshness_declared.deny) == 0 with input as doc("datacontract-dcs", {"frequency": "batch"}, null)
}

test_dpds_empty_slo_fails if {
	count(freshness_declared.deny) == 1 with input as doc("odm-dpds", {}, null)
}

test_odps_contract_outside_run_is_silent if {
	count(freshness_declared.deny) == 0 with input as doc("bitol-odps", {}, {"id": "c", "found": false})
}
