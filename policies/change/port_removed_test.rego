package meshgate.change.port_removed_test

import data.meshgate.change.port_removed as policy
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

two := cx.products({"ports": [fx.port({}), fx.port({"id": "refunds", "name": "refunds"})]}, {"ports": [fx.port({})]})

test_removed_port_fails if {
	policy.deny == {{"msg": "output port 'refunds' was removed", "field": "/ports", "was_field": "/ports/1"}} with input as two
}

test_kept_port_passes if {
	count(policy.deny) == 0 with input as cx.ports({}, {"description": "Changed."})
}

test_renamed_port_is_not_removed if {
	count(policy.deny) == 0 with input as cx.ports({}, {"name": "order-lines"})
}

test_removed_after_end_of_life_is_info if {
	retired := fx.port({"id": "refunds", "name": "refunds", "deprecated": true, "end_of_life": "2026-01-31"})
	some finding in policy.deny with input as cx.products({"ports": [fx.port({}), retired]}, {"ports": [fx.port({})]})
	finding.severity == "info"
}

test_removed_before_end_of_life_fails if {
	later := fx.port({"id": "refunds", "name": "refunds", "deprecated": true, "end_of_life": "2027-01-31"})
	some finding in policy.deny with input as cx.products({"ports": [fx.port({}), later]}, {"ports": [fx.port({})]})
	not finding.severity
}
