package meshgate.mesh.deprecated_dependency_test

import data.meshgate.mesh.deprecated_dependency
import rego.v1

provider(port, product_status) := {"kind": "product", "id": "sales", "status": product_status, "ports": [port]}

consumer := {"kind": "product", "id": "finance", "ports": [], "dependencies": [{"product": "sales", "port": "deals", "contract": null}]}

run(port, product_status, today) := found if {
	products := [provider(port, product_status), consumer]
	found := deprecated_dependency.deny with input as {"products": products, "context": {"today": today}}
}

test_a_deprecated_port_before_its_end_of_life_is_a_warning if {
	found := run({"id": "deals", "deprecated": true, "end_of_life": "2027-01-31"}, "active", "2026-12-01")
	found == {{
		"msg": "product 'finance' reads from output port 'deals' of 'sales', which is deprecated (end of life 2027-01-31)",
		"product": 1, "field": "/dependencies/0", "severity": "warning",
	}}
}

test_past_its_end_of_life_it_is_an_error if {
	found := run({"id": "deals", "status": "Retired", "end_of_life": "2026-11-30"}, "active", "2026-12-01")
	{f.severity | some f in found} == {"error"}
}

test_a_deprecated_product_without_a_date_is_a_warning if {
	found := run({"id": "deals"}, "deprecated", "2026-12-01")
	found == {{
		"msg": "product 'finance' reads from output port 'deals' of 'sales', which is deprecated",
		"product": 1, "field": "/dependencies/0", "severity": "warning",
	}}
}

test_a_date_that_is_not_a_date_is_not_judged if {
	found := run({"id": "deals", "deprecated": true, "end_of_life": "soon"}, "active", "2026-12-01")
	{f.severity | some f in found} == {"warning"}
}

test_a_current_port_is_fine if {
	count(run({"id": "deals", "status": "active"}, "active", "2026-12-01")) == 0
}
