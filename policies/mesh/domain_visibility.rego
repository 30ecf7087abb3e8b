# METADATA
# title: Products read domain-internal ports only from their own domain
# description: >-
#   An output port whose visibility keeps it inside its domain (one of
#   data.meshgate.lib.facts.config.domain_visibilities: domain, private) is read by a
#   product of another domain.
# custom:
#   severity: error
#   remediation: >-
#     Read from a port published beyond the domain, or ask the owning domain
#     to widen the port's visibility.
#   since: 0.2.0
package meshgate.mesh.domain_visibility

import data.meshgate.lib.mesh
import rego.v1

deny contains {"msg": msg, "product": i, "field": sprintf("/dependencies/%d", [d])} if {
	some [i, d, j, k] in mesh.reads
	p := input.products[i]
	q := input.products[j]
	port := q.ports[k]
	is_string(port.access.visibility)
	lower(port.access.visibility) in data.meshgate.lib.facts.config.domain_visibilities
	is_string(p.domain)
	is_string(q.domain)
	lower(p.domain) != lower(q.domain)
	msg := sprintf("product '%s' (domain %s) reads from output port '%s' of '%s', visible only in domain %s", [
		mesh.label(p), p.domain, mesh.label(port), mesh.label(q), q.domain,
	])
}
