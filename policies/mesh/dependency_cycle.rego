# METADATA
# title: Products do not depend on each other in a cycle
# description: >-
#   A product reads, directly or through others, from a product that reads
#   from it. Neither can be built, changed or retired on its own, and a bad
#   record goes round.
# custom:
#   severity: error
#   remediation: >-
#     Break the cycle: split what both need into a product of its own, or
#     let one of them stop reading from the other.
#   since: 0.2.0
package meshgate.mesh.dependency_cycle

import data.meshgate.lib.mesh
import rego.v1

deny contains {"msg": msg, "product": i, "field": sprintf("/dependencies/%d", [d])} if {
	some [i, d, j] in mesh.edges
	_back(i, j)
	p := input.products[i]
	msg := sprintf("product '%s' reads from '%s', which reads back from it (cycle: %s)", [
		mesh.label(p), mesh.label(input.products[j]), _cycle(i),
	])
}

_back(i, j) if i == j

_back(i, j) if i in mesh.reachable_from(j)

# The products on a cycle through i, by label, in order.
_cycle(i) := concat(", ", sort({mesh.label(input.products[j]) |
	some j in mesh.reachable_from(i)
	i in mesh.reachable_from(j)
}))
