package meshgate.mesh.dangling_dependency_test

import data.meshgate.mesh.dangling_dependency
import rego.v1

dep(product, port, contract) := {"product": product, "port": port, "contract": contract, "system": null}

provider := {"kind": "product", "id": "sales", "ports": [{"id": "deals", "name": "deals", "contract": {"id": "deals-v1"}}]}

run(deps, more) := found if {
	products := array.concat([provider, {"kind": "product", "id": "finance", "ports": [], "dependencies": deps}], more)
	found := dangling_dependency.deny with input as {"products": products}
}

test_what_the_run_declares_resolves if {
	deps := [
		dep(null, null, "deals-v1"),
		dep("sales", null, null),
		dep("sales", "deals", null),
		dep("sales", "deals", "deals-v1"),
		dep(null, "deals", null),
		dep(null, null, "standalone-v1"),
		{"product": null, "port": null, "contract": null, "system": "crm"},
	]
	count(run(deps, [{"kind": "contract", "id": "standalone-v1", "ports": []}])) == 0
}

test_what_no_document_declares_dangles if {
	deps := [
		dep(null, null, "deals-v9"),
		dep("marketing", null, null),
		dep("sales", "orders", null),
		dep("sales", "deals", "deals-v9"),
	]
	found := run(deps, [])
	{f.field | some f in found} == {"/dependencies/0", "/dependencies/1", "/dependencies/2", "/dependencies/3"}
	{f.product | some f in found} == {1}
	some f in found
	f.field == "/dependencies/3"
	f.msg == "product 'finance' reads from product 'sales', port 'deals', contract 'deals-v9', which no document of the run declares"
}

test_a_run_over_some_repositories_warns if {
	found := run([dep("marketing", null, null)], [])
	{f.severity | some f in found} == {"warning"}
}

test_an_audit_of_the_whole_mesh_fails if {
	products := [provider, {"kind": "product", "id": "finance", "ports": [], "dependencies": [dep("marketing", null, null)]}]
	found := dangling_dependency.deny with input as {"products": products, "context": {"whole_mesh": true}}
	{f.severity | some f in found} == {"error"}
	some f in found
	f.msg == "product 'finance' reads from product 'marketing', which no document of the mesh declares"
}
