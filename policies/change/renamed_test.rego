package meshgate.change.renamed_test

import data.meshgate.change.renamed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_renamed_column_fails if {
	policy.deny == {{"msg": "column 'amount' of 'orders' was renamed to 'total'", "path": "/schema/0/properties/0"}} with input as cx.columns([object.union(cx.amount, {"id": "a"})], [object.union(cx.amount, {"id": "a", "name": "total"})])
}

test_renamed_port_fails if {
	policy.deny == {{"msg": "output port 'orders' was renamed to 'order-lines'", "field": "/ports/0/name"}} with input as cx.ports({}, {"name": "order-lines"})
}

test_renamed_table_fails if {
	pair := cx.pair(
		cx.version("bitol-odcs", {}, {"schema": [{"id": "t", "name": "orders"}]}),
		cx.version("bitol-odcs", {}, {"schema": [{"id": "t", "name": "order_lines"}]}),
	)
	count(policy.deny) == 1 with input as pair
}

test_same_names_pass if {
	count(policy.deny) == 0 with input as cx.ports({}, {"description": "New."})
}
