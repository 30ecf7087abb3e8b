package meshgate.acme.cost_centre_test

import data.meshgate.acme.cost_centre
import rego.v1

odps(properties) := {"spec": {"name": "bitol-odps"}, "descriptor": {"customProperties": properties}}

test_odps_with_cost_centre_passes if {
	count(cost_centre.warn) == 0 with input as odps([{"property": "costCentre", "value": "CC-4711"}])
}

test_odps_without_cost_centre_warns if {
	cost_centre.warn == {{"msg": "the data product names no cost centre"}} with input as odps([{"property": "visibility", "value": "internal"}])
}

test_malformed_cost_centre_warns_on_its_value if {
	cost_centre.warn == {{
		"msg": "cost centre '4711' is not a cost centre of the form CC-1234",
		"path": "/customProperties/1/value",
	}} with input as odps([{"property": "visibility", "value": "internal"}, {"property": "costCentre", "value": 4711}])
}

test_witboost_billing_cost_centre_passes if {
	count(cost_centre.warn) == 0 with input as {"spec": {"name": "witboost-dps"}, "descriptor": {"billing": {"costCentre": "CC-0815"}}}
}

test_witboost_without_billing_warns if {
	count(cost_centre.warn) == 1 with input as {"spec": {"name": "witboost-dps"}, "descriptor": {"billing": null}}
}

test_pattern_comes_from_data if {
	count(cost_centre.warn) == 0 with input as odps([{"property": "costCentre", "value": "ACME/42"}])
		with data.meshgate.config.acme_cost_centre_pattern as "^ACME/[0-9]+$"
}

test_first_of_several_cost_centres_counts if {
	count(cost_centre.warn) == 0 with input as odps([{"property": "costCentre", "value": "CC-0001"}, {"property": "costCentre", "value": "x"}])
}

test_raw_values_of_any_type_do_not_fail if {
	cost_centre.warn == {{"msg": "the data product names no cost centre"}} with input as odps("costCentre")
	cost_centre.warn == {{"msg": "the data product names no cost centre"}} with input as {"spec": {"name": "witboost-dps"}, "descriptor": {"billing": "CC-1"}}
}
