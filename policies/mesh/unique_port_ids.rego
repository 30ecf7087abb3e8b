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

import rego.v1

_ports[key] contains [i, k] if {
	some i, p in input.products
	p.kind == "product"
	is_string(p.id)
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
