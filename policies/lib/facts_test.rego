package meshgate.lib.facts_test

import data.meshgate.lib.facts
import data.meshgate.lib.fixtures_test as fx
import rego.v1

three_ports(spec) := fx.doc(spec, {"ports": [
	fx.port({"contract": null}),
	fx.port({"contract": {"id": "c1", "found": true}}),
	fx.port({"contract": {"id": "c2", "found": false}}),
]})

test_native_specs_check_every_port if {
	facts.access_ports == {0, 1, 2} with input as three_ports("bitol-odcs")
	facts.slo_ports == {0, 1, 2} with input as three_ports("odm-dpds")
}

test_terms_of_a_port_handed_to_a_contract_outside_the_run_are_left_to_it if {
	facts.terms_ports == {0, 1} with input as three_ports("bitol-odps")
}

test_left_members if {
	facts.left({"date_out": "2024-01-31"}) with input.context.today as "2026-11-24"
	not facts.left({"date_out": "2026-11-24"}) with input.context.today as "2026-11-24"
	not facts.left({"date_out": null}) with input.context.today as "2026-11-24"
	not facts.left({"date_out": "last year"}) with input.context.today as "2026-11-24"
}

test_other_specs_skip_contracts_outside_the_run if {
	facts.access_ports == {0, 1} with input as three_ports("bitol-odps")
	facts.slo_ports == {0, 1} with input as three_ports("dmm-dps")
	facts.terms_ports == {0, 1} with input as three_ports("dmm-dps")
}

test_levels_include_aliases if {
	facts.levels.public == 0
	facts.levels.confidential == 2
	facts.levels.sensitive == 2
	facts.levels["strictly confidential"] == 3
}

test_classification_rank_by_port if {
	facts.classification_rank == {0: 2, 2: 1} with input as fx.doc("bitol-odcs", {"ports": [
		fx.port({"access": {"classification": "Confidential"}}),
		fx.port({"access": {"classification": "tier-2"}}),
		fx.port({"access": {"classification": "internal"}}),
		fx.port({"access": {"classification": null}}),
	]})
}

test_deprecation_by_flag_or_status if {
	facts.product_deprecated with input as fx.doc("bitol-odps", {"deprecated": true})
	facts.product_deprecated with input as fx.doc("witboost-dps", {"status": "Retired"})
	not facts.product_deprecated with input as fx.doc("bitol-odps", {})
	facts.deprecated_ports == {1, 2} with input as fx.doc("bitol-odps", {"ports": [
		fx.port({}),
		fx.port({"deprecated": true}),
		fx.port({"status": "Deprecated"}),
	]})
}
