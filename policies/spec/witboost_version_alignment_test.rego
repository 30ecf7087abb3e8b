package meshgate.spec.witboost_version_alignment_test

import data.meshgate.spec.witboost_version_alignment as alignment
import rego.v1

aligned := {
	"id": "urn:dmb:dp:sales:orders:2",
	"domain": "sales",
	"version": "2.1.0",
	"components": [{"id": "urn:dmb:cmp:sales:orders:2:table", "name": "table", "version": "2.0.3"}],
}

test_aligned_descriptor_passes if {
	count(alignment.deny) == 0 with input as {"descriptor": aligned}
}

test_product_id_with_wrong_major_fails if {
	alignment.deny == {{
		"msg": "product id 'urn:dmb:dp:sales:orders:1' should be 'urn:dmb:dp:sales:orders:2' (domain 'sales', major version 2)",
		"path": "/id",
	}} with input as {"descriptor": object.union(aligned, {"id": "urn:dmb:dp:sales:orders:1", "components": []})}
}

test_product_id_with_wrong_domain_fails if {
	count(alignment.deny) == 1 with input as {"descriptor": object.union(aligned, {"id": "urn:dmb:dp:finance:orders:2", "components": []})}
}

test_component_id_with_other_product_warns if {
	other := object.union(aligned, {"components": [{"id": "urn:dmb:cmp:sales:invoices:2:table", "name": "table", "version": "2.0.0"}]})
	count(alignment.deny) == 0 with input as {"descriptor": other}
	findings := alignment.warn with input as {"descriptor": other}
	findings == {{"msg": "component id 'urn:dmb:cmp:sales:invoices:2:table' names the product 'invoices', not 'orders'", "path": "/components/0/id"}}
}

test_component_id_with_other_domain_or_major_fails if {
	findings := alignment.deny with input as {"descriptor": object.union(aligned, {"components": [{"id": "urn:dmb:cmp:finance:orders:1:table", "name": "table", "version": "2.0.0"}]})}
	findings == {{"msg": "component id 'urn:dmb:cmp:finance:orders:1:table' should be 'urn:dmb:cmp:sales:orders:2:table'", "path": "/components/0/id"}}
	count(alignment.warn) == 0 with input as {"descriptor": aligned}
}

test_component_major_version_mismatch_fails if {
	findings := alignment.deny with input as {"descriptor": object.union(aligned, {"components": [{"id": "urn:dmb:cmp:sales:orders:2:table", "name": "table", "version": "1.4.0"}]})}
	findings == {{"msg": "component 'table' has major version 1 but the product's is 2", "path": "/components/0/version"}}
}

test_non_urn_ids_are_left_to_the_schema if {
	count(alignment.deny) == 0 with input as {"descriptor": object.union(aligned, {"id": "domain:sales.orders-2", "components": []})}
}

test_values_of_the_wrong_type_are_left_to_the_schema if {
	count(alignment.deny) == 0 with input as {"descriptor": {"id": 7, "domain": ["sales"], "version": 2, "components": {"a": 1}}}
	count(alignment.deny) == 0 with input as {"descriptor": object.union(aligned, {"domain": null, "components": [{"id": 3, "version": null}]})}
	count(alignment.deny) == 0 with input as {"descriptor": object.union(aligned, {"components": ["table", null, {"id": "urn:dmb:cmp:sales:orders:2:table", "version": "2.0.0"}]})}
}

test_descriptor_that_is_not_an_object_is_left_to_the_schema if {
	count(alignment.deny) == 0 with input as {"descriptor": ["not", "an", "object"]}
}
