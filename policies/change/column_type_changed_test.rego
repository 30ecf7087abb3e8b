package meshgate.change.column_type_changed_test

import data.meshgate.change.column_type_changed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_type_change_fails if {
	policy.deny == {{"msg": "column 'amount' of 'orders' changed type from number to string", "path": "/schema/0/properties/1"}} with input as cx.columns([cx.order_id, cx.amount], [cx.order_id, object.union(cx.amount, {"logicalType": "string"})])
}

test_physical_type_change_fails if {
	before := object.union(cx.amount, {"physicalType": "decimal(10,2)"})
	after := object.union(cx.amount, {"physicalType": "decimal(8,2)"})
	count(policy.deny) == 1 with input as cx.columns([before], [after])
}

test_case_only_passes if {
	count(policy.deny) == 0 with input as cx.columns([cx.amount], [object.union(cx.amount, {"logicalType": "NUMBER"})])
}

test_compatible_change_passes if {
	after := object.union(cx.amount, {"logicalType": "decimal"})
	count(policy.deny) == 0 with input as cx.columns([cx.amount], [after])
		with data.meshgate.config.compatible_type_changes as [["Number", "decimal"]]
}
