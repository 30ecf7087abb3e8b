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
	mesh.cycle[i] == mesh.cycle[j]
	p := input.products[i]
	msg := sprintf("product '%s' reads from '%s', which reads back from it (cycle: %s)", [
		mesh.label(p), mesh.label(input.products[j]), _cycle_text[mesh.cycle[i]],
	])
}

# The products on each cycle by label, in order; a long cycle names the first few and counts the rest.
_cycle_text[c] := text if {
	some c, members in mesh.cycle_members
	labels := sort({mesh.label(input.products[i]) | some i in members})
	text := _shortened(labels)
}

_shown := 10

_shortened(labels) := concat(", ", labels) if count(labels) <= _shown

else := sprintf("%s and %d more", [concat(", ", array.slice(labels, 0, _shown)), count(labels) - _shown])
