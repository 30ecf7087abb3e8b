# METADATA
# title: Product ids are unique across the mesh
# description: >-
#   Two documents of one run declare a product with the same id. Consumers,
#   dependencies and the catalogue find a product by its id; with two, no one
#   can tell which one is meant.
# custom:
#   severity: error
#   remediation: >-
#     Give each product its own id; if the files are two versions of one
#     product, keep only the current one in the mesh.
#   since: 0.2.0
package meshgate.mesh.unique_product_ids

import rego.v1

deny contains {"msg": msg, "product": j, "field": "/id"} if {
	some i, first in input.products
	some j, second in input.products
	i < j
	first.kind == "product"
	second.kind == "product"
	is_string(first.id)
	first.id == second.id
	msg := sprintf("product id '%s' is also declared in %s", [second.id, input.documents[i].file])
}
