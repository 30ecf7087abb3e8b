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

import data.meshgate.lib.mesh
import rego.v1

# Each later declaration of an id, naming the first (an index keeps a big mesh linear).
deny contains {"msg": msg, "product": j, "field": "/id"} if {
	some id, group in mesh.products_by_id
	count(group) > 1
	first := min(group)
	some j in group
	j != first
	msg := sprintf("product id '%s' is also declared in %s", [id, input.documents[first].file])
}
