package meshgate.slo.support_declared_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.slo.support_declared as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"support": null})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"support": null})
}

test_missing_message if {
	policy.deny == {{"msg": "the product declares no support hours or response time", "field": "/support"}} with input as fx.doc("witboost-dps", {"support": null})
}

test_empty_block_message if {
	policy.deny == {{
		"msg": "the contract declares no support hours or response time: its support block is declared but empty",
		"field": "/support",
	}} with input as fx.doc("datacontract-dcs", {"support": {"declared": true, "hours": null, "response_time": null, "resolution_time": null}})
}

test_each_missing_value_is_reported if {
	policy.deny == {{"msg": "the product's support block gives no support hours", "field": "/support/hours"}} with input as fx.doc("witboost-dps", {"support": {"hours": null}})
	policy.deny == {{"msg": "the product's support block gives no response time", "field": "/support/response_time"}} with input as fx.doc("witboost-dps", {"support": {"response_time": null}})
}

test_an_information_sla_alone_is_named if {
	support := {"declared": true, "hours": null, "response_time": null, "resolution_time": null, "information": "2BD"}
	policy.deny == {{"msg": "the product gives an information SLA ('2BD') but no support hours or response time", "field": "/support"}} with input as fx.doc("witboost-dps", {"support": support})
}
