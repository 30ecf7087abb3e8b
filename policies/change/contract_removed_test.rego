package meshgate.change.contract_removed_test

import data.meshgate.change.contract_removed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_dropped_contract_fails if {
	policy.deny == {{"msg": "output port 'orders' no longer names its contract 'orders-v1'", "field": "/ports/0"}} with input as cx.ports({"contract": {"id": "orders-v1", "found": false}}, {"contract": null})
}

test_switched_contract_warns if {
	count(policy.warn) == 1 with input as cx.ports({"contract": {"id": "orders-v1", "found": false}}, {"contract": {"id": "orders-v2", "found": false}})
}

test_same_contract_passes if {
	c := {"contract": {"id": "orders-v1", "found": false}}
	count(policy.deny) + count(policy.warn) == 0 with input as cx.ports(c, c)
}
