package meshgate.lib.mesh_test

import data.meshgate.lib.mesh
import rego.v1

products := [
	{"kind": "product", "id": "a", "ports": [{"id": "o", "name": "out", "contract": {"id": "a-v1"}}], "dependencies": [
		{"product": null, "port": null, "contract": "b-v1"},
		{"product": "b", "port": null, "contract": null},
		{"product": null, "port": null, "contract": null, "system": "crm"},
	]},
	{"kind": "product", "id": "b", "ports": [{"id": "p", "name": "p", "contract": {"id": "b-v1"}}], "dependencies": [
		{"product": "a", "port": "out", "contract": null},
	]},
	{"kind": "contract", "id": "c-v1", "ports": [], "dependencies": []},
]

test_ports_are_matched_by_product_port_name_and_contract if {
	mesh.reads == {[0, 0, 1, 0], [0, 1, 1, 0], [1, 0, 0, 0]} with input as {"products": products}
	mesh.reads_product == {[0, 1, 1]} with input as {"products": products}
}

test_the_graph_and_its_cycles if {
	mesh.edges == {[0, 0, 1], [0, 1, 1], [1, 0, 0]} with input as {"products": products}
	mesh.cycle == {0: 0, 1: 0} with input as {"products": products}
	mesh.cycle_members == {0: {0, 1}} with input as {"products": products}
}

chain(reads) := [{"kind": "product", "id": sprintf("p%d", [i]), "ports": [{"id": "o", "name": "o", "contract": {"id": sprintf("p%d-v1", [i])}}], "dependencies": [
	{"product": sprintf("p%d", [j]), "port": null, "contract": null} |
	some j in r
]} |
	some i, r in reads
]

test_two_cycles_joined_by_a_chain_and_a_self_loop if {
	# 0 <-> 1 -> 2 -> 3 -> 4 -> 2, 5 -> 5, 6 -> 0 (6 is read by no one, so on no cycle)
	products := chain([[1], [0, 2], [3], [4], [2], [5], [0]])
	mesh.cycle == {0: 0, 1: 0, 2: 2, 3: 2, 4: 2, 5: 5} with input as {"products": products}
	mesh.cycle_members == {0: {0, 1}, 2: {2, 3, 4}, 5: {5}} with input as {"products": products}
}

test_a_diamond_is_no_cycle if {
	products := chain([[1, 2], [3], [3], []])
	count(mesh.cycle) == 0 with input as {"products": products}
}

test_what_a_dependency_resolves_to if {
	[by_contract, by_product, by_system] := products[0].dependencies
	mesh.resolves(by_contract) with input as {"products": products}
	mesh.resolves(by_product) with input as {"products": products}
	not mesh.resolves(by_system) with input as {"products": products}
	by_port := products[1].dependencies[0]
	mesh.resolves(by_port) with input as {"products": products}
}

test_what_a_dependency_does_not_resolve_to if {
	unknown_product := {"product": "z", "port": null, "contract": null}
	not mesh.resolves(unknown_product) with input as {"products": products}
	port_of_another_product := {"product": "a", "port": "p", "contract": null}
	not mesh.resolves(port_of_another_product) with input as {"products": products}
	unknown_contract := {"product": null, "port": null, "contract": "z-v1"}
	not mesh.resolves(unknown_contract) with input as {"products": products}
}

test_declared_contracts if {
	mesh.contracts == {"a-v1", "b-v1", "c-v1"} with input as {"products": products}
}

test_labels if {
	mesh.label({"id": "x"}) == "x"
	mesh.label({"id": null, "name": "n"}) == "n"
	mesh.label({"id": null, "name": null}) == "(unnamed)"
}
