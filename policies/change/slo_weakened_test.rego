package meshgate.change.slo_weakened_test

import data.meshgate.change.slo_weakened as policy
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

slo(changes) := {"slo": object.union(fx.slo, changes)}

test_availability_down_fails if {
	policy.deny == {{"msg": "output port 'orders': availability went down from 99.9% to 99.5%", "field": "/ports/0/slo/availability"}} with input as cx.ports(slo({}), slo({"availability": "99.5%"}))
}

test_freshness_longer_fails if {
	policy.deny == {{"msg": "output port 'orders': freshness went from 1 d to 2 d", "field": "/ports/0/slo/freshness"}} with input as cx.ports(slo({}), slo({"freshness": "2 d"}))
}

test_same_value_for_freshness_and_latency_is_reported_once if {
	count(policy.deny) == 1 with input as cx.ports(slo({"latency": "1 d"}), slo({"freshness": "2 d", "latency": "2 d"}))
}

test_retention_shorter_fails if {
	count(policy.deny) == 1 with input as cx.ports(slo({}), slo({"retention": "1 y"}))
}

test_promise_dropped_fails if {
	policy.deny == {{"msg": "output port 'orders' no longer promises its retention (was 3 y)", "field": "/ports/0/slo"}} with input as cx.ports(slo({}), slo({"retention": null}))
}

test_support_hours_narrower_fails if {
	policy.deny == {{"msg": "support hours went from 24x7 to 8x5", "field": "/support/hours"}} with input as cx.products({"support": {"hours": "24x7"}}, {"support": {"hours": "8x5"}})
}

test_stronger_promises_pass if {
	count(policy.deny) == 0 with input as cx.ports(slo({}), slo({"availability": "99.95%", "freshness": "1h", "retention": "5 y"}))
}
