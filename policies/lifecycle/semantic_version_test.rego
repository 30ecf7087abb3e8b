package meshgate.lifecycle.semantic_version_test

import data.meshgate.lib.fixtures_test as fx
import data.meshgate.lifecycle.semantic_version as policy
import rego.v1

test_witboost_passes if {
	count(policy.deny) == 0 with input as fx.doc("witboost-dps", {"version": "0.1.0-SNAPSHOT-2"})
}

test_witboost_fails if {
	count(policy.deny) == 1 with input as fx.doc("witboost-dps", {"version": "1.0"})
}

test_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"version": "0.1.0-SNAPSHOT-2"})
}

test_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"version": "1.0"})
}

test_odcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"version": "0.1.0-SNAPSHOT-2"})
}

test_odcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odcs", {"version": "1.0"})
}

test_dpds_passes if {
	count(policy.deny) == 0 with input as fx.doc("odm-dpds", {"version": "0.1.0-SNAPSHOT-2"})
}

test_dpds_fails if {
	count(policy.deny) == 1 with input as fx.doc("odm-dpds", {"version": "1.0"})
}

test_dcs_passes if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {"version": "0.1.0-SNAPSHOT-2"})
}

test_dcs_fails if {
	count(policy.deny) == 1 with input as fx.doc("datacontract-dcs", {"version": "1.0"})
}

test_lf_odps_passes if {
	count(policy.deny) == 0 with input as fx.doc("lf-odps", {"version": "0.1.0-SNAPSHOT-2"})
}

test_lf_odps_fails if {
	count(policy.deny) == 1 with input as fx.doc("lf-odps", {"version": "1.0"})
}

test_missing_version_is_left_to_the_schema if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odcs", {"version": null})
}

test_invalid_message if {
	policy.deny == {{
		"msg": "version '1.0' is not a semantic version (MAJOR.MINOR.PATCH, such as 1.0.0)",
		"field": "/version",
	}} with input as fx.doc("odm-dpds", {"version": "1.0"})
}

test_v_prefix_is_accepted_by_default if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"version": "v1.0.0"})
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"version": "v1.0"})
}

test_v_prefix_can_be_refused if {
	count(policy.deny) == 1 with input as fx.doc("bitol-odps", {"version": "v1.0.0"})
		with data.meshgate.config.semver_allow_v_prefix as false
}

test_build_metadata_and_prerelease_pass if {
	count(policy.deny) == 0 with input as fx.doc("datacontract-dcs", {"version": "2.0.0-rc.1+build.5"})
}

test_template_placeholders_are_left_to_the_loader if {
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"version": "{{VERSION}}", "ports": []})
	count(policy.deny) == 0 with input as fx.doc("bitol-odps", {"version": "${VERSION}", "ports": []})
}
