# METADATA
# title: The mesh's dependency graph
# description: >-
#   What the mesh policies (meshgate.mesh.*) share: which output port each
#   dependency of each product reaches (matched by product id, port id and
#   contract id, as far as the dependency names them), and the graph of
#   products reading from products.
package meshgate.lib.mesh

import rego.v1

# Whether the dependency names something meshgate can look for in the run.
named(dep) if is_string(dep.product)

named(dep) if is_string(dep.port)

named(dep) if is_string(dep.contract)

_product_ok(dep, _) if not is_string(dep.product)

_product_ok(dep, q) if dep.product == q.id

_port_ok(dep, _) if not is_string(dep.port)

_port_ok(dep, port) if dep.port == port.id

_port_ok(dep, port) if {
	dep.port == port.name
	port.id != dep.port
}

_contract_ok(dep, _) if not is_string(dep.contract)

_contract_ok(dep, port) if dep.contract == port.contract.id

# [i, d, j, k]: dependency d of product i reads output port k of product j.
# Indexes, so a dependency is matched against the products and ports it can name rather than against
# every port of the mesh: a run over thousands of products stays linear.
# products_by_id[id]: the products (indexes into input.products) that declare id.
products_by_id[id] contains j if {
	some j, q in input.products
	q.kind == "product"
	id := q.id
	is_string(id)
}

_ports_by_name[port.id] contains [j, k] if {
	some j, q in input.products
	q.kind == "product"
	some k, port in q.ports
	port.id in _named_ports
}

_ports_by_name[port.name] contains [j, k] if {
	some j, q in input.products
	q.kind == "product"
	some k, port in q.ports
	port.name in _named_ports
}

_ports_by_contract[c] contains [j, k] if {
	some j, q in input.products
	q.kind == "product"
	some k, port in q.ports
	c := port.contract.id
	c in _named_contracts
}

# Only what some dependency names is indexed: a mesh holds many more ports than dependencies name.
_named_ports := {dep.port |
	some p in input.products
	some dep in p.dependencies
	not is_string(dep.product)
	is_string(dep.port)
}

_named_contracts := {dep.contract |
	some p in input.products
	some dep in p.dependencies
	not is_string(dep.product)
	not is_string(dep.port)
	is_string(dep.contract)
}

# The (product, port) pairs a dependency may read: by the product it names, else by port, else by contract.
_candidates(dep) := {[j, k] | some j in products_by_id[dep.product]; some k, _ in input.products[j].ports} if {
	is_string(dep.product)
} else := object.get(_ports_by_name, dep.port, set()) if {
	is_string(dep.port)
} else := object.get(_ports_by_contract, dep.contract, set())

reads contains [i, d, j, k] if {
	some i, p in input.products
	some d, dep in p.dependencies
	named(dep)
	some [j, k] in _candidates(dep)
	q := input.products[j]
	_product_ok(dep, q)
	port := q.ports[k]
	_port_ok(dep, port)
	_contract_ok(dep, port)
}

reads_product contains [i, d, j] if {
	some i, p in input.products
	some d, dep in p.dependencies
	is_string(dep.product)
	not is_string(dep.port)
	not is_string(dep.contract)
	some j in products_by_id[dep.product]
}

contracts contains c if {
	some q in input.products
	q.kind == "contract"
	c := q.id
	is_string(c)
}

contracts contains c if {
	some q in input.products
	some port in q.ports
	c := port.contract.id
	is_string(c)
}

# Whether a dependency reaches something the run declares: it reads a port, names only a product the
# run holds, or names only a contract the run declares. A function, not the set of every resolved
# dependency: the engine would hold that set (about 60 MB at 100,000 products) to the end of the mesh.
resolves(dep) if {
	some [j, k] in _candidates(dep)
	q := input.products[j]
	_product_ok(dep, q)
	port := q.ports[k]
	_port_ok(dep, port)
	_contract_ok(dep, port)
}

resolves(dep) if {
	is_string(dep.product)
	not is_string(dep.port)
	not is_string(dep.contract)
	products_by_id[dep.product]
}

resolves(dep) if {
	not is_string(dep.product)
	not is_string(dep.port)
	dep.contract in contracts
}

# [i, d, j]: product i reads product j through its dependency d.
edges contains [i, d, j] if some [i, d, j, _] in reads

edges contains [i, d, j] if some [i, d, j] in reads_product

# Cycles. Rego has no recursion, so a product's strongly connected component is what it reaches
# forwards and backwards (graph.reachable each way), computed only for the products that can be on a
# cycle at all: a mesh's sources, its end products and those next to them drop out. The worst case,
# most of a mesh on one cycle, is quadratic (1,000 products on one cycle: about 2 s). Only sets of
# indexes and the graph between the candidates are built: an object keyed by every product costs the
# engine about a kilobyte per key.
_reads_any := {i | some [i, _, _] in edges}

_read_by_any := {j | some [_, _, j] in edges}

# On a cycle, a product reads from one that reads too, and is read by one that is read from too.
_candidates_on_cycle := {i |
	some [i, _, j] in edges
	i in _read_by_any
	j in _reads_any
} & {j |
	some [h, _, j] in edges
	h in _read_by_any
	j in _reads_any
}

# The graph between the candidates, both ways. A candidate that reads no other candidate has no key
# here, and is on no cycle.
_forward[i] contains j if {
	some [i, _, j] in edges
	i in _candidates_on_cycle
	j in _candidates_on_cycle
}

_backward[j] contains i if {
	some [i, _, j] in edges
	i in _candidates_on_cycle
	j in _candidates_on_cycle
}

# Product index to its cycle: the least index of the products on a cycle with it, once per product,
# nothing stored but that index.
cycle[i] := min(component) if {
	some i, _ in _forward
	component := graph.reachable(_forward, _forward[i]) & graph.reachable(_backward, _backward[i])
	i in component
}

# A cycle (by its least index) to the products on it.
cycle_members[c] contains i if some i, c in cycle

# How a product is named in messages.
label(p) := p.id if is_string(p.id)

else := p.name if is_string(p.name)

else := "(unnamed)"

# Whether a product or port is on its way out (flagged, or in deprecated_statuses).
deprecated(x) if x.deprecated == true

deprecated(x) if {
	is_string(x.status)
	lower(x.status) in data.meshgate.lib.facts.config.deprecated_statuses
}
