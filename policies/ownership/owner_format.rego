# METADATA
# title: Owner is a well-formed, known identifier
# description: >-
#   The owner is an identifier the organisation's directory can resolve, in the
#   form its specification uses: a Witboost owner is a user or group reference
#   (user:jane.doe_acme.com, group:finance-owners), a DPDS owner id an e-mail
#   address; the other specs take a team or group name. The pattern is the
#   organisation's for the spec in data.meshgate.lib.facts.config.owner_patterns (by
#   spec name, empty by default), else the spec's own
#   (data.meshgate.lib.facts.specs[<spec>].owner_pattern), else owner_patterns.default,
#   else data.meshgate.lib.facts.config.default_owner_pattern. When the organisation lists its owners and
#   groups in known_owners, the owner is one of them, exactly as written there
#   (an error; an empty list, the default, checks nothing).
# custom:
#   severity: warning
#   remediation: >-
#     Write the owner as the directory knows it (for Witboost user:<id> or
#     group:<id>, for DPDS an e-mail address), or set owner_patterns (and
#     known_owners) in a --data file to your organisation's convention.
#   since: 0.1.0
#   examples:
#     - spec: witboost-dps
#       failing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: jane.doe
#       passing: |
#         id: urn:dmb:dp:sales:deals:1
#         kind: dataproduct
#         name: deals
#         domain: sales
#         version: 1.0.0
#         dataProductOwner: user:jane.doe_acme.com
#     - spec: odm-dpds
#       failing: |
#         dataProductDescriptor: 1.0.0
#         info:
#           fullyQualifiedName: urn:dpds:acme:dataproducts:shipments:1
#           name: shipments
#           version: 1.2.0
#           domain: logistics
#           owner:
#             id: Logistics Team
#         interfaceComponents:
#           outputPorts: []
#       passing: |
#         dataProductDescriptor: 1.0.0
#         info:
#           fullyQualifiedName: urn:dpds:acme:dataproducts:shipments:1
#           name: shipments
#           version: 1.2.0
#           domain: logistics
#           owner:
#             id: logistics-data@acme.example
#         interfaceComponents:
#           outputPorts: []
package meshgate.ownership.owner_format

import data.meshgate.lib.values
import rego.v1

owner := input.product.owner

# The organisation's pattern for this spec (owner_patterns), else the spec's own
# (data.meshgate.lib.facts.specs), else the organisation's default, else meshgate's.
pattern := data.meshgate.lib.facts.config.owner_patterns[input.spec.name]

pattern := data.meshgate.lib.facts.specs[input.spec.name].owner_pattern if {
	not data.meshgate.lib.facts.config.owner_patterns[input.spec.name]
	is_string(data.meshgate.lib.facts.specs[input.spec.name].owner_pattern)
}

pattern := object.get(data.meshgate.lib.facts.config.owner_patterns, "default", data.meshgate.lib.facts.config.default_owner_pattern) if {
	not data.meshgate.lib.facts.config.owner_patterns[input.spec.name]
	not is_string(data.meshgate.lib.facts.specs[input.spec.name].owner_pattern)
}

deny contains {"msg": msg, "field": "/owner"} if {
	is_string(owner)
	expected := pattern
	not regex.match(expected, owner)
	not values.templated(owner)
	msg := sprintf("owner '%s' does not have the form of an owner identifier (pattern %s)", [owner, expected])
}

deny contains {"msg": msg, "field": "/owner", "severity": "error"} if {
	is_string(owner)
	known := data.meshgate.lib.facts.config.known_owners
	count(known) > 0
	not owner in known
	msg := sprintf("owner '%s' is not one of the known owners and groups", [owner])
}
