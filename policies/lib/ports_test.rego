package meshgate.lib.ports_test

import data.meshgate.lib.ports
import rego.v1

test_capable_specs_are_always_checkable if {
	ports.access_checkable({"contract": {"id": "c", "found": false}}) with input.spec.capabilities as ["access", "slo", "terms"]
	ports.slo_checkable({}) with input.spec.capabilities as ["access", "slo", "terms"]
}

test_joined_contract_is_checkable if {
	ports.access_checkable({"contract": {"id": "c", "found": true}}) with input.spec.capabilities as ["terms"]
	ports.slo_checkable({"contract": {"id": "c", "found": true}}) with input.spec.capabilities as ["terms"]
}

test_port_without_contract_is_checkable if {
	ports.access_checkable({"contract": null}) with input.spec.capabilities as ["terms"]
	ports.slo_checkable({}) with input.spec.capabilities as []
}

test_contract_outside_the_run_is_not_checkable if {
	not ports.access_checkable({"contract": {"id": "c", "found": false}}) with input.spec.capabilities as ["terms"]
	not ports.slo_checkable({"contract": {"id": "c", "found": false}}) with input.spec.capabilities as ["terms"]
}

test_label_prefers_the_name if {
	ports.label({"name": "orders", "id": "urn:x"}) == "orders"
	ports.label({"name": null, "id": "urn:x"}) == "urn:x"
	ports.label({}) == "(unnamed)"
}
