package meshgate.lifecycle.successor_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.lifecycle.successor_declared as policy
import rego.v1

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "retired", "end_of_life": "2027-03-31", "successor": "orders-v2"})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"status": "deprecated", "end_of_life": "2027-03-31"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"status": "retired", "end_of_life": "2027-03-31", "successor": "orders-v2"})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"status": "deprecated", "end_of_life": "2027-03-31"})
}

test_missing_message if {
	policy.deny == {{"msg": "the contract is deprecated but names no successor", "field": "/successor"}} with input as fx.doc("bitol-odcs", {"deprecated": true})
}

test_deprecated_port_without_successor_fails if {
	policy.deny == {{
		"msg": "output port 'orders' is deprecated but names no successor",
		"field": "/ports/0/successor",
	}} with input as fx.with_port("bitol-odps", {"status": "retired"})
}

test_deprecated_port_with_successor_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"deprecated": true, "successor": "orders-v2"})
}

test_active_product_needs_no_successor if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_contract_port_is_reported_once if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"deprecated": true, "ports": [fx.port({"deprecated": true})]})
}
