package meshgate.access.public_terms_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.access.public_terms as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {"access": {"visibility": "Global"}})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.with_port("witboost-dps", {"access": {"visibility": "Global", "terms": {"usage": null, "limitations": null}}})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odps", {"access": {"visibility": "Global"}})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"visibility": "Global", "terms": {"usage": null, "limitations": null}}})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.with_port("bitol-odcs", {"access": {"visibility": "Global"}})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odcs", {"access": {"visibility": "Global", "terms": {"usage": null, "limitations": null}}})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.with_port("lf-odps", {"access": {"visibility": "Global"}})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.with_port("lf-odps", {"access": {"visibility": "Global", "terms": {"usage": null, "limitations": null}}})
}

test_message if {
	policy.deny == {{
		"msg": "output port 'orders' is visible 'public' but states no terms of use (usage, limitations or terms and conditions)",
		"field": "/ports/0/access/terms",
	}} with input as fx.with_port("lf-odps", {"access": {"visibility": "public", "terms": null}})
}

test_purpose_alone_is_not_terms_of_use if {
	count(policy.deny) == 1 with input as fx.with_port("bitol-odps", {"access": {"visibility": "public", "terms": {"usage": null, "limitations": null}}})
}

test_terms_and_conditions_are_terms_of_use if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {"access": {"visibility": "Global", "terms": {"usage": null, "limitations": null, "terms_and_conditions": "Internal use."}}})
}

test_internal_port_needs_no_terms_here if {
	count(policy.deny) == 0 with input as fx.with_port("witboost-dps", {"access": {"visibility": "Department", "terms": null}})
}
