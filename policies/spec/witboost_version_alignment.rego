# METADATA
# title: Witboost ids and major versions align
# description: >-
#   The Witboost specification ties ids to versions: the product id is
#   urn:dmb:dp:<domain>:<name>:<major>, each component id is
#   urn:dmb:cmp:<domain>:<product name>:<major>:<component>, and every
#   component's major version is the product's. Its CUE definition enforces
#   the domain and the major versions; JSON Schema cannot compare two fields,
#   so this policy does. A component id naming another product than its own
#   is allowed by the CUE and is a warning.
# custom:
#   severity: error
#   remediation: >-
#     Make the ids and versions agree: a breaking change bumps the major version
#     in the product version, the product id and every component id and version
#     together.
#   since: 0.1.0
#   scope:
#     specs: [witboost-dps]
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 2.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         components:
#           - id: urn:dmb:cmp:sales:deals:2:deals-table
#             kind: outputport
#             name: deals-table
#             version: 2.0.0
#       passing: |
#         id: urn:dmb:dp:sales:deals:2
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 2.0.0
#         dataProductOwner: user:jane.doe_acme.com
#         components:
#           - id: urn:dmb:cmp:sales:deals:2:deals-table
#             kind: outputport
#             name: deals-table
#             version: 2.0.0
package meshgate.spec.witboost_version_alignment

import rego.v1

descriptor := input.descriptor

# Components as a list whatever the descriptor holds (the schema reports a wrong type).
components := descriptor.components if is_array(descriptor.components)

default components := []

# Every value compared below is text; anything else is left to the schema.
domain := descriptor.domain if is_string(descriptor.domain)

major := split(descriptor.version, ".")[0] if is_string(descriptor.version)

product_parts := split(descriptor.id, ":") if is_string(descriptor.id)

deny contains {"msg": msg, "path": "/id"} if {
	count(product_parts) == 6
	expected := ["urn", "dmb", "dp", domain, product_parts[4], major]
	product_parts != expected
	msg := sprintf("product id '%s' should be '%s' (domain '%s', major version %s)", [descriptor.id, concat(":", expected), domain, major])
}

deny contains {"msg": msg, "path": sprintf("/components/%d/id", [i])} if {
	count(product_parts) == 6
	some i, component in components
	is_string(component.id)
	parts := split(component.id, ":")
	count(parts) == 7
	expected := ["urn", "dmb", "cmp", domain, parts[4], major, parts[6]]
	parts != expected
	msg := sprintf("component id '%s' should be '%s'", [component.id, concat(":", expected)])
}

# The CUE lets a component id name any product; naming another one is a warning.
warn contains {"msg": msg, "path": sprintf("/components/%d/id", [i])} if {
	count(product_parts) == 6
	some i, component in components
	is_string(component.id)
	parts := split(component.id, ":")
	count(parts) == 7
	parts[4] != product_parts[4]
	msg := sprintf("component id '%s' names the product '%s', not '%s'", [component.id, parts[4], product_parts[4]])
}

deny contains {"msg": msg, "path": sprintf("/components/%d/version", [i])} if {
	some i, component in components
	is_string(component.version)
	component_major := split(component.version, ".")[0]
	component_major != major
	msg := sprintf("component '%v' has major version %s but the product's is %s", [component.name, component_major, major])
}
