package meshgate.lib.ports_test

import data.meshgate.lib.ports
import rego.v1

config := {"native_access_specs": ["witboost-dps"], "native_slo_specs": ["witboost-dps"]}

test_native_specs_are_always_checkable if {
	ports.access_checkable({"contract": {"id": "c", "found": false}}) with input.spec.name as "witboost-dps"
		with data.meshgate.config as config
	ports.slo_checkable({}) with input.spec.name as "witboost-dps"
		with data.meshgate.config as config
}

test_joined_contract_is_checkable if {
	ports.access_checkable({"contract": {"id": "c", "found": true}}) with input.spec.name as "bitol-odps"
		with data.meshgate.config as config
	ports.slo_checkable({"contract": {"id": "c", "found": true}}) with input.spec.name as "bitol-odps"
		with data.meshgate.config as config
}

test_port_without_contract_is_checkable if {
	ports.access_checkable({"contract": null}) with input.spec.name as "bitol-odps"
		with data.meshgate.config as config
	ports.slo_checkable({}) with input.spec.name as "dmm-dps"
		with data.meshgate.config as config
}

test_contract_outside_the_run_is_not_checkable if {
	not ports.access_checkable({"contract": {"id": "c", "found": false}}) with input.spec.name as "bitol-odps"
		with data.meshgate.config as config
	not ports.slo_checkable({"contract": {"id": "c", "found": false}}) with input.spec.name as "bitol-odps"
		with data.meshgate.config as config
}

test_label_prefers_the_name if {
	ports.label({"name": "orders", "id": "urn:x"}) == "orders"
	ports.label({"name": null, "id": "urn:x"}) == "urn:x"
	ports.label({}) == "(unnamed)"
}
