package meshgate.change.schema_removed_test

import data.meshgate.change.schema_removed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_removed_column_fails if {
	policy.deny == {{
		"msg": "column 'amount' of 'orders' was removed",
		"path": "/schema/0/properties", "was_path": "/schema/0/properties/1",
	}} with input as cx.columns([cx.order_id, cx.amount], [cx.order_id])
}

test_removed_table_fails if {
	pair := cx.pair(
		cx.version("bitol-odcs", {}, {"schema": [{"name": "orders", "properties": []}, {"name": "refunds"}]}),
		cx.version("bitol-odcs", {}, {"schema": [{"name": "orders", "properties": []}]}),
	)
	policy.deny == {{"msg": "schema object 'refunds' was removed", "path": "/schema", "was_path": "/schema/1"}} with input as pair
}

test_dcs_field_removed_fails if {
	pair := cx.pair(
		cx.version("datacontract-dcs", {}, {"models": {"payments": {"fields": {"id": {"type": "string"}, "card": {"type": "string"}}}}}),
		cx.version("datacontract-dcs", {}, {"models": {"payments": {"fields": {"id": {"type": "string"}}}}}),
	)
	count(policy.deny) == 1 with input as pair
}

test_witboost_column_removed_fails if {
	count(policy.deny) == 1 with input as cx.witboost([{"name": "a"}, {"name": "b"}], [{"name": "a"}])
}

test_kept_columns_pass if {
	count(policy.deny) == 0 with input as cx.columns([cx.order_id, cx.amount], [cx.amount, cx.order_id])
}
