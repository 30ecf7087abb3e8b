package meshgate.change.owner_changed_test

import data.meshgate.change.owner_changed as policy
import data.meshgate.lib.change_fixtures_test as cx
import rego.v1

test_owner_changed_is_reported if {
	policy.deny == {{"msg": "the owner changed from 'checkout-team' to 'payments-team'", "field": "/owner"}} with input as cx.products({}, {"owner": "payments-team"})
}

test_team_changed_is_reported if {
	count(policy.deny) == 1 with input as cx.products({}, {"team": {"name": "checkout-analytics"}})
}

test_same_owner_passes if {
	count(policy.deny) == 0 with input as cx.products({}, {"description": "New."})
}
