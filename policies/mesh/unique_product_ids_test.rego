package meshgate.mesh.unique_product_ids_test

import data.meshgate.mesh.unique_product_ids
import rego.v1

docs := [{"file": "a.yaml"}, {"file": "b.yaml"}, {"file": "c.yaml"}]

test_a_repeated_id_is_reported_at_the_later_product if {
	products := [{"kind": "product", "id": "x"}, {"kind": "product", "id": "y"}, {"kind": "product", "id": "x"}]
	found := unique_product_ids.deny with input as {"products": products, "documents": docs}
	found == {{"msg": "product id 'x' is also declared in a.yaml", "product": 2, "field": "/id"}}
}

test_contracts_and_missing_ids_are_not_judged if {
	products := [{"kind": "contract", "id": "x"}, {"kind": "product", "id": null}, {"kind": "product", "id": null}]
	count(unique_product_ids.deny) == 0 with input as {"products": products, "documents": docs}
}

test_a_contract_and_a_product_may_share_an_id if {
	products := [{"kind": "contract", "id": "x"}, {"kind": "product", "id": "x"}]
	count(unique_product_ids.deny) == 0 with input as {"products": products, "documents": docs}
}
