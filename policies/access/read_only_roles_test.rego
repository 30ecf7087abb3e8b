package meshgate.access.read_only_roles_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.read_only_roles as policy
import rego.v1

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"roles": [{"name": "loader", "access": "write", "approvers": [], "description": null}]}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"roles": [{"name": "loader", "access": "write", "approvers": [], "description": null}]}})
}

test_message if {
	policy.deny == {{
		"msg": "role 'loader' on output port 'orders' grants 'write' access; output ports are read-only",
		"field": "/ports/0/access/roles/1/access",
	}} with input as fx.with_port("bitol-odcs", {"access": {"roles": [
		{"name": "analyst", "access": "read", "approvers": [], "description": null},
		{"name": "loader", "access": "write", "approvers": [], "description": null},
	]}})
}

test_case_and_spaces_are_ignored if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"roles": [{"name": "a", "access": " Read ", "approvers": [], "description": null}]}})
}

test_role_without_access_is_silent if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"roles": [{"name": "analyst_us", "access": null, "approvers": [], "description": null}]}})
}
