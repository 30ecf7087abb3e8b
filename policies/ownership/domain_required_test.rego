package meshgate.ownership.domain_required_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.ownership.domain_required as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"domain": null})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"domain": null})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"domain": null})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"domain": null})
}

test_dmm_passes if {
	count(policy.deny) == 0 with input as fx.doc("dmm-dps", {})
}

test_dmm_fails if {
	count(policy.deny) == 1 with input as fx.doc("dmm-dps", {"domain": null})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"domain": null})
}

test_message_names_the_kind if {
	policy.deny == {{"msg": "the product names no domain", "field": "/domain"}} with input as fx.doc("dmm-dps", {"domain": " "})
}

test_registered_domain_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {})
		with data.meshgate.config.known_domains as ["checkout", "finance"]
}

test_unregistered_domain_fails if {
	policy.deny == {{"msg": "domain 'checkout' is not a registered domain", "field": "/domain"}} with input as fx.doc("witboost-dps", {})
		with data.meshgate.config.known_domains as ["finance"]
}
