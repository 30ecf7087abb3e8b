package meshgate.lib.change_test

import data.meshgate.lib.change
import data.meshgate.lib.change_fixtures_test as cx
import data.meshgate.lib.fixtures_test as fx
import rego.v1

test_twin_matches_by_id_then_by_name if {
	change.twin({"id": "a", "name": "x"}, [{"id": "b", "name": "x"}, {"id": "a", "name": "y"}]) == 1
	change.twin({"id": "c", "name": "x"}, [{"id": "b", "name": "x"}]) == 0
	change.twin({"id": null, "name": "x"}, [{"id": null, "name": "x"}]) == 0
	not change.twin({"id": "c", "name": "z"}, [{"id": "b", "name": "x"}])
}

test_label_falls_back_to_the_id if {
	change.label({"name": null, "id": "p"}) == "p"
	change.label({"name": null, "id": null}) == "(unnamed)"
}

test_odcs_columns_are_read if {
	tables := change.tables(cx.version("bitol-odcs", {}, {"schema": [{"name": "t", "properties": [cx.order_id, "junk"]}]}))
	tables[0].columns == [{
		"id": null, "name": "order_id", "path": "/schema/0/properties/0", "type": "string", "physical": null,
		"required": true, "pk": true, "pii": false, "classification": null,
	}]
}

test_dcs_and_witboost_columns_are_read if {
	dcs := change.tables(cx.version("datacontract-dcs", {}, {"models": {"m": {"fields": {"f": {"type": "int", "primaryKey": true}}}}}))
	dcs[0].columns[0].pk
	wb := change.tables(cx.witboost([{"name": "a", "dataType": "STRING", "dataLength": 10}], []).previous)
	wb[0].id == "urn:dmb:cmp:finance:invoices:table"
	wb[0].columns[0].physical == "10"
}

test_specs_without_columns_have_no_tables if {
	change.tables(cx.version("bitol-odps", {}, {"schema": "not a list"})) == []
}

test_ports_are_paired if {
	change.port_pairs == {{"previous": 0, "current": 0}} with input as cx.ports({}, {"name": "renamed"})
	change.removed_ports == {0} with input as cx.products({}, {"ports": [fx.port({"id": "x", "name": "y"})]})
}
