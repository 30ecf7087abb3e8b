package meshgate.change.id_changed_test

import data.meshgate.change.id_changed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_product_id_changed_fails if {
	policy.deny == {{"msg": "the product id changed from 'checkout-orders' to 'orders'", "field": "/id"}} with input as cx.products({}, {"id": "orders"})
}

test_port_id_changed_fails if {
	policy.deny == {{"msg": "output port 'orders' changed its id from 'orders' to 'orders-v2'", "field": "/ports/0/id"}} with input as cx.ports({}, {"id": "orders-v2"})
}

test_witboost_major_bump_is_not_an_id_change if {
	count(policy.deny) == 0 with input as cx.products({"id": "urn:dmb:dp:finance:invoices:3"}, {"id": "urn:dmb:dp:finance:invoices:4"})
}
