package meshgate.mesh.unique_port_ids_test

import data.meshgate.mesh.unique_port_ids
import rego.v1

docs := [{"file": "a.yaml"}, {"file": "b.yaml"}]

test_a_port_id_twice_in_one_product if {
	products := [{"kind": "product", "id": "p", "ports": [{"id": "o"}, {"id": "q"}, {"id": "o"}]}]
	found := unique_port_ids.deny with input as {"products": products, "documents": docs}
	found == {{"msg": "output port 'o' of product 'p' is declared twice", "product": 0, "field": "/ports/2"}}
}

test_the_same_port_of_one_product_in_two_files if {
	products := [
		{"kind": "product", "id": "p", "ports": [{"id": "o"}]},
		{"kind": "product", "id": "p", "ports": [{"id": "o"}]},
	]
	found := unique_port_ids.deny with input as {"products": products, "documents": docs}
	found == {{"msg": "output port 'o' of product 'p' is declared in a.yaml too", "product": 1, "field": "/ports/0"}}
}

test_one_port_id_in_two_products_is_fine if {
	products := [
		{"kind": "product", "id": "p", "ports": [{"id": "o"}]},
		{"kind": "product", "id": "q", "ports": [{"id": "o"}, {"id": null}, {"id": null}]},
	]
	count(unique_port_ids.deny) == 0 with input as {"products": products, "documents": docs}
}
