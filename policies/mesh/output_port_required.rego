# METADATA
# title: Every product has an output port
# description: >-
#   A product with no output port serves no one: nothing in the mesh can
#   read from it.
# custom:
#   severity: warning
#   remediation: Declare the output port(s) consumers read the product through.
#   since: 0.2.0
package meshgate.mesh.output_port_required

import data.meshgate.lib.mesh
import rego.v1

deny contains {"msg": msg, "product": i, "field": "/id"} if {
	some i, p in input.products
	p.kind == "product"
	count(p.ports) == 0
	msg := sprintf("product '%s' declares no output port", [mesh.label(p)])
}
