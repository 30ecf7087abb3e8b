package meshgate.access.read_only_roles_test

import data.meshgate.access.read_only_roles
import rego.v1

doc(spec, roles) := {"spec": {"name": spec}, "product": {"ports": [{"id": "orders", "access": {"roles": roles}}]}}

test_odcs_read_role_passes if {
	count(read_only_roles.deny) == 0 with input as doc("bitol-odcs", [{"name": "analyst", "access": "read"}])
}

test_odcs_write_role_fails if {
	read_only_roles.deny == {{
		"msg": "role 'loader' on output port 'orders' grants 'write' access; output ports are read-only",
		"field": "/ports/0/access/roles/1/access",
	}} with input as doc("bitol-odcs", [{"name": "analyst", "access": "read"}, {"name": "loader", "access": "write"}])
}

test_odcs_case_and_spaces_are_ignored if {
	count(read_only_roles.deny) == 0 with input as doc("bitol-odcs", [{"name": "analyst", "access": " Read "}])
}

test_odps_joined_admin_role_fails if {
	count(read_only_roles.deny) == 1 with input as doc("bitol-odps", [{"name": "ops", "access": "admin"}])
}

test_dcs_role_without_access_is_silent if {
	count(read_only_roles.deny) == 0 with input as doc("datacontract-dcs", [{"name": "analyst_us", "access": null}])
}
