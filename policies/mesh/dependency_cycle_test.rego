package meshgate.mesh.dependency_cycle_test

import data.meshgate.mesh.dependency_cycle
import rego.v1

product(id, reads) := {
	"kind": "product", "id": id,
	"ports": [{"id": "out", "name": "out", "contract": {"id": concat("-", [id, "v1"])}}],
	"dependencies": [{"product": null, "port": null, "contract": concat("-", [r, "v1"])} | some r in reads],
}

test_a_cycle_through_three_products if {
	products := [product("a", ["b"]), product("b", ["c"]), product("c", ["a"]), product("d", ["a"])]
	found := dependency_cycle.deny with input as {"products": products}
	{[f.product, f.field] | some f in found} == {[0, "/dependencies/0"], [1, "/dependencies/0"], [2, "/dependencies/0"]}
	some f in found
	f.product == 0
	f.msg == "product 'a' reads from 'b', which reads back from it (cycle: a, b, c)"
}

test_a_product_reading_itself if {
	found := dependency_cycle.deny with input as {"products": [product("a", ["a"])]}
	{[f.product, f.field] | some f in found} == {[0, "/dependencies/0"]}
}

test_a_chain_is_no_cycle if {
	products := [product("a", ["b"]), product("b", ["c"]), product("c", [])]
	count(dependency_cycle.deny) == 0 with input as {"products": products}
}
