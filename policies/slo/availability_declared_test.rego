package meshgate.slo.availability_declared_test

import data.meshgate.slo.availability_declared
import rego.v1

doc(spec, availability, contract) := {"spec": {"name": spec}, "product": {"ports": [{
	"id": "orders",
	"contract": contract,
	"slo": {"availability": availability},
}]}}

test_witboost_percentage_passes if {
	count(availability_declared.deny) == 0 with input as doc("witboost-dps", "99.9%", null)
}

test_witboost_missing_fails if {
	availability_declared.deny == {{
		"msg": "output port 'orders' declares no availability",
		"field": "/ports/0/slo/availability",
	}} with input as doc("witboost-dps", null, null)
}

test_odcs_number_passes if {
	count(availability_declared.deny) == 0 with input as doc("bitol-odcs", 99.95, null)
}

test_dpds_fraction_passes if {
	count(availability_declared.deny) == 0 with input as doc("odm-dpds", "0.99999", null)
}

test_dcs_unreadable_value_fails if {
	availability_declared.deny == {{
		"msg": "availability 'three nines' of output port 'orders' is not a percentage such as 99.9% or 0.999",
		"field": "/ports/0/slo/availability",
	}} with input as doc("datacontract-dcs", "three nines", null)
}

test_odps_joined_contract_without_availability_fails if {
	count(availability_declared.deny) == 1 with input as doc("bitol-odps", null, {"id": "c", "found": true})
}

test_odps_contract_outside_run_is_silent if {
	count(availability_declared.deny) == 0 with input as doc("bitol-odps", null, {"id": "c", "found": false})
}

test_dmm_port_without_contract_fails if {
	count(availability_declared.deny) == 1 with input as doc("dmm-dps", null, null)
}

test_lf_odps_uptime_passes if {
	count(availability_declared.deny) == 0 with input as doc("lf-odps", "99.5%", null)
}
