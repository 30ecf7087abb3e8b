package meshgate.change.port_deprecated_test

import data.meshgate.change.port_deprecated as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_deprecated_without_plan_warns if {
	policy.warn == {{"msg": "output port 'orders' was deprecated without an end-of-life date and a successor", "field": "/ports/0"}} with input as cx.ports({}, {"deprecated": true})
}

test_deprecated_status_without_successor_warns if {
	policy.warn == {{"msg": "output port 'orders' was deprecated without a successor", "field": "/ports/0"}} with input as cx.ports({}, {"status": "deprecated", "end_of_life": "2027-01-31"})
}

test_product_deprecated_without_plan_warns if {
	count(policy.warn) == 1 with input as cx.products({}, {"status": "retired", "successor": "orders-v2"})
}

test_deprecated_with_plan_passes if {
	count(policy.warn) == 0 with input as cx.ports({}, {"deprecated": true, "end_of_life": "2027-01-31", "successor": "orders-v2"})
}

test_already_deprecated_passes if {
	count(policy.warn) == 0 with input as cx.ports({"deprecated": true}, {"deprecated": true})
}
