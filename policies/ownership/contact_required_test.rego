package meshgate.ownership.contact_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.contact_required as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"contacts": []})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"contacts": []})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"contacts": []})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"contacts": []})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"contacts": []})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"contacts": []})
}

test_message_names_the_kind if {
	policy.deny == {{"msg": "the contract offers no contact or support channel", "field": "/contacts"}} with input as fx.doc("bitol-odcs", {"contacts": []})
}

test_contact_without_value_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"contacts": [{"kind": "email", "value": null, "name": "ops", "purpose": null}]})
}
