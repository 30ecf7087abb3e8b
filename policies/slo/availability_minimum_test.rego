package meshgate.slo.availability_minimum_test

import data.meshgate.slo.availability_minimum
import rego.v1

doc(spec, availability) := {"spec": {"name": spec}, "product": {"ports": [{"id": "orders", "slo": {"availability": availability}}]}}

test_witboost_above_minimum_passes if {
	count(availability_minimum.deny) == 0 with input as doc("witboost-dps", "99.9%")
}

test_witboost_below_minimum_fails if {
	availability_minimum.deny == {{
		"msg": "output port 'orders' promises 95% availability, below the minimum of 99%",
		"field": "/ports/0/slo/availability",
	}} with input as doc("witboost-dps", "95%")
}

test_dpds_fraction_below_minimum_fails if {
	count(availability_minimum.deny) == 1 with input as doc("odm-dpds", 0.9)
}

test_odcs_minimum_comes_from_data if {
	count(availability_minimum.deny) == 1 with input as doc("bitol-odcs", "99.9%")
		with data.meshgate.config.availability_minimum_percent as 99.95
}

test_unreadable_value_is_left_to_availability_declared if {
	count(availability_minimum.deny) == 0 with input as doc("datacontract-dcs", "high")
}

test_missing_value_is_left_to_availability_declared if {
	count(availability_minimum.deny) == 0 with input as doc("bitol-odps", null)
}
