package meshgate.lifecycle.end_of_life_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.lifecycle.end_of_life_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {"status": "retired", "end_of_life": "2027-03-31", "successor": "orders-v2"})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"status": "retired"})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "retired", "end_of_life": "2027-03-31", "successor": "orders-v2"})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"status": "retired"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"status": "retired", "end_of_life": "2027-03-31", "successor": "orders-v2"})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"status": "retired"})
}

test_missing_message if {
	policy.deny == {{"msg": "the product is deprecated but declares no end-of-life date", "field": "/end_of_life"}} with input as fx.doc("bitol-odps", {"deprecated": true})
}

test_date_that_is_not_iso_fails if {
	policy.deny == {{
		"msg": "end-of-life date '01/01/2026' of the product is not an ISO 8601 date (YYYY-MM-DD)",
		"field": "/end_of_life",
	}} with input as fx.doc("witboost-dps", {"status": "Retired", "end_of_life": "01/01/2026"})
}

test_active_product_needs_no_date if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {"end_of_life": "01/01/2026"})
}

test_deprecated_port_without_date_fails if {
	policy.deny == {{
		"msg": "output port 'orders' is deprecated but declares no end-of-life date",
		"field": "/ports/0/end_of_life",
	}} with input as fx.with_port("bitol-odps", {"deprecated": true})
}

test_port_date_that_is_not_iso_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"status": "deprecated", "end_of_life": "next year"})
}

test_deprecated_port_with_date_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"status": "deprecated", "end_of_life": "2027-01-31T00:00:00Z"})
}

test_contract_port_is_reported_once if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"status": "deprecated", "ports": [fx.port({"status": "deprecated"})]})
}

test_statuses_come_from_data if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"status": "sunsetting"})
		with data.meshgate.config.deprecated_statuses as ["sunsetting"]
}
