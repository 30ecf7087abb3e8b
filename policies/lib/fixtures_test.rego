# Builders for the policies' unit tests: input documents with the full shape of
# input.product (every key present, as meshgate gives it), so a test states only
# what it is about. Not a policy and holds no tests.
package meshgate.lib.fixtures_test

import rego.v1

terms := {
	"declared": true, "purpose": "Order analytics.", "usage": "Reporting.", "limitations": "No resale.",
	"terms_and_conditions": null, "billing": null, "security": null, "confidentiality": null, "lifecycle": null,
}

slo := {
	"declared": true, "availability": "99.9%", "freshness": "1 d", "latency": null, "frequency": null,
	"retention": "3 y", "quality": [{"name": "unique ids", "type": "library", "dimension": "uniqueness", "description": null}],
}

# A port that passes every policy of the library.
good_port := {
	"id": "orders", "name": "orders", "version": "1.0.0", "description": "Order lines.", "type": "tables",
	"status": "active", "deprecated": null, "end_of_life": null, "successor": null,
	"contract": null,
	"access": {
		"classification": "internal", "visibility": "internal", "pii": false, "auto_approve": false,
		"approvers": [],
		"roles": [{"name": "orders_reader", "access": "read", "approvers": ["checkout-team"], "description": null}],
		"terms": terms,
	},
	"slo": slo,
}

# A product that passes every policy of the library.
good_product := {
	"kind": "product", "spec": "bitol-odps", "spec_version": "v1.0.0", "id": "checkout-orders", "name": "Orders",
	"description": "Orders.", "domain": "checkout", "version": "1.4.0", "status": "active",
	"deprecated": null, "end_of_life": null, "successor": null,
	"owner": "checkout-team", "owner_name": null,
	"team": {"name": "checkout-team", "members": [
		{"id": "maria.rossi@acme.example", "name": "Maria Rossi", "role": "owner"},
		{"id": "tom.weber@acme.example", "name": "Tom Weber", "role": "data steward"},
	]},
	"contacts": [{"kind": "slack", "value": "https://acme.slack.example/c/checkout", "name": "#checkout", "purpose": null}],
	"support": {"declared": true, "hours": "8x5", "response_time": "4h", "resolution_time": null, "information": null},
	"tags": [],
	"ports": [good_port],
}

# port(changes) is the good port with changes laid over it (nested objects merge).
port(changes) := object.union(good_port, changes)

# product(changes) is the good product with changes laid over it.
product(changes) := object.union(good_product, changes)

# doc(spec, changes) is an input document of the given spec whose product is
# the good product with changes laid over it; the product of a contract spec is
# a contract.
doc(spec, changes) := {
	"descriptor": {},
	"spec": {"name": spec, "version": "0", "title": spec, "kind": _kind(spec), "capabilities": data.meshgate.specs[spec].capabilities},
	"context": {"file": "d.yaml", "document": 1, "environment": null, "today": "2026-11-24"},
	"product": object.union(object.union(good_product, {"spec": spec, "kind": _kind(spec)}), changes),
}

# with_port(spec, changes) is doc(spec, ...) whose only port is the good port with changes.
with_port(spec, changes) := doc(spec, {"ports": [port(changes)]})

_kind(spec) := data.meshgate.specs[spec].kind

# A contract outside the run, and one joined into the port.
contract_outside := {"contract": {"id": "orders-v1", "found": false}}

contract_joined := {"contract": {"id": "orders-v1", "found": true}}
