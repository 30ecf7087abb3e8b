package meshgate.access.classification_required_test

import data.meshgate.access.classification_required
import rego.v1

port(classification, contract) := {"id": "orders", "access": {"classification": classification}, "contract": contract}

doc(spec, p) := {"spec": {"name": spec}, "product": {"ports": [p]}}

test_witboost_classified_passes if {
	count(classification_required.deny) == 0 with input as doc("witboost-dps", port("Confidential", null))
}

test_witboost_unclassified_fails if {
	classification_required.deny == {{
		"msg": "output port 'orders' declares no classification",
		"field": "/ports/0/access/classification",
	}} with input as doc("witboost-dps", port(null, null))
}

test_odcs_classified_passes if {
	count(classification_required.deny) == 0 with input as doc("bitol-odcs", port("restricted", null))
}

test_odps_joined_contract_without_classification_fails if {
	count(classification_required.deny) == 1 with input as doc("bitol-odps", port(null, {"id": "c1", "found": true}))
}

test_odps_joined_contract_with_classification_passes if {
	count(classification_required.deny) == 0 with input as doc("bitol-odps", port("internal", {"id": "c1", "found": true}))
}

test_odps_contract_outside_run_is_silent if {
	count(classification_required.deny) == 0 with input as doc("bitol-odps", port(null, {"id": "c1", "found": false}))
}

test_odps_port_without_contract_fails if {
	count(classification_required.deny) == 1 with input as doc("bitol-odps", port(null, null))
}

test_dcs_blank_classification_fails if {
	count(classification_required.deny) == 1 with input as doc("datacontract-dcs", port("", null))
}

test_dmm_port_without_contract_fails if {
	count(classification_required.deny) == 1 with input as doc("dmm-dps", port(null, null))
}
