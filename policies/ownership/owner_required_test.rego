package meshgate.ownership.owner_required_test

import data.meshgate.ownership.owner_required
import rego.v1

product(spec, owner) := {
	"spec": {"name": spec},
	"product": {"kind": "product", "owner": owner, "ports": []},
}

test_witboost_owner_passes if {
	count(owner_required.deny) == 0 with input as product("witboost-dps", "user:jane_corp.com")
}

test_witboost_missing_owner_fails if {
	owner_required.deny == {{"msg": "the product names no owner", "field": "/owner"}} with input as product("witboost-dps", null)
}

test_odps_team_owner_passes if {
	count(owner_required.deny) == 0 with input as product("bitol-odps", "checkout-team")
}

test_odps_blank_owner_fails if {
	count(owner_required.deny) == 1 with input as product("bitol-odps", "  ")
}

test_dpds_owner_passes if {
	count(owner_required.deny) == 0 with input as product("odm-dpds", "john.doe@company.com")
}

test_dpds_missing_owner_fails if {
	count(owner_required.deny) == 1 with input as product("odm-dpds", null)
}

test_odcs_contract_missing_owner_names_contract if {
	some finding in owner_required.deny with input as {"spec": {"name": "bitol-odcs"}, "product": {"kind": "contract", "owner": null}}
	finding.msg == "the contract names no owner"
}
