package meshgate.change.primary_key_changed_test

import data.meshgate.change.primary_key_changed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_key_widened_fails if {
	policy.deny == {{"msg": "the primary key of 'orders' changed from (order_id) to (amount, order_id)", "path": "/schema/0"}} with input as cx.columns([cx.order_id, cx.amount], [cx.order_id, object.union(cx.amount, {"primaryKey": true})])
}

test_key_renamed_with_its_column_passes if {
	before := object.union(cx.order_id, {"id": "k"})
	after := object.union(cx.order_id, {"id": "k", "name": "order_key"})
	count(policy.deny) == 0 with input as cx.columns([before], [after])
}

test_no_key_before_passes if {
	count(policy.deny) == 0 with input as cx.columns([cx.amount], [object.union(cx.amount, {"primaryKey": true})])
}

test_dcs_primary_dropped_fails if {
	pair := cx.pair(
		cx.version("datacontract-dcs", {}, {"models": {"p": {"fields": {"id": {"type": "string", "primary": true}}}}}),
		cx.version("datacontract-dcs", {}, {"models": {"p": {"fields": {"id": {"type": "string"}}}}}),
	)
	count(policy.deny) == 1 with input as pair
}
