package meshgate.mesh.output_port_required_test

import data.meshgate.mesh.output_port_required
import rego.v1

test_a_product_without_output_ports if {
	products := [{"kind": "product", "id": null, "name": "n", "ports": []}, {"kind": "contract", "id": "c", "ports": []}]
	found := output_port_required.deny with input as {"products": products}
	found == {{"msg": "product 'n' declares no output port", "product": 0, "field": "/id"}}
}

test_a_product_with_a_port if {
	count(output_port_required.deny) == 0 with input as {"products": [{"kind": "product", "id": "p", "ports": [{"id": "o"}]}]}
}
