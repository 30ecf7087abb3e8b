package meshgate.change.status_backwards_test

import data.meshgate.change.status_backwards as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_active_to_draft_warns if {
	policy.warn == {{"msg": "the status moved backwards from 'active' to 'draft'", "field": "/status"}} with input as cx.products({}, {"status": "draft"})
}

test_forwards_passes if {
	count(policy.warn) == 0 with input as cx.products({"status": "Proposed"}, {"status": "active"})
}

test_unknown_status_passes if {
	count(policy.warn) == 0 with input as cx.products({}, {"status": "frozen"})
}
