package meshgate.change.classification_loosened_test

import data.meshgate.change.classification_loosened as policy
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

level(value) := {"access": object.union(fx.good_port.access, {"classification": value})}

test_port_loosened_fails if {
	policy.deny == {{"msg": "output port 'orders': classification loosened from confidential to internal", "field": "/ports/0/access/classification"}} with input as cx.ports(level("confidential"), level("internal"))
}

test_alias_is_read_on_the_scale if {
	count(policy.deny) == 1 with input as cx.ports(level("Sensitive"), level("public"))
}

test_column_loosened_fails if {
	count(policy.deny) == 1 with input as cx.columns([object.union(cx.amount, {"classification": "restricted"})], [object.union(cx.amount, {"classification": "internal"})])
}

test_tightened_passes if {
	count(policy.deny) == 0 with input as cx.ports(level("internal"), level("restricted"))
}
