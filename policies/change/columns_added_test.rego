package meshgate.change.columns_added_test

import data.meshgate.change.columns_added as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_added_column_is_reported if {
	policy.deny == {{"msg": "column 'amount' was added to 'orders'", "path": "/schema/0/properties/1"}} with input as cx.columns([cx.order_id], [cx.order_id, cx.amount])
}

test_added_table_is_reported if {
	pair := cx.pair(
		cx.version("bitol-odcs", {}, {"schema": [{"name": "orders"}]}),
		cx.version("bitol-odcs", {}, {"schema": [{"name": "orders"}, {"name": "refunds"}]}),
	)
	policy.deny == {{"msg": "schema object 'refunds' was added", "path": "/schema/1"}} with input as pair
}

test_nothing_added_passes if {
	count(policy.deny) == 0 with input as cx.columns([cx.order_id], [cx.order_id])
}
