package meshgate.mesh.domain_visibility_test

import data.meshgate.mesh.domain_visibility
import rego.v1

run(visibility, domain) := found if {
	products := [
		{"kind": "product", "id": "sales", "domain": "Sales", "ports": [{"id": "deals", "access": {"visibility": visibility}}]},
		{"kind": "product", "id": "x", "domain": domain, "ports": [], "dependencies": [{"product": "sales", "port": "deals", "contract": null}]},
	]
	found := domain_visibility.deny with input as {"products": products}
}

test_another_domain_reading_a_domain_port if {
	run("Domain", "finance") == {{
		"msg": "product 'x' (domain finance) reads from output port 'deals' of 'sales', visible only in domain Sales",
		"product": 1, "field": "/dependencies/0",
	}}
}

test_the_same_domain_may_read_it if {
	count(run("private", "sales")) == 0
}

test_a_public_port_or_an_unknown_domain_is_fine if {
	count(run("public", "finance")) == 0
	count(run(null, "finance")) == 0
	count(run("domain", null)) == 0
}
