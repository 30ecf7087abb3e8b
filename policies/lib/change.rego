# METADATA
# title: Two versions of a product, matched
# description: >-
#   What the change policies (meshgate.change.*) compare, derived once per pair
#   of versions: output ports from the normalized products (input.previous.product,
#   input.current.product), schema objects and columns from the raw descriptors
#   (input.previous.descriptor), since the normalized view holds no columns.
#   Ports, schema objects and columns are matched by id, then by name, so a
#   rename is a rename, not a removal plus an addition.
package meshgate.lib.change

import rego.v1

previous := input.previous.product

current := input.current.product

# The index in items of x's counterpart: the item with x's id, else the one with x's name.
twin(x, items) := found[0] if {
	found := [j | some j, y in items; is_string(x.id); y.id == x.id]
	count(found) > 0
} else := found[0] if {
	found := [j | some j, y in items; is_string(x.name); y.name == x.name]
	count(found) > 0
}

# Output ports present in both versions: {"previous": i, "current": j}.
port_pairs contains {"previous": i, "current": j} if {
	some i, port in previous.ports
	j := twin(port, current.ports)
}

removed_ports contains i if {
	some i, port in previous.ports
	not twin(port, current.ports)
}

# How a port is named in messages.
label(x) := x.name if is_string(x.name)

else := x.id if is_string(x.id)

else := "(unnamed)"

# Whether a product or port is on its way out (flagged, or in deprecated_statuses).
deprecated(x) if x.deprecated == true

deprecated(x) if {
	is_string(x.status)
	lower(x.status) in data.meshgate.lib.facts.config.deprecated_statuses
}

# A classification's rank on the scale of classification_levels (undefined when unknown).
rank(classification) := data.meshgate.lib.facts.levels[lower(classification)] if is_string(classification)

# Schema objects of each version, from the raw descriptor:
# [{id, name, path, columns_path, columns: [{id, name, path, type, physical, required, pk, pii, classification}]}].
previous_tables := tables(input.previous)

current_tables := tables(input.current)

# Schema objects present in both versions: {"previous": i, "current": j}.
table_pairs contains {"previous": i, "current": j} if {
	some i, table in previous_tables
	j := twin(table, current_tables)
}

removed_tables contains i if {
	some i, table in previous_tables
	not twin(table, current_tables)
}

# Columns present in both versions: the two tables and the two columns.
column_pairs contains {"table": [old, new], "column": [a, b]} if {
	some pair in table_pairs
	old := previous_tables[pair.previous]
	new := current_tables[pair.current]
	some a in old.columns
	b := new.columns[twin(a, new.columns)]
}

tables(version) := [table |
	some i, item in version.descriptor.schema
	is_object(item)
	table := {
		"id": _text(item, "id"), "name": _text(item, "name"),
		"path": sprintf("/schema/%d", [i]), "columns_path": sprintf("/schema/%d/properties", [i]),
		"columns": [_odcs_column(column, sprintf("/schema/%d/properties/%d", [i, k])) |
			some k, column in _list(object.get(item, "properties", []))
			is_object(column)
		],
	}
] if {
	version.spec.name == "bitol-odcs"
	is_array(version.descriptor.schema)
} else := [table |
	some name, model in version.descriptor.models
	is_object(model)
	table := {
		"id": null, "name": name,
		"path": sprintf("/models/%s", [name]), "columns_path": sprintf("/models/%s/fields", [name]),
		"columns": [_dcs_column(column_name, column, sprintf("/models/%s/fields/%s", [name, column_name])) |
			some column_name, column in _map(object.get(model, "fields", {}))
			is_object(column)
		],
	}
] if {
	version.spec.name == "datacontract-dcs"
	is_object(version.descriptor.models)
} else := [table |
	some i, item in version.descriptor.components
	is_object(item)
	is_array(item.dataContract.schema)
	table := {
		"id": _component_id(item), "name": _text(item, "name"),
		"path": sprintf("/components/%d", [i]), "columns_path": sprintf("/components/%d/dataContract/schema", [i]),
		"columns": [_witboost_column(column, sprintf("/components/%d/dataContract/schema/%d", [i, k])) |
			some k, column in item.dataContract.schema
			is_object(column)
		],
	}
] if {
	version.spec.name == "witboost-dps"
	is_array(version.descriptor.components)
} else := []

_odcs_column(column, path) := {
	"id": _text(column, "id"), "name": _text(column, "name"), "path": path,
	"type": _lower(object.get(column, "logicalType", null)), "physical": _lower(object.get(column, "physicalType", null)),
	"required": _flag(object.get(column, "required", false)),
	"pk": _flag(object.get(column, "primaryKey", false)),
	"pii": _flag(_pii(column)), "classification": _text(column, "classification"),
}

_dcs_column(name, column, path) := {
	"id": null, "name": name, "path": path,
	"type": _lower(object.get(column, "type", null)), "physical": null,
	"required": _flag(object.get(column, "required", false)),
	"pk": _flag(_dcs_pk(column)),
	"pii": _flag(_pii(column)), "classification": _text(column, "classification"),
}

_dcs_pk(column) := true if column.primaryKey == true

else := true if column.primary == true

else := false

_constraint(column) := upper(sprintf("%v", [object.get(column, "constraint", "")]))

_flag(value) := true if value == true

else := false

_witboost_column(column, path) := {
	"id": null, "name": _text(column, "name"), "path": path,
	"type": _lower(object.get(column, "dataType", null)), "physical": _lower(object.get(column, "dataLength", null)),
	"required": _flag(_constraint(column) in {"NOT_NULL", "PRIMARY_KEY"}),
	"pk": _flag(_constraint(column) == "PRIMARY_KEY"),
	"pii": _flag(_pii(column)), "classification": null,
}

# A Witboost component id without its major version (urn:dmb:cmp:domain:product:MAJOR:name), so a
# major version bump keeps matching the component.
_component_id(item) := concat(":", array.concat(array.slice(parts, 0, 5), array.slice(parts, 6, count(parts)))) if {
	is_string(item.id)
	parts := split(item.id, ":")
	count(parts) > 6
} else := _text(item, "id")

# Personal data: pii: true, a tag naming PII (a string or an OpenMetadata tagFQN), or a customProperties pii entry.
_pii(column) := true if column.pii == true

else := true if {
	some tag in _list(object.get(column, "tags", []))
	contains(lower(_tag(tag)), "pii")
}

else := true if {
	some entry in _list(object.get(column, "customProperties", []))
	lower(sprintf("%v", [object.get(entry, "property", "")])) in {"pii", "personaldata", "personal_data"}
	object.get(entry, "value", false) == true
}

else := false

_tag(tag) := tag if is_string(tag)

else := sprintf("%v", [object.get(tag, "tagFQN", "")]) if is_object(tag)

else := ""

_text(item, key) := item[key] if is_string(item[key])

else := null

_lower(value) := lower(value) if is_string(value)

else := null if value == null

else := sprintf("%v", [value])

_list(value) := value if is_array(value)

else := []

_map(value) := value if is_object(value)

else := {}
