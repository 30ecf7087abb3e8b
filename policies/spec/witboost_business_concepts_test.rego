package meshgate.spec.witboost_business_concepts_test

import data.meshgate.spec.witboost_business_concepts as policy
import rego.v1

concept := {"tagFQN": "Deal", "source": "Glossary", "labelType": "Manual", "state": "Confirmed"}

test_declared_concepts_pass if {
	count(policy.deny) == 0 with input as {"descriptor": {"businessConcepts": [concept]}, "spec": {"version": "0.0.1"}}
}

test_an_empty_list_fails_on_its_line if {
	policy.deny == {{"msg": "the product declares no business concepts", "path": "/businessConcepts"}} with input as {"descriptor": {"businessConcepts": []}, "spec": {"version": "0.0.1"}}
}

test_a_missing_list_fails_on_the_descriptor if {
	policy.deny == {{"msg": "the product declares no business concepts", "path": ""}} with input as {"descriptor": {"id": "x"}, "spec": {"version": "0.0.1"}}
}

test_a_descriptor_that_is_not_an_object_is_left_to_the_schema if {
	count(policy.deny) == 0 with input as {"descriptor": ["x"]}
}

test_the_january_2023_revision_is_not_judged if {
	count(policy.deny) == 0 with input as {"descriptor": {"id": "x"}, "spec": {"version": "0.0.1-2023-01"}}
	count(policy.deny) == 1 with input as {"descriptor": {"id": "x"}, "spec": {"version": "0.0.1"}}
}
