package meshgate.access.approvers_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.approvers_required as policy
import rego.v1

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"roles": [{"name": "reader", "access": "read", "approvers": [], "description": null}]}})
}
test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", fx.contract_joined)
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", object.union(fx.contract_joined, {"access": {"roles": []}}))
}

test_port_without_roles_or_approvers if {
	policy.deny == {{
		"msg": "output port 'orders' names nobody who approves access to it",
		"field": "/ports/0/access/approvers",
	}} with input as fx.with_port("bitol-odcs", {"access": {"roles": []}})
}

test_role_without_approvers if {
	policy.deny == {{
		"msg": "role 'writer' of output port 'orders' names nobody who approves access requests",
		"field": "/ports/0/access/roles/1",
	}} with input as fx.with_port("bitol-odcs", {"access": {"roles": [
		{"name": "reader", "access": "read", "approvers": ["team"], "description": null},
		{"name": "writer", "access": "write", "approvers": [], "description": null},
	]}})
}

test_port_approvers_cover_every_role if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"approvers": ["governance"], "roles": [{"name": "r", "access": "read", "approvers": [], "description": null}]}})
}

test_auto_approved_port_is_left_to_auto_approval if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"access": {"auto_approve": true, "roles": []}})
}

test_contract_outside_run_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", object.union(fx.contract_outside, {"access": {"roles": []}}))
}
