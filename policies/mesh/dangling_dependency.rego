# METADATA
# title: Dependencies name products, ports and contracts the mesh declares
# description: >-
#   An input port (or Witboost dependsOn) names a product, an output port or
#   a data contract that no document of the run declares: it was renamed,
#   retired, or never published, and the product reads from nothing known.
#   In a run over some repositories (validate in a product's CI) what the
#   dependency names most likely lives in another one: there it is a
#   warning; in an audit of the whole mesh, an error.
# custom:
#   severity: error
#   remediation: >-
#     Point the dependency at the id of a product, output port or contract
#     that is declared, or validate the mesh together with the descriptor it
#     reads from.
#   since: 0.2.0
package meshgate.mesh.dangling_dependency

import data.meshgate.lib.mesh
import rego.v1

deny contains {"msg": msg, "product": i, "field": sprintf("/dependencies/%d", [d]), "severity": _severity} if {
	some i, p in input.products
	some d, dep in p.dependencies
	mesh.named(dep)
	not mesh.resolves(dep)
	msg := sprintf("%s '%s' reads from %s, which no document of the %s declares", [
		p.kind, mesh.label(p), _what(dep), _where,
	])
}

_severity := "error" if input.context.whole_mesh == true else := "warning"

_where := "mesh" if input.context.whole_mesh == true else := "run"

_what(dep) := concat(", ", [sprintf("%s '%s'", [key, dep[key]]) |
	some key in ["product", "port", "contract"]
	is_string(dep[key])
])
