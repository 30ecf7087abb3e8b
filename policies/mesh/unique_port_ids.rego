# METADATA
# title: Output port ids are unique within the mesh
# description: >-
#   A product id and an output port id together name one port of the mesh:
#   a dependency reaches a port by them. Two ports of one product (or of two
#   documents declaring the same product) with one id are ambiguous.
# custom:
#   severity: error
#   remediation: Give each output port of a product its own id (or name).
#   since: 0.2.0
package meshgate.mesh.unique_port_ids

import data.meshgate.lib.mesh
import rego.v1

# A port id can repeat only within one product, or across the documents that declare one product id:
# only those products' ports are indexed (a mesh of many products indexes few or none).
_repeating contains i if {
	some i, p in input.products
	p.kind == "product"
	is_string(p.id)
	ids := [port.id | some port in p.ports; is_string(port.id)]
	count(ids) != count({id | some id in ids})
}

_repeating contains i if {
	some _, group in mesh.products_by_id
	count(group) > 1
	some i in group
}

_ports[key] contains [i, k] if {
	some i in _repeating
	p := input.products[i]
	some k, port in p.ports
	is_string(port.id)
	key := json.marshal([p.id, port.id])
}

# Each later declaration of a port id within a product id, naming where the first is.
deny contains {"msg": msg, "product": j, "field": sprintf("/ports/%d", [l])} if {
	some key, group in _ports
	count(group) > 1
	first := min(group)
	some [j, l] in group
	[j, l] != first
	[product, port] := json.unmarshal(key)
	msg := sprintf("output port '%s' of product '%s' is declared %s", [port, product, _where(first[0], j)])
}

_where(i, j) := "twice" if i == j

else := sprintf("in %s too", [input.documents[i].file])
