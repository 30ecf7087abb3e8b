package meshgate.change.access_widened_test

import data.meshgate.change.access_widened as policy
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

access(changes) := {"access": object.union(fx.good_port.access, changes)}

role(level, approvers) := [{"name": "orders_reader", "access": level, "approvers": approvers, "description": null}]

test_write_role_fails if {
	policy.deny == {{"msg": "output port 'orders': role 'orders_reader' now grants write access", "field": "/ports/0/access/roles/0/access"}} with input as cx.ports({}, access({"roles": role("write", ["checkout-team"])}))
}

test_approver_removed_fails if {
	policy.deny == {{"msg": "output port 'orders': approvers removed: checkout-team", "field": "/ports/0/access/roles"}} with input as cx.ports({}, access({"roles": role("read", [])}))
}

test_auto_approval_on_personal_data_fails if {
	policy.deny == {{"msg": "output port 'orders': automatic approval switched on for personal data", "field": "/ports/0/access/auto_approve"}} with input as cx.ports(access({"pii": true}), access({"pii": true, "auto_approve": true}))
}

test_auto_approval_on_confidential_data_fails if {
	count(policy.deny) == 1 with input as cx.ports(access({"classification": "confidential"}), access({"classification": "confidential", "auto_approve": true}))
}

test_auto_approval_on_internal_data_passes if {
	count(policy.deny) == 0 with input as cx.ports({}, access({"auto_approve": true}))
}

test_made_public_fails if {
	count(policy.deny) == 1 with input as cx.ports({}, access({"visibility": "public"}))
}

test_unchanged_access_passes if {
	count(policy.deny) == 0 with input as cx.ports({}, {})
}
