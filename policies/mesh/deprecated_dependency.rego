# METADATA
# title: Products do not read from deprecated ports
# description: >-
#   A product reads from an output port (or a product) that is deprecated or
#   retired: a warning while the port is still served, an error once its
#   end-of-life date (compared with input.context.today) has passed.
# custom:
#   severity: warning
#   remediation: >-
#     Move the dependency to the port's successor before its end of life, or
#     agree a later date with the owner of the port.
#   since: 0.2.0
package meshgate.mesh.deprecated_dependency

import data.meshgate.lib.mesh
import rego.v1

deny contains {"msg": msg, "product": i, "field": sprintf("/dependencies/%d", [d]), "severity": _severity(x)} if {
	some [i, d, j, k] in mesh.reads
	q := input.products[j]
	port := q.ports[k]
	some x in [port, q]
	mesh.deprecated(x)
	msg := sprintf("product '%s' reads from output port '%s' of '%s', which is deprecated%s", [
		mesh.label(input.products[i]), mesh.label(port), mesh.label(q), _when(x),
	])
}

_past(x) if {
	is_string(x.end_of_life)
	is_string(input.context.today)
	regex.match(`^\d{4}-\d{2}-\d{2}$`, x.end_of_life)
	x.end_of_life < input.context.today
}

_severity(x) := "error" if _past(x)

else := "warning"

_when(x) := sprintf(" and past its end of life (%s)", [x.end_of_life]) if _past(x)

else := sprintf(" (end of life %s)", [x.end_of_life]) if is_string(x.end_of_life)

else := ""
