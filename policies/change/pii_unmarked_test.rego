package meshgate.change.pii_unmarked_test

import data.meshgate.change.pii_unmarked as policy
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

test_column_unmarked_fails if {
	policy.deny == {{"msg": "column 'customer' of 'orders' is no longer marked as personal data", "path": "/schema/0/properties/0"}} with input as cx.columns([{"name": "customer", "tags": ["PII"]}], [{"name": "customer", "tags": []}])
}

test_custom_property_counts if {
	marked := {"name": "customer", "customProperties": [{"property": "pii", "value": true}]}
	count(policy.deny) == 1 with input as cx.columns([marked], [{"name": "customer"}])
}

test_witboost_tag_counts if {
	count(policy.deny) == 1 with input as cx.witboost([{"name": "a", "tags": [{"tagFQN": "PII.Sensitive"}]}], [{"name": "a"}])
}

pii(value) := {"access": object.union(fx.good_port.access, {"pii": value})}

test_port_flag_without_columns_fails if {
	count(policy.deny) == 1 with input as cx.ports(pii(true), pii(false))
}

test_removed_column_is_not_unmarked if {
	count(policy.deny) == 0 with input as cx.columns([{"name": "customer", "pii": true}], [])
}
