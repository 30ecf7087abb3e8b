package meshgate.access.sensitive_auto_approval_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.sensitive_auto_approval as policy
import rego.v1

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"access": {"auto_approve": true, "pii": false, "classification": "internal"}})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"auto_approve": true, "pii": true}})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {"access": {"auto_approve": true, "pii": false, "classification": "internal"}})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.with_port("dmm-dps", {"access": {"auto_approve": true, "pii": true}})
}

test_personal_data_message if {
	policy.deny == {{
		"msg": "output port 'orders' approves access requests automatically although it exposes personal data",
		"field": "/ports/0/access/auto_approve",
	}} with input as fx.with_port("dmm-dps", {"access": {"auto_approve": true, "pii": true}})
}

test_confidential_port_fails if {
	policy.deny == {{
		"msg": "output port 'orders' approves access requests automatically although it is classified 'Restricted'",
		"field": "/ports/0/access/auto_approve",
	}} with input as fx.with_port("bitol-odps", {"access": {"auto_approve": true, "pii": null, "classification": "Restricted"}})
}

test_manual_approval_passes if {
	count(policy.deny) == 0 with input as fx.with_port("dmm-dps", {"access": {"auto_approve": false, "pii": true}})
}

test_maximum_comes_from_data if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"auto_approve": true, "classification": "internal"}})
		with data.meshgate.config.auto_approve_maximum_classification as "public"
}
