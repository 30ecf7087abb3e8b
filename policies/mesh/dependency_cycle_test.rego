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

test_a_long_cycle_names_its_first_products_and_counts_the_rest if {
	ids := [sprintf("p%02d", [n]) | some n in numbers.range(0, 11)]
	products := [product(id, [ids[(n + 1) % 12]]) | some n, id in ids]
	found := dependency_cycle.deny with input as {"products": products}
	count(found) == 12
	some f in found
	f.product == 0
	f.msg == "product 'p00' reads from 'p01', which reads back from it (cycle: p00, p01, p02, p03, p04, p05, p06, p07, p08, p09 and 2 more)"
}

test_two_cycles_are_named_apart if {
	products := [product("a", ["b"]), product("b", ["a", "c"]), product("c", ["d"]), product("d", ["c"])]
	found := dependency_cycle.deny with input as {"products": products}
	{[f.product, f.msg] | some f in found} == {
		[0, "product 'a' reads from 'b', which reads back from it (cycle: a, b)"],
		[1, "product 'b' reads from 'a', which reads back from it (cycle: a, b)"],
		[2, "product 'c' reads from 'd', which reads back from it (cycle: c, d)"],
		[3, "product 'd' reads from 'c', which reads back from it (cycle: c, d)"],
	}
}
