package meshgate.access.classification_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.classification_required as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"access": {"classification": null}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"classification": null}})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("datacontract-dcs", {"access": {"classification": null}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"contract": {"id": "orders-v1", "found": true}})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"contract": {"id": "orders-v1", "found": true}, "access": {"classification": null}})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {"contract": {"id": "orders-v1", "found": true}})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"contract": {"id": "orders-v1", "found": true}, "access": {"classification": null}})
}

test_message if {
	policy.deny == {{
		"msg": "output port 'orders' declares no classification",
		"field": "/ports/0/access/classification",
	}} with input as fx.with_port("witboost-dps", {"access": {"classification": null}})
}

test_odps_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"contract": {"id": "c1", "found": false}, "access": {"classification": null}})
}

test_dmm_port_without_contract_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"access": {"classification": null}})
}
