package meshgate.change.column_became_optional_test

import data.meshgate.change.column_became_optional as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_optional_fails if {
	policy.deny == {{"msg": "column 'amount' of 'orders' is no longer required: consumers will see nulls", "path": "/schema/0/properties/0"}} with input as cx.columns([cx.amount], [object.remove(cx.amount, ["required"])])
}

test_made_required_passes if {
	count(policy.deny) == 0 with input as cx.columns([object.remove(cx.amount, ["required"])], [cx.amount])
}

test_witboost_not_null_dropped_fails if {
	pair := cx.witboost([{"name": "a", "dataType": "STRING", "constraint": "NOT_NULL"}], [{"name": "a", "dataType": "STRING", "constraint": "NULL"}])
	count(policy.deny) == 1 with input as pair
}
