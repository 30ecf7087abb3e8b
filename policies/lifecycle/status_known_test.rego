package meshgate.lifecycle.status_known_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.lifecycle.status_known as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {"status": "Published", "ports": []})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"status": "Live", "ports": []})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "active"})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"status": "current"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"status": "active"})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"status": "current"})
}
test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.doc("dmm-dps", {"status": "in development"})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.doc("dmm-dps", {"status": "wip"})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {"status": "in development"})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"status": "wip"})
}
test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {"status": "production", "ports": []})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"status": "active", "ports": []})
}

test_message if {
	policy.deny == {{
		"msg": "status 'current' is not one of proposed, draft, in development, active, deprecated, retired",
		"field": "/status",
	}} with input as fx.doc("bitol-odcs", {"status": "current"})
}

test_port_status_is_checked_on_products if {
	policy.deny == {{
		"msg": "status 'live' of output port 'orders' is not one of proposed, in development, active, deprecated, retired",
		"field": "/ports/0/status",
	}} with input as fx.with_port("dmm-dps", {"status": "live"})
}

test_contract_port_status_is_reported_once if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"status": "current", "ports": [fx.port({"status": "current"})]})
}

test_missing_status_is_left_to_the_schema if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": null, "ports": [fx.port({"status": null})]})
}

test_statuses_come_from_data if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "live", "ports": [fx.port({"status": "live"})]})
		with data.meshgate.specs as {"bitol-odps": {"kind": "product", "capabilities": ["terms"], "statuses": ["live"]}}
}

test_spec_without_a_list_is_not_judged if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {"status": "whatever"})
}

test_template_placeholders_are_left_to_the_loader if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "{{STATUS}}", "ports": []})
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"status": "${STATUS}", "ports": []})
}
